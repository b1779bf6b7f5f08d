"""Server-side SVG charts: valid SVG, the legend's colours, numbers as a table, cached per data version."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from evaluasi import capaian
from evaluasi.dasbor import grafik
from evaluasi.laporan.data import data_laporan
from evaluasi.models import Risiko
from evaluasi.versi import naikkan_versi

pytestmark = pytest.mark.django_db


def test_warna_sama_dengan_legenda_css():
    css = (Path(settings.BASE_DIR) / "static" / "evaluasi" / "laporan.css").read_text()
    for warna, hex_ in grafik.WARNA_PREDIKAT.items():
        assert re.search(rf"\.predikat-{warna} \{{[^}}]*background: {hex_}", css), warna
    for warna, hex_ in grafik.WARNA_RISIKO.items():
        assert re.search(rf"\.risiko-{warna} \{{[^}}]*background: {hex_}", css), warna
    # Every predikat and risk level of the rules has a colour here.
    assert {p.warna for p in capaian.PREDIKAT_BAWAAN} <= set(grafik.WARNA_PREDIKAT)
    assert {lv.warna for lv in capaian.LEVEL_RISIKO_BAWAAN} <= set(grafik.WARNA_RISIKO)


def test_grafik_laporan_untuk_pdf(opd):
    """The report's charts: valid SVG, predikat colours on the bars, numbers formatted by the rules."""
    data = data_laporan(opd, 2022, 2)
    hasil = grafik.grafik_laporan(data, list(Risiko.objects.filter(opd=opd, tahun=2022)))
    assert [g.nama for g in hasil] == ["capaian_program", "serapan_triwulan", "sebaran_predikat", "peta_risiko"]
    for g in hasil:
        akar = ET.fromstring(g.svg)
        assert akar.tag.endswith("svg")
        assert g.uri.startswith("data:image/svg+xml;base64,")
        assert g.baris and all(len(b) == len(g.kolom) for b in g.baris)
    program, serapan, sebaran, risiko = hasil
    assert grafik.WARNA_PREDIKAT["hijau-tua"] in program.svg  # Sangat Tinggi bars
    # A program's capaian is the mean score of its indicators, each counted at most 100% (was 110,44% uncapped).
    assert ["P1", data.program[0].unsur.nama, "100,00%", "Sangat Tinggi"] == program.baris[0]
    assert serapan.baris[3] == ["TW IV", "94,27%", "90,00%"]
    assert serapan.baris[0] == ["TW I", "-", "15,00%"]  # nothing entered: '-', never 0
    assert dict((b[0], b[1]) for b in sebaran.baris)["Rendah"] == "2"
    kode = {k for b in risiko.baris for k in b[4].split(", ")}
    assert kode == {r.kode for r in Risiko.objects.filter(opd=opd, tahun=2022)}


def test_capaian_di_atas_batas_sumbu_tetap_tertulis():
    p = capaian.predikat(Decimal("2713"))
    g = grafik.grafik_capaian_program([("P1", "Program besar", Decimal("2713"), p), ("P2", "Belum", None, None)])
    assert "2.713,00%" in g.svg and "belum ada" in g.svg
    assert g.baris[1] == ["P2", "Belum", "-", "-"]


def test_tersimpan_per_versi_data(opd):
    caches["default"].clear()
    digambar = []

    def buat():
        digambar.append(1)
        return "<svg/>"

    kunci = f"{opd.pk}:1"
    assert grafik._tersimpan("uji", kunci, [1, 2], buat) == "<svg/>"
    grafik._tersimpan("uji", kunci, [1, 2], buat)
    assert len(digambar) == 1  # from the cache
    grafik._tersimpan("uji", kunci, [1, 3], buat)  # other numbers: drawn again
    grafik._tersimpan("uji", f"{opd.pk}:2", [1, 2], buat)  # other data version: drawn again
    assert len(digambar) == 3


def test_halaman_memuat_grafik_dan_tabel_angka(pengguna, opd, tembolok):
    caches["default"].clear()
    c = Client()
    c.force_login(pengguna["kadis"])
    html = c.get("/").content.decode()
    assert html.count('<img src="data:image/svg+xml;base64,') == 4
    assert html.count('class="angka-grafik"') == 4
    assert "<td>94,27%</td>" in html  # the serapan chart's table
    banyak = len(caches["default"]._cache)
    c.get("/")
    assert len(caches["default"]._cache) == banyak  # the second view draws nothing new
    naikkan_versi(opd)
    c.get("/")
    assert len(caches["default"]._cache) == banyak + 4  # a new data version: four new entries


