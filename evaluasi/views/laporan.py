"""The semester report: a web page of every section (its PDF, XLSX and JSON follow the same data)."""

import json
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from evaluasi.akses import ambil_opd, lihat_kualitas_data
from evaluasi.ekspor.data_json import ke_json
from evaluasi.ekspor.pdf import baca_mentah, kunci_versi, tulis_mentah
from evaluasi.laporan import resmi
from evaluasi.laporan.data import data_laporan
from evaluasi.laporan.konteks import data_predikat, konteks_laporan
from evaluasi.models import Opd, Unsur

# The report's body as laporan.html shows it (inside {% localize off %}), rendered apart to be cached.
ISI = "{% load l10n %}{% localize off %}{% include 'laporan/_isi.html' %}{% endlocalize %}"
PENANDA_ISI = "<!--isi-laporan-dari-tembolok-->"


def ambil_periode(request, slug, tahun, semester):
    """The OPD (scoped to the user) of a report period; 404 for an unknown OPD, year or semester."""
    opd = ambil_opd(request.user, slug)
    if semester not in (1, 2) or not Unsur.objects.filter(opd=opd, tahun=tahun).exists():
        raise Http404("Periode laporan tidak ditemukan.")
    return opd


def ambil_periode_berversi(request, slug, tahun, semester):
    """Like ``ambil_periode``, plus the OPD's data version (number, time of change) read in the same query."""
    opd = ambil_opd(request.user, slug)
    if semester not in (1, 2):
        raise Http404("Periode laporan tidak ditemukan.")
    baris = (
        Opd.objects.filter(pk=opd.pk)
        .annotate(ada=Exists(Unsur.objects.filter(opd=OuterRef("pk"), tahun=tahun)))
        .values_list("ada", "versi_data__versi", "versi_data__diubah_pada")
        .first()
    )
    if not baris or not baris[0]:
        raise Http404("Periode laporan tidak ditemukan.")
    return opd, (baris[1] or 0, baris[2])


@login_required
@require_safe
def laporan(request, slug, tahun, semester):
    """The report page. Its body (every section, the costly part) is cached per data version, role kind and
    query string (the sorting links); the page around it (user, logout form) is rendered for each request."""
    opd, versi = ambil_periode_berversi(request, slug, tahun, semester)
    dengan_kualitas = lihat_kualitas_data(request.user)
    draf = resmi.termasuk_draf(request)  # part of the key: a draft body is never served as the official one
    kunci = kunci_versi(
        "laporan-html", opd.pk, versi, tahun, semester, dengan_kualitas, draf, sorted(request.GET.lists())
    )
    simpan = baca_mentah(kunci)
    if simpan is not None:
        # Stored as: sampai_triwulan, the section list (JSON), then the body, separated by NUL bytes.
        triwulan, bagian, isi = simpan.split(b"\0", 2)
        simpan = {"sampai_triwulan": int(triwulan), "bagian": json.loads(bagian), "isi": isi}
    else:
        konteks = konteks_laporan(opd, tahun, semester, dengan_kualitas=dengan_kualitas, termasuk_draf=draf)
        # Sorting on screen where it makes sense; the printed order stays the document's.
        for nama in ("risiko", "temuan"):
            tabel = konteks["tabel"][nama]
            tabel.prefix = f"{nama}-"
            RequestConfig(request, paginate=False).configure(tabel)
        isi = engines["django"].from_string(ISI).render(konteks, request).encode()
        simpan = {"isi": isi, "sampai_triwulan": konteks["data"].sampai_triwulan, "bagian": konteks["bagian"]}
        tulis_mentah(
            kunci, b"\0".join([str(simpan["sampai_triwulan"]).encode(), json.dumps(simpan["bagian"]).encode(), isi])
        )
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "semester": semester,
        "semester_romawi": "I" if semester == 1 else "II",
        "data": SimpleNamespace(sampai_triwulan=simpan["sampai_triwulan"]),
        "bagian": simpan["bagian"],
        "dengan_kualitas": dengan_kualitas,
        "predikat": data_predikat(),
        "isi_laporan": mark_safe(PENANDA_ISI),
        **resmi.konteks_saklar(request),
    }
    # The page around the body is rendered per request; the body (UTF-8 bytes, our own template, escaped
    # when it was rendered) is put in its place as bytes: no decoding, copying or re-encoding of a
    # megabyte of HTML per view.
    response = render(request, "laporan/laporan.html", konteks)
    awal, _, akhir = response.content.partition(PENANDA_ISI.encode())
    response.content = b"".join((awal, simpan["isi"], akhir))
    return response


@login_required
@require_safe
def laporan_json(request, slug, tahun, semester):
    """Every figure of the report, machine-readable (open data)."""
    opd = ambil_periode(request, slug, tahun, semester)
    data = data_laporan(opd, tahun, semester, termasuk_draf=resmi.termasuk_draf(request))
    isi = ke_json(data, dengan_kualitas=lihat_kualitas_data(request.user))
    return HttpResponse(isi, content_type="application/json; charset=utf-8")
