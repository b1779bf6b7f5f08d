"""Settings and the pages outside the report: login everywhere, production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parent.parent


def test_bahasa_zona_waktu_dan_pemisah_ribuan():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_THOUSAND_SEPARATOR


def test_beranda_perlu_masuk(client):
    r = client.get("/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_masuk_dengan_pengguna_demo(client):
    r = client.post("/accounts/login/", {"username": "kadis", "password": "lamongan2022"})
    assert r.status_code == 302
    beranda = client.get("/")
    assert beranda.status_code == 200
    assert "Dinas Tenaga Kerja" in beranda.text


def test_masuk_gagal_pesan_indonesia(client):
    r = client.post("/accounts/login/", {"username": "kadis", "password": "salah"})
    assert r.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in r.text


def test_check_deploy_bersih_dengan_pengaturan_produksi(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "uji-" + "k7#Qz9!mP2@vL5$wX8^rT1&yB4*nC6(dF3)hJ0" * 2,
        "ALLOWED_HOSTS": "evaluasi.lamongankab.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    hasil = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


def test_produksi_tanpa_secret_key_ditolak():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DEBUG"] = "0"
    hasil = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE, env=env, capture_output=True, text=True)
    assert hasil.returncode != 0
    assert "SECRET_KEY wajib diisi" in hasil.stderr
