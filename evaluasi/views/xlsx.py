"""The semester report as XLSX (work in progress)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def laporan_xlsx(request, slug, tahun, semester):
    raise Http404("Belum tersedia.")
