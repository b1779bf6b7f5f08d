"""Placeholder for a route whose view is being built: answers 404 so the URL name can already be reversed."""

from django.http import Http404


def belum_ada(request, *args, **kwargs):
    raise Http404("Halaman ini belum tersedia.")
