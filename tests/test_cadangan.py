"""Backup and restore: back up the seed (with an evidence file), restore into a fresh database, same report.

The fresh database is of the same kind as the test database: a new SQLite file, or on PostgreSQL a
new database on the same server (dropped afterwards). The restore and the report run in separate
processes, as an operator would run them.
"""

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from evaluasi.cadangan import baca_manifest
from evaluasi.models import DataDukung, Unsur

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parent.parent
URL_JSON = "/opd/disnaker/laporan/2022/semester/2/data.json"
BUKTI = b"%PDF-1.4 bukti kegiatan pelatihan\n" * 50

SKRIP_JSON = """
import sys, django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
c = Client(HTTP_HOST="127.0.0.1")
c.force_login(get_user_model().objects.get(username="admin"))
r = c.get(sys.argv[1])
assert r.status_code == 200, r.status_code
open(sys.argv[2], "wb").write(r.content)
"""


@pytest.fixture
def basis_data_baru(tmp_path):
    """DATABASE_URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'pulih.sqlite3'}"
        return
    import psycopg2

    db = settings.DATABASES["default"]
    nama = f"evaluasi_pulih_{os.getpid()}"
    kw = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": db["NAME"]}
    if db.get("PASSWORD"):
        kw["password"] = db["PASSWORD"]
    admin = psycopg2.connect(**kw)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{nama}"')
        cur.execute(f'CREATE DATABASE "{nama}"')
    sandi = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    try:
        yield f"postgres://{db['USER']}{sandi}@{kw['host']}:{kw['port']}/{nama}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def bukti(tmp_path, monkeypatch, pengguna):
    """An evidence file of sub kegiatan 22 in a private storage under tmp_path."""
    field = DataDukung._meta.get_field("berkas")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "pribadi-asal"))
    unsur = Unsur.objects.get(opd__slug="disnaker", tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor="22")
    d = DataDukung(
        unsur=unsur,
        triwulan=4,
        nama_asli="daftar hadir.pdf",
        jenis_konten="application/pdf",
        ukuran=len(BUKTI),
        sha256=hashlib.sha256(BUKTI).hexdigest(),
        diunggah_oleh=pengguna["op_pelatihan"],
    )
    d.berkas.save("bukti.pdf", ContentFile(BUKTI), save=False)
    d.save()
    return d


def jalankan(env, *argumen):
    hasil = subprocess.run([sys.executable, *argumen], cwd=BASE, env=env, capture_output=True, text=True, timeout=600)
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    return hasil.stdout


def test_cadangkan_pulihkan_json_laporan_identik(tmp_path, basis_data_baru, bukti, pengguna):
    client = Client()
    client.force_login(pengguna["admin"])
    asli = client.get(URL_JSON).content
    assert asli.startswith(b"{")

    arsip = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(arsip), verbosity=0)
    manifest = baca_manifest(arsip)
    assert manifest["baris"]["evaluasi.unsur"] == Unsur.objects.count()
    assert f"berkas/pribadi/{bukti.berkas.name}" in manifest["anggota"]

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "disnaker.settings",
        "DATABASE_URL": basis_data_baru,
        "PRIBADI_ROOT": str(tmp_path / "pribadi-baru"),
        "CACHE_EKSPOR_DIR": str(tmp_path / "tembolok"),
    }
    jalankan(env, "manage.py", "migrate", "-v0")
    keluar = jalankan(env, "manage.py", "pulihkan", str(arsip))
    assert "Dipulihkan:" in keluar and "1 berkas" in keluar
    hasil = tmp_path / "pulih.json"
    jalankan(env, "-c", SKRIP_JSON, URL_JSON, str(hasil))
    assert hasil.read_bytes() == asli  # byte-identical report JSON
    assert (tmp_path / "pribadi-baru" / bukti.berkas.name).read_bytes() == BUKTI

    # A second restore into the now non-empty database is refused, and changes nothing.
    hasil_kedua = subprocess.run(
        [sys.executable, "manage.py", "pulihkan", str(arsip)], cwd=BASE, env=env, capture_output=True, text=True
    )
    assert hasil_kedua.returncode != 0
    assert "Basis data tujuan tidak kosong" in hasil_kedua.stderr


def test_arsip_rusak_ditolak(tmp_path):
    arsip = tmp_path / "cadangan.tar.gz"
    call_command("cadangkan", str(arsip), verbosity=0)
    # Rebuild the archive with one changed byte in the database dump, the manifest unchanged.
    rusak = tmp_path / "rusak.tar.gz"
    with tarfile.open(arsip, "r:gz") as asal, tarfile.open(rusak, "w:gz") as tujuan:
        for info in asal.getmembers():
            isi = asal.extractfile(info).read()
            if info.name == "basisdata.json":
                isi = isi.replace(b"Tenaga Kerja", b"Tenaga Kerjo", 1)
            info.size = len(isi)
            import io

            tujuan.addfile(info, io.BytesIO(isi))
    with pytest.raises(CommandError, match="rusak"):
        call_command("pulihkan", str(rusak), verbosity=0)


def test_folder_tujuan_diberi_nama(tmp_path):
    call_command("cadangkan", str(tmp_path), verbosity=0)
    [arsip] = list(tmp_path.glob("cadangan-*.tar.gz"))
    assert not list(tmp_path.glob("*.sebagian"))
    assert baca_manifest(arsip)["format"] == "e-evaluasi-cadangan/1"
