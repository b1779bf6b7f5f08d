"""The OPD dashboard, its drill-down pages and the kabupaten overview (thin: scope, service, render)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from evaluasi.akses import BAPPEDA, INSPEKTORAT, ambil_opd, opd_terlihat, peran
from evaluasi.dasbor.data import (
    aturan_skor,
    batas_skor,
    daftar_tahun,
    data_dasbor,
    data_indikator,
    data_unsur,
    triwulan_terakhir,
)
from evaluasi.dasbor.grafik import grafik_dasbor
from evaluasi.dasbor.kabupaten import (
    URUTAN,
    TabelKabupaten,
    cakupan_kabupaten,
    data_kabupaten,
    periode_kabupaten,
)
from evaluasi.ekspor.pdf import baca_mentah, kunci_versi, tembolok, tulis_mentah
from evaluasi.ekspor.xlsx import CONTENT_TYPE, PERSEN, buat_workbook, ke_bytes
from evaluasi.laporan import resmi
from evaluasi.laporan.konteks import data_predikat
from evaluasi.layanan.entri import ROMAWI, bidang_operator
from evaluasi.models import Bidang, VersiData

# The dashboard's body as opd.html shows it, rendered apart (without the request: nothing of the user
# can reach it) to be cached; the page around it (user, navigation, links by role) is rendered per request.
ISI = "{% load l10n %}{% localize off %}{% include 'dasbor/_isi.html' %}{% endlocalize %}"
PENANDA_ISI = "<!--isi-dasbor-dari-tembolok-->"

# Settings that change the dashboard's figures without a change of data: part of the cache key.
PENGATURAN_DASBOR = (
    "EVALUASI_PREDIKAT",
    "EVALUASI_LEVEL_RISIKO",
    "EVALUASI_MARGIN_SERAPAN",
    "EVALUASI_BATAS_SKOR_CAPAIAN",
)


def _angka(request, nama, pilihan=None):
    """An integer query parameter, or None when absent, malformed or not among ``pilihan``."""
    try:
        nilai = int(request.GET.get(nama, ""))
    except ValueError:
        return None
    return nilai if pilihan is None or nilai in pilihan else None


def _versi(opd):
    """The OPD's data version (number, time of the last change) in one query; (0, None) = never cached."""
    return VersiData.objects.filter(opd_id=opd.pk).values_list("versi", "diubah_pada").first() or (0, None)


def _periode_opd(opd, versi):
    """(years with a plan, {tahun: latest triwulan with data}, bidang) of the OPD, cached per data version.

    Computed on a miss only (4 queries that grow with the data): a cached dashboard then reads no table of
    the plan at all, whatever the OPD's size.
    """
    kunci = kunci_versi("dasbor-periode", opd.pk, versi)
    simpan = tembolok().get(kunci) if kunci else None
    if simpan is None:
        simpan = (daftar_tahun(opd), triwulan_terakhir(opd), list(Bidang.objects.filter(opd=opd)))
        if kunci:
            tembolok().set(kunci, simpan)
    return simpan


def _periode(request, tahun_list, terakhir):
    """(tahun, triwulan) from ?tahun=&triwulan=, defaulting to the latest data (None when there is no plan)."""
    tahun = _angka(request, "tahun", tahun_list)
    if tahun is None:
        tahun = max(terakhir) if terakhir else (tahun_list[-1] if tahun_list else None)
    triwulan = _angka(request, "triwulan", (1, 2, 3, 4)) or terakhir.get(tahun, 1)
    return tahun, triwulan


def lingkup_pengguna(user):
    """Everything of the user that shapes the dashboard's body: superuser, roles, the operator's bidang.

    A superset of what the body depends on (which sub kegiatan the work list covers, whether the
    data-quality findings show), so two users with the same value always see the same body.
    """
    return (user.is_superuser, tuple(sorted(peran(user))), bidang_operator(user))


def _isi_dasbor(request, opd, versi, tahun, triwulan, bidang_id, tahun_list, semua_bidang):
    """The rendered body of the dashboard (UTF-8 bytes): from the cache, else computed, rendered and stored."""
    pengaturan = tuple(repr(getattr(settings, nama, None)) for nama in PENGATURAN_DASBOR)
    draf = resmi.termasuk_draf(request)  # in the key: a draft body is never served as the official one
    kunci = kunci_versi(
        "dasbor-html", opd.pk, versi, tahun, triwulan, bidang_id, lingkup_pengguna(request.user), pengaturan, draf
    )
    isi = baca_mentah(kunci)
    if isi is None:
        dasbor = data_dasbor(request.user, opd, tahun, triwulan, bidang_id, tahun_list, semua_bidang, draf)
        konteks = {
            "opd": opd,
            "tahun": tahun,
            "d": dasbor,
            "grafik": grafik_dasbor(dasbor, versi[0]),
            "predikat": data_predikat(),
            "romawi": list(ROMAWI.items()),
            "boleh_draf": resmi.boleh_lihat_draf(request.user),  # from the roles, which are in the key
        }
        isi = engines["django"].from_string(ISI).render(konteks).encode()
        tulis_mentah(kunci, isi)
    return isi


