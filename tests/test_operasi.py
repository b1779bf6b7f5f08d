"""Operations: the health check, the 503 page while the database is gone, data versions and the report cache.

``/sehat/`` is the one URL without login (a load balancer cannot log in): it is in the permission
matrix here, for every role, and it shows no data. The report page and PDF are cached per data
version; every write through the ORM bumps it (evaluasi/sinyal.py), so an entry saved through the
form shows on the next request.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from evaluasi.ekspor import pdf as ekspor_pdf
from evaluasi.models import Anggaran, AnggaranTriwulan, KunciPeriode, Realisasi, Risiko, Unsur
from evaluasi.sintetis import buat_opd_sintetis
from evaluasi.versi import versi_data
from tests.test_entri import isian, sub, url
from tests.test_izin import PERAN, klien

# URL names this permission matrix covers (tests/test_izin_cakupan.py checks every URL is covered).
CAKUPAN = {"sehat"}

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parent.parent
LAPORAN = "/opd/disnaker/laporan/2022/semester/2/"

# A cached report page or PDF: session, user, groups, OPD (scope), period check + data version.
KUERI_TEMBOLOK = 5


@pytest.fixture(autouse=True)
def tembolok(tmp_path):
    """Each test its own report cache (the real file-based backend) in a temporary directory."""
    caches_uji = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ekspor": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    with override_settings(CACHES=caches_uji):
        yield tmp_path


# --- Health check -------------------------------------------------------------------------------


@pytest.mark.parametrize("peran", PERAN)
def test_sehat_tanpa_masuk_untuk_semua(pengguna, peran):
    r = klien(pengguna, peran).get("/sehat/")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}  # nothing but the status: no data, no version, no names
    assert "no-cache" in r["Cache-Control"]


@pytest.mark.parametrize("metode", ["post", "put", "delete"])
def test_sehat_hanya_baca(client, metode):
    assert getattr(client, metode)("/sehat/").status_code == 405


def test_sehat_satu_kueri(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/sehat/").status_code == 200


# --- Database unreachable: the friendly 503 (a separate process whose database cannot be opened) ----

SKRIP_DB_MATI = """
import django, os, json
django.setup()
from django.test import Client

c = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
hasil = {}
for nama, path, cookie in [
    ("sehat", "/sehat/", False),
    ("laporan", "/opd/disnaker/laporan/2022/semester/2/", True),
    ("beranda", "/", True),
    ("masuk", "/accounts/login/", False),
]:
    c.cookies.clear()
    if cookie:
        c.cookies["sessionid"] = "sesi-yang-tidak-bisa-dibaca"
    r = c.get(path)
    hasil[nama] = [r.status_code, r.get("Retry-After"), r.content.decode()]
r = c.post("/accounts/login/", {"username": "kadis", "password": "lamongan2022"})
hasil["masuk_post"] = [r.status_code, r.get("Retry-After"), r.content.decode()]
print(json.dumps(hasil))
"""


@pytest.mark.parametrize("debug", ["0", "1"])
def test_db_tak_terjangkau_503_ramah(tmp_path, debug):
    import json

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "disnaker.settings",
        "DEBUG": debug,
        "SECRET_KEY": "uji-" + "x" * 60,
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # A database that cannot be opened: the directory does not exist.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tidak-ada' / 'db.sqlite3'}",
    }
    hasil = subprocess.run(
        [sys.executable, "-c", SKRIP_DB_MATI], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
    )
    assert hasil.returncode == 0, hasil.stderr
    data = json.loads(hasil.stdout.strip().splitlines()[-1])
    assert data["sehat"][:2] == [503, "30"]
    assert "basis data tidak terjangkau" in data["sehat"][2]
    for nama in ("laporan", "beranda", "masuk_post"):
        status, coba_lagi, isi = data[nama]
        assert (status, coba_lagi) == (503, "30"), nama
        assert "Layanan sedang tidak tersedia" in isi
        assert "Traceback" not in isi and "OperationalError" not in isi and "sqlite" not in isi.lower()
    assert data["masuk"][0] == 200  # the login form itself needs no database
    if debug == "0":
        # Logged once per failure, as JSON lines on stderr.
        baris = [json.loads(b) for b in hasil.stderr.splitlines() if b.startswith("{")]
        assert baris and all("level" in b and "pesan" in b for b in baris)


# --- Data versions ----------------------------------------------------------------------------------


def test_simpan_dan_hapus_menaikkan_versi(opd):
    """Each kind of row of an OPD's data, saved or deleted through the ORM, bumps that OPD's version only."""
    lain = buat_opd_sintetis(41, 2022, program=1, kegiatan=1, sub=1)
    v_lain = versi_data(lain)
    s22 = Unsur.objects.get(opd=opd, tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor="22")
    real = Realisasi.objects.filter(indikator__unsur=s22).first()
    nilai = real.nilai.first()
    ubah = [
        s22,
        s22.indikator.first(),
        real,
        nilai,
        nilai.komponen,
        nilai.komponen.target,
        Anggaran.objects.get(unsur=s22),
        AnggaranTriwulan.objects.filter(anggaran__unsur=s22).first(),
        Risiko.objects.filter(opd=opd).first(),
    ]
    for obj in ubah:
        fresh = type(obj).objects.get(pk=obj.pk)  # no related objects loaded: the OPD is looked up
        v = versi_data(opd)
        fresh.save()
        assert versi_data(opd) == v + 1, type(obj).__name__
    v = versi_data(opd)
    KunciPeriode.objects.create(opd=opd, tahun=2022, triwulan=1, dikunci_pada="2022-04-01T00:00:00+07:00")
    assert versi_data(opd) == v + 1
    nilai.delete()
    assert versi_data(opd) == v + 2
    assert versi_data(lain) == v_lain


def test_opd_dihapus_tanpa_galat():
    """Deleting a whole OPD cascades its rows; no version row is re-created for it on the way."""
    o = buat_opd_sintetis(42, 2022, program=1, kegiatan=1, sub=1)
    Unsur.objects.filter(opd=o).order_by("-urutan").delete()
    o.delete()
    from evaluasi.models import VersiData

    assert not VersiData.objects.filter(opd_id=o.pk).exists()


# --- The cached report ------------------------------------------------------------------------------


def tanpa_token(response):
    """The page without its CSRF token (masked afresh on every response, by design)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_halaman_laporan_dari_tembolok_kueri_tetap(pengguna, django_assert_num_queries):
    """Cached: the same bytes, KUERI_TEMBOLOK queries at the seed's size and at ten times it."""
    besar = buat_opd_sintetis(43, 2022, program=60, kegiatan=3, sub=2)
    c = klien(pengguna, "inspektorat")
    for path in (LAPORAN, f"/opd/{besar.slug}/laporan/2022/semester/2/"):
        pertama = c.get(path)
        assert pertama.status_code == 200
        with django_assert_num_queries(KUERI_TEMBOLOK):
            kedua = c.get(path)
        assert tanpa_token(kedua) == tanpa_token(pertama)


