"""The semester report as an official PDF document: the page's sections and tables, laid out for A4 landscape."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from evaluasi.akses import lihat_kualitas_data
from evaluasi.ekspor.pdf import kunci_versi, pdf_berversi
from evaluasi.laporan import resmi
from evaluasi.laporan.konteks import konteks_laporan
from evaluasi.views.laporan import ambil_periode_berversi


@login_required
@require_safe
def laporan_pdf(request, slug, tahun, semester):
    """Same data and tables as the page; served from cache while the OPD's data version is unchanged."""
    opd, versi = ambil_periode_berversi(request, slug, tahun, semester)
    dengan_kualitas = lihat_kualitas_data(request.user)
    draf = resmi.termasuk_draf(request)

    def konteks():
        k = konteks_laporan(opd, tahun, semester, dengan_kualitas=dengan_kualitas, termasuk_draf=draf)
        # Paper keeps the document's order: no sorting links. (render_table gives _tabel.html a
        # fresh context, so the `cetak` flag alone does not reach it; the tables must say so.)
        for tabel in k["tabel"].values():
            tabel.orderable = False
        k["cetak"] = True
        return k

    # The switch is part of the key: a draft PDF is never served as the official one (nor the reverse).
    kunci = kunci_versi("laporan-pdf", opd.pk, versi, tahun, semester, dengan_kualitas, draf)
    pdf = pdf_berversi("laporan/cetak.html", kunci, konteks)
    nama = f"evaluasi-{opd.slug}-{tahun}-semester-{semester}{'-draf' if draf else ''}.pdf"
    return HttpResponse(
        pdf, content_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{nama}"'}
    )