def test_bagian_grafik_laporan_tanpa_kueri_tambahan(opd, django_assert_num_queries):
    """The report's Grafik section renders from the report's own context (for PDF too) without any query."""
    from django.template.loader import render_to_string

    from evaluasi.laporan.konteks import konteks_laporan

    konteks = konteks_laporan(opd, 2022, 2)
    with django_assert_num_queries(0):
        html = render_to_string("dasbor/_grafik_laporan.html", konteks)
    assert html.count('<img src="data:image/svg+xml;base64,') == 4
    assert "<td>94,27%</td>" in html and "RSP1" in html


# --- The "Grafik" section of the report (page and PDF) ----------------------------------------------------


@pytest.fixture
def tembolok(tmp_path):
    """A cache of report bodies and PDFs of this test only (the real file-based backend)."""
    from django.test import override_settings

    caches_uji = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ekspor": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    with override_settings(CACHES=caches_uji):
        yield tmp_path


def test_laporan_memuat_bagian_grafik_setelah_sub_kegiatan(pengguna, tembolok):
    c = Client()
    c.force_login(pengguna["kadis"])
    html = c.get("/opd/disnaker/laporan/2022/semester/2/").content.decode()
    assert html.index('id="sub-kegiatan"') < html.index('id="grafik"') < html.index('id="cascading-perencanaan"')
    assert 'href="#grafik"' in html  # listed in the table of contents
    bagian = html[html.index('id="grafik"') : html.index('id="cascading-perencanaan"')]
    assert bagian.count('<img src="data:image/svg+xml;base64,') == 4
    assert "<td>94,27%</td>" in bagian  # the serapan chart's numbers


def test_pdf_laporan_menggambar_grafik(pengguna, tembolok):
    """WeasyPrint draws the SVG charts: their axis texts are on the page the TOC's "Grafik" link leads to."""
    import io

    from pypdf import PdfReader

    c = Client()
    c.force_login(pengguna["kadis"])
    r = c.get("/opd/disnaker/laporan/2022/semester/2/pdf/")
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.content))
    nomor = reader.get_destination_page_number(reader.named_destinations["grafik"])
    halaman = " ".join(re.sub(r"\s+", " ", reader.pages[i].extract_text()) for i in (nomor, nomor + 1))
    assert "Grafik" in halaman and "Capaian per program" in halaman
    assert "Capaian (%) — garis putus = 100%" in halaman  # a text of the SVG itself, not of the page
    akhir = reader.get_destination_page_number(reader.named_destinations["cascading-perencanaan"])
    bagian = " ".join(re.sub(r"\s+", " ", reader.pages[i].extract_text()) for i in range(nomor, akhir + 1))
    assert "Realisasi (kumulatif)" in bagian and "Kemungkinan" in bagian  # the other charts' SVG texts
    assert "Serapan s.d. triwulan" in bagian and "94,27%" in bagian  # the numbers table beside the charts
    assert re.search(r"Grafik \.+ \d+", re.sub(r"\s+", " ", reader.pages[1].extract_text()))  # in the TOC


# --- The SVG itself: parsed back, element by element ------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _teks_svg(svg):
    """Every text of a chart's SVG as the reader sees it (XML entities resolved)."""
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def _batang(svg, warna):
    """The rectangles of the SVG filled with one of ``warna`` (the bars; not the background)."""
    return [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.get("fill") in set(warna)]


