"""Triwulan targets (rencana aksi) and the capped score, through the real pages, template and forms.

DESIGN.md "Triwulan targets" and "Averages and rankings". The seed's indicator S22.1 (Sub Kegiatan 22,
"jumlah peserta pelatihan") is kumulatif with an annual target of 224 orang.
"""

import io
from decimal import Decimal

import pytest
from django.core.cache import caches
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi import capaian
from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.impor import proses
from evaluasi.laporan.data import data_laporan
from evaluasi.models import Impor, Indikator, NilaiRealisasi, Realisasi, TargetTriwulan
from tests.test_impor_bantu import buka, cari_baris, pribadi, simpan, tulis  # noqa: F401 - pribadi: fixture
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

KT = K.KOLOM_TARGET
TEMPLAT = "/opd/disnaker/rencana/2022/templat.xlsx"


def s22():
    return Indikator.objects.get(kunci="S22.1", unsur__tahun=2022)


def isi_tw1(ind, nilai):
    """A verified TW I realisasi of the indicator's single component."""
    komponen = ind.target.get(tahun=2022).komponen.get()
    r = Realisasi.objects.create(indikator=ind, triwulan=1, status=Realisasi.Status.DIVERIFIKASI, ada_nilai=True)
    NilaiRealisasi.objects.create(realisasi=r, komponen=komponen, nilai=Decimal(nilai))
    return komponen


def perhatian_capaian(d):
    return {p.indikator_id: p for p in d.perhatian if p.jenis == "capaian"}


def test_tw1_kumulatif_pada_target_triwulan_bukan_rendah(pengguna):
    """56 of 224 orang at TW I is the quarter's default target: 100%, not red; the annual capaian stays beside."""
    ind = s22()
    isi_tw1(ind, 56)
    r = klien(pengguna, "kadis").get("/?tahun=2022&triwulan=1")
    d = r.context["d"]
    bi = d.data.per_indikator[ind.pk]
    assert capaian.format_persen(bi.capaian) == "25,00%"  # against the annual target: Sangat Rendah
    assert bi.predikat.label == "Sangat Rendah"
    assert (bi.target_sd, bi.sumber_target_sd) == (Decimal(56), capaian.PROPORSIONAL)
    assert capaian.format_persen(bi.capaian_sd) == "100,00%"
    assert ind.pk not in perhatian_capaian(d)

    # The drill-down shows both, labelled, and says the default target is proporsional.
    html = klien(pengguna, "kadis").get(f"/opd/disnaker/dasbor/2022/indikator/{ind.pk}/").content.decode()
    assert "Capaian thd target tahunan" in html and "Target s.d. triwulan" in html
    assert "proporsional" in html and "100,00%" in html and "25,00%" in html
    html = klien(pengguna, "kadis").get(f"/opd/disnaker/dasbor/2022/unsur/{ind.unsur_id}/?triwulan=1").content.decode()
    assert "Capaian s.d. TW I" in html and "(thd target s.d. TW I)" in html and "proporsional" in html


def test_rencana_triwulan_dipakai_dan_rendah_disebut(pengguna):
    """With a planned TW I target of 100 orang, 56 is 56% of plan: 'capaian rendah', naming the plan."""
    ind = s22()
    komponen = isi_tw1(ind, 56)
    TargetTriwulan.objects.create(komponen=komponen, triwulan=1, jumlah=Decimal(100))
    d = klien(pengguna, "kadis").get("/?tahun=2022&triwulan=1").context["d"]
    bi = d.data.per_indikator[ind.pk]
    assert (bi.target_sd, bi.sumber_target_sd) == (Decimal(100), capaian.RENCANA)
    assert capaian.format_persen(bi.capaian_sd) == "56,00%"
    p = perhatian_capaian(d)[ind.pk]
    assert p.keterangan == "Capaian s.d. TW I 56,00% thd target s.d. TW I 100 orang (rencana aksi) — Rendah"

    # Semester I report: target and capaian s.d. TW II beside the capaian against the annual target.
    r = klien(pengguna, "kadis").get("/opd/disnaker/laporan/2022/semester/1/")
    html = r.content.decode()
    assert "Capaian s.d. TW II (thd target s.d. TW II)" in html and "Capaian thd target tahunan" in html
    data = data_laporan(ind.unsur.opd, 2022, 1)
    bi = data.per_indikator[ind.pk]
    assert (bi.target_sd, bi.sumber_target_sd) == (Decimal(112), capaian.PROPORSIONAL)  # TW II not planned
    TargetTriwulan.objects.create(komponen=komponen, triwulan=2, jumlah=Decimal(60))
    bi = data_laporan(ind.unsur.opd, 2022, 1).per_indikator[ind.pk]
    assert (bi.target_sd, bi.sumber_target_sd) == (Decimal(160), capaian.RENCANA)
    assert capaian.format_persen(bi.capaian_sd) == "35,00%"
    # Semester II keeps the seed's columns.
    html2 = klien(pengguna, "kadis").get("/opd/disnaker/laporan/2022/semester/2/").content.decode()
    assert "Capaian thd target tahunan" not in html2


