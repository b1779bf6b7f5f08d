"""The semester report as PDF (work in progress)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def laporan_pdf(request, slug, tahun, semester):
    raise Http404("Belum tersedia.")
