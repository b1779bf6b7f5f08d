"""Evidence files (data dukung): what may be uploaded, who may download or delete it.

A file is accepted only when its *content* is one of the allowed kinds and agrees with its extension
(a PNG renamed ``.pdf`` is refused), and when it is not larger than ``settings.DATA_DUKUNG_MAKS_MB``.
It is stored in the private storage (no URL) under a random name with its SHA-256; the original name
is kept in the database and used only as the download's file name.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from evaluasi.akses import OPERATOR, peran
from evaluasi.layanan.entri import PESAN_TERKUNCI, boleh_mengisi, periode_terkunci
from evaluasi.layanan.verifikasi import boleh_memverifikasi
from evaluasi.models import DataDukung, Realisasi
from evaluasi.versi import naikkan_versi

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JENIS_PER_EKSTENSI = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".xlsx": XLSX, ".docx": DOCX}
NAMA_JENIS = {PDF: "PDF", JPEG: "JPG", PNG: "PNG", XLSX: "XLSX", DOCX: "DOCX"}

# Longest evidence file name kept, in UTF-8 bytes: most file systems refuse names over 255 bytes, and a
# browser that must shorten a longer download name cuts its end — the extension.
NAMA_MAKS_BITA = 200

PESAN_JENIS = "Jenis berkas tidak diizinkan; unggah PDF, JPG, PNG, XLSX atau DOCX."
PESAN_ISI = "Isi berkas “{nama}” tidak sesuai dengan ekstensinya ({ekstensi}); berkas tidak disimpan."
PESAN_KOSONG = "Pilih berkas yang akan diunggah."
PESAN_BESAR = "Berkas “{nama}” terlalu besar ({ukuran}); paling besar {maks} MB."
PESAN_TERVERIFIKASI = "Data dukung triwulan yang sudah diverifikasi tidak dapat dihapus; minta verifikator membukanya."


class BerkasDitolak(Exception):
    """The upload or deletion was refused and nothing was written or removed; the message is for the user."""


def maks_bita():
    return settings.DATA_DUKUNG_MAKS_MB * 1024 * 1024


def _ukuran_teks(bita):
    return f"{bita / (1024 * 1024):.1f} MB".replace(".", ",")


def nama_pendek(nama: str, jenis: str | None = None, maks_bita: int = NAMA_MAKS_BITA) -> str:
    """The file's base name shortened to ``maks_bita`` UTF-8 bytes with its extension kept (why: a cut name
    loses ``.pdf`` and no longer opens). ``jenis``: the stored content type; when the name lacks the
    matching extension (a name cut before this rule existed), it is added."""
    nama = PurePath(nama or "").name.strip() or "berkas"
    pokok, ekstensi = nama, PurePath(nama).suffix
    if ekstensi and len(ekstensi) <= 6:
        pokok = nama[: -len(ekstensi)]
    else:
        ekstensi = ""
    if jenis and JENIS_PER_EKSTENSI.get(ekstensi.lower()) != jenis:
        pokok, ekstensi = nama, next((e for e, j in JENIS_PER_EKSTENSI.items() if j == jenis), ekstensi)
    ruang = maks_bita - len(ekstensi.encode())
    pokok = pokok.encode()[:ruang].decode("utf-8", "ignore").rstrip(" .") or "berkas"
    return pokok + ekstensi


def jenis_isi(berkas) -> str | None:
    """The content type the bytes really are (one of the allowed kinds), or None."""
    berkas.seek(0)
    kepala = berkas.read(8)
    berkas.seek(0)
    if kepala.startswith(b"%PDF-"):
        return PDF
    if kepala.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if kepala.startswith(b"\xff\xd8\xff"):
        return JPEG
    if kepala.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(berkas) as z:
                nama = z.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            berkas.seek(0)
        if "[Content_Types].xml" in nama:
            if any(n.startswith("xl/") for n in nama):
                return XLSX
            if any(n.startswith("word/") for n in nama):
                return DOCX
    return None


def periksa_berkas(berkas) -> str:
    """The content type to store for an uploaded file; ``BerkasDitolak`` when it is too big, of a kind not
    allowed, or its content disagrees with its extension."""
    if berkas is None:
        raise BerkasDitolak(PESAN_KOSONG)
    nama = PurePath(berkas.name or "").name
    if berkas.size > maks_bita():
        raise BerkasDitolak(
            PESAN_BESAR.format(nama=nama, ukuran=_ukuran_teks(berkas.size), maks=settings.DATA_DUKUNG_MAKS_MB)
        )
    ekstensi = PurePath(nama).suffix.lower()
    diharapkan = JENIS_PER_EKSTENSI.get(ekstensi)
    if diharapkan is None:
        raise BerkasDitolak(PESAN_JENIS)
    if jenis_isi(berkas) != diharapkan:
        raise BerkasDitolak(PESAN_ISI.format(nama=nama, ekstensi=ekstensi))
    return diharapkan


def unggah(user, unsur, triwulan, berkas, keterangan="") -> DataDukung:
    """Store an evidence file for (sub kegiatan, triwulan): checked, hashed, private; refused in a locked period."""
    if not boleh_mengisi(user, unsur):
        raise PermissionDenied("Anda tidak berhak mengunggah data dukung sub kegiatan ini.")
    jenis = periksa_berkas(berkas)
    keterangan = (keterangan or "").strip()
    if len(keterangan) > 300:
        raise BerkasDitolak("Keterangan paling banyak 300 karakter.")
    sha = hashlib.sha256()
    for potong in berkas.chunks():
        sha.update(potong)
    berkas.seek(0)
    nama = nama_pendek(berkas.name, jenis)
    with transaction.atomic():
        if periode_terkunci(unsur.opd_id, unsur.tahun, triwulan):
            raise BerkasDitolak(PESAN_TERKUNCI)
        dd = DataDukung(
            unsur=unsur,
            triwulan=triwulan,
            nama_asli=nama,
            jenis_konten=jenis,
            ukuran=berkas.size,
            sha256=sha.hexdigest(),
            keterangan=keterangan,
            diunggah_oleh=user,
        )
        dd.berkas.save(nama, berkas, save=False)
        try:
            dd.save()
            naikkan_versi(unsur.opd_id)
        except Exception:
            dd.berkas.storage.delete(dd.berkas.name)
            raise
    return dd


def boleh_menghapus(user, dd, boleh_ubah=None) -> bool:
    """The verifikator of the OPD, Bappeda/Admin, or an operator of the uploader's bidang (who may change the
    sub kegiatan) may delete an evidence file. ``boleh_ubah``: ``boleh_mengisi`` already known (saves a query)."""
    if boleh_memverifikasi(user, dd.unsur.opd_id):
        return True
    profil = getattr(user, "pengguna", None)
    if OPERATOR not in peran(user) or profil is None or profil.bidang_id is None:
        return False
    pengunggah = getattr(dd.diunggah_oleh, "pengguna", None) if dd.diunggah_oleh_id else None
    if pengunggah is None or pengunggah.bidang_id != profil.bidang_id:
        return False
    return boleh_mengisi(user, dd.unsur) if boleh_ubah is None else boleh_ubah


def triwulan_terverifikasi(unsur, triwulan) -> bool:
    """Whether a realisasi of the sub kegiatan in this triwulan is verified (its evidence is then kept)."""
    return Realisasi.objects.filter(
        indikator__unsur=unsur, triwulan=triwulan, status=Realisasi.Status.DIVERIFIKASI
    ).exists()


def hapus(user, dd):
    """Delete an evidence file (row and stored bytes); refused in a locked period or a verified triwulan."""
    if not boleh_menghapus(user, dd):
        raise PermissionDenied("Anda tidak berhak menghapus data dukung ini.")
    unsur = dd.unsur
    with transaction.atomic():
        if periode_terkunci(unsur.opd_id, unsur.tahun, dd.triwulan):
            raise BerkasDitolak(PESAN_TERKUNCI)
        if triwulan_terverifikasi(unsur, dd.triwulan):
            raise BerkasDitolak(PESAN_TERVERIFIKASI)
        nama = dd.berkas.name
        storage = dd.berkas.storage
        dd.delete()
        naikkan_versi(unsur.opd_id)
        transaction.on_commit(lambda: storage.delete(nama))