def test_templat_pulang_pergi_target_triwulan(pengguna, opd, pribadi):  # noqa: F811
    """Export → edit the four 'Target TW' cells → import → export: cells parsed back; again: nothing changes."""
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_TARGET]
    judul = [x.value for x in ws[1]]
    assert judul[-4:] == ["Target TW I", "Target TW II", "Target TW III", "Target TW IV"]
    baris = cari_baris(ws, KT, level="Sub Kegiatan", nomor="22", urutan=1, tahun=2022)
    assert [x.value for x in ws[baris]][-4:] == [None] * 4
    tulis(ws, KT, baris, target_tw1=30, target_tw2="70", target_tw3="62,5", target_tw4=None)
    user = pengguna["bappeda"]
    impor, rencana = proses.pratinjau(user, opd, 2022, simpan(wb), "tw.xlsx")
    assert [str(g) for g in rencana.galat] == []
    assert rencana.diubah == 1
    proses.terapkan(user, impor)
    impor.refresh_from_db()
    assert impor.status == Impor.Status.DITERAPKAN
    komponen = s22().target.get(tahun=2022).komponen.get()
    assert {t.triwulan: t.jumlah for t in komponen.triwulan.all()} == {1: 30, 2: 70, 3: Decimal("62.5")}
    assert TargetTriwulan.history.filter(komponen=komponen).first().history_user == user

    wb2 = load_workbook(io.BytesIO(c.get(TEMPLAT).content))
    ws2 = wb2[K.LEMBAR_TARGET]
    b2 = cari_baris(ws2, KT, level="Sub Kegiatan", nomor="22", urutan=1, tahun=2022)
    assert [x.value for x in ws2[b2]][-4:] == [30, 70, 62.5, None]  # numbers in the XLSX cells
    _, lagi = proses.pratinjau(user, opd, 2022, c.get(TEMPLAT).content, "lagi.xlsx")
    assert (lagi.dibuat, lagi.diubah, lagi.galat) == (0, 0, [])

    # A planned target blanked in the workbook is removed.
    tulis(ws2, KT, b2, target_tw3=None)
    impor, rencana = proses.pratinjau(user, opd, 2022, simpan(wb2), "hapus.xlsx")
    assert rencana.diubah == 1
    proses.terapkan(user, impor)
    assert sorted(komponen.triwulan.values_list("triwulan", flat=True)) == [1, 2]


def test_admin_target_triwulan_di_target(pengguna):
    """The plan editor (admin) edits the four triwulan targets on the target's component rows."""
    ind = s22()
    target = ind.target.get(tahun=2022)
    komponen = target.komponen.get()
    c = klien(pengguna, "admin")
    url = f"/admin/evaluasi/target/{target.pk}/change/"
    html = c.get(url).content.decode()
    assert "Target TW I" in html and "Target TW IV" in html
    data = {
        "indikator": ind.pk,
        "tahun": 2022,
        "teks": target.teks,
        "komponen-TOTAL_FORMS": 1,
        "komponen-INITIAL_FORMS": 1,
        "komponen-MIN_NUM_FORMS": 0,
        "komponen-MAX_NUM_FORMS": 1000,
        "komponen-0-id": komponen.pk,
        "komponen-0-target": target.pk,
        "komponen-0-urutan": komponen.urutan,
        "komponen-0-jumlah": "224",
        "komponen-0-satuan": komponen.satuan,
        "komponen-0-target_tw1": "50",
        "komponen-0-target_tw2": "",
        "komponen-0-target_tw3": "",
        "komponen-0-target_tw4": "74",
    }
    r = c.post(url, data)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert {t.triwulan: t.jumlah for t in komponen.triwulan.all()} == {1: 50, 4: 74}
    data["komponen-0-target_tw4"] = ""
    assert c.post(url, data).status_code == 302
    assert {t.triwulan: t.jumlah for t in komponen.triwulan.all()} == {1: 50}


