"""Formulir E.81 (work in progress)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def e81(request, slug, tahun):
    raise Http404("Belum tersedia.")


e81_pdf = e81_xlsx = e81
