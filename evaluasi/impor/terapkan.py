"""Compare a read workbook with the database, list every change and error, and apply it in one go.

``hitung(buku, opd, tahun, user)`` reads the current data in a fixed number of queries and
returns a ``Rencana``: the errors (each naming sheet, row, column), the changes (old → new) for
the preview, counts of created / changed / unchanged rows, and the writes to make. Nothing is
written until ``Rencana.tulis()`` is called, inside the caller's transaction; the preview and the
apply run the very same code, so what the user confirmed is what gets written (``sidik`` is a
hash of the change list: the confirm refuses if the data moved since the preview).

Writes are batched (bulk_create / bulk_update); the models with an audit history are written with
simple_history's ``bulk_*_with_history`` and the importing user as the history user. Changed
Realisasi go (back) to draf with ``versi + 1`` and ``diubah_oleh``, as the entry form does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from evaluasi import capaian
from evaluasi.models import (
    Realisasi,
    Unsur,
)
from evaluasi.versi import naikkan_versi

from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from .baca import Baris, BerkasRusak, Buku, Galat
from .batas import BatasTerlampaui
from .gudang import Gudang
from .templat import bidang_operator
from .tercetak import hitung_tercetak

Level = Unsur.Level
LEVEL = {**{v: v for v in Level.values}, **{label.lower(): v for v, label in Level.choices}}
CATATAN = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
TERKIRIM = (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI)
MAKS_PERUBAHAN_DISIMPAN = 2000  # rows of the preview kept in Impor.ringkasan (the counts cover all)
MAKS_GALAT = 1000  # errors kept and shown, every one counted (``DaftarGalat.jumlah``); named in templat.PETUNJUK_UMUM
UKURAN_BATCH = 500  # objects per bulk write
POTONGAN = 2000  # rows fetched at a time when loading the current data into the scratch store


class DaftarGalat(list):
    """The errors of an import: every one counted, the first ``MAKS_GALAT`` kept.

    A file of 50.000 bad rows neither fills the memory nor the Impor record; the user sees the first
    thousand, the total, and fixes them before uploading again. ``jumlah`` (not ``len``) tells whether
    a row added an error.
    """

    def __init__(self, isi=()):
        super().__init__()
        self.jumlah = 0
        self.extend(isi)

    def append(self, galat):
        self.jumlah += 1
        if len(self) < MAKS_GALAT:
            super().append(galat)

    def extend(self, isi):
        tak_disimpan = getattr(isi, "jumlah", len(isi)) - len(isi)  # counted there, not kept
        for galat in isi:
            self.append(galat)
        self.jumlah += tak_disimpan


@dataclass
class Rencana:
    """The outcome of comparing a workbook with the database: errors, changes, counts, pending writes.

    Only the first ``MAKS_PERUBAHAN_DISIMPAN`` changes are kept for the preview; the ``sidik`` (a hash
    over every change, in order) is computed as they come, so a large import does not hold them all.
    What the comparison must remember across rows (keys seen, the data it compares with, the writes
    to make) lives in ``gudang``, a scratch database on disk (``gudang.py``); ``tulis()`` replays the
    recorded writes from there in batches of ``UKURAN_BATCH``. Memory therefore stays flat.
    """

    jenis: str
    galat: DaftarGalat = field(default_factory=DaftarGalat)
    perubahan: list = field(default_factory=list)  # dicts: aksi, lembar, baris, objek, rincian [[kolom, lama, baru]]
    dibuat: int = 0
    diubah: int = 0
    tetap: int = 0
    jumlah_perubahan: int = 0
    _penulis: list = field(default_factory=list)
    _hash: object = field(default_factory=hashlib.sha256)
    gudang: Gudang = field(default_factory=Gudang)

    @property
    def ada_perubahan(self):
        return bool(self.dibuat or self.diubah)

    @property
    def sidik(self) -> str:
        return self._hash.copy().hexdigest()

    def catat(self, aksi, baris: Baris, objek, rincian):
        if aksi == "buat":
            self.dibuat += 1
        else:
            self.diubah += 1
        self.jumlah_perubahan += 1
        entri = {"aksi": aksi, "lembar": baris.lembar, "baris": baris.nomor, "objek": objek, "rincian": rincian}
        self._hash.update(json.dumps(entri, ensure_ascii=False, default=str).encode())
        if len(self.perubahan) < MAKS_PERUBAHAN_DISIMPAN:
            self.perubahan.append(entri)

    def ringkasan(self) -> dict:
        """What the Impor record keeps: counts, the first changes, the first errors and their total."""
        return {
            "jenis": self.jenis,
            "dibuat": self.dibuat,
            "diubah": self.diubah,
            "tetap": self.tetap,
            "perubahan": self.perubahan,
            "jumlah_perubahan": self.jumlah_perubahan,
            "galat": [g.ke_dict() for g in self.galat],
            "jumlah_galat": self.galat.jumlah,
            "sidik": self.sidik,
        }

    def tulis(self, opd):
        """Apply the pending writes (call inside a transaction, only when there is no error)."""
        if self.galat:
            raise ValueError("Impor dengan galat tidak boleh ditulis.")
        for langkah in self._penulis:
            langkah()
        if self.ada_perubahan:
            naikkan_versi(opd)
        self.tutup()

    def tutup(self):
        """Drop the scratch database (also done when the object is garbage-collected)."""
        self.gudang.tutup()


def _fmt(x, jenis=K.TEKS):
    if x is None or x == "":
        return "-"
    if jenis == K.RUPIAH:
        return capaian.format_rupiah(x)
    if jenis == K.ANGKA:
        return capaian.format_angka(x, 4, buang_nol=True)
    return str(x)


def _pk(kunci: str, awalan: str):
    """The pk in a hidden key like 'K123' (None if the cell is empty or not ours)."""
    if kunci and kunci.startswith(awalan) and kunci[1:].isdigit():
        return int(kunci[1:])
    return None


def hitung(buku: Buku, opd, tahun, user, kunci_baris=False) -> Rencana:
    """Compare the workbook with the data of (opd, tahun); ``kunci_baris`` locks the rows (for the apply).

    The sheets are streamed (see ``baca.Lembar``); the errors of their cells are gathered aside and
    listed after the errors of the file and before those of the comparison, as a full read would.
    """
    rencana = Rencana(jenis=buku.jenis or "")
    rencana.galat.extend(buku.galat)
    if buku.galat and not buku.lembar:
        return rencana
    sel = buku.tampung = DaftarGalat()
    try:
        _banding(rencana, buku, opd, tahun, user, kunci_baris)
        buku.kuras()  # a sheet the comparison did not read still reports its bad cells
    except BerkasRusak as exc:
        rencana.galat.append(Galat(str(exc)))
        rencana._penulis.clear()
    except BatasTerlampaui:
        rencana.tutup()  # the file is refused whole: nothing of it is kept
        raise
    if sel.jumlah:  # the cells' errors go after the file's, before the comparison's
        n = len(buku.galat)
        semua = DaftarGalat(rencana.galat[:n])
        semua.extend(sel)
        semua.extend(rencana.galat[n:])
        semua.jumlah += rencana.galat.jumlah - len(rencana.galat)  # comparison errors counted, not kept
        rencana.galat = semua
    return rencana


def _banding(rencana: Rencana, buku: Buku, opd, tahun, user, kunci_baris):
    if buku.meta.get("opd") and buku.meta["opd"] != opd.slug:
        rencana.galat.append(
            Galat(
                f"Berkas ini templat perangkat daerah '{buku.meta['opd']}', bukan '{opd.slug}'. "
                "Unduh templat perangkat daerah ini."
            )
        )
    if buku.meta.get("tahun") and buku.meta["tahun"] != tahun:
        rencana.galat.append(
            Galat(f"Berkas ini templat tahun {buku.meta['tahun']}, bukan {tahun}. Unduh templat tahun {tahun}.")
        )
    if len(rencana.galat) > len(buku.galat):  # wrong OPD or year: comparing rows would only add noise
        return
    if buku.jenis == "realisasi":
        from .triwulan import hitung_realisasi

        hitung_realisasi(rencana, buku, opd, tahun, buku.triwulan, user, kunci_baris)
        return
    if bidang_operator(user) is not None:
        rencana.galat.append(
            Galat("Operator bidang hanya dapat mengimpor realisasi. Rencana diimpor oleh Bappeda atau verifikator.")
        )
        return
    from .tahunan import hitung_rencana

    hitung_rencana(rencana, buku, opd, tahun, user)
    hitung_tercetak(rencana, buku, opd, tahun)