def tampil_dasbor(request, opd):
    """Render the dashboard of one OPD (used by ``/`` for a user of one OPD and by /opd/<slug>/).

    The body (every figure and chart, the costly part) is cached in the export cache, shared by the
    workers, keyed on the OPD's data version, the period, the bidang filter, what the user's roles may
    see and the settings of the rules: any save bumps the version, so it is never stale.
    """
    versi = _versi(opd)
    tahun_list, terakhir, semua_bidang = _periode_opd(opd, versi)
    tahun, triwulan = _periode(request, tahun_list, terakhir)
    if tahun is None:
        return render(request, "dasbor/kosong.html", {"opd": opd})
    bidang_id = _angka(request, "bidang", {b.pk for b in semua_bidang})
    isi = _isi_dasbor(request, opd, versi, tahun, triwulan, bidang_id, tahun_list, semua_bidang)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "triwulan_romawi": ROMAWI[triwulan],
        "lihat_kabupaten": boleh_lihat_kabupaten(request.user),
        "isi_dasbor": mark_safe(PENANDA_ISI),
        **resmi.konteks_saklar(request),
    }
    # The body (our own template, escaped when rendered) goes in as bytes, as the report page does.
    response = render(request, "dasbor/opd.html", konteks)
    awal, _, akhir = response.content.partition(PENANDA_ISI.encode())
    response.content = b"".join((awal, isi, akhir))
    return response


@login_required
@require_safe
def dasbor_opd(request, slug):
    return tampil_dasbor(request, ambil_opd(request.user, slug))


@login_required
@require_safe
def dasbor_unsur(request, slug, tahun, pk):
    opd = ambil_opd(request.user, slug)
    triwulan = _angka(request, "triwulan", (1, 2, 3, 4)) or 4
    d = data_unsur(opd, tahun, triwulan, pk, termasuk_draf=resmi.termasuk_draf(request))
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "d": d,
        "predikat": data_predikat(),
        "romawi": list(ROMAWI.items()),
        **resmi.konteks_saklar(request),
    }
    return render(request, "dasbor/unsur.html", konteks)


@login_required
@require_safe
def dasbor_indikator(request, slug, tahun, pk):
    opd = ambil_opd(request.user, slug)
    d = data_indikator(opd, tahun, pk, termasuk_draf=resmi.termasuk_draf(request))
    konteks = {"opd": opd, "tahun": tahun, "d": d, "romawi": list(ROMAWI.items()), **resmi.konteks_saklar(request)}
    return render(request, "dasbor/indikator.html", konteks)


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
    return {
        "tahun": tahun,
        "triwulan": triwulan,
        "tahun_list": tahun_list,
        "urut": urut,
        "baris": baris,
        "cakupan": cakupan_kabupaten(baris, triwulan),
    }


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
            "aturan_skor": aturan_skor(batas_skor()),
        }
    )
    return render(request, "dasbor/kabupaten.html", konteks)


@login_required
@require_safe
def kabupaten_xlsx(request):
    k = _kabupaten(request)
    keterangan = [
        f"Tahun {k['tahun']}, data s.d. triwulan {k['triwulan']}; urut menurut {URUTAN[k['urut']]}"
        f" · cakupan verifikasi: {k['cakupan']}",
        f"Rata-rata skor capaian IKU s.d. triwulan terhadap target s.d. triwulan: {aturan_skor(batas_skor())}; "
        "IKU yang belum ada capaiannya tidak dihitung.",
    ]
    jenis = {"rencana": PERSEN, "persen_terisi": PERSEN, "persen_diverifikasi": PERSEN}
    wb = buat_workbook([("Ikhtisar OPD", TabelKabupaten(k["baris"]))], keterangan, jenis_kolom=jenis)
    response = HttpResponse(ke_bytes(wb), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ikhtisar-kabupaten-{k["tahun"]}-tw{k["triwulan"]}.xlsx"'
    return response
