"""A formula beyond the rendering bounds (depth, length) is shown as its plain text: never a 500 on the report."""

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi.laporan.formula import formula_html, latex_ke_html, latex_ke_teks
from evaluasi.models import Indikator

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/laporan/2022/semester/2/"
DALAM = "\\frac{" * 3000
PANJANG = "\\frac{A_{i}}{B^{2}} \\times 100 + " * 2000


@pytest.fixture
def tpt(opd):
    return Indikator.objects.get(unsur__opd=opd, iku=True, nama__icontains="Tingkat Pengangguran Terbuka (TPT)")


@pytest.fixture
def klien(pengguna):
    c = Client()
    c.force_login(pengguna["kadis"])
    return c


def _sel_xlsx(konten):
    wb = load_workbook(io.BytesIO(konten))
    return [s.value for ws in wb.worksheets for baris in ws.iter_rows() for s in baris if isinstance(s.value, str)]


@pytest.mark.parametrize("formula", [DALAM, PANJANG], ids=["bersarang_3000", "panjang"])
def test_formula_di_luar_batas_tampil_sebagai_teks(klien, tpt, formula):
    tpt.formula = formula
    tpt.save()
    r = klien.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert '<p class="formula">\\frac{' in html  # the text as typed, not translated
    assert "B^{2}" in html or formula is DALAM

    r = klien.get(URL + "xlsx/")
    assert r.status_code == 200
    assert any(s.startswith(f"{tpt.definisi}\n\\frac{{") for s in _sel_xlsx(r.content))

    r = klien.get(URL + "data.json")
    assert r.status_code == 200


def test_formula_bersarang_di_pdf(klien, tpt):
    tpt.formula = DALAM
    tpt.save()
    r = klien.get(URL + "pdf/")
    assert r.status_code == 200
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "\\frac{\\frac{" in re.sub(r"\s+", "", teks)


def test_formula_biasa_tetap_diterjemahkan(klien, tpt):
    assert "\\frac" in tpt.formula
    html = klien.get(URL).content.decode()
    assert '<span class="pecahan">' in html
    assert "(" in latex_ke_teks(tpt.formula) and "\\frac" not in latex_ke_teks(tpt.formula)


def test_batas_dapat_disetel(settings):
    rumus = "\\frac{\\frac{a}{b}}{c}"
    assert "pecahan" in latex_ke_html(rumus)
    settings.EVALUASI_FORMULA_KEDALAMAN_MAKS = 1
    assert latex_ke_html(rumus) == rumus and latex_ke_teks(rumus) == rumus
    settings.EVALUASI_FORMULA_KEDALAMAN_MAKS = 20
    settings.EVALUASI_FORMULA_PANJANG_MAKS = 10
    assert latex_ke_html(rumus) == rumus
    # Escaped all the same: a plain-text fallback never lets markup through.
    assert "<b>" not in str(formula_html("", "\\frac{<b>x</b>}" + "{" * 50))