def test_tembolok_memisahkan_peran_dan_urutan(pengguna):
    """The data-quality section follows the role, the sorting links the query string, the user name the user."""
    kadis = klien(pengguna, "kadis").get(LAPORAN).content.decode()
    operator = klien(pengguna, "op_pelatihan").get(LAPORAN).content.decode()
    assert 'id="kualitas-data"' in kadis and 'id="kualitas-data"' not in operator
    assert ">op_pelatihan<" in operator and ">kadis<" not in operator
    urut = klien(pengguna, "kadis").get(LAPORAN + "?risiko-sort=-kode").content.decode()
    assert "risiko-sort=kode" in urut and urut != kadis


def test_isian_formulir_langsung_tampak_di_halaman_dan_pdf(pengguna):
    """An entry saved through the form changes the cached page and PDF on the very next request.

    A saved entry is a draft: the Kepala Dinas sees it with the switch "termasuk yang belum diverifikasi".
    """
    draf = "?draf=1"
    kadis = klien(pengguna, "kadis")
    lama_html = kadis.get(LAPORAN + draf).content.decode()
    lama_pdf = kadis.get(LAPORAN + "pdf/" + draf).content
    render = ekspor_pdf.jumlah_render
    assert kadis.get(LAPORAN + "pdf/" + draf).content == lama_pdf and ekspor_pdf.jumlah_render == render

    s22 = sub(22)
    op = klien(pengguna, "op_pelatihan")
    f = isian(op.get(url(s22)))
    f.data["anggaran"] = "Rp 1.000.000"
    assert op.post(url(s22), f.data).status_code == 302

    baru_html = kadis.get(LAPORAN + draf).content.decode()
    assert "8.535.509.727" in lama_html and "8.536.509.727" in baru_html
    baru_pdf = kadis.get(LAPORAN + "pdf/" + draf).content
    assert ekspor_pdf.jumlah_render == render + 1 and baru_pdf != lama_pdf


def test_pdf_tembolok_kueri_tetap(pengguna, django_assert_num_queries):
    c = klien(pengguna, "inspektorat")
    assert c.get(LAPORAN + "pdf/").status_code == 200
    render = ekspor_pdf.jumlah_render
    with django_assert_num_queries(KUERI_TEMBOLOK):
        assert c.get(LAPORAN + "pdf/").status_code == 200
    assert ekspor_pdf.jumlah_render == render


def test_tanpa_baris_versi_tidak_ditembolok(pengguna, tembolok):
    """An OPD whose data never bumped a version (rows written around the ORM) is rendered every time."""
    o = buat_opd_sintetis(44, 2022, program=1, kegiatan=1, sub=1)
    from evaluasi.models import VersiData

    VersiData.objects.filter(opd=o).delete()
    c = klien(pengguna, "bappeda")
    assert c.get(f"/opd/{o.slug}/laporan/2022/semester/2/").status_code == 200
    assert not any(tembolok.iterdir())


def test_versi_sesudah_rollback_tidak_pernah_sama(opd):
    """A bump undone by a rollback and a later bump reach the same number: the key's time tells them apart."""
    from django.db import transaction

    from evaluasi.models import VersiData
    from evaluasi.versi import naikkan_versi

    def versi():
        return VersiData.objects.values_list("versi", "diubah_pada").get(opd=opd)

    class Batal(Exception):
        pass

    with pytest.raises(Batal), transaction.atomic():
        naikkan_versi(opd)
        dibatalkan = versi()
        raise Batal
    naikkan_versi(opd)
    sekarang = versi()
    assert sekarang[0] == dibatalkan[0] and sekarang != dibatalkan
    assert ekspor_pdf.kunci_versi("x", opd.pk, sekarang) != ekspor_pdf.kunci_versi("x", opd.pk, dibatalkan)
