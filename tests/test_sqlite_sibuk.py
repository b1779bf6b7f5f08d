"""SQLite under concurrent writes: WAL, a busy timeout, and "Sistem sedang sibuk" when the lock never comes.

The test database of the suite lives in memory; here it is copied into a file (SQLite's backup) and
a separate process runs the app on that file with a 1-second busy timeout, while another connection of
that process holds the write lock, as a second gunicorn worker saving at the same moment would.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db  # the suite's test database must exist to be copied

BASE = Path(__file__).resolve().parent.parent

SKRIP = """
import json, sqlite3, sys, threading, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from tests.test_entri import isian, sub, url

berkas = sys.argv[1]
c = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
c.force_login(get_user_model().objects.get(username="op_pelatihan"))
alamat = url(sub(22))
data = isian(c.get(alamat)).data
hasil = {"journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]}

lain = sqlite3.connect(berkas, isolation_level=None, check_same_thread=False)

# 1. Another writer holds the lock longer than the busy timeout: the save gives up -> 503 "sibuk".
lain.execute("BEGIN IMMEDIATE")
t0 = time.perf_counter()
r = c.post(alamat, {**data, "anggaran": "Rp 1.111.111"})
hasil["terkunci"] = [r.status_code, r.get("Retry-After"), r.content.decode(), time.perf_counter() - t0]
# Readers are not blocked by the writer (WAL): the page itself still opens.
hasil["baca_saat_terkunci"] = c.get(alamat).status_code
lain.execute("COMMIT")

# 2. The other writer finishes within the busy timeout: the save waits for it and succeeds.
lain.execute("BEGIN IMMEDIATE")
threading.Timer(0.3, lambda: lain.execute("COMMIT")).start()
t0 = time.perf_counter()
r = c.post(alamat, {**data, "anggaran": "Rp 2.222.222"})
hasil["menunggu"] = [r.status_code, r.get("Location"), time.perf_counter() - t0]
hasil["anggaran_tersimpan"] = isian(c.get(alamat)).data["anggaran"]
print(json.dumps(hasil))
"""


@pytest.fixture(scope="session")
def berkas_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded test database, copied into a file before any test transaction opens (SQLite's backup)."""
    berkas = tmp_path_factory.mktemp("sibuk") / "sibuk.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        tujuan = sqlite3.connect(berkas)
        connection.connection.backup(tujuan)
        tujuan.close()
    return berkas


@pytest.mark.skipif(connection.vendor != "sqlite", reason="khusus SQLite")
def test_tulis_saat_terkunci_sibuk_bukan_tak_terjangkau(berkas_db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "disnaker.settings",
        "DEBUG": "0",
        "SECRET_KEY": "uji-" + "x" * 60,
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{berkas_db}",
        "SQLITE_TUNGGU_DETIK": "1",
    }
    hasil = subprocess.run(
        [sys.executable, "-c", SKRIP, str(berkas_db)], cwd=BASE, env=env, capture_output=True, text=True, timeout=180
    )
    assert hasil.returncode == 0, hasil.stderr
    data = json.loads(hasil.stdout.strip().splitlines()[-1])
    assert data["journal_mode"] == "wal"

    status, coba_lagi, isi, detik = data["terkunci"]
    assert (status, coba_lagi) == (503, "5")
    assert "Sistem sedang sibuk, coba lagi sebentar lagi." in isi
    assert "tidak dapat dihubungi" not in isi and "Traceback" not in isi and "locked" not in isi
    assert detik >= 0.9  # it waited for the busy timeout before giving up
    assert data["baca_saat_terkunci"] == 200
    # The log says "busy", not "unreachable".
    assert "Basis data sibuk" in hasil.stderr and "tidak terjangkau" not in hasil.stderr

    status, lokasi, detik = data["menunggu"]
    assert status == 302, data
    assert detik >= 0.25
    assert "2.222.222" in data["anggaran_tersimpan"]