def test_svg_tiap_grafik_laporan_dibaca_kembali(opd):
    """Parsed with xml.etree: one bar per program and per predikat, four plan points, 25 cells, their labels."""
    data = data_laporan(opd, 2022, 2)
    program, serapan, sebaran, risiko = grafik.grafik_laporan(data, list(Risiko.objects.filter(opd=opd, tahun=2022)))
    warna_predikat = [*grafik.WARNA_PREDIKAT.values(), grafik.WARNA_TANPA]

    assert len(_batang(program.svg, warna_predikat)) == len(data.program) == len(program.baris)
    teks = _teks_svg(program.svg)
    assert [f"P{i}" for i in range(1, len(data.program) + 1)] == [t for t in teks if re.fullmatch(r"P\d+", t)]
    assert "100,00%" in teks and "Capaian (%) — garis putus = 100%" in teks
    garis_100 = [g for g in ET.fromstring(program.svg).iter(f"{SVG}line") if g.get("stroke-dasharray")]
    assert len(garis_100) == 1 and garis_100[0].get("stroke") == grafik.BIRU

    kolom = _batang(serapan.svg, [grafik.BIRU])
    assert len(kolom) == 1 + 1  # TW IV entered (TW I–III empty: no column, never a zero one) + the legend's key
    titik = [c for c in ET.fromstring(serapan.svg).iter(f"{SVG}circle")]
    assert len(titik) == 4 + 1  # the plan at TW I–IV + the legend's key
    teks = _teks_svg(serapan.svg)
    assert ["TW I", "TW II", "TW III", "TW IV"] == [t for t in teks if t.startswith("TW ")]
    assert {"94,27%", "Rencana", "Realisasi (kumulatif)", "Serapan (%)"} <= set(teks)

    assert len(_batang(sebaran.svg, warna_predikat)) == len(capaian.PREDIKAT_BAWAAN)
    teks = _teks_svg(sebaran.svg)
    assert [p.label for p in capaian.PREDIKAT_BAWAAN] == [t for t in teks if not re.fullmatch(r"[\d.]+", t)][:5]
    assert "Jumlah indikator" in teks

    sel = _batang(risiko.svg, grafik.WARNA_RISIKO.values())
    assert len(sel) == 25
    jumlah = sum(int(t.split()[0]) for t in _teks_svg(risiko.svg) if t.endswith(" risiko"))
    assert jumlah == Risiko.objects.filter(opd=opd, tahun=2022).count()
    assert {"Dampak", "Kemungkinan"} <= set(_teks_svg(risiko.svg))


def test_label_berbahaya_di_escape_dan_dipotong():
    """Names typed by users reach the SVG as text only: escaped, stripped of XML-forbidden characters, cut."""
    jahat = "<script>alert('x')</script> & \"kutip\""
    panjang = "Program Peningkatan Kesempatan Kerja dan Perlindungan Tenaga Kerja " * 5
    p = capaian.predikat(Decimal("95"))
    g = grafik.grafik_capaian_program(
        [(jahat, "a", Decimal("95"), p), (panjang, "b", Decimal("80"), p), ("P\x00\x1b3", "c", None, None)]
    )
    akar = ET.fromstring(g.svg)  # still well-formed XML
    assert not list(akar.iter(f"{SVG}script")) and "<script>" not in g.svg
    teks = _teks_svg(g.svg)
    assert "<script>alert('x" in "".join(teks)  # shown as text, not run
    terpotong = [t for t in teks if t.startswith("Program Peningkatan")]
    assert len(terpotong) == 1 and terpotong[0].endswith("…") and len(terpotong[0]) <= grafik.PANJANG_LABEL
    assert "P  3" in teks  # NUL and ESC are not allowed in XML: replaced by spaces
    assert g.baris[0][0] == jahat  # the numbers table keeps the full text (escaped by the template)

    label_jahat = capaian.Predikat(Decimal(50), "A & B <b>tebal</b>", "merah")
    s = grafik.grafik_sebaran_predikat([(label_jahat, 1234), (capaian.PREDIKAT_BAWAAN[0], 0)])
    teks = _teks_svg(s.svg)
    assert "A & B <b>tebal</b>" in teks and "&amp;" in s.svg and "<b>" not in s.svg
    assert "1.234" in teks  # counts in the Indonesian format


def test_grafik_kosong_tetap_sah():
    """No program, no data at all: still valid SVG, nothing drawn for what is missing."""
    g = grafik.grafik_capaian_program([])
    assert ET.fromstring(g.svg).tag == f"{SVG}svg" and g.baris == []
    s = grafik.grafik_serapan_triwulan([(t, None, None) for t in range(1, 5)])
    assert not list(ET.fromstring(s.svg).iter(f"{SVG}polyline"))
    assert len(_batang(s.svg, [grafik.BIRU])) == 1  # the legend's key only
