"""The semester report as PDF: the real view, the real PDF bytes parsed back with pypdf.

Rendering the seed's report takes WeasyPrint several seconds, so the Kepala Dinas's
semester II PDF is requested once for the content tests (``pdf_kadis``); the tests of
the cache, of semester I, of another role and of changed data each render their own.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client, override_settings
from pypdf import PdfReader

from evaluasi.ekspor import pdf as ekspor_pdf
from evaluasi.laporan.konteks import BAGIAN, BAGIAN_KUALITAS, konteks_laporan
from evaluasi.models import Anggaran
from evaluasi.sintetis import buat_opd_sintetis
from tests.test_laporan_halaman import KUERI_HALAMAN
from tests.test_operasi import KUERI_TEMBOLOK

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/laporan/2022/semester/2/pdf/"
A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture(scope="module", autouse=True)
def tembolok(tmp_path_factory):
    """This module's own PDF cache: the real file-based backend, in a temporary directory."""
    lokasi = tmp_path_factory.mktemp("tembolok-pdf")
    caches_uji = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ekspor": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(lokasi)},
    }
    with override_settings(CACHES=caches_uji):
        yield lokasi


class Pdf:
    """A PDF response parsed back: its reader and the text of each page with spaces folded."""

    def __init__(self, response):
        self.response = response
        self.reader = PdfReader(io.BytesIO(response.content))
        self.halaman = [re.sub(r"\s+", " ", p.extract_text()) for p in self.reader.pages]
        self.teks = " ".join(self.halaman)


@pytest.fixture(scope="module")
def pdf_kadis(django_db_setup, django_db_blocker):
    """Semester II as the Kepala Dinas gets it (with the data-quality section), requested once."""
    with django_db_blocker.unblock(), transaction.atomic():
        client = Client()
        client.force_login(get_user_model().objects.get(username="kadis"))
        awal = ekspor_pdf.jumlah_render
        response = client.get(URL)
        assert ekspor_pdf.jumlah_render == awal + 1  # rendered, not taken from an older cache
        transaction.set_rollback(True)  # the login's session row
    assert response.status_code == 200
    return Pdf(response)


def test_jawaban_berkas_pdf(pdf_kadis):
    r = pdf_kadis.response
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="evaluasi-disnaker-2022-semester-2.pdf"'
    assert r.content.startswith(b"%PDF-")


def test_angka_seed_di_pdf(pdf_kadis):
    for angka in [
        "JUMLAH 9.054.343.734 8.535.509.727 94,27%",
        "6.267.343.734",  # program 1
        "93,75%",  # composite target
        "99,03%",  # corrected capaian (the slide says 99,3%)
        "2.713,00%",
        "1.837,50%",
        "RSP15",
    ]:
        assert angka in pdf_kadis.teks, angka
    assert "2.022" not in pdf_kadis.teks  # years without thousand separators


def test_a4_landscape_setiap_halaman(pdf_kadis):
    for page in pdf_kadis.reader.pages:
        lebar, tinggi = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(lebar - A4_LANDSCAPE[0]) < 1 and abs(tinggi - A4_LANDSCAPE[1]) < 1


def test_sampul_di_halaman_pertama(pdf_kadis):
    sampul = pdf_kadis.halaman[0]
    assert "EVALUASI KINERJA PERANGKAT DAERAH SEMESTER II" in sampul
    assert "DINAS TENAGA KERJA" in sampul
    assert "Kabupaten Lamongan" in sampul
    assert "2022" in sampul
    assert "Halaman" not in sampul  # a cover carries no header or footer


def test_kepala_dan_kaki_setiap_halaman(pdf_kadis):
    n = len(pdf_kadis.halaman)
    assert n > 20
    for i, teks in enumerate(pdf_kadis.halaman[1:], start=2):
        assert f"Halaman {i} dari {n}" in teks, i
        assert "DINAS TENAGA KERJA · KABUPATEN LAMONGAN" in teks, i
        assert "Evaluasi Kinerja Semester II Tahun 2022" in teks, i


def test_daftar_isi_dengan_nomor_halaman_yang_benar(pdf_kadis):
    """Every section is listed in order, and the number printed is the page its link leads to."""
    reader = pdf_kadis.reader
    daftar = pdf_kadis.halaman[1]
    assert daftar.startswith("DAFTAR ISI")
    tujuan = reader.named_destinations
    bagian = [*BAGIAN[:-1], BAGIAN_KUALITAS, BAGIAN[-1]]
    posisi = 0
    for anchor, judul in bagian:
        m = re.compile(re.escape(judul) + r" \.+ (\d+)").search(daftar, posisi)
        assert m, judul
        posisi = m.end()
        assert int(m.group(1)) == reader.get_destination_page_number(tujuan[anchor]) + 1, judul


def test_tabel_berulang_kepala_dan_jumlah_sekali(pdf_kadis):
    """The sub kegiatan table runs over several pages: its header on each, JUMLAH only at the end."""
    halaman = [t for t in pdf_kadis.halaman if "Sub Kegiatan Indikator Target Realisasi Capaian" in t]
    assert len(halaman) >= 3
    assert [("JUMLAH" in t) for t in halaman] == [False] * (len(halaman) - 1) + [True]


