"""Content-Security-Policy: the header on HTML pages, and templates that need no 'unsafe-inline'.

The permission matrix (tests/test_izin*.py, ``KlienMatriks``) checks the header on every HTML page it
opens; the browser test (tests/browser/test_csp.py) checks that pages run without a violation.
"""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.test_entri import sub, url

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parent.parent
HALAMAN = ["/", "/opd/disnaker/", "/opd/disnaker/laporan/2022/semester/2/", "/opd/disnaker/laporan/2022/e81/"]


def arahan(response):
    """The policy as {directive: [sources]}."""
    hasil = {}
    for bagian in response["Content-Security-Policy"].split(";"):
        nama, *sumber = bagian.split()
        hasil[nama] = sumber
    return hasil


def test_kebijakan_halaman_tanpa_unsafe_inline(client, pengguna):
    client.force_login(pengguna["kadis"])
    for path in [*HALAMAN, url(sub(22))]:
        r = client.get(path)
        assert r.status_code == 200, path
        a = arahan(r)
        assert a["default-src"] == ["'self'"]
        assert a["script-src"] == ["'self'"] and a["style-src"] == ["'self'"], path
        assert a["img-src"] == ["'self'", "data:"]  # the charts are SVG data URIs
        assert a["object-src"] == ["'none'"] and a["frame-ancestors"] == ["'none'"]
        assert "unsafe-inline" not in r["Content-Security-Policy"]


def test_halaman_masuk_dan_galat_juga_berkebijakan(client):
    assert "Content-Security-Policy" in Client().get("/accounts/login/")
    assert "Content-Security-Policy" in Client().get("/tidak-ada/")


POLA_TERLARANG = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templat_tanpa_skrip_dan_gaya_sebaris():
    """Pages served to a browser: no inline script, handler, <style> or style attribute (the CSP blocks them).
    The PDF templates (WeasyPrint, on the server) are held to the same rule so a page can include them."""
    temuan = []
    for berkas in sorted((BASE / "templates").rglob("*.html")):
        isi = berkas.read_text()
        for pola, apa in POLA_TERLARANG:
            for m in pola.finditer(isi):
                temuan.append(f"{berkas.relative_to(BASE)}: {apa}: {m.group(0)!r}")
    assert not temuan, "\n".join(temuan)
