"""Error pages in Indonesian, like the 404/500/503 pages: 403 (no right), 400 (bad request), CSRF failure."""

import pytest
from django.conf import settings
from django.test import Client

from evaluasi.contoh import KATA_SANDI_DEMO
from tests.test_entri import isian, sub, url

pytestmark = pytest.mark.django_db


def test_403_ramah_dengan_alasan(client, pengguna):
    client.force_login(pengguna["op_pelatihan"])
    r = client.get("/kabupaten/")
    assert r.status_code == 403
    assert r["Content-Type"].startswith("text/html")
    assert "<h1>Akses ditolak</h1>" in r.text
    assert "Ikhtisar kabupaten hanya untuk Bappeda dan Inspektorat." in r.text  # the view's own reason
    assert "Kembali ke beranda" in r.text and "Keluar" in r.text  # the site's frame: a logged-in page
    assert "403 Forbidden" not in r.text
    assert "Content-Security-Policy" in r


def test_403_isian_hanya_baca(client, pengguna):
    client.force_login(pengguna["kadis"])
    alamat = url(sub(22))
    r = client.post(alamat, isian(client.get(alamat)).data)
    assert r.status_code == 403
    assert "Akses ditolak" in r.text and "Anda hanya dapat melihat realisasi ini." in r.text


def test_400_ramah_untuk_host_tak_dikenal():
    r = Client(HTTP_HOST="penyerang.example").get("/accounts/login/")
    assert r.status_code == 400
    assert "<h1>Permintaan tidak valid</h1>" in r.text
    assert "Bad Request" not in r.text and "DisallowedHost" not in r.text
    assert "evaluasi/galat.css" in r.text


def test_csrf_gagal_halaman_indonesia(pengguna):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/accounts/login/", {"username": "kadis", "password": KATA_SANDI_DEMO})
    assert r.status_code == 403
    assert "<h1>Formulir tidak dapat dikirim</h1>" in r.text
    assert "kuki" in r.text
    assert "CSRF verification failed" not in r.text and "Forbidden" not in r.text
    assert "Content-Security-Policy" in r
    # The entry form too, without the token a stale page would lack.
    c.force_login(pengguna["op_pelatihan"])
    alamat = url(sub(22))
    data = isian(c.get(alamat)).data
    data.pop("csrfmiddlewaretoken", None)
    r = c.post(alamat, data)
    assert r.status_code == 403 and "Formulir tidak dapat dikirim" in r.text
    assert settings.CSRF_COOKIE_NAME in c.cookies
