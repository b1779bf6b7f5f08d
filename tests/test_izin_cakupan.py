"""Every URL of the app is in a permission matrix: a new view without one fails here.

Each matrix module names the URLs it covers in ``CAKUPAN``; the admin (its own permission
system, tested in test_admin.py and test_izin.py::test_admin) is the only exception.
"""

import importlib

from django.urls import URLPattern, URLResolver, get_resolver

MODUL_MATRIKS = [
    "tests.test_izin",
    "tests.test_izin_alur",
    "tests.test_izin_audit",
    "tests.test_izin_dasbor",
    "tests.test_izin_impor",
    "tests.test_operasi",
]


def _nama_url(resolver, namespace=None):
    for pola in resolver.url_patterns:
        if isinstance(pola, URLResolver):
            if pola.namespace == "admin":
                continue
            yield from _nama_url(pola, pola.namespace)
        elif isinstance(pola, URLPattern):
            yield pola.name if namespace is None else f"{namespace}:{pola.name}"


def test_setiap_url_ada_di_matriks_izin():
    semua = set(_nama_url(get_resolver()))
    assert None not in semua, "setiap URL harus bernama"
    tercakup = set()
    for nama in MODUL_MATRIKS:
        tercakup |= importlib.import_module(nama).CAKUPAN
    assert semua - tercakup == set()
    assert tercakup - semua == set(), "matriks menyebut URL yang tidak ada"
