"""Security through the real login form and pages: throttling, CSRF, idle sessions, headers, passwords."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from evaluasi.contoh import KATA_SANDI_DEMO
from evaluasi.middleware import SesiMenganggurMiddleware
from tests.test_entri import isian, sub, url

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parent.parent
MASUK = "/accounts/login/"
LAPORAN = "/opd/disnaker/laporan/2022/semester/2/"


def test_dua_puluh_sandi_salah_dibatasi():
    """20 wrong passwords: the first AXES_FAILURE_LIMIT-1 say "salah", then 429 with the lockout page."""
    c = Client(REMOTE_ADDR="10.1.2.3")
    batas = settings.AXES_FAILURE_LIMIT
    status = []
    for _ in range(20):
        r = c.post(MASUK, {"username": "kadis", "password": "bukan-sandinya"})
        status.append(r.status_code)
        if r.status_code == 429:
            assert "Terlalu banyak percobaan masuk" in r.text
            assert "Silakan coba lagi setelah 15 menit" in r.text
        else:
            assert "Nama pengguna atau kata sandi salah" in r.text
    assert status == [200] * (batas - 1) + [429] * (20 - batas + 1)
    # Locked: even the right password is refused from this address...
    r = c.post(MASUK, {"username": "kadis", "password": KATA_SANDI_DEMO})
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
    # ...while another user from the same address, and the same user from elsewhere, still log in.
    assert (
        Client(REMOTE_ADDR="10.1.2.3")
        .post(MASUK, {"username": "verifikator", "password": KATA_SANDI_DEMO})["Location"]
        .endswith("/")
    )
    lain = Client(REMOTE_ADDR="10.9.9.9")
    assert lain.post(MASUK, {"username": "kadis", "password": KATA_SANDI_DEMO}).status_code == 302


def test_masuk_berhasil_mereset_hitungan():
    c = Client(REMOTE_ADDR="10.1.2.4")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert c.post(MASUK, {"username": "kadis", "password": "salah"}).status_code == 200
    assert c.post(MASUK, {"username": "kadis", "password": KATA_SANDI_DEMO}).status_code == 302
    c.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert c.post(MASUK, {"username": "kadis", "password": "salah"}).status_code == 200


def test_penyemprotan_sandi_dari_satu_alamat_dikunci(settings):
    """One wrong try each on many usernames (password spraying) from one address: locked after the
    address limit, with the page saying the address is locked; a valid login in between resets nothing."""
    assert settings.MASUK_GAGAL_MAKS_ALAMAT == int(os.environ.get("MASUK_GAGAL_MAKS_ALAMAT", 30))
    assert settings.MASUK_GAGAL_MAKS_ALAMAT > settings.AXES_FAILURE_LIMIT
    settings.MASUK_GAGAL_MAKS_ALAMAT = batas = 8  # the rule, not the number: fewer slow password hashes
    c = Client(REMOTE_ADDR="10.7.7.7")
    nama = ["kadis", "verifikator", "op_pelatihan", "op_hi", "inspektorat", "bappeda", "admin"]
    nama += [f"tamu{i}" for i in range(batas)]  # unknown usernames count too
    for n in nama[: batas - 2]:
        r = c.post(MASUK, {"username": n, "password": "tebakan-umum-2022"})
        assert r.status_code == 200 and "Nama pengguna atau kata sandi salah" in r.text, n
    # An attacker's own valid account logging in does not reset the address's count.
    sah = Client(REMOTE_ADDR="10.7.7.7").post(MASUK, {"username": "op_ipk", "password": KATA_SANDI_DEMO})
    assert sah.status_code == 302
    r = c.post(MASUK, {"username": nama[batas - 2], "password": "tebakan-umum-2022"})
    assert r.status_code == 200
    r = c.post(MASUK, {"username": nama[batas - 1], "password": "tebakan-umum-2022"})
    assert r.status_code == 429
    assert "Terlalu banyak percobaan masuk" in r.text
    assert "Semua percobaan masuk dari alamat Anda untuk sementara dikunci" in r.text
    assert "Silakan coba lagi setelah 15 menit" in r.text
    # Every username from that address is refused now, even with the right password...
    r = Client(REMOTE_ADDR="10.7.7.7").post(MASUK, {"username": "kadis", "password": KATA_SANDI_DEMO})
    assert r.status_code == 429
    # ...while the same accounts log in from another address.
    lain = Client(REMOTE_ADDR="10.8.8.8").post(MASUK, {"username": "kadis", "password": KATA_SANDI_DEMO})
    assert lain.status_code == 302


def test_satu_akun_terkunci_tidak_mengunci_kantor(settings):
    """Retries on one locked account are refused without being counted: colleagues behind the same
    address are not locked out by them."""
    c = Client(REMOTE_ADDR="10.6.6.6")
    for _ in range(settings.MASUK_GAGAL_MAKS_ALAMAT + 5):
        c.post(MASUK, {"username": "op_hi", "password": "salah-terus"})
    r = c.post(MASUK, {"username": "op_hi", "password": "salah-terus"})
    assert r.status_code == 429
    assert "Akun ini untuk sementara dikunci dari alamat Anda" in r.text
    rekan = Client(REMOTE_ADDR="10.6.6.6").post(MASUK, {"username": "op_pelatihan", "password": KATA_SANDI_DEMO})
    assert rekan.status_code == 302


def test_csrf_ditegakkan_pada_masuk_dan_isian(pengguna):
    c = Client(enforce_csrf_checks=True)
    assert c.post(MASUK, {"username": "kadis", "password": KATA_SANDI_DEMO}).status_code == 403
    c.force_login(pengguna["op_pelatihan"])
    s22 = sub(22)
    data = isian(c.get(url(s22))).data
    data.pop("csrfmiddlewaretoken", None)
    data["anggaran"] = "Rp 1.000.000"
    assert c.post(url(s22), data).status_code == 403
    # With the token from the page the same POST is accepted.
    data["csrfmiddlewaretoken"] = c.cookies[settings.CSRF_COOKIE_NAME].value
    assert c.post(url(s22), data).status_code == 302


def _sesi(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_sesi_berakhir_setelah_menganggur(client, pengguna):
    """Idle longer than SESSION_COOKIE_AGE: logged out; activity moves the end forward."""
    client.force_login(pengguna["kadis"])
    umur = settings.SESSION_COOKIE_AGE
    awal = _sesi(client).expire_date
    assert abs((awal - timezone.now()) - timedelta(seconds=umur)) < timedelta(seconds=30)
    assert client.get(LAPORAN).status_code == 200
    assert _sesi(client).expire_date == awal  # within SESI_SEGARKAN_DETIK: no session write

    # Activity after the refresh interval pushes the end to now + the idle time.
    s = client.session
    s[SesiMenganggurMiddleware.KUNCI] = int(time.time()) - settings.SESI_SEGARKAN_DETIK - 1
    s.save()
    Session.objects.filter(pk=s.session_key).update(expire_date=timezone.now() + timedelta(seconds=60))
    assert client.get(LAPORAN).status_code == 200
    baru = _sesi(client).expire_date
    assert abs((baru - timezone.now()) - timedelta(seconds=umur)) < timedelta(seconds=30)

    # Idle past the end: the same cookie no longer logs in.
    Session.objects.filter(pk=s.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    r = client.get(LAPORAN)
    assert r.status_code == 302 and r["Location"].startswith(MASUK)


def test_waktu_menganggur_dapat_diatur():
    assert settings.SESSION_COOKIE_AGE == int(os.environ.get("SESI_MENGANGGUR_DETIK", 7200))
    assert 0 < settings.SESI_SEGARKAN_DETIK <= settings.SESSION_COOKIE_AGE // 12


def test_header_keamanan(client, pengguna):
    client.force_login(pengguna["kadis"])
    r = client.get(LAPORAN)
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    masuk = Client().get(MASUK)
    kuki = masuk.cookies[settings.CSRF_COOKIE_NAME]
    assert kuki["samesite"] == "Lax"


def test_sandi_kuat_minimal_sepuluh():
    with pytest.raises(ValidationError) as exc:
        validate_password("Kp9#x2Lm!")  # 9 characters
    assert "10" in str(exc.value)
    with pytest.raises(ValidationError):
        validate_password("1234567890123")  # numeric only
    validate_password("Evaluasi-Kinerja-2026")


SKRIP_PRODUKSI = """
import django, json
django.setup()
from django.test import Client
c = Client(HTTP_HOST="evaluasi.contoh.go.id")
biasa = c.get("/accounts/login/")
aman = c.get("/accounts/login/", secure=True)
sehat = c.get("/sehat/")
print(json.dumps({
    "biasa": [biasa.status_code, biasa.get("Location")],
    "hsts": aman.get("Strict-Transport-Security"),
    "kuki_csrf_aman": bool(aman.cookies["csrftoken"]["secure"]),
    "sehat": sehat.status_code,
}))
"""


def test_pengaturan_produksi_https_hsts_kuki_aman(tmp_path):
    """DEBUG=0: HTTP goes to HTTPS (but the health check), HSTS, secure cookies."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "disnaker.settings",
        "DEBUG": "0",
        "SECRET_KEY": "uji-" + "y" * 60,
        "ALLOWED_HOSTS": "evaluasi.contoh.go.id",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE, env=env, check=True, timeout=300)
    hasil = subprocess.run(
        [sys.executable, "-c", SKRIP_PRODUKSI], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
    )
    assert hasil.returncode == 0, hasil.stderr
    data = json.loads(hasil.stdout.strip().splitlines()[-1])
    assert data["biasa"] == [301, "https://evaluasi.contoh.go.id/accounts/login/"]
    assert data["hsts"].startswith("max-age=31536000")
    assert data["kuki_csrf_aman"] is True
    assert data["sehat"] == 200  # the load balancer's probe is exempt from the redirect
