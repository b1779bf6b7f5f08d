"""The OPD dashboard, its drill-down pages and the kabupaten overview (thin: scope, service, render)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from evaluasi.akses import BAPPEDA, INSPEKTORAT, ambil_opd, opd_terlihat, peran
from evaluasi.dasbor.data import (
    daftar_tahun,
    data_dasbor,
    data_indikator,
    data_unsur,
    triwulan_terakhir,
)
from evaluasi.dasbor.grafik import grafik_dasbor
from evaluasi.dasbor.kabupaten import URUTAN, TabelKabupaten, data_kabupaten, periode_kabupaten
from evaluasi.ekspor.xlsx import CONTENT_TYPE, PERSEN, buat_workbook, ke_bytes
from evaluasi.laporan.konteks import data_predikat
from evaluasi.layanan.entri import ROMAWI
from evaluasi.versi import versi_data


def _angka(request, nama, pilihan=None):
    """An integer query parameter, or None when absent, malformed or not among ``pilihan``."""
    try:
        nilai = int(request.GET.get(nama, ""))
    except ValueError:
        return None
    return nilai if pilihan is None or nilai in pilihan else None


def _periode(request, opd):
    """(years with a plan, tahun, triwulan) from ?tahun=&triwulan=, defaulting to the latest data (3 queries)."""
    tahun_list = daftar_tahun(opd)
    terakhir = triwulan_terakhir(opd)
    tahun = _angka(request, "tahun", tahun_list)
    if tahun is None:
        tahun = max(terakhir) if terakhir else (tahun_list[-1] if tahun_list else None)
    triwulan = _angka(request, "triwulan", (1, 2, 3, 4)) or terakhir.get(tahun, 1)
    return tahun_list, tahun, triwulan


def tampil_dasbor(request, opd):
    """Render the dashboard of one OPD (used by ``/`` for a user of one OPD and by /opd/<slug>/)."""
    tahun_list, tahun, triwulan = _periode(request, opd)
    if tahun is None:
        return render(request, "dasbor/kosong.html", {"opd": opd})
    dasbor = data_dasbor(request.user, opd, tahun, triwulan, _angka(request, "bidang"), tahun_list)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "d": dasbor,
        "grafik": grafik_dasbor(dasbor, versi_data(opd)),
        "predikat": data_predikat(),
        "lihat_kabupaten": boleh_lihat_kabupaten(request.user),
        "romawi": list(ROMAWI.items()),
    }
    return render(request, "dasbor/opd.html", konteks)


@login_required
@require_safe
def dasbor_opd(request, slug):
    return tampil_dasbor(request, ambil_opd(request.user, slug))


@login_required
@require_safe
def dasbor_unsur(request, slug, tahun, pk):
    opd = ambil_opd(request.user, slug)
    triwulan = _angka(request, "triwulan", (1, 2, 3, 4)) or 4
    d = data_unsur(opd, tahun, triwulan, pk)
    konteks = {"opd": opd, "tahun": tahun, "d": d, "predikat": data_predikat(), "romawi": list(ROMAWI.items())}
    return render(request, "dasbor/unsur.html", konteks)


@login_required
@require_safe
def dasbor_indikator(request, slug, tahun, pk):
    opd = ambil_opd(request.user, slug)
    d = data_indikator(opd, tahun, pk)
    return render(
        request, "dasbor/indikator.html", {"opd": opd, "tahun": tahun, "d": d, "romawi": list(ROMAWI.items())}
    )


# --- The kabupaten overview ------------------------------------------------------------------------


# Sortable columns of the overview, in the table's order: (?urut= value, header).
KOLOM_URUT = [("nama", "Perangkat daerah"), ("capaian", "Capaian IKU"), ("serapan", "Serapan"), ("kemajuan", "Entri")]


def boleh_lihat_kabupaten(user):
    """Bappeda/Admin, Inspektorat and superusers compare every OPD."""
    return user.is_superuser or bool(peran(user) & {BAPPEDA, INSPEKTORAT})


def _kabupaten(request):
    if not boleh_lihat_kabupaten(request.user):
        raise PermissionDenied("Ikhtisar kabupaten hanya untuk Bappeda dan Inspektorat.")
    tahun_list, tahun_bawaan, tw_bawaan = periode_kabupaten()
    tahun = _angka(request, "tahun", tahun_list) or tahun_bawaan
    if tahun is None:
        raise Http404("Belum ada rencana perangkat daerah.")
    triwulan = _angka(request, "triwulan", (1, 2, 3, 4)) or (tw_bawaan if tahun == tahun_bawaan else 4)
    urut = request.GET.get("urut") if request.GET.get("urut") in URUTAN else "capaian"
    baris = data_kabupaten(list(opd_terlihat(request.user)), tahun, triwulan, urut)
    return {"tahun": tahun, "triwulan": triwulan, "tahun_list": tahun_list, "urut": urut, "baris": baris}


@login_required
@require_safe
def kabupaten(request):
    konteks = _kabupaten(request)
    konteks.update(
        {
            "judul_urut": URUTAN[konteks["urut"]],
            "kolom_urut": KOLOM_URUT,
            "predikat": data_predikat(),
            "romawi": list(ROMAWI.items()),
        }
    )
    return render(request, "dasbor/kabupaten.html", konteks)


@login_required
@require_safe
def kabupaten_xlsx(request):
    k = _kabupaten(request)
    keterangan = [f"Tahun {k['tahun']}, data s.d. triwulan {k['triwulan']}; urut menurut {URUTAN[k['urut']]}"]
    jenis = {"rencana": PERSEN, "persen_terisi": PERSEN, "persen_diverifikasi": PERSEN}
    wb = buat_workbook([("Ikhtisar OPD", TabelKabupaten(k["baris"]))], keterangan, jenis_kolom=jenis)
    response = HttpResponse(ke_bytes(wb), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ikhtisar-kabupaten-{k["tahun"]}-tw{k["triwulan"]}.xlsx"'
    return response