def test_tanpa_tautan_pengurutan(pdf_kadis):
    """Only internal links (table of contents); the sortable risk table prints no sorting links."""
    for page in pdf_kadis.reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            assert "/URI" not in (annot.get("/A") or {}), annot
    assert b"sort=" not in pdf_kadis.response.content


def test_huruf_dejavu_tertanam(pdf_kadis):
    fonts = set()
    for page in pdf_kadis.reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu-Sans" in f for f in fonts), fonts


def test_data_berubah_pdf_baru(client, pengguna, pdf_kadis):
    """A change of the data shown gives a new PDF, never the cached one."""
    client.force_login(pengguna["kadis"])
    assert client.get(URL).content == pdf_kadis.response.content  # cached: same data
    awal = ekspor_pdf.jumlah_render
    anggaran = next(a for a in Anggaran.objects.filter(unsur__opd__slug="disnaker") if a.pagu == 37_500_000)
    kolom = "pagu_perubahan" if anggaran.pagu_perubahan is not None else "pagu_murni"
    setattr(anggaran, kolom, 37_500_001)
    anggaran.save()  # every write bumps the OPD's data version (evaluasi/sinyal.py), the PDF cache's key
    r = client.get(URL)
    assert ekspor_pdf.jumlah_render == awal + 1
    pdf = Pdf(r)
    assert "JUMLAH 9.054.343.735 8.535.509.727 94,27%" in pdf.teks
    assert "37.500.001" in pdf.teks


def test_kualitas_data_mengikuti_peran(client, pengguna, pdf_kadis):
    """An operator's PDF has no data-quality section, and is never the Kepala Dinas's cached one."""
    assert "Kualitas Data" in pdf_kadis.teks
    assert "Dokumen mencetak capaian 99,3%, hasil hitung 99,03%." in pdf_kadis.teks
    client.force_login(pengguna["op_pelatihan"])
    r = client.get(URL)
    assert r.status_code == 200
    pdf = Pdf(r)
    assert "Kualitas Data" not in pdf.teks
    assert "hasil hitung 99,03%" not in pdf.teks
    assert "JUMLAH 9.054.343.734 8.535.509.727 94,27%" in pdf.teks


def test_tembolok_tanpa_render_ulang_dan_kueri_tetap(client, pengguna, django_assert_num_queries):
    """Semester I: rendered once, then identical bytes from the cache; the page's queries (same user)."""
    caches["ekspor"].clear()
    client.force_login(pengguna["inspektorat"])
    url = "/opd/disnaker/laporan/2022/semester/1/pdf/"
    awal = ekspor_pdf.jumlah_render
    with django_assert_num_queries(KUERI_HALAMAN):
        pertama = client.get(url)
    assert pertama.status_code == 200
    assert ekspor_pdf.jumlah_render == awal + 1
    with django_assert_num_queries(KUERI_TEMBOLOK):
        kedua = client.get(url)
    assert ekspor_pdf.jumlah_render == awal + 1  # served from the cache
    assert kedua.content == pertama.content
    assert kedua["Content-Disposition"] == 'attachment; filename="evaluasi-disnaker-2022-semester-1.pdf"'
    pdf = Pdf(kedua)
    assert "EVALUASI KINERJA PERANGKAT DAERAH SEMESTER I " in pdf.halaman[0] + " "
    assert "JUMLAH 9.054.343.734 - -" in pdf.teks


def test_sidik_mencakup_semua_masukan_templat(opd, django_assert_num_queries):
    """The cache key reads every row the template shows: rendering after it runs no query."""
    konteks = konteks_laporan(opd, 2022, 2, dengan_kualitas=True)
    for tabel in konteks["tabel"].values():
        tabel.orderable = False
    konteks["cetak"] = True
    kunci = ekspor_pdf.kunci_konteks("laporan/cetak.html", konteks)
    assert kunci and kunci.startswith("pdf:")
    with django_assert_num_queries(0):
        render_to_string("laporan/cetak.html", konteks)
    assert ekspor_pdf.kunci_konteks("laporan/cetak.html", konteks) == kunci  # deterministic
    konteks["dengan_kualitas"] = False
    assert ekspor_pdf.kunci_konteks("laporan/cetak.html", konteks) != kunci


def test_opd_lain_404(client, pengguna):
    buat_opd_sintetis(7, 2022, program=1, kegiatan=1, sub=1)
    client.force_login(pengguna["kadis"])
    awal = ekspor_pdf.jumlah_render
    assert client.get("/opd/sintetis-7/laporan/2022/semester/2/pdf/").status_code == 404
    assert ekspor_pdf.jumlah_render == awal


@pytest.mark.parametrize(
    "url",
    [
        "/opd/tidak-ada/laporan/2022/semester/2/pdf/",
        "/opd/disnaker/laporan/2019/semester/2/pdf/",
        "/opd/disnaker/laporan/2022/semester/3/pdf/",
    ],
)
def test_periode_tidak_dikenal_404(client, pengguna, url):
    client.force_login(pengguna["kadis"])
    assert client.get(url).status_code == 404


def test_perlu_masuk(client):
    r = client.get(URL)
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")
