"""The life of one import: upload → preview (``Impor`` in status pratinjau, file kept) → confirm or cancel.

Every upload that is a real XLSX is recorded (user, time, the file in the private storage, its
SHA-256, the counts and errors in ``ringkasan``), whether it is applied, cancelled or refused, so the
Inspektorat can see what came in and what it changed.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from evaluasi.akses import OPERATOR, kelola_opd, peran
from evaluasi.layanan import kewajaran
from evaluasi.models import Impor, KonfirmasiKewajaran

from .baca import BatasTerlampaui, BukanXlsx, baca_buku, cek_xlsx
from .terapkan import Rencana, hitung

UKURAN_MAKS_BAWAAN = 10 * 1024 * 1024


def ukuran_maks() -> int:
    """Largest accepted upload in bytes (settings.IMPOR_UKURAN_MAKS, default 10 MB)."""
    return getattr(settings, "IMPOR_UKURAN_MAKS", UKURAN_MAKS_BAWAAN)


class ImporDitolak(Exception):
    """The upload cannot even be recorded (too big, not an XLSX, past a reading budget); the message says
    why, in Indonesian."""


class DataBerubah(Exception):
    """The data changed between the preview and the confirm: the new preview is stored, nothing written."""


def boleh_impor(user, opd) -> bool:
    """Whether the user may upload into this OPD: Bappeda/admin, its verifikator, its operators (own bidang).

    Kepala Dinas and Inspektorat only read. What an operator may change is checked row by row.
    """
    if kelola_opd(user, opd):
        return True
    profil = getattr(user, "pengguna", None)
    return OPERATOR in peran(user) and profil is not None and profil.opd_id == opd.pk and profil.bidang_id is not None


def impor_terlihat(user, opd):
    """The imports of an OPD the user may open: an operator sees their own, the other roles all of them."""
    qs = Impor.objects.filter(opd=opd)
    r = peran(user)
    if user.is_superuser or r - {OPERATOR}:
        return qs
    return qs.filter(dibuat_oleh=user)


def baca_unggahan(berkas) -> bytes:
    """The bytes of an uploaded file, refusing what is too big or not an XLSX before anything is stored."""
    if berkas.size > ukuran_maks():
        raise ImporDitolak(
            f"Berkas terlalu besar ({berkas.size // 1024 // 1024} MB); paling besar "
            f"{ukuran_maks() // 1024 // 1024} MB. Bagi menjadi beberapa berkas."
        )
    isi = berkas.read()
    try:
        cek_xlsx(isi)
    except (BukanXlsx, BatasTerlampaui) as exc:
        raise ImporDitolak(str(exc)) from exc
    return isi


def pratinjau(user, opd, tahun, isi: bytes, nama_asli: str, triwulan=None) -> tuple[Impor, Rencana]:
    """Read and compare the workbook, write nothing but the Impor record (pratinjau, or ditolak with errors).

    A file past a reading budget (``batas.py``) is ``ImporDitolak``: not recorded, like a file that is no XLSX.
    The plausibility warnings the import would bring are listed in the preview (``ringkasan["kewajaran"]``).
    """
    try:
        buku = baca_buku(isi, triwulan=triwulan)
        with transaction.atomic():
            rencana = hitung(buku, opd, tahun, user)
            ringkasan = rencana.ringkasan()
            if not rencana.galat and rencana.ada_perubahan:
                peringatan = _peringatan_dicoba(rencana, opd, tahun, buku)
                ringkasan["kewajaran"] = [kewajaran.ke_dict(p) for p in peringatan]
            impor = _catat(user, opd, tahun, isi, nama_asli, buku, rencana, ringkasan)
    except BatasTerlampaui as exc:
        raise ImporDitolak(str(exc)) from exc
    rencana.tutup()  # a preview writes nothing: its scratch store goes at once
    return impor, rencana


def _catat(user, opd, tahun, isi, nama_asli, buku, rencana, ringkasan) -> Impor:
    """The Impor record of a preview, with the kept file."""
    impor = Impor(
        opd=opd,
        tahun=tahun,
        triwulan=buku.triwulan if buku.jenis == "realisasi" else None,
        jenis=buku.jenis or Impor.Jenis.RENCANA,
        status=Impor.Status.DITOLAK if rencana.galat else Impor.Status.PRATINJAU,
        nama_asli=(nama_asli or "berkas.xlsx")[:255],
        sha256=hashlib.sha256(isi).hexdigest(),
        ringkasan=ringkasan,
        dibuat_oleh=user,
    )
    impor.berkas.save("impor.xlsx", ContentFile(isi), save=False)
    impor.save()
    return impor


def _peringatan_dicoba(rencana, opd, tahun, buku):
    """The plausibility warnings the import would bring: its writes tried in a savepoint, then rolled back."""
    sampai = buku.triwulan if buku.jenis == "realisasi" else 4
    sebelum = kewajaran.peringatan_opd(opd, tahun, sampai)
    with transaction.atomic():
        rencana.tulis(opd)
        sesudah = kewajaran.peringatan_opd(opd, tahun, sampai)
        transaction.set_rollback(True)
    return kewajaran.peringatan_baru(sebelum, sesudah)


def terapkan(user, impor: Impor, konfirmasi=False, alasan="") -> Rencana:
    """Apply a previewed import in one transaction, re-reading the kept file and re-checking everything.

    Plausibility warnings listed by the preview must be confirmed (``konfirmasi`` with an ``alasan``),
    else ``kewajaran.PerluKonfirmasi`` and nothing is written; confirmed ones are kept with the reason.
    Refused (nothing written) when errors appear now (e.g. the triwulan was locked since), or when
    the changes differ from those previewed (``DataBerubah``: the new preview replaces the old one).
    A reading budget passed now (the time, on a busier server) is ``ImporDitolak``; the preview stays.
    """
    try:
        return _terapkan(user, impor, konfirmasi, alasan)
    except BatasTerlampaui as exc:
        raise ImporDitolak(str(exc)) from exc


def _terapkan(user, impor: Impor, konfirmasi, alasan) -> Rencana:
    with transaction.atomic():
        impor = Impor.objects.select_for_update(of=("self",)).select_related("opd").get(pk=impor.pk)
        if impor.status != Impor.Status.PRATINJAU:
            raise ValueError("Impor ini sudah selesai.")
        with impor.berkas.open("rb") as f:
            isi = f.read()
        buku = baca_buku(isi, triwulan=impor.triwulan)
        rencana = hitung(buku, impor.opd, impor.tahun, user, kunci_baris=True)
        if rencana.galat or rencana.sidik != impor.ringkasan.get("sidik"):
            rencana.tutup()  # nothing will be written
        if rencana.galat:
            impor.status = Impor.Status.DITOLAK
            impor.ringkasan = rencana.ringkasan()
            impor.save(update_fields=["status", "ringkasan"])
            return rencana
        if rencana.sidik != impor.ringkasan.get("sidik"):
            impor.ringkasan = rencana.ringkasan()
            impor.save(update_fields=["ringkasan"])  # the new preview (nothing else was written)
            berubah = True
        else:
            berubah = False
            daftar = impor.ringkasan.get("kewajaran") or []
            kewajaran.cek_konfirmasi(daftar, konfirmasi, alasan)
            sampai = impor.triwulan or 4
            sebelum = kewajaran.peringatan_opd(impor.opd, impor.tahun, sampai) if daftar else []
            rencana.tulis(impor.opd)
            if daftar:
                baru = kewajaran.peringatan_baru(sebelum, kewajaran.peringatan_opd(impor.opd, impor.tahun, sampai))
                for p in baru:
                    object.__setattr__(p, "triwulan", impor.triwulan)
                kewajaran.simpan_konfirmasi(
                    user, impor.opd, impor.tahun, baru, alasan, KonfirmasiKewajaran.Sumber.IMPOR, impor
                )
        if not berubah:
            impor.status = Impor.Status.DITERAPKAN
            impor.diterapkan_pada = timezone.now()
            impor.ringkasan = {**rencana.ringkasan(), "kewajaran": impor.ringkasan.get("kewajaran") or []}
            impor.save(update_fields=["status", "diterapkan_pada", "ringkasan"])
    if berubah:
        raise DataBerubah(
            "Data berubah sejak pratinjau dibuat; tidak ada yang ditulis. Periksa pratinjau terbaru di bawah, "
            "lalu konfirmasi lagi."
        )
    return rencana


def batalkan(impor: Impor):
    """Cancel a preview: nothing is written, the record and the file stay."""
    Impor.objects.filter(pk=impor.pk, status=Impor.Status.PRATINJAU).update(status=Impor.Status.DIBATALKAN)
