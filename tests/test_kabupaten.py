"""The kabupaten overview /kabupaten/: figures agree with each OPD's report, ranking, sorting, XLSX, query count."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from evaluasi import capaian
from evaluasi.laporan.data import data_laporan
from evaluasi.models import KunciPeriode, Opd
from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db


def klien(pengguna, username="bappeda"):
    c = Client()
    c.force_login(pengguna[username])
    return c


@pytest.fixture
def tiga_opd(db):
    """Three synthetic OPD (random but deterministic figures) beside the seed."""
    return [buat_opd_sintetis(n, 2022, program=2, kegiatan=2, sub=2, seed=n) for n in (81, 82, 83)]


def rata_iku_laporan(opd, triwulan=4):
    """The mean IKU score as the report service computes it, OPD by OPD (the reference).

    DESIGN.md: capaian s.d. TW n against the target s.d. TW n, each capped at 100 (the default).
    """
    data = data_laporan(opd, 2022, 2, sampai_triwulan=triwulan)
    return capaian.rata_rata_skor(
        (bi.capaian_sd for bi in data.per_indikator.values() if bi.indikator.iku), Decimal(100)
    )


@pytest.mark.parametrize("triwulan", [4, 2])
def test_angka_sama_dengan_laporan_tiap_opd_dan_peringkat(pengguna, tiga_opd, triwulan):
    r = klien(pengguna).get(f"/kabupaten/?tahun=2022&triwulan={triwulan}")
    assert r.status_code == 200
    baris = r.context["baris"]
    assert len(baris) == Opd.objects.count()
    for b in baris:
        assert b.capaian == rata_iku_laporan(b.opd, triwulan), b.opd.slug
        data = data_laporan(b.opd, 2022, 2, sampai_triwulan=triwulan)
        assert (b.pagu, b.realisasi) == (data.jumlah.pagu, data.jumlah.realisasi_anggaran)
    # Ranked by capaian, best first, OPD without capaian last.
    nilai = [b.capaian for b in baris if b.capaian is not None]
    assert nilai == sorted(nilai, reverse=True)
    assert [b.peringkat for b in baris if b.capaian is not None] == list(range(1, len(nilai) + 1))


def test_angka_seed_dan_tautan_ke_dasbor(pengguna):
    r = klien(pengguna, "inspektorat").get("/kabupaten/")
    assert (r.context["tahun"], r.context["triwulan"]) == (2022, 4)
    b = next(b for b in r.context["baris"] if b.opd.slug == "disnaker")
    assert capaian.format_rupiah(b.pagu) == "9.054.343.734"
    assert capaian.format_rupiah(b.realisasi) == "8.535.509.727"
    assert capaian.format_persen(b.serapan) == "94,27%"
    assert capaian.format_persen(b.rencana) == "90,00%"
    html = r.content.decode()
    assert 'href="/opd/disnaker/?tahun=2022&amp;triwulan=4"' in html
    assert "94,27%" in html


def test_urut_serapan_nama_dan_kunci(pengguna, tiga_opd):
    KunciPeriode.objects.create(opd=tiga_opd[0], tahun=2022, triwulan=1, dikunci_pada="2022-04-10T10:00:00+07:00")
    KunciPeriode.objects.create(opd=tiga_opd[0], tahun=2022, triwulan=2, dikunci_pada="2022-07-10T10:00:00+07:00")
    c = klien(pengguna)
    baris = c.get("/kabupaten/?urut=serapan").context["baris"]
    serapan = [b.serapan for b in baris]
    assert serapan == sorted(serapan, reverse=True)
    baris = c.get("/kabupaten/?urut=nama").context["baris"]
    assert [b.opd.nama.lower() for b in baris] == sorted(b.opd.nama.lower() for b in baris)
    kunci = {b.opd.slug: b.terkunci for b in baris}
    assert kunci[tiga_opd[0].slug] == [1, 2] and kunci["disnaker"] == []
    assert c.get("/kabupaten/?urut=apa").context["urut"] == "capaian"


def test_xlsx(pengguna, tiga_opd):
    r = klien(pengguna).get("/kabupaten/xlsx/?urut=nama")
    assert r.status_code == 200
    assert "spreadsheetml" in r["Content-Type"]
    ws = load_workbook(io.BytesIO(r.content)).active
    baris = list(ws.iter_rows(values_only=True))
    kepala = next(i for i, b in enumerate(baris) if b[0] == "Peringkat capaian")
    data = [b for b in baris[kepala + 1 :] if b[1]]
    assert len(data) == Opd.objects.count()
    disnaker = next(b for b in data if b[1] == "Dinas Tenaga Kerja")
    kolom = list(baris[kepala])
    assert disnaker[kolom.index("Pagu (Rp)")] == 9_054_343_734
    assert disnaker[kolom.index("Realisasi anggaran (Rp)")] == 8_535_509_727
    assert round(disnaker[kolom.index("Serapan")], 4) == 0.9427  # a number with a % format, not text
    assert [b[1] for b in data] == sorted((b[1] for b in data), key=str.lower)


def test_batas_skor_sama_dengan_dasbor(pengguna, settings):
    settings.EVALUASI_BATAS_SKOR_CAPAIAN = 120
    b = next(b for b in klien(pengguna).get("/kabupaten/").context["baris"] if b.opd.slug == "disnaker")
    d = klien(pengguna, "kadis").get("/").context["d"]
    assert b.capaian == d.rata_capaian_iku < 120


@pytest.mark.parametrize("username", ["kadis", "verifikator", "op_hi"])
def test_peran_lain_403(pengguna, username):
    c = klien(pengguna, username)
    assert c.get("/kabupaten/").status_code == 403
    assert c.get("/kabupaten/xlsx/").status_code == 403


KUERI_KABUPATEN = 17


def test_kueri_tetap_1x_dan_10x(pengguna, django_assert_num_queries):
    c = klien(pengguna)
    with django_assert_num_queries(KUERI_KABUPATEN):
        assert c.get("/kabupaten/").status_code == 200
    for n in range(10):
        buat_opd_sintetis(100 + n, 2022, program=2, kegiatan=2, sub=2, seed=n)
    with django_assert_num_queries(KUERI_KABUPATEN):
        r = c.get("/kabupaten/")
    assert len(r.context["baris"]) == 11
