"""Verification steps, the verifikator's queue, period locks and evidence files (thin views over the services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from evaluasi.akses import ambil_opd
from evaluasi.layanan import bukti, verifikasi
from evaluasi.layanan.entri import ROMAWI, sub_kegiatan_terlihat
from evaluasi.models import DataDukung

DAFTAR_TRIWULAN = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]


def _sub_kegiatan(request, slug, tahun, pk, triwulan):
    """The sub kegiatan if the user may see it (else 404), with its OPD."""
    if triwulan not in ROMAWI:
        raise Http404("Triwulan tidak ditemukan.")
    opd = ambil_opd(request.user, slug)
    return get_object_or_404(sub_kegiatan_terlihat(request.user, opd, tahun).select_related("bidang"), pk=pk)


def _ke_entri(unsur, triwulan):
    return redirect("entri_realisasi", unsur.opd.slug, unsur.tahun, unsur.pk, triwulan)


@login_required
@require_POST
def realisasi_aksi(request, slug, tahun, pk, triwulan):
    """Ajukan / verifikasi / kembalikan / buka kembali a sub kegiatan's triwulan, then back to its entry page."""
    unsur = _sub_kegiatan(request, slug, tahun, pk, triwulan)
    aksi = request.POST.get("aksi", "")
    try:
        n = verifikasi.jalankan_aksi(request.user, unsur, triwulan, aksi, request.POST.get("catatan", ""))
    except verifikasi.AksiDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, verifikasi.pesan_sukses(aksi, n, triwulan))
    return _ke_entri(unsur, triwulan)


def _triwulan_dari_get(request):
    tw = request.GET.get("triwulan")
    if tw in (None, ""):
        return None
    if tw in ("1", "2", "3", "4"):
        return int(tw)
    raise Http404("Triwulan tidak ditemukan.")


@login_required
@require_safe
def verifikasi_antrean(request, slug, tahun):
    """Every sub kegiatan × triwulan with realisasi waiting for verification (``?triwulan=N`` filters)."""
    opd = ambil_opd(request.user, slug)
    if not verifikasi.lihat_antrean(request.user, opd.pk):
        raise PermissionDenied("Antrean verifikasi hanya untuk verifikator, Kepala Dinas dan Inspektorat.")
    triwulan = _triwulan_dari_get(request)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "triwulan": triwulan,
        "baris": verifikasi.antrean_verifikasi(opd, tahun, triwulan),
        "boleh_verifikasi": verifikasi.boleh_memverifikasi(request.user, opd.pk),
        "daftar_triwulan": DAFTAR_TRIWULAN,
    }
    return render(request, "alur/antrean.html", konteks)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kunci_periode(request, slug, tahun):
    """TW I–IV of the OPD and year with their lock; POST locks or reopens (with a reason) one triwulan."""
    opd = ambil_opd(request.user, slug)
    if not verifikasi.boleh_memverifikasi(request.user, opd.pk):
        raise PermissionDenied("Hanya verifikator perangkat daerah ini dan Bappeda yang dapat mengunci periode.")
    if request.method == "POST":
        tw = request.POST.get("triwulan", "")
        try:
            if tw not in ("1", "2", "3", "4"):
                raise verifikasi.AksiDitolak("Pilih triwulan 1 sampai 4.")
            pesan = verifikasi.ubah_kunci(
                request.user, opd, tahun, int(tw), request.POST.get("aksi", ""), request.POST.get("alasan", "")
            )
        except verifikasi.AksiDitolak as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, pesan)
        return redirect("kunci_periode", opd.slug, tahun)
    konteks = {"opd": opd, "tahun": tahun, "baris": verifikasi.daftar_kunci(opd, tahun)}
    return render(request, "alur/kunci.html", konteks)


@login_required
@require_POST
def data_dukung_unggah(request, slug, tahun, pk, triwulan):
    """Upload one evidence file for the sub kegiatan's triwulan (multipart), then back to its entry page."""
    unsur = _sub_kegiatan(request, slug, tahun, pk, triwulan)
    try:
        dd = bukti.unggah(
            request.user, unsur, triwulan, request.FILES.get("berkas"), request.POST.get("keterangan", "")
        )
    except bukti.BerkasDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Data dukung “{dd.nama_asli}” tersimpan.")
    return _ke_entri(unsur, triwulan)


def _data_dukung(request, slug, pk):
    """The evidence file if the user may see its sub kegiatan, else 404."""
    opd = ambil_opd(request.user, slug)
    dd = get_object_or_404(DataDukung.objects.select_related("unsur__opd", "diunggah_oleh__pengguna"), pk=pk)
    if (
        dd.unsur.opd_id != opd.pk
        or not sub_kegiatan_terlihat(request.user, opd, dd.unsur.tahun).filter(pk=dd.unsur_id).exists()
    ):
        raise Http404("Data dukung tidak ditemukan.")
    return dd


@login_required
@require_safe
def data_dukung_unduh(request, slug, pk):
    """Serve an evidence file as an attachment with its original name; never rendered by the browser."""
    dd = _data_dukung(request, slug, pk)
    try:
        berkas = dd.berkas.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas data dukung tidak ditemukan di penyimpanan.") from exc
    nama = bukti.nama_pendek(dd.nama_asli, dd.jenis_konten)
    r = FileResponse(berkas, as_attachment=True, filename=nama, content_type=dd.jenis_konten)
    r["X-Content-Type-Options"] = "nosniff"
    r["Content-Security-Policy"] = "default-src 'none'; sandbox"
    r["Cache-Control"] = "private, no-store"
    return r


@login_required
@require_POST
def data_dukung_hapus(request, slug, pk):
    """Delete an evidence file (uploader's bidang or verifikator), then back to its entry page."""
    dd = _data_dukung(request, slug, pk)
    unsur, triwulan, nama = dd.unsur, dd.triwulan, dd.nama_asli
    try:
        bukti.hapus(request.user, dd)
    except bukti.BerkasDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Data dukung “{nama}” dihapus.")
    return _ke_entri(unsur, triwulan)