def test_seed_rata_rata_skor_dibatasi_dan_aturannya_disebut(pengguna):
    """The seed's headline is the capped score, not 305,90%; /kabupaten/ agrees and names the rule."""
    caches["ekspor"].clear()  # the dashboard body may be cached by an earlier test at the seed's data version
    r = klien(pengguna, "kadis").get("/")
    d = r.context["d"]
    html = r.content.decode()
    tanpa_batas = capaian.rata_rata(b.bi.capaian for b in d.iku)
    assert capaian.format_persen(tanpa_batas) == "305,90%"
    dibatasi = capaian.rata_rata(None if b.bi.capaian is None else min(b.bi.capaian, Decimal(100)) for b in d.iku)
    assert capaian.bulatkan(d.rata_capaian_iku, 12) == capaian.bulatkan(dibatasi, 12)
    assert d.rata_capaian_iku <= 100
    assert f"Rata-rata capaian s.d. TW IV {capaian.format_persen(d.rata_capaian_iku)}" in html
    assert "305,90%" not in html
    assert "tiap indikator dihitung paling tinggi 100%" in html
    assert "2.300,00%" in html  # the indicator's own capaian stays uncapped
    if d.iku_tanpa_capaian:
        assert f"{d.iku_tanpa_capaian} belum ada capaian" in html

    rk = klien(pengguna, "bappeda").get("/kabupaten/")
    b = next(b for b in rk.context["baris"] if b.opd.slug == "disnaker")
    assert b.capaian == d.rata_capaian_iku
    halaman = rk.content.decode()
    assert "tiap indikator dihitung paling tinggi 100%" in halaman and "305,90%" not in halaman
    assert capaian.format_persen(b.capaian) in halaman


def test_e81_catatan_skor_dan_jumlah(pengguna, opd):
    """E.81 keeps its own (uncapped) rata-rata, with footnotes: the capped score, and mean of rows vs JUMLAH."""
    from evaluasi.laporan.e81 import data_e81

    e = data_e81(opd, 2022)
    assert e.rata_rata_kinerja == capaian.rata_rata(b.bi.capaian for b in e.baris if b.bi is not None)
    skor = capaian.rata_rata_skor((b.bi.capaian for b in e.baris if b.bi is not None), Decimal(100))
    assert skor < e.rata_rata_kinerja
    assert len(e.catatan) == 2
    assert capaian.format_persen(skor) in e.catatan[0] and "paling tinggi 100%" in e.catatan[0]
    assert "94,27%" in e.catatan[1] and "8.535.509.727" in e.catatan[1] and "9.054.343.734" in e.catatan[1]
    assert capaian.format_persen(e.rata_rata_anggaran) in e.catatan[1]

    c = klien(pengguna, "kadis")
    html = c.get("/opd/disnaker/laporan/2022/e81/").content.decode()
    assert e.catatan[0] in html and "sum" not in e.catatan[1]
    ws = load_workbook(io.BytesIO(c.get("/opd/disnaker/laporan/2022/e81/xlsx/").content))["Formulir E.81"]
    nilai = [x.value for row in ws.iter_rows() for x in row]
    assert e.catatan[0] in nilai and e.catatan[1] in nilai
    pdf = c.get("/opd/disnaker/laporan/2022/e81/pdf/").content
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "paling tinggi 100%" in " ".join(teks.split())


def test_angka_seed_tidak_berubah(opd):
    data = data_laporan(opd, 2022, 2)
    assert capaian.format_rupiah(data.jumlah.pagu) == "9.054.343.734"
    assert capaian.format_rupiah(data.jumlah.realisasi_anggaran) == "8.535.509.727"
    assert capaian.format_persen(data.jumlah.serapan) == "94,27%"
    # At TW IV without plans the mid-year figures are the annual ones.
    assert all(bi.capaian_sd == bi.capaian for bi in data.per_indikator.values())
