"""Formulir E.81: the columns of Permendagri 86/2017 per triwulan, closing rows, scope, fixed queries."""

import re
from decimal import Decimal

import pytest

from evaluasi import capaian
from evaluasi.laporan.e81 import data_e81
from evaluasi.models import AnggaranTriwulan, Indikator, NilaiRealisasi, Realisasi
from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/laporan/2022/e81/"


def teks(r):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.content.decode()))


def test_kolom_dan_baris(client, pengguna):
    client.force_login(pengguna["kadis"])
    r = client.get(URL)
    assert r.status_code == 200
    isi = teks(r)
    for judul in [
        "(12 = 8+9+10+11)",
        "(13 = 12/7 × 100%)",
        "(14 = 6+12)",
        "(15 = 14/5 × 100%)",
        "Unit Penanggung Jawab",
    ]:
        assert judul in isi
    assert "Rata-rata capaian kinerja dan anggaran" in isi
    assert "Faktor pendorong" in isi and "Faktor penghambat" in isi and "Tindak lanjut" in isi
    # Sub kegiatan 22: 288 orang in TW IV, 1.592.015.350 rupiah; the unit is Bidang Pelatihan Kerja.
    assert "288 orang" in isi and "1.592.015.350" in isi and "Bidang Pelatihan Kerja" in isi


def test_data_e81_seed(opd):
    e = data_e81(opd, 2022)
    # programs, kegiatan and sub kegiatan (not the sasaran's own indicators): 7 + 19 + 70 indicator rows
    assert len([b for b in e.baris if b.bi]) == 7 + 19 + 70
    assert e.tahun_renstra == (2021, 2026)
    s22 = next(b for b in e.baris if b.unsur.unsur.level == "sub_kegiatan" and b.unsur.unsur.nomor == "22")
    assert s22.bi.per_triwulan == {1: None, 2: None, 3: None, 4: Decimal(288)}
    assert s22.unsur.anggaran_triwulan == {1: None, 2: None, 3: None, 4: 1_592_015_350}
    assert capaian.bulatkan(s22.bi.capaian) == Decimal("128.57")
    rata = capaian.rata_rata(b.bi.capaian for b in e.baris if b.bi is not None)
    assert e.rata_rata_kinerja == rata
    assert e.predikat_kinerja.label == "Sangat Tinggi"


def test_per_triwulan_dan_catatan(opd):
    """A realisasi entered in TW I and TW II: each column shows its triwulan; s.d. TW I excludes TW II."""
    ind = Indikator.objects.get(kunci="S29.1")  # TKM dilatih, kumulatif, target 20
    komponen = ind.target.get(tahun=2022).komponen.get()
    for tw, nilai in ((1, 5), (2, 7)):
        r = Realisasi.objects.create(
            indikator=ind, triwulan=tw, faktor_pendorong=f"Dukungan desa TW{tw}", status="diverifikasi", ada_nilai=True
        )
        NilaiRealisasi.objects.create(realisasi=r, komponen=komponen, nilai=Decimal(nilai))
    Realisasi.objects.filter(indikator=ind, triwulan=4).delete()
    anggaran = ind.unsur.anggaran
    AnggaranTriwulan.objects.filter(anggaran=anggaran).delete()
    AnggaranTriwulan.objects.create(anggaran=anggaran, triwulan=1, realisasi=4_000_000)

    baris = next(b for b in data_e81(opd, 2022).baris if b.bi and b.bi.indikator == ind)
    assert baris.bi.per_triwulan == {1: 5, 2: 7, 3: None, 4: None}
    assert baris.bi.realisasi == 12
    assert capaian.bulatkan(baris.bi.capaian) == Decimal("60.00")
    assert baris.unsur.anggaran_triwulan[1] == 4_000_000

    sd_tw1 = data_e81(opd, 2022, sampai_triwulan=1)
    baris = next(b for b in sd_tw1.baris if b.bi and b.bi.indikator == ind)
    assert baris.bi.realisasi == 5
    assert sd_tw1.faktor_pendorong == ["Dukungan desa TW1"]

    # A draft of TW III (value and note) is not official: only with drafts asked for does it count.
    r = Realisasi.objects.create(indikator=ind, triwulan=3, faktor_pendorong="Draf TW3")
    NilaiRealisasi.objects.create(realisasi=r, komponen=komponen, nilai=Decimal(3))
    resmi = data_e81(opd, 2022)
    baris = next(b for b in resmi.baris if b.bi and b.bi.indikator == ind)
    assert baris.bi.per_triwulan[3] is None and "Draf TW3" not in resmi.faktor_pendorong
    draf = data_e81(opd, 2022, termasuk_draf=True)
    baris = next(b for b in draf.baris if b.bi and b.bi.indikator == ind)
    assert baris.bi.per_triwulan[3] == 3 and baris.bi.draf_triwulan == {3} and "Draf TW3" in draf.faktor_pendorong


def test_periode_triwulan_dari_url(client, pengguna):
    client.force_login(pengguna["kadis"])
    r = client.get(URL + "?triwulan=2")
    assert r.status_code == 200
    assert "triwulan I s.d. 2" in teks(r)
    assert client.get(URL + "?triwulan=5").status_code == 404
    assert client.get("/opd/disnaker/laporan/2030/e81/").status_code == 404


def test_lingkup(client, pengguna):
    buat_opd_sintetis(9, 2022, program=1, kegiatan=1, sub=1)
    client.force_login(pengguna["kadis"])
    assert client.get("/opd/sintetis-9/laporan/2022/e81/").status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_kueri_tetap(client, pengguna, django_assert_num_queries):
    client.force_login(pengguna["inspektorat"])
    buat_opd_sintetis(10, 2022, program=60, kegiatan=3, sub=2)
    # session, user, groups, OPD, period check, report data (9: + plausibility confirmations), renstra period,
    # renstra targets, notes
    with django_assert_num_queries(17):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(17):
        assert client.get("/opd/sintetis-10/laporan/2022/e81/").status_code == 200


def test_e81_xlsx(client, pengguna):
    import io

    from openpyxl import load_workbook

    client.force_login(pengguna["kadis"])
    r = client.get(URL + "xlsx/")
    assert r.status_code == 200
    assert 'filename="e81-disnaker-2022-tw4.xlsx"' in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content))["Formulir E.81"]
    nilai = [c.value for row in ws.iter_rows() for c in row]
    assert 1_592_015_350 in nilai  # sub kegiatan 22, TW IV and year (Rp)
    assert "Rata-rata capaian kinerja" in nilai
    assert ws.merged_cells.ranges  # unit cells merged over their indicator rows


def test_e81_pdf(client, pengguna):
    import io

    from pypdf import PdfReader

    client.force_login(pengguna["kadis"])
    r = client.get(URL + "pdf/?triwulan=4")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    teks_pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Formulir E.81" in teks_pdf
    assert "1.592.015.350" in teks_pdf
    assert "Rata-rata capaian kinerja" in teks_pdf
