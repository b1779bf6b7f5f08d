"""The operator's work list of a year and triwulan; read-only (no edit links) for Kepala Dinas and Inspektorat."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from evaluasi.akses import ambil_opd
from evaluasi.layanan.daftar_kerja import daftar_kerja as hitung_daftar_kerja
from evaluasi.layanan.daftar_kerja import triwulan_bawaan
from evaluasi.layanan.verifikasi import boleh_memverifikasi, lihat_antrean


@login_required
@require_safe
def daftar_kerja(request, slug, tahun):
    opd = ambil_opd(request.user, slug)
    tw = request.GET.get("triwulan")
    if tw in (None, ""):
        triwulan = triwulan_bawaan(opd, tahun)
    elif tw in ("1", "2", "3", "4"):
        triwulan = int(tw)
    else:
        raise Http404("Triwulan tidak ditemukan.")
    daftar = hitung_daftar_kerja(request.user, opd, tahun, triwulan)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "daftar": daftar,
        "daftar_triwulan": [(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        "lihat_antrean": lihat_antrean(request.user, opd.pk),
        "boleh_kunci": boleh_memverifikasi(request.user, opd.pk),
    }
    return render(request, "entri/daftar_kerja.html", konteks)
