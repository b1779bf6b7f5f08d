"""Excel template download, XLSX import (upload → preview → confirm/cancel), the kept file, plan copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from evaluasi.akses import ambil_opd
from evaluasi.ekspor.xlsx import CONTENT_TYPE
from evaluasi.impor import proses, templat
from evaluasi.impor.kolom import ROMAWI
from evaluasi.layanan import kewajaran
from evaluasi.layanan.rencana import SalinDitolak, boleh_kelola_rencana, salin_rencana
from evaluasi.models import Impor

TRIWULAN = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
RIWAYAT_MAKS = 20


def _triwulan(nilai):
    if nilai in (None, ""):
        return None
    if nilai not in ("1", "2", "3", "4"):
        raise Http404("Triwulan tidak ditemukan.")
    return int(nilai)


@login_required
@require_safe
def templat_xlsx(request, slug, tahun):
    """The template of the plan, or with ?triwulan=N of that triwulan's realisasi (an operator: own bidang)."""
    opd = ambil_opd(request.user, slug)
    triwulan = _triwulan(request.GET.get("triwulan"))
    if triwulan:
        isi = templat.buku_realisasi(opd, tahun, triwulan, request.user)
    else:
        isi = templat.buku_rencana(opd, tahun)
    respon = HttpResponse(isi, content_type=CONTENT_TYPE)
    respon["Content-Disposition"] = f'attachment; filename="{templat.nama_berkas(opd, tahun, triwulan)}"'
    return respon


@login_required
@require_http_methods(["GET", "POST"])
def impor_unggah(request, slug, tahun):
    """The upload page: templates, the upload form, the recent imports; POST records a preview and redirects."""
    opd = ambil_opd(request.user, slug)
    boleh = proses.boleh_impor(request.user, opd)
    if request.method == "POST" and not boleh:
        raise PermissionDenied("Anda hanya dapat melihat riwayat impor.")
    galat, status = None, 200
    if request.method == "POST":
        berkas = request.FILES.get("berkas")
        try:
            triwulan = _triwulan(request.POST.get("triwulan"))
        except Http404:
            triwulan = None
        if berkas is None:
            galat = "Pilih berkas XLSX yang akan diimpor."
        else:
            try:
                isi = proses.baca_unggahan(berkas)
                impor, _ = proses.pratinjau(request.user, opd, tahun, isi, berkas.name, triwulan)
            except proses.ImporDitolak as exc:  # too big, not an XLSX, past a reading budget: nothing stored
                galat = str(exc)
            else:
                return redirect("impor_pratinjau", slug=opd.slug, pk=impor.pk)
        status = 400
    riwayat = list(
        proses.impor_terlihat(request.user, opd).filter(tahun=tahun).select_related("dibuat_oleh")[:RIWAYAT_MAKS]
    )
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "boleh": boleh,
        "boleh_salin": boleh_kelola_rencana(request.user, opd),
        "galat": galat,
        "riwayat": riwayat,
        "daftar_triwulan": TRIWULAN,
        "ukuran_maks_mb": proses.ukuran_maks() // 1024 // 1024,
    }
    return render(request, "impor/unggah.html", konteks, status=status)


def _ambil_impor(request, slug, pk):
    opd = ambil_opd(request.user, slug)
    return opd, get_object_or_404(proses.impor_terlihat(request.user, opd).select_related("dibuat_oleh"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def impor_pratinjau(request, slug, pk):
    """The preview (created / changed old → new / unchanged, every error); POST confirms or cancels."""
    opd, impor = _ambil_impor(request, slug, pk)
    if request.method == "POST":
        if not proses.boleh_impor(request.user, opd) or impor.dibuat_oleh_id != request.user.pk:
            raise PermissionDenied("Hanya pengunggah berkas ini yang dapat menerapkan atau membatalkannya.")
        if impor.status != Impor.Status.PRATINJAU:
            messages.error(request, "Impor ini sudah selesai; tidak ada yang diubah.")
        elif request.POST.get("aksi") == "batalkan":
            proses.batalkan(impor)
            messages.info(request, "Impor dibatalkan; tidak ada yang ditulis.")
        else:
            try:
                rencana = proses.terapkan(
                    request.user,
                    impor,
                    konfirmasi=request.POST.get("konfirmasi_kewajaran") == "on",
                    alasan=request.POST.get("alasan_kewajaran", ""),
                )
            except (proses.DataBerubah, proses.ImporDitolak) as exc:
                messages.error(request, str(exc))
            except kewajaran.PerluKonfirmasi as exc:
                messages.error(
                    request,
                    kewajaran.PESAN_ALASAN
                    if exc.tanpa_alasan
                    else "Belum diterapkan: centang konfirmasi bahwa angka yang diperingatkan benar, tulis alasannya.",
                )
            else:
                if rencana.galat:
                    messages.error(request, "Impor ditolak: ada galat (lihat di bawah). Tidak ada yang ditulis.")
                elif rencana.ada_perubahan:
                    messages.success(
                        request, f"Impor diterapkan: {rencana.dibuat} baris dibuat, {rencana.diubah} diubah."
                    )
                else:
                    messages.success(request, "Impor dicatat: tidak ada perubahan.")
        return redirect(request.path)
    ringkasan = impor.ringkasan or {}
    konteks = {
        "opd": opd,
        "impor": impor,
        "r": ringkasan,
        "lebih": max(0, ringkasan.get("jumlah_perubahan", 0) - len(ringkasan.get("perubahan", []))),
        "jumlah_galat": ringkasan.get("jumlah_galat", len(ringkasan.get("galat", []))),
        "galat_lain": max(0, ringkasan.get("jumlah_galat", 0) - len(ringkasan.get("galat", []))),
        "boleh": proses.boleh_impor(request.user, opd)
        and impor.dibuat_oleh_id == request.user.pk
        and impor.status == Impor.Status.PRATINJAU,
        "tautan_laporan": reverse("laporan", args=[opd.slug, impor.tahun, 2]),
        "romawi": ROMAWI.get(impor.triwulan),
    }
    return render(request, "impor/pratinjau.html", konteks)


@login_required
@require_safe
def impor_berkas(request, slug, pk):
    """The kept workbook of an import (for the Inspektorat's audit), from the private storage."""
    _, impor = _ambil_impor(request, slug, pk)
    try:
        berkas = impor.berkas.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas tidak ditemukan.") from exc
    return FileResponse(berkas, as_attachment=True, filename=impor.nama_asli, content_type=CONTENT_TYPE)


@login_required
@require_POST
def rencana_salin(request, slug, tahun):
    """Copy the plan of ``tahun`` to the next year (Bappeda/admin, verifikator); then open the next year's page."""
    opd = ambil_opd(request.user, slug)
    if not boleh_kelola_rencana(request.user, opd):
        raise PermissionDenied("Hanya Bappeda atau verifikator yang dapat menyalin rencana.")
    try:
        jumlah = salin_rencana(request.user, opd, tahun)
    except SalinDitolak as exc:
        messages.error(request, str(exc))
        return redirect("impor_unggah", slug=opd.slug, tahun=tahun)
    messages.success(
        request,
        f"Rencana {tahun} disalin ke {tahun + 1}: {jumlah['unsur']} unsur, {jumlah['indikator']} indikator, "
        f"{jumlah['target']} target dari perjanjian kinerja. Pagu {tahun + 1} belum diisi: impor rencana "
        f"{tahun + 1} untuk mengisinya.",
    )
    return redirect("impor_unggah", slug=opd.slug, tahun=tahun + 1)
