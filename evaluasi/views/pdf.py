"""The semester report as an official PDF document: the page's sections and tables, laid out for A4 landscape."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from evaluasi.akses import lihat_kualitas_data
from evaluasi.ekspor.pdf import pdf_dari_templat
from evaluasi.laporan.konteks import konteks_laporan
from evaluasi.views.laporan import ambil_periode


@login_required
@require_safe
def laporan_pdf(request, slug, tahun, semester):
    """Same data and tables as the page; served from cache while the data it shows is unchanged."""
    opd = ambil_periode(request, slug, tahun, semester)
    konteks = konteks_laporan(opd, tahun, semester, dengan_kualitas=lihat_kualitas_data(request.user))
    # Paper keeps the document's order: no sorting links. (render_table gives _tabel.html a
    # fresh context, so the `cetak` flag alone does not reach it; the tables must say so.)
    for tabel in konteks["tabel"].values():
        tabel.orderable = False
    konteks["cetak"] = True
    pdf = pdf_dari_templat("laporan/cetak.html", konteks)
    nama = f"evaluasi-{opd.slug}-{tahun}-semester-{semester}.pdf"
    return HttpResponse(
        pdf, content_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{nama}"'}
    )
