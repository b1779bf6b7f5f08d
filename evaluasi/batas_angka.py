"""The range and scale of every number the app stores, stated once and checked at every door.

Why these limits: on SQLite (the default database) a DecimalField column has NUMERIC affinity, so a value
is kept as a REAL, which holds 15 significant digits exactly; Django reads it back through a float and
quantizes it with a precision of ``max_digits``. A value with more digits is either rounded without a word
or, once it no longer fits ``max_digits``, makes every read of the row raise (a whole OPD answered 500).
So a quantity (target component, realisasi) has at most 15 digits in all: 11 before the comma and 4
after — 99.999.999.999,9999 — which SQLite and PostgreSQL (numeric(15, 4)) both keep exactly.
Rupiah are whole numbers in a 64-bit integer column (exact on both databases); at most 15 digits
(999 triliun) leaves room for the sums of a whole kabupaten without overflowing the column type.

Where each limit is checked: the model fields' validators (so the admin refuses), the entry form and its
service (evaluasi/forms.py, evaluasi/layanan/entri.py), and the workbook import (evaluasi/impor/baca.py).
Nothing is ever rounded: a value beyond the scale is refused with a message that says so.

The other numeric fields have their own stated ranges: ``tahun`` 2000–2100 and ``triwulan`` 1–4
(CheckConstraints), ``semester`` 1–2, ``skala`` 1–5, ``urutan`` the range of its small-integer column
(Django's own validators), ``versi`` and ``ukuran`` are written by the app only.
Rows written before these limits are found (and repaired) by evaluasi/perbaikan_angka.py.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from evaluasi.capaian import AngkaTidakSah

DESIMAL_MAKS = 4  # decimal_places of KomponenTarget.jumlah and NilaiRealisasi.nilai
DIGIT_BULAT_MAKS = 11  # digits before the comma
DIGIT_MAKS = DIGIT_BULAT_MAKS + DESIMAL_MAKS  # max_digits: 15, what a SQLite REAL keeps exactly
JUMLAH_MAKS = Decimal(10) ** DIGIT_BULAT_MAKS - Decimal(1).scaleb(-DESIMAL_MAKS)  # 99.999.999.999,9999

DIGIT_RUPIAH_MAKS = 15
RUPIAH_MAKS = 10**DIGIT_RUPIAH_MAKS - 1  # 999.999.999.999.999

# Messages follow the name of the field ("Realisasi TW II “…”: angka terlalu besar: …").
PESAN_TERLALU_BESAR = f"angka terlalu besar: paling banyak {DIGIT_BULAT_MAKS} digit sebelum koma (99.999.999.999,9999)."
PESAN_DESIMAL = f"paling banyak {DESIMAL_MAKS} angka di belakang koma; angka tidak dibulatkan diam-diam."
PESAN_RUPIAH_BESAR = f"rupiah terlalu besar: paling banyak {DIGIT_RUPIAH_MAKS} digit (999 triliun)."
PESAN_RUPIAH_SEN = "harus rupiah bulat, tanpa sen."
PESAN_NEGATIF = "tidak boleh negatif."
PESAN_BUKAN_ANGKA = "harus berupa angka."

_SKALA = Decimal(1).scaleb(-DESIMAL_MAKS)

# For a form field of a quantity column (the admin): Django's own digit checks say the same as ours.
PESAN_FORM_JUMLAH = {
    "max_digits": PESAN_TERLALU_BESAR[:1].upper() + PESAN_TERLALU_BESAR[1:],
    "max_whole_digits": PESAN_TERLALU_BESAR[:1].upper() + PESAN_TERLALU_BESAR[1:],
    "max_decimal_places": PESAN_DESIMAL[:1].upper() + PESAN_DESIMAL[1:],
}


def _desimal(nilai) -> Decimal:
    if isinstance(nilai, bool) or not isinstance(nilai, Decimal | int):
        raise AngkaTidakSah(PESAN_BUKAN_ANGKA)
    nilai = Decimal(nilai)
    if not nilai.is_finite():
        raise AngkaTidakSah(PESAN_BUKAN_ANGKA)
    if nilai < 0:
        raise AngkaTidakSah(PESAN_NEGATIF)
    return nilai


def cek_jumlah(nilai):
    """A quantity (target component, realisasi) the columns hold exactly, else AngkaTidakSah; None passes.

    The magnitude is checked before the scale: quantizing a huge value would itself raise.
    """
    if nilai is None:
        return None
    nilai = _desimal(nilai)
    if nilai > JUMLAH_MAKS:
        raise AngkaTidakSah(PESAN_TERLALU_BESAR)
    if nilai != nilai.quantize(_SKALA):
        raise AngkaTidakSah(PESAN_DESIMAL)
    return nilai


def cek_rupiah(nilai):
    """Whole rupiah within the column's stated range, as int, else AngkaTidakSah; None passes."""
    if nilai is None:
        return None
    nilai = _desimal(nilai)
    if nilai > RUPIAH_MAKS:
        raise AngkaTidakSah(PESAN_RUPIAH_BESAR)
    if nilai != nilai.to_integral_value():
        raise AngkaTidakSah(PESAN_RUPIAH_SEN)
    return int(nilai)


def _kalimat(exc):
    teks = str(exc)
    return teks[:1].upper() + teks[1:]


def _validasi(cek, nilai):
    if isinstance(nilai, int | Decimal) and not isinstance(nilai, bool) and Decimal(nilai).is_finite() and nilai < 0:
        return  # the field's CheckConstraint says "Nilai tidak boleh negatif." (one message, not two)
    try:
        cek(nilai)
    except AngkaTidakSah as exc:
        raise ValidationError(_kalimat(exc), code="batas_angka") from exc


def validasi_jumlah(nilai):
    """Model field validator of a quantity (the admin shows the message)."""
    _validasi(cek_jumlah, nilai)


def validasi_rupiah(nilai):
    """Model field validator of a rupiah amount (the admin shows the message)."""
    _validasi(cek_rupiah, nilai)
