"""Bad input: generated text for number parsing and the entry form (no 500, no partial write), and names
with markup, quotes and spreadsheet formulas shown as text in the HTML page, the PDF and the XLSX.
"""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi import capaian
from evaluasi.models import AnggaranTriwulan, Indikator, NilaiRealisasi, Realisasi, Unsur
from evaluasi.sintetis import buat_opd_sintetis
from tests.test_entri import isian, sub, url

pytestmark = pytest.mark.django_db

# Characters people (and copy-paste from spreadsheets) put into number fields.
KARAKTER_ANGKA = st.sampled_from(list("0123456789.,-+ %RrPp\u00a0\u2212eE_'\"xX()") + ["", "١", "٣", "\t"])
TEKS_ANGKA = st.one_of(st.lists(KARAKTER_ANGKA, max_size=24).map("".join), st.text(max_size=30))


@given(TEKS_ANGKA)
@settings(max_examples=400, deadline=None)
def test_parse_angka_tidak_pernah_galat_lain(teks):
    """Either a Decimal (finite), None for empty, or AngkaTidakSah with an Indonesian message."""
    try:
        hasil = capaian.parse_angka(teks)
    except capaian.AngkaTidakSah as exc:
        assert "bukan angka" in str(exc) or "angka" in str(exc).lower()
        return
    assert hasil is None or (isinstance(hasil, Decimal) and hasil.is_finite())


@given(st.decimals(min_value=0, max_value=Decimal("999999999999"), places=2))
@settings(max_examples=200, deadline=None)
def test_parse_angka_membaca_format_sendiri(x):
    """What the app prints (format_angka) it reads back exactly."""
    assert capaian.parse_angka(capaian.format_angka(x, 2)) == x


def jejak_sub(unsur):
    """Everything an entry could write for a sub kegiatan: realisasi rows, values, budget per triwulan."""
    return (
        list(Realisasi.objects.filter(indikator__unsur=unsur).order_by("pk").values_list("pk", "versi", "status")),
        list(
            NilaiRealisasi.objects.filter(realisasi__indikator__unsur=unsur).order_by("pk").values_list("pk", "nilai")
        ),
        list(AnggaranTriwulan.objects.filter(anggaran__unsur=unsur).order_by("pk").values_list("pk", "realisasi")),
    )


@given(nilai=TEKS_ANGKA, anggaran=TEKS_ANGKA, catatan=st.text(max_size=200))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_formulir_isian_masukan_acak_tanpa_500(pengguna, nilai, anggaran, catatan):
    """Generated input in the number fields: 302 (saved) or 400 (refused, nothing written), never a 500."""
    c = Client(raise_request_exception=False)
    c.force_login(pengguna["op_pelatihan"])
    s22 = sub(22)
    alamat = url(s22)
    data = isian(c.get(alamat)).data
    for k in [k for k in data if k.startswith("nilai_")][:2]:
        data[k] = nilai
    data["anggaran"] = anggaran
    for k in [k for k in data if k.startswith("faktor_pendorong_")][:1]:
        data[k] = catatan
    sebelum = jejak_sub(s22)
    r = c.post(alamat, data)
    assert r.status_code in (302, 400, 409), r.status_code
    if r.status_code != 302:
        assert jejak_sub(s22) == sebelum  # refused: no partial write


NAKAL = "<script>alert('x')</script> \"kutip\" & 'petik'"
RUMUS = '=HYPERLINK("http://jahat.invalid","klik")'


@pytest.fixture
def opd_nakal(tmp_path):
    """A small synthetic OPD whose program and indicator names are hostile."""
    caches_uji = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ekspor": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    with override_settings(CACHES=caches_uji):
        o = buat_opd_sintetis(77, 2022, program=1, kegiatan=1, sub=1)
        program = Unsur.objects.get(opd=o, level=Unsur.Level.PROGRAM)
        program.nama = RUMUS
        program.save()
        ind = Indikator.objects.filter(unsur__opd=o, unsur__level=Unsur.Level.SUB_KEGIATAN).first()
        ind.nama = NAKAL
        ind.save()
        yield o


def test_nama_nakal_lolos_sebagai_teks_di_html(pengguna, opd_nakal):
    c = Client()
    c.force_login(pengguna["bappeda"])
    html = c.get(f"/opd/{opd_nakal.slug}/laporan/2022/semester/2/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;kutip&quot; &amp; &#x27;petik&#x27;" in html
    assert "=HYPERLINK(&quot;http://jahat.invalid&quot;,&quot;klik&quot;)" in html
    assert 'href="http://jahat.invalid"' not in html


def test_nama_nakal_lolos_sebagai_teks_di_pdf(pengguna, opd_nakal):
    c = Client()
    c.force_login(pengguna["bappeda"])
    r = c.get(f"/opd/{opd_nakal.slug}/laporan/2022/semester/2/pdf/")
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.content))
    teks = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "<script>alert('x')</script>" in teks  # the characters themselves, as text
    assert "HYPERLINK(" in teks
    # Shown, never linked: no annotation in the PDF points at the hostile URL.
    for halaman in reader.pages:
        for annot in halaman.get("/Annots") or []:
            aksi = annot.get_object().get("/A") or {}
            assert "jahat.invalid" not in str(aksi.get("/URI", ""))


def test_nama_nakal_lolos_sebagai_teks_di_xlsx(pengguna, opd_nakal):
    c = Client()
    c.force_login(pengguna["bappeda"])
    r = c.get(f"/opd/{opd_nakal.slug}/laporan/2022/semester/2/xlsx/")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    rumus, nakal = [], []
    for ws in wb.worksheets:
        for baris in ws.iter_rows():
            for sel in baris:
                if isinstance(sel.value, str) and "HYPERLINK" in sel.value:
                    rumus.append(sel)
                if isinstance(sel.value, str) and "<script>" in sel.value:
                    nakal.append(sel)
    assert rumus and nakal
    for sel in rumus + nakal:
        assert sel.data_type == "s", (sel.coordinate, sel.data_type)  # a string, never a formula
    assert any(sel.value == RUMUS and sel.quotePrefix for sel in rumus)
    assert any(NAKAL in sel.value for sel in nakal)
