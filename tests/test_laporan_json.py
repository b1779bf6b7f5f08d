"""The report as open data: every figure, unformatted, stable keys, exact decimals, fixed queries."""

import json
from decimal import Decimal

import pytest

from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/laporan/2022/semester/2/data.json"


@pytest.fixture
def data(client, pengguna):
    client.force_login(pengguna["kadis"])
    r = client.get(URL)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/json")
    return json.loads(r.content, parse_float=Decimal)


def cari(data, level, nomor):
    (u,) = [u for u in data["unsur"] if u["level"] == level and u["nomor"] == nomor]
    return u


def test_jumlah(data):
    assert data["skema"] == "e-evaluasi/laporan-semester/v1"
    assert data["opd"]["slug"] == "disnaker"
    assert (data["tahun"], data["semester"], data["sampai_triwulan"]) == (2022, 2, 4)
    assert data["jumlah"]["pagu"] == 9_054_343_734
    assert data["jumlah"]["realisasi_anggaran"] == 8_535_509_727
    assert data["jumlah"]["serapan"] == Decimal("94.269778")


def test_angka_seed(data):
    assert cari(data, "program", "1")["pagu"] == 6_267_343_734
    s18 = cari(data, "sub_kegiatan", "18")["indikator"][1]
    assert [k["jumlah"] for k in s18["target"]] == [1, 5, 10]
    assert s18["realisasi"] == [None, 5, 10]
    assert s18["capaian"] == Decimal("93.75")
    penduduk = cari(data, "sasaran_pd", "1")["indikator"][0]
    assert penduduk["kunci"] == "SS1.1"
    assert penduduk["capaian"] == Decimal("99.030252")
    assert penduduk["target"] == [{"jumlah": Decimal("94.87"), "satuan": "%"}]
    assert penduduk["target_tahun_berikut"] == [{"jumlah": Decimal("95.03"), "satuan": "%"}]
    assert cari(data, "sub_kegiatan", "28")["indikator"][0]["capaian"] == 2713
    assert cari(data, "sub_kegiatan", "32")["indikator"][1]["capaian"] == Decimal("1837.5")
    transmigran = cari(data, "sub_kegiatan", "39")["indikator"][0]
    assert (transmigran["realisasi_jumlah"], transmigran["capaian"]) == (None, None)
    assert transmigran["status_capaian"] == "belum_diisi"


def test_semua_baris_dan_kunci_stabil(data):
    assert len([u for u in data["unsur"] if u["level"] == "sub_kegiatan"]) == 40
    kunci = [i["kunci"] for u in data["unsur"] for i in u["indikator"]]
    assert len(kunci) == len(set(kunci))
    assert cari(data, "kegiatan", "9")["induk"] == {"level": "program", "nomor": "3"}
    assert cari(data, "sub_kegiatan", "22")["bidang"] == "pelatihan"


def test_tanpa_float_di_teks(client, pengguna):
    client.force_login(pengguna["kadis"])
    teks = client.get(URL).content.decode()
    assert "e+" not in teks.lower()
    assert '"serapan": 94.269778' in teks


def test_temuan_hanya_untuk_peran_tertentu(client, pengguna, data):
    assert any("99,3%" in t["pesan"] for t in data["temuan_kualitas_data"])
    client.force_login(pengguna["op_hi"])
    assert "temuan_kualitas_data" not in client.get(URL).json()


def test_kueri_tetap(client, pengguna, django_assert_num_queries):
    client.force_login(pengguna["inspektorat"])
    buat_opd_sintetis(7, 2022, program=60, kegiatan=3, sub=2)
    # session, user, groups, OPD, period check, report data (8)
    with django_assert_num_queries(14):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(14):
        assert client.get("/opd/sintetis-7/laporan/2022/semester/2/data.json").status_code == 200


def test_lingkup_dan_404(client, pengguna):
    buat_opd_sintetis(8, 2022, program=1, kegiatan=1, sub=1)
    client.force_login(pengguna["kadis"])
    assert client.get("/opd/sintetis-8/laporan/2022/semester/2/data.json").status_code == 404
    assert client.get("/opd/disnaker/laporan/2022/semester/5/data.json").status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302
