"""The semester report: a web page of every section (its PDF, XLSX and JSON follow the same data)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from evaluasi.akses import ambil_opd, lihat_kualitas_data
from evaluasi.ekspor.data_json import ke_json
from evaluasi.laporan.data import data_laporan
from evaluasi.laporan.konteks import konteks_laporan
from evaluasi.models import Unsur


def ambil_periode(request, slug, tahun, semester):
    """The OPD (scoped to the user) of a report period; 404 for an unknown OPD, year or semester."""
    opd = ambil_opd(request.user, slug)
    if semester not in (1, 2) or not Unsur.objects.filter(opd=opd, tahun=tahun).exists():
        raise Http404("Periode laporan tidak ditemukan.")
    return opd


@login_required
@require_safe
def laporan(request, slug, tahun, semester):
    opd = ambil_periode(request, slug, tahun, semester)
    konteks = konteks_laporan(opd, tahun, semester, dengan_kualitas=lihat_kualitas_data(request.user))
    # Sorting on screen where it makes sense; the printed order stays the document's.
    for nama in ("risiko", "temuan"):
        tabel = konteks["tabel"][nama]
        tabel.prefix = f"{nama}-"
        RequestConfig(request, paginate=False).configure(tabel)
    return render(request, "laporan/laporan.html", konteks)


@login_required
@require_safe
def laporan_json(request, slug, tahun, semester):
    """Every figure of the report, machine-readable (open data)."""
    opd = ambil_periode(request, slug, tahun, semester)
    data = data_laporan(opd, tahun, semester)
    isi = ke_json(data, dengan_kualitas=lihat_kualitas_data(request.user))
    return HttpResponse(isi, content_type="application/json; charset=utf-8")
