"""How an imported row is matched to the plan: by what a person can read on it, the hidden key only checks.

A row is identified by its visible codes: level and nomor of the node (the Anggaran sheet: nomor or
kode of the sub kegiatan), no. indikator, tahun and komponen ke. The hidden key in column A
(``U<pk>``, ``I<pk>``, ``K<pk>``) is a database id, meaningful only in the database that wrote
it, so it never chooses the row. It is a cross-check: when it names an object of the plan being
imported into and that object is not the one the codes name, the row is an error naming both
(``galat_kunci``) and nothing is written, never a silent re-map. A key naming nothing in that
plan (another installation, another OPD) is ignored.

A workbook written by another installation says so in its Meta sheet (``instalasi``, see
``sidik_instalasi``): there ids of the same plan are numbered differently and would collide
with ours, so its keys are not even checked and its rows import by their codes.
"""

from __future__ import annotations

from django.db import connection
from django.utils.crypto import salted_hmac

from .baca import Baris, Buku, Galat

META_INSTALASI = "instalasi"


def sidik_instalasi() -> str:
    """A short fingerprint of this installation (its secret key and its database), for the Meta sheet.

    The ids in the hidden keys belong to one database; the fingerprint tells a workbook of this
    installation from one written by another server (a training copy, a laptop). An HMAC, so the
    secret key is not disclosed.
    """
    db = connection.settings_dict
    tempat = "|".join(str(db.get(k) or "") for k in ("ENGINE", "HOST", "PORT", "NAME"))
    return salted_hmac("evaluasi.impor.instalasi", tempat).hexdigest()[:16]


def kunci_diperiksa(buku: Buku) -> bool:
    """Whether the hidden keys of this workbook are ids of this database (and so are checked).

    A workbook without the fingerprint (older templates, one made by hand) is taken as ours: its
    keys are checked, which can only refuse, never re-map.
    """
    asal = buku.meta.get(META_INSTALASI)
    return not asal or str(asal).strip() == sidik_instalasi()


def galat_kunci(baris: Baris, kolom, ditunjuk: str, tertulis: str, pengenal: str, kolom_nama="nomor") -> Galat:
    """The error of a row whose hidden key names another object of the plan than its visible codes do."""
    return baris.galat(
        f"kunci tersembunyi (kolom A) menunjuk {ditunjuk}, tetapi baris ini {tertulis}. Baris dikenali dari "
        f"{pengenal}; kunci hanya pemeriksa. Kembalikan isian itu seperti semula, atau, bila baris ini memang "
        "benar (baris baru, berkas dari aplikasi lain), kosongkan kolom A baris ini.",
        kolom_nama,
        kolom,
    )
