"""The semester report page: every section, the seed's figures, scope, 404s, a fixed number of queries."""

import re

import pytest
from django.core.cache import caches

from evaluasi.laporan.konteks import BAGIAN
from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/laporan/2022/semester/2/"


@pytest.fixture
def kadis(client, pengguna):
    client.force_login(pengguna["kadis"])
    return client


def teks(response):
    """The page's visible text with tags removed and spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_semua_bagian_dan_daftar_isi(kadis):
    r = kadis.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    posisi = []
    for anchor, _judul in BAGIAN:
        assert f'id="{anchor}"' in html, anchor
        assert f'href="#{anchor}"' in html, anchor
        posisi.append(html.index(f'id="{anchor}"'))
    assert posisi == sorted(posisi), "sections must follow the document's order"


def test_angka_seed_di_halaman(kadis):
    isi = teks(kadis.get(URL))
    for angka in [
        "JUMLAH 9.054.343.734 8.535.509.727 94,27%",
        "6.267.343.734",
        "93,75%",
        "99,03%",
        "2.713,00%",
        "1.837,50%",
        "RSP15",
        "1 kir, 5 unit kendaraan roda 4, 10 unit kendaraan roda 2",
        "Semester II 2022",
    ]:
        assert angka in isi, angka
    assert "2.022" not in isi  # years are never given thousand separators


def test_sel_capaian_berwarna_predikat(kadis):
    html = kadis.get(URL).content.decode()
    assert re.search(r'class="angka predikat predikat-hijau-tua">\s*93,75%', html)
    # LPK: the document prints 1 of 45 (2,22%); K10 is linked to S25.1 and shows the sum of its rincian, 50.
    assert re.search(r'class="kuantitas">\s*50 LPK<br><small class="jumlah-rincian">jumlah dari rinciannya', html)
    assert re.search(r'class="angka predikat predikat-hijau-tua">\s*111,11%', html)
    assert re.search(r'class="angka predikat predikat-oranye">\s*60,00%', html)  # perselisihan 6 of 10
    assert "Sangat Rendah" in html  # the legend


def test_baris_gabungan_rowspan(kadis):
    html = kadis.get(URL).content.decode()
    # Sub kegiatan 17 has five indicators: its own cells span five rows.
    assert re.search(r'<td rowspan="5"[^>]*>\s*Penyediaan Jasa Pelayanan Umum Kantor', html)


def test_matriks_risiko_menempatkan_tiap_risiko(kadis):
    html = kadis.get(URL).content.decode()
    matriks = html[html.index('class="matriks-risiko"') :]
    matriks = matriks[: matriks.index("</table>")]
    for kode in [f"RSP{i}" for i in range(1, 16)]:
        assert f'<span class="kode">{kode}</span>' in matriks
    # RSP1 is dampak 4 × kemungkinan 4 = 16 (Sedang)
    assert re.search(r'title="Sedang"><span class="nilai">16</span><span class="kode">RSP1</span>', matriks)


def test_semester_1_tanpa_data(kadis):
    r = kadis.get("/opd/disnaker/laporan/2022/semester/1/")
    assert r.status_code == 200
    isi = teks(r)
    assert "Semester I 2022" in isi
    assert "JUMLAH 9.054.343.734 - -" in isi


def test_kualitas_data_hanya_untuk_peran_tertentu(client, pengguna):
    client.force_login(pengguna["kadis"])
    assert 'id="kualitas-data"' in client.get(URL).content.decode()
    client.force_login(pengguna["op_pelatihan"])
    r = client.get(URL)
    assert r.status_code == 200
    assert 'id="kualitas-data"' not in r.content.decode()


def test_temuan_kualitas_data_di_halaman(kadis):
    isi = teks(kadis.get(URL))
    assert "Dokumen mencetak capaian 99,3%, hasil hitung 99,03%." in isi
    assert "Target 224 tidak sama dengan jumlah rinciannya" in isi


@pytest.mark.parametrize(
    "url",
    [
        "/opd/tidak-ada/laporan/2022/semester/2/",
        "/opd/disnaker/laporan/2019/semester/2/",
        "/opd/disnaker/laporan/2022/semester/3/",
    ],
)
def test_periode_tidak_dikenal_404(kadis, url):
    r = kadis.get(url)
    assert r.status_code == 404


def test_opd_lain_404(client, pengguna):
    buat_opd_sintetis(5, 2022, program=1, kegiatan=1, sub=1)
    client.force_login(pengguna["kadis"])
    assert client.get("/opd/sintetis-5/laporan/2022/semester/2/").status_code == 404
    client.force_login(pengguna["inspektorat"])
    assert client.get("/opd/sintetis-5/laporan/2022/semester/2/").status_code == 200


def test_perlu_masuk(client):
    r = client.get(URL)
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_kueri_halaman_tetap(client, pengguna, django_assert_num_queries):
    """Seed, and a synthetic plan ten times larger: the same number of queries."""
    client.force_login(pengguna["inspektorat"])
    buat_opd_sintetis(6, 2022, program=60, kegiatan=3, sub=2)
    caches["ekspor"].clear()  # uncached: a body cached by an earlier test skips the report's queries
    with django_assert_num_queries(KUERI_HALAMAN):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(KUERI_HALAMAN):
        assert client.get("/opd/sintetis-6/laporan/2022/semester/2/").status_code == 200


# session, user, groups, OPD, period check, report data (8), isu, risiko, RTP, prioritas (2),
# rencana aksi, kinerja, proses bisnis, inovasi, dokumentasi
KUERI_HALAMAN = 24  # +1: confirmed plausibility warnings (kewajaran)


def test_halaman_404_ramah(client, pengguna, settings):
    settings.DEBUG = False
    client.force_login(pengguna["kadis"])
    r = client.get("/opd/disnaker/laporan/2019/semester/2/")
    assert r.status_code == 404
    assert "Halaman tidak ditemukan" in r.content.decode()
    assert "Kembali ke beranda" in r.content.decode()


def test_beranda_menautkan_laporan(client, pengguna):
    client.force_login(pengguna["kadis"])
    html = client.get("/").content.decode()
    assert 'href="/opd/disnaker/laporan/2022/semester/2/"' in html
    assert 'href="/opd/disnaker/laporan/2022/e81/"' in html
