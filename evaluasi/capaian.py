"""The rules of computation of the evaluation, as pure functions.

Every figure that the system shows (capaian, serapan, predikat, nilai risiko,
the totals) is computed here and nowhere else. No ORM, no settings, no float:
inputs are ``Decimal`` or ``int`` (``None`` means "not entered") and a float
is refused with ``TypeError``, so a binary rounding error can never reach a
report. Rounding happens only for display (``bulatkan``), half-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

SERATUS = Decimal(100)

# Polaritas of an indicator.
POSITIF = "positif"  # higher is better
NEGATIF = "negatif"  # lower is better

# Formula for polaritas negatif.
SELISIH = "selisih"  # (2 x target - realisasi) / target x 100 (default)
RASIO = "rasio"  # target / realisasi x 100

# How the triwulan values of an indicator combine over a period.
KUMULATIF = "kumulatif"  # sum of the triwulan (e.g. jumlah peserta)
POSISI_AKHIR = "posisi_akhir"  # the latest triwulan entered (e.g. a percentage)

# Status of a capaian, for flags in the report.
ADA = "ada"
BELUM_DIISI = "belum_diisi"
TARGET_NOL = "target_nol"
TIDAK_TERDEFINISI = "tidak_terdefinisi"  # negatif/rasio with realisasi 0


class AngkaTidakSah(ValueError):
    """A number the rules cannot accept; the message is for the user."""


def _desimal(x, nama="nilai"):
    """Return ``x`` as Decimal; refuse float and anything that is not a number."""
    if x is None:
        return None
    if isinstance(x, bool):
        raise TypeError(f"{nama}: harus Decimal atau int, bukan bool ({x!r})")
    if isinstance(x, float):
        raise TypeError(f"{nama}: float tidak diterima, gunakan Decimal ({x!r})")
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise AngkaTidakSah(f"{nama} harus berupa angka.")
        return x
    if isinstance(x, int):
        return Decimal(x)
    raise TypeError(f"{nama}: harus Decimal atau int, bukan {type(x).__name__}")


def _tidak_negatif(x, nama):
    x = _desimal(x, nama)
    if x is not None and x < 0:
        raise AngkaTidakSah(f"{nama.capitalize()} tidak boleh negatif.")
    return x


# --- Periods ----------------------------------------------------------------


def cek_triwulan(triwulan):
    """Validate a triwulan number (1..4) and return it."""
    if isinstance(triwulan, bool) or not isinstance(triwulan, int) or not 1 <= triwulan <= 4:
        raise AngkaTidakSah(f"Triwulan harus 1 sampai 4, bukan {triwulan!r}.")
    return triwulan


def triwulan_akhir_semester(semester):
    """Semester I covers TW I–II; Semester II (the annual evaluation) TW I–IV."""
    if type(semester) is int and semester in (1, 2):
        return semester * 2
    raise AngkaTidakSah(f"Semester harus 1 atau 2, bukan {semester!r}.")


def gabung_triwulan(nilai_per_triwulan: Mapping[int, object], agregasi, sampai_triwulan=4):
    """The figure of a period from per-triwulan values.

    ``nilai_per_triwulan`` maps triwulan (1..4) to a value or None (not
    entered). Kumulatif: the sum of the entered triwulan up to and including
    ``sampai_triwulan``. Posisi akhir: the value of the latest entered
    triwulan in that range. Nothing entered gives None (not 0).
    """
    cek_triwulan(sampai_triwulan)
    if agregasi not in (KUMULATIF, POSISI_AKHIR):
        raise ValueError(f"agregasi tidak dikenal: {agregasi!r}")
    dipakai = []
    for tw in sorted(nilai_per_triwulan):
        cek_triwulan(tw)
        nilai = _tidak_negatif(nilai_per_triwulan[tw], "realisasi")
        if tw <= sampai_triwulan and nilai is not None:
            dipakai.append(nilai)
    if not dipakai:
        return None
    if agregasi == KUMULATIF:
        return sum(dipakai, Decimal(0))
    return dipakai[-1]


# --- Capaian ------------------------------------------------------------------


def status_capaian(target, realisasi, polaritas=POSITIF, metode_negatif=SELISIH):
    """Why a capaian is or is not defined: ADA, BELUM_DIISI, TARGET_NOL, TIDAK_TERDEFINISI."""
    target = _tidak_negatif(target, "target")
    realisasi = _tidak_negatif(realisasi, "realisasi")
    if realisasi is None:
        return BELUM_DIISI
    if target is None or target == 0:
        return TARGET_NOL
    if polaritas == NEGATIF and metode_negatif == RASIO and realisasi == 0:
        return TIDAK_TERDEFINISI
    return ADA


def capaian(target, realisasi, polaritas=POSITIF, metode_negatif=SELISIH):
    """Capaian kinerja in percent, uncapped; None where it is not defined.

    Positif: realisasi / target x 100. Negatif: (2 x target - realisasi) /
    target x 100 by default, or target / realisasi x 100 (``RASIO``).
    Not entered, a target of 0, and negatif/rasio with realisasi 0 give None.
    """
    if polaritas not in (POSITIF, NEGATIF):
        raise ValueError(f"polaritas tidak dikenal: {polaritas!r}")
    if metode_negatif not in (SELISIH, RASIO):
        raise ValueError(f"metode negatif tidak dikenal: {metode_negatif!r}")
    if status_capaian(target, realisasi, polaritas, metode_negatif) != ADA:
        return None
    target, realisasi = _desimal(target), _desimal(realisasi)
    if polaritas == POSITIF:
        return realisasi / target * SERATUS
    if metode_negatif == SELISIH:
        return (2 * target - realisasi) / target * SERATUS
    return target / realisasi * SERATUS


def jumlah_komponen(target: Sequence, realisasi: Sequence):
    """Sum target and realisasi components of a composite target.

    Returns (Σ target, Σ realisasi entered), Σ realisasi None when no
    component is entered. A realisasi component that the target lacks is
    refused.
    """
    if len(realisasi) > len(target):
        raise AngkaTidakSah(
            f"Realisasi memiliki {len(realisasi)} komponen, padahal target hanya {len(target)} komponen."
        )
    targets = [_tidak_negatif(t, "target") for t in target]
    if any(t is None for t in targets):
        raise AngkaTidakSah("Setiap komponen target harus diisi angkanya.")
    total_target = sum(targets, Decimal(0))
    diisi = [_tidak_negatif(r, "realisasi") for r in realisasi]
    diisi = [r for r in diisi if r is not None]
    return total_target, (sum(diisi, Decimal(0)) if diisi else None)


def capaian_komposit(target: Sequence, realisasi: Sequence, polaritas=POSITIF, metode_negatif=SELISIH):
    """Capaian of a target made of several components: Σ realisasi / Σ target x 100.

    ``1 kir, 5 roda 4, 10 roda 2`` against ``-, 5, 10`` gives 93,75%.
    """
    total_target, total_realisasi = jumlah_komponen(target, realisasi)
    return capaian(total_target, total_realisasi, polaritas, metode_negatif)


def serapan(pagu, realisasi):
    """Capaian anggaran: realisasi / pagu x 100; None if not entered or pagu 0."""
    pagu = _tidak_negatif(pagu, "pagu")
    realisasi = _tidak_negatif(realisasi, "realisasi anggaran")
    if realisasi is None or not pagu:
        return None
    return realisasi / pagu * SERATUS


def jumlahkan(nilai: Iterable):
    """Sum for roll-ups: None only when every value is None (nothing entered)."""
    hasil = None
    for x in nilai:
        x = _desimal(x)
        if x is not None:
            hasil = x if hasil is None else hasil + x
    return hasil


def jumlah_rupiah(nilai: Iterable):
    """Sum of integer rupiah; None only when every value is None."""
    nilai = [_desimal(x) for x in nilai]
    if any(x is not None and x != x.to_integral_value() for x in nilai):
        raise AngkaTidakSah("Rupiah harus bilangan bulat.")
    total = jumlahkan(nilai)
    return None if total is None else int(total)


def rata_rata(nilai: Iterable):
    """Mean of the defined values (e.g. rata-rata capaian); None if there are none."""
    ada = [_desimal(x) for x in nilai if x is not None]
    if not ada:
        return None
    return sum(ada, Decimal(0)) / len(ada)


def rencana_serapan_kumulatif(triwulan, rencana_per_triwulan=None, pagu=None, kurva=None):
    """Planned cumulative serapan (percent) by the end of ``triwulan``.

    With a rencana penarikan (anggaran kas) per triwulan and a pagu, the plan is
    Σ rencana up to the triwulan / pagu x 100; otherwise the default curve
    (15 / 40 / 60 / 90 % by TW I–IV) or the given ``kurva``.
    """
    cek_triwulan(triwulan)
    for tw in rencana_per_triwulan or {}:
        cek_triwulan(tw)
    if rencana_per_triwulan and pagu:
        total = jumlahkan(v for tw, v in rencana_per_triwulan.items() if tw <= triwulan)
        return serapan(pagu, total if total is not None else 0)
    kurva = kurva or KURVA_SERAPAN_BAWAAN
    return _desimal(kurva[triwulan - 1])


KURVA_SERAPAN_BAWAAN = (Decimal(15), Decimal(40), Decimal(60), Decimal(90))


# --- Rounding and display -------------------------------------------------------


def bulatkan(x, tempat=2):
    """Round half-up to ``tempat`` decimals (display only)."""
    x = _desimal(x)
    if x is None:
        return None
    with localcontext(prec=60):  # room for uncapped capaian of any realistic size
        return x.quantize(Decimal(1).scaleb(-tempat), rounding=ROUND_HALF_UP)


def _kelompok_ribuan(digit: str) -> str:
    bagian = []
    while len(digit) > 3:
        bagian.insert(0, digit[-3:])
        digit = digit[:-3]
    bagian.insert(0, digit)
    return ".".join(bagian)


def format_angka(x, tempat=2, buang_nol=False):
    """Indonesian number format: 1.234.567,89; '-' for None.

    ``buang_nol`` drops a zero fraction (100,00 -> 100) for figures like targets.
    """
    x = _desimal(x)
    if x is None:
        return "-"
    x = bulatkan(x, tempat)
    tanda = "-" if x < 0 else ""
    teks = f"{x.copy_abs():f}"
    bulat, _, pecahan = teks.partition(".")
    if buang_nol:
        pecahan = pecahan.rstrip("0")
    hasil = tanda + _kelompok_ribuan(bulat)
    return f"{hasil},{pecahan}" if pecahan else hasil


def format_rupiah(x):
    """Integer rupiah as 9.054.343.734; '-' for None."""
    return format_angka(x, tempat=0)


def format_persen(x, tempat=2):
    """Percent as 94,27%; '-' for None."""
    if x is None:
        return "-"
    return format_angka(x, tempat) + "%"


_DIGIT = re.compile(r"[0-9]+")


def format_jumlah(nilai, satuan=""):
    """A quantity with its unit as the report prints it: '22 dokumen', '94,87%', '8.636 lembar'; '-' for None."""
    if nilai is None:
        return "-"
    satuan = (satuan or "").strip()
    if satuan == "%":
        # Percent figures keep two decimals (88,86%, 89,90%) unless whole (100%).
        nilai = _desimal(nilai)
        return format_angka(nilai, 0 if nilai == nilai.to_integral_value() else 2) + "%"
    angka = format_angka(nilai, 4, buang_nol=True)
    if satuan.lower() in SATUAN_TANPA_LABEL:
        return angka
    return f"{angka} {satuan}".strip()


SATUAN_TANPA_LABEL = ("nilai", "indeks")


def format_komponen(komponen):
    """Components [(jumlah, satuan), ...] joined as '248 box nasi, 248 box snack'; entered ones only."""
    teks = [format_jumlah(j, s) for j, s in komponen if j is not None]
    return ", ".join(teks) if teks else "-"


def parse_angka(teks):
    """Read a number typed the Indonesian way: '1.234.567,89', 'Rp 1.234.567', '94,27%'.

    Returns Decimal, None for an empty field, raises AngkaTidakSah with an
    Indonesian message for anything else.
    """
    if teks is None:
        return None
    s = str(teks).strip()
    if s in ("", "-"):
        return None
    s = re.sub(r"(?i)^rp\.?", "", s.replace("\u2212", "-").replace(" ", "").replace("\u00a0", ""))
    s = s.removesuffix("%")
    negatif = s.startswith("-")
    if negatif:
        s = s[1:]
    if "," in s:
        bulat, pecahan = s.rsplit(",", 1)
        if "," in bulat or "." in pecahan:
            raise AngkaTidakSah(f"'{teks}' bukan angka yang sah (contoh: 1.234.567,89).")
    else:
        bulat, pecahan = s, None
    if "." in bulat:
        kelompok = bulat.split(".")
        if not kelompok[0] or any(len(k) != 3 for k in kelompok[1:]) or len(kelompok[0]) > 3:
            raise AngkaTidakSah(
                f"'{teks}' bukan angka yang sah: titik adalah pemisah ribuan, koma pemisah desimal "
                "(contoh: 1.234.567,89)."
            )
        bulat = "".join(kelompok)
    if not _DIGIT.fullmatch(bulat) or (pecahan is not None and not _DIGIT.fullmatch(pecahan)):
        raise AngkaTidakSah(f"'{teks}' bukan angka yang sah (contoh: 1.234.567,89).")
    try:
        hasil = Decimal(f"{bulat}.{pecahan}" if pecahan is not None else bulat)
    except InvalidOperation as exc:  # pragma: no cover - guarded above
        raise AngkaTidakSah(f"'{teks}' bukan angka yang sah.") from exc
    return -hasil if negatif else hasil


# --- Predikat -------------------------------------------------------------------


@dataclass(frozen=True)
class Predikat:
    """One band of the predikat scale: from ``batas_bawah`` (inclusive) upward."""

    batas_bawah: Decimal | None  # None: the lowest band, no lower bound
    label: str
    warna: str  # a traffic-light colour name used by the templates


PREDIKAT_BAWAAN = (
    Predikat(Decimal(91), "Sangat Tinggi", "hijau-tua"),
    Predikat(Decimal(76), "Tinggi", "hijau"),
    Predikat(Decimal(66), "Sedang", "kuning"),
    Predikat(Decimal(51), "Rendah", "oranye"),
    Predikat(None, "Sangat Rendah", "merah"),
)


def skala_predikat(bands=None):
    """Build a predikat scale from (batas_bawah, label, warna) triples, highest first.

    The lowest band must have batas_bawah None; bounds must strictly decrease.
    """
    if bands is None:
        return PREDIKAT_BAWAAN
    skala = tuple(
        Predikat(None if b is None else _desimal(Decimal(str(b)) if isinstance(b, str) else b), label, warna)
        for b, label, warna in bands
    )
    batas = [p.batas_bawah for p in skala]
    if not skala or batas[-1] is not None or any(b is None for b in batas[:-1]):
        raise ValueError("Skala predikat: hanya kelas terakhir yang tanpa batas bawah.")
    if any(a <= b for a, b in zip(batas[:-2], batas[1:-1], strict=False)):
        raise ValueError("Skala predikat: batas bawah harus menurun.")
    return skala


def predikat(nilai_capaian, skala=PREDIKAT_BAWAAN):
    """The predikat band of a capaian, judged on its displayed value (2 decimals, half-up).

    So 90,995 shows as 91,00 and is Sangat Tinggi: a number and its colour never
    disagree. None for an undefined capaian.
    """
    if nilai_capaian is None:
        return None
    tampil = bulatkan(nilai_capaian)
    for p in skala:
        if p.batas_bawah is None or tampil >= p.batas_bawah:
            return p
    return None  # pragma: no cover - the last band has no lower bound


# --- Risiko -------------------------------------------------------------------------


def cek_skala(nilai, nama="skala"):
    """Validate a risk scale (1..5)."""
    if isinstance(nilai, bool) or not isinstance(nilai, int) or not 1 <= nilai <= 5:
        raise AngkaTidakSah(f"{nama.capitalize()} harus 1 sampai 5, bukan {nilai!r}.")
    return nilai


def nilai_risiko(skala_dampak, skala_kemungkinan):
    """Nilai risiko = skala dampak x skala kemungkinan (1..25)."""
    return cek_skala(skala_dampak, "skala dampak") * cek_skala(skala_kemungkinan, "skala kemungkinan")


@dataclass(frozen=True)
class LevelRisiko:
    """One band of the risk level scale: nilai from ``dari`` to ``sampai`` inclusive."""

    dari: int
    sampai: int
    label: str
    warna: str


LEVEL_RISIKO_BAWAAN = (
    LevelRisiko(1, 3, "Sangat Rendah", "biru"),
    LevelRisiko(4, 8, "Rendah", "hijau"),
    LevelRisiko(9, 17, "Sedang", "kuning"),
    LevelRisiko(18, 22, "Tinggi", "oranye"),
    LevelRisiko(23, 25, "Sangat Tinggi", "merah"),
)


def skala_level_risiko(bands=None):
    """Build a level scale from (dari, sampai, label, warna); must cover 1..25 without gaps."""
    if bands is None:
        return LEVEL_RISIKO_BAWAAN
    skala = tuple(LevelRisiko(*b) for b in bands)
    harapan = 1
    for lv in skala:
        if lv.dari != harapan or lv.sampai < lv.dari:
            raise ValueError("Level risiko harus menutup 1..25 berurutan tanpa celah.")
        harapan = lv.sampai + 1
    if harapan != 26:
        raise ValueError("Level risiko harus menutup 1..25 berurutan tanpa celah.")
    return skala


def level_risiko(nilai, skala=LEVEL_RISIKO_BAWAAN):
    """The level band of a nilai risiko (1..25)."""
    if isinstance(nilai, bool) or not isinstance(nilai, int) or not 1 <= nilai <= 25:
        raise AngkaTidakSah(f"Nilai risiko harus 1 sampai 25, bukan {nilai!r}.")
    for lv in skala:
        if lv.dari <= nilai <= lv.sampai:
            return lv
    raise ValueError(f"Nilai {nilai} tidak masuk level mana pun.")  # pragma: no cover


KRITERIA_KEMUNGKINAN = {
    1: "Hampir Tidak Terjadi",
    2: "Jarang Terjadi",
    3: "Kadang Terjadi",
    4: "Sering Terjadi",
    5: "Hampir Pasti Terjadi",
}
KRITERIA_DAMPAK = {
    1: "Tidak Signifikan",
    2: "Kurang Signifikan",
    3: "Cukup Signifikan",
    4: "Signifikan",
    5: "Sangat Signifikan",
}


# --- Comparing printed figures ------------------------------------------------------


def sama_pada_presisi(dihitung, tercetak_teks):
    """Does a computed figure agree with a printed one at the printed precision?

    '99,3%' has one decimal, so 99,03 (-> 99,0) disagrees; '100%' agrees with
    99,9993. '-' agrees only with None.
    """
    tercetak = parse_angka(tercetak_teks)
    if tercetak is None or dihitung is None:
        return tercetak is None and dihitung is None
    s = str(tercetak_teks).replace("%", "").strip()
    tempat = len(s.rsplit(",", 1)[1]) if "," in s else 0
    return bulatkan(dihitung, tempat) == tercetak


# --- Dashboard: plan of serapan and what needs attention ------------------------------


def rencana_rupiah_kumulatif(triwulan, pagu, rencana_per_triwulan=None, kurva=None):
    """Planned cumulative realisasi anggaran (rupiah, Decimal) of one sub kegiatan by the end of ``triwulan``.

    Where a rencana penarikan (anggaran kas) is entered for any triwulan, the plan is its sum up to
    the triwulan; otherwise pagu x the default curve (15 / 40 / 60 / 90 %) or ``kurva``. Summing this
    over sub kegiatan gives the plan of a program or an OPD whose sub kegiatan mix both kinds.
    None when there is no pagu.
    """
    cek_triwulan(triwulan)
    pagu = _tidak_negatif(pagu, "pagu")
    if pagu is None:
        return None
    rencana = {tw: _tidak_negatif(v, "rencana penarikan") for tw, v in (rencana_per_triwulan or {}).items()}
    if any(v is not None for v in rencana.values()):
        for tw in rencana:
            cek_triwulan(tw)
        return jumlahkan(v for tw, v in rencana.items() if tw <= triwulan) or Decimal(0)
    kurva = kurva or KURVA_SERAPAN_BAWAAN
    return pagu * _desimal(kurva[triwulan - 1]) / SERATUS


def serapan_tertinggal(nilai_serapan, nilai_rencana, margin):
    """Whether a serapan lags its plan by more than ``margin`` percentage points (judged on displayed values).

    Not entered (None) is not "lagging": it is listed as not entered instead.
    """
    if nilai_serapan is None or nilai_rencana is None:
        return False
    return bulatkan(nilai_rencana) - bulatkan(nilai_serapan) > _desimal(margin)


def _pada_atau_di_bawah(kelas, skala, label):
    """Whether band ``kelas`` is band ``label`` or a worse one (scales are listed best first for predikat)."""
    if kelas is None:
        return False
    urutan = list(skala)
    batas = next((i for i, k in enumerate(urutan) if k.label == label), len(urutan) - 1)
    return urutan.index(kelas) >= batas


def predikat_perlu_perhatian(p, skala=PREDIKAT_BAWAAN, label="Rendah"):
    """A predikat of ``label`` (default Rendah) or below; on a scale without that label, the lowest band only."""
    return _pada_atau_di_bawah(p, skala, label)


def level_risiko_perlu_perhatian(lv, skala=LEVEL_RISIKO_BAWAAN, label="Tinggi"):
    """A risk level of ``label`` (default Tinggi) or above; on a scale without that label, the highest band only."""
    if lv is None:
        return False
    terbalik = tuple(reversed(skala))  # worst first, so "at or above" is "at or below" in this order
    urutan = list(terbalik)
    batas = next((i for i, k in enumerate(urutan) if k.label == label), 0)
    return urutan.index(lv) <= batas


def rata_rata_skor(nilai: Iterable, batas=None):
    """Mean capaian used as a score (dashboard, kabupaten ranking): each value capped at ``batas`` if given.

    Capaian stay uncapped everywhere else; a cap for a score is a setting (DESIGN.md), so one 2.300%
    indicator need not outweigh a dozen others. None if no value is defined.
    """
    if batas is None:
        return rata_rata(nilai)
    batas = _desimal(batas, "batas")
    return rata_rata(None if x is None else min(_desimal(x), batas) for x in nilai)


@dataclass(frozen=True)
class RingkasSkor:
    """A mean used as a score, with what it left out: ``tanpa_capaian`` values undefined, ``dibatasi`` capped."""

    rata: Decimal | None
    dihitung: int
    tanpa_capaian: int
    dibatasi: int


def ringkas_skor(nilai: Iterable, batas=None) -> RingkasSkor:
    """``rata_rata_skor`` with its counts, so a screen can say "2 belum ada capaian" and how many were capped.

    Indicators without a capaian (not entered, target 0) are left out of the mean and counted apart
    (DESIGN.md "Averages and rankings").
    """
    semua = [_desimal(x) for x in nilai]
    ada = [x for x in semua if x is not None]
    batas = _desimal(batas, "batas")
    return RingkasSkor(
        rata=rata_rata_skor(ada, batas),
        dihitung=len(ada),
        tanpa_capaian=len(semua) - len(ada),
        dibatasi=0 if batas is None else sum(1 for x in ada if x > batas),
    )


# --- Triwulan targets (rencana aksi) -------------------------------------------------------------

RENCANA = "rencana"  # the target s.d. TW n comes from the planned triwulan targets
PROPORSIONAL = "proporsional"  # no plan: the default (annual x n/4, or the annual level); never a plan


def target_sd_triwulan(target_tahunan, target_per_triwulan: Mapping[int, object] | None, agregasi, triwulan):
    """Target s.d. TW n of one target component, and where it comes from: (target, RENCANA | PROPORSIONAL).

    Kumulatif: a planned amount is *in* its triwulan, so the target to date is the sum of TW I..n when
    each of them is planned; otherwise (no plan, or a blank among them: blank means "not planned", never 0,
    as everywhere in the template) annual x n/4. Posisi akhir: the level planned *at* TW n when planned;
    otherwise the annual target. None when there is no annual target and no plan.
    """
    cek_triwulan(triwulan)
    if agregasi not in (KUMULATIF, POSISI_AKHIR):
        raise ValueError(f"agregasi tidak dikenal: {agregasi!r}")
    tahunan = _tidak_negatif(target_tahunan, "target")
    rencana = {}
    for tw, v in (target_per_triwulan or {}).items():
        cek_triwulan(tw)
        v = _tidak_negatif(v, "target triwulan")
        if v is not None:
            rencana[tw] = v
    if agregasi == KUMULATIF:
        if all(tw in rencana for tw in range(1, triwulan + 1)):
            return sum((rencana[tw] for tw in range(1, triwulan + 1)), Decimal(0)), RENCANA
        return (None if tahunan is None else tahunan * triwulan / 4), PROPORSIONAL
    if triwulan in rencana:
        return rencana[triwulan], RENCANA
    return tahunan, PROPORSIONAL


def target_sd_komponen(komponen: Sequence, agregasi, triwulan):
    """Target s.d. TW n of a (composite) target: Σ of its components' ``target_sd_triwulan``.

    ``komponen`` is [(annual jumlah, {tw: planned jumlah}), ...]. The source is RENCANA only when every
    component has its plan; one component on the default makes the whole PROPORSIONAL, so a screen never
    calls a partly assumed figure a plan. No component: (None, PROPORSIONAL).
    """
    hasil = [target_sd_triwulan(t, r, agregasi, triwulan) for t, r in komponen]
    if not hasil:
        return None, PROPORSIONAL
    sumber = RENCANA if all(s == RENCANA for _, s in hasil) else PROPORSIONAL
    return jumlahkan(t for t, _ in hasil), sumber


def capaian_sd_triwulan(
    komponen: Sequence, realisasi_sd: Sequence, agregasi, triwulan, polaritas=POSITIF, metode_negatif=SELISIH
):
    """Capaian s.d. TW n against the target s.d. TW n (the mid-year judgement): (capaian, target, sumber).

    ``komponen`` as in ``target_sd_komponen``; ``realisasi_sd`` the realisasi to date per component
    (``gabung_triwulan``). Composite: Σ realisasi / Σ target x 100, as for the annual capaian.
    """
    target, sumber = target_sd_komponen(komponen, agregasi, triwulan)
    if len(realisasi_sd) > len(komponen):
        raise AngkaTidakSah(
            f"Realisasi memiliki {len(realisasi_sd)} komponen, padahal target hanya {len(komponen)} komponen."
        )
    realisasi = jumlahkan(_tidak_negatif(r, "realisasi") for r in realisasi_sd)
    return capaian(target, realisasi, polaritas, metode_negatif), target, sumber
