"""The semester report as XLSX: the real bytes parsed back by openpyxl, every sheet, numbers as numbers, scope."""

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from evaluasi import capaian
from evaluasi.ekspor.xlsx import FORMAT_PERSEN, FORMAT_RUPIAH, format_desimal, nama_lembar, pecahan_persen
from evaluasi.models import Indikator
from evaluasi.sintetis import buat_opd_sintetis
from tests.test_laporan_halaman import KUERI_HALAMAN

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/laporan/2022/semester/2/xlsx/"
HEADER = 4  # title, OPD, period, then the header row

LEMBAR = [
    "Target IKU",
    "Capaian Tujuan",
    "Capaian IKU",
    "Program",
    "Kegiatan",
    "Sub Kegiatan",
    "Register Risiko",
    "RTP",
    "Perjanjian Kinerja",
    "Program Prioritas",
    "Kegiatan Prioritas",
    "Rencana Aksi",
]


def unduh(client, url=URL):
    r = client.get(url)
    assert r.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(r.content))


@pytest.fixture
def wb(client, pengguna):
    client.force_login(pengguna["kadis"])
    return unduh(client)


def kolom(ws):
    """Header text -> column index (1-based)."""
    return {c.value: c.column for c in ws[HEADER]}


def baris_no(ws, nomor):
    """The row number of the first row of item ``nomor`` (column No)."""
    (r,) = [c.row for c in ws["A"][HEADER:] if c.value == nomor]
    return r


def baris_indikator(ws, nama):
    (r,) = [c.row for c in ws["C"][HEADER:] if c.value == nama]
    return r


def test_berkas_dan_lembar(client, pengguna):
    client.force_login(pengguna["kadis"])
    r = client.get(URL)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r["Content-Disposition"] == 'attachment; filename="evaluasi-disnaker-2022-semester-2.xlsx"'
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == LEMBAR + ["Kualitas Data"]


def test_kualitas_data_hanya_untuk_peran_tertentu(client, pengguna):
    client.force_login(pengguna["op_pelatihan"])
    assert unduh(client).sheetnames == LEMBAR
    client.force_login(pengguna["inspektorat"])
    ws = unduh(client)["Kualitas Data"]
    assert any(c.value == "Dokumen mencetak capaian 99,3%, hasil hitung 99,03%." for c in ws["C"])


def test_judul_dan_kepala_kolom(wb):
    ws = wb["Sub Kegiatan"]
    assert ws["A1"].value == "Sub Kegiatan"
    assert ws["A2"].value == "Dinas Tenaga Kerja Kabupaten Lamongan"
    # issue 12: the period line also states the verification coverage
    assert ws["A3"].value.startswith(
        "Evaluasi Kinerja Semester II Tahun 2022 (data s.d. triwulan 4) · cakupan verifikasi: "
    )
    assert "138 dari 138 nilai diverifikasi, per " in ws["A3"].value
    assert [c.value for c in ws[HEADER]] == [
        "No",
        "Sub Kegiatan",
        "Indikator",
        "Target",
        "Realisasi",
        "Capaian",
        "Anggaran (Rp)",
        "Realisasi (Rp)",
        "Capaian Anggaran",
        "Satuan",  # hidden on the page, exported
    ]
    assert wb["Register Risiko"]["A1"].value == "Register Risiko"
    assert wb["RTP"]["A1"].value == "Rancangan Pemantauan atas Pengendalian Intern"


def test_jumlah_sebagai_angka(wb):
    ws = wb["Sub Kegiatan"]
    (jumlah,) = [r for r in ws.iter_rows(min_row=HEADER + 1) if r[0].value == "JUMLAH"]
    assert jumlah[0].row == ws.max_row  # the last row
    k = kolom(ws)
    pagu, realisasi, serapan = (jumlah[k[n] - 1] for n in ("Anggaran (Rp)", "Realisasi (Rp)", "Capaian Anggaran"))
    assert (pagu.value, pagu.data_type, pagu.number_format) == (9_054_343_734, "n", FORMAT_RUPIAH)
    assert (realisasi.value, realisasi.data_type, realisasi.number_format) == (8_535_509_727, "n", FORMAT_RUPIAH)
    assert serapan.data_type == "n"
    assert serapan.number_format == FORMAT_PERSEN == "#,##0.00%"
    assert serapan.value == pytest.approx(0.9427, abs=5e-5)
    assert f"A{jumlah[0].row}:F{jumlah[0].row}" in {str(m) for m in ws.merged_cells.ranges}


def test_angka_seed(wb):
    ws = wb["Program"]
    k = kolom(ws)
    assert ws.cell(baris_no(ws, "1"), k["Anggaran (Rp)"]).value == 6_267_343_734

    ws = wb["Sub Kegiatan"]
    k = kolom(ws)
    # Composite target (sub kegiatan 18): the targets stay text, the capaian is a number.
    r = baris_indikator(ws, "Jumlah pajak surat kendaraan yang terbayarkan")
    target = ws.cell(r, k["Target"])
    assert (target.value, target.data_type) == ("1 kir, 5 unit kendaraan roda 4, 10 unit kendaraan roda 2", "s")
    assert ws.cell(r, k["Capaian"]).value == 0.9375
    assert ws.cell(r, k["Capaian"]).number_format == FORMAT_PERSEN
    # Uncapped capaian: 2.713% and 1.837,50%.
    r = baris_no(ws, "28")
    assert ws.cell(r, k["Capaian"]).value == 27.13
    assert ws.cell(r, k["Realisasi"]).value == 2713
    assert ws.cell(r, k["Satuan"]).value == "orang"
    r = baris_indikator(
        ws, "Jumlah Calon Pekerja Migran Indonesia (CPMI)/ Calon Tenaga Kerja Indonesia (CTKI) yang terdata"
    )
    assert ws.cell(r, k["Capaian"]).value == 18.375

    # The corrected figure (SS1.1): 93,95 of 94,87 is 99,03%, not the slide's 99,3%.
    ws = wb["Capaian IKU"]
    k = kolom(ws)
    r = baris_indikator(ws, "Persentase Penduduk yang Bekerja")
    assert ws.cell(r, k["Target"]).value == 94.87
    assert ws.cell(r, k["Target"]).number_format == "#,##0.00"
    assert ws.cell(r, k["Realisasi"]).value == 93.95
    assert ws.cell(r, k["Satuan"]).value == "%"
    assert ws.cell(r, k["Capaian"]).value == pytest.approx(0.9903025)
    assert round(ws.cell(r, k["Capaian"]).value * 100, 2) == 99.03


def test_angka_tidak_pernah_teks(wb):
    """Budget and capaian columns hold numbers or nothing; a target is text only when it is composite."""
    for nama in ("Capaian Tujuan", "Capaian IKU", "Program", "Kegiatan", "Sub Kegiatan"):
        ws = wb[nama]
        k = kolom(ws)
        for r in range(HEADER + 1, ws.max_row + 1):
            for judul in ("Capaian", "Anggaran (Rp)", "Realisasi (Rp)", "Capaian Anggaran"):
                sel = ws.cell(r, k[judul])
                assert sel.value is None or sel.data_type == "n", (nama, sel.coordinate, sel.value)
            for judul in ("Target", "Realisasi"):
                sel = ws.cell(r, k[judul])
                if sel.data_type == "s":
                    assert re.search(r"\d .*, \d", sel.value), (nama, sel.coordinate, sel.value)


def test_belum_diisi_kosong_bukan_nol(client, pengguna):
    """Semester I has no realisasi yet: the cells are empty, never 0; the pagu is there."""
    client.force_login(pengguna["kadis"])
    ws = unduh(client, "/opd/disnaker/laporan/2022/semester/1/xlsx/")["Sub Kegiatan"]
    assert ws["A3"].value.startswith("Evaluasi Kinerja Semester I Tahun 2022")
    jumlah = [c.value for c in ws[ws.max_row]]
    assert jumlah[0] == "JUMLAH"
    k = kolom(ws)
    # Semester I adds target and capaian s.d. TW II beside the capaian against the annual target.
    assert jumlah[k["Anggaran (Rp)"] - 1 : k["Capaian Anggaran"]] == [9_054_343_734, None, None]
    for r in range(HEADER + 1, ws.max_row + 1):
        assert ws.cell(r, k["Capaian thd target tahunan"]).value is None
        assert ws.cell(r, k["Capaian s.d. TW II (thd target s.d. TW II)"]).value is None
        # A composite target's realisasi is text, "-" when nothing is entered (TabelCapaian.value_realisasi).
        assert ws.cell(r, k["Realisasi"]).value in (None, "-")


def test_register_risiko(wb):
    ws = wb["Register Risiko"]
    k = kolom(ws)
    kode = [ws.cell(i, k["(5) Kode Risiko"]).value for i in range(HEADER + 1, ws.max_row + 1)]
    assert kode == [f"RSP{i}" for i in range(1, 16)]
    r = HEADER + kode.index("RSP15") + 1
    nilai = ws.cell(r, k["(14) Nilai Risiko"])
    assert (nilai.value, nilai.data_type) == (9, "n")  # the number, not the page's "9 (Sedang)"
    assert (ws.cell(r, k["(12) Skala Dampak"]).value, ws.cell(r, k["(13) Skala Kemungkinan"]).value) == (3, 3)


def test_sel_gabungan_seperti_rowspan_halaman(wb):
    ws = wb["Sub Kegiatan"]
    gabungan = {str(m) for m in ws.merged_cells.ranges}
    r = baris_no(ws, "17")  # five indicators
    assert ws.cell(r, 2).value == "Penyediaan Jasa Pelayanan Umum Kantor"
    for huruf in "ABGHI":  # no, nama, pagu, realisasi, serapan: the group's own columns
        assert f"{huruf}{r}:{huruf}{r + 4}" in gabungan
    for huruf in "CDEFJ":  # per indicator
        assert not any(m.startswith(f"{huruf}{r}:") for m in gabungan)
    assert [ws.cell(i, 3).value for i in range(r, r + 5)] == [
        "Jumlah cleaning service",
        "Jumlah JKK/JKM",
        "Jumlah premi asuransi kesehatan",
        "Jumlah tenaga administrasi perkantoran",
        "Jumlah tenaga keamanan",
    ]
    assert ws.cell(r + 1, 2).value is None  # covered by the merge
    # The IKU table's budget belongs to each program's first IKU: not a group column there.
    assert not any(m[0] in "GHI" for m in {str(m) for m in wb["Capaian IKU"].merged_cells.ranges})


def test_tata_letak_dan_cetak(wb):
    for ws in wb:
        assert ws.freeze_panes == f"A{HEADER + 1}", ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER}:${HEADER}"
        lebar = [ws.column_dimensions[c.column_letter].width for c in ws[HEADER]]
        assert all(6 <= w <= 50 for w in lebar), (ws.title, lebar)
        assert ws.cell(HEADER, 1).font.bold
        assert ws.cell(HEADER + 1, 2).alignment.wrap_text
    ws = wb["Sub Kegiatan"]
    k = kolom(ws)
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    # a rupiah figure never shows ####: the column is wider than 9.054.343.734
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(k["Anggaran (Rp)"])].width >= 13


@pytest.mark.parametrize(
    "nama",
    ['=HYPERLINK("http://x","klik")', "+62 812 tidak dihitung", "-1+1", "@SUM(A1)", "#N/A"],
)
def test_teks_tidak_pernah_jadi_rumus(client, pengguna, nama):
    ind = Indikator.objects.get(unsur__opd__slug="disnaker", unsur__tahun=2022, nama="Jumlah JKK/JKM")
    ind.nama = nama
    ind.save()
    client.force_login(pengguna["kadis"])
    r = client.get(URL)
    ws = openpyxl.load_workbook(io.BytesIO(r.content))["Sub Kegiatan"]
    (sel,) = [c for c in ws["C"] if c.value == nama]
    assert sel.data_type == "s"
    if nama[0] in "=+-@":
        assert sel.quotePrefix  # stays text when edited in Excel
    # and in the file itself: no formula element anywhere
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_persen_tampil_sama_dengan_halaman():
    """The fraction Excel formats with 0.00% rounds (half away from zero) to what the page shows."""
    for teks in ["94.269777885", "90.995", "90.9949996", "90.99499999999", "2713", "1837.5", "-0.2349999", "0"]:
        x = Decimal(teks)
        tampil = capaian.bulatkan(pecahan_persen(x) * 100, 2)  # Excel's display, on the written value
        assert tampil == capaian.bulatkan(x, 2), teks
    assert pecahan_persen(Decimal("93.75")) == Decimal("0.9375")


def test_format_desimal():
    assert format_desimal(Decimal("22.0000")) == "#,##0"
    assert format_desimal(Decimal("100")) == "#,##0"
    assert format_desimal(Decimal("89.9000")) == "#,##0.0"
    assert format_desimal(Decimal("0.2920")) == "#,##0.000"
    assert format_desimal(Decimal("1.234567")) == "#,##0.0000"


def test_nama_lembar():
    sudah = {"program"}
    assert nama_lembar("Program", sudah) == "Program (2)"
    assert nama_lembar("Rencana: aksi/target [2023]?", set()) == "Rencana- aksi-target -2023--"
    panjang = nama_lembar("Rancangan Pemantauan atas Pengendalian Intern", set())
    assert panjang == "Rancangan Pemantauan atas Penge" and len(panjang) == 31
    assert nama_lembar("Rancangan Pemantauan atas Pengendalian Intern", {panjang.lower()}) == (
        "Rancangan Pemantauan atas P (2)"
    )


def test_opd_lain_404(client, pengguna):
    buat_opd_sintetis(11, 2022, program=1, kegiatan=1, sub=1)
    client.force_login(pengguna["kadis"])
    assert client.get("/opd/sintetis-11/laporan/2022/semester/2/xlsx/").status_code == 404
    client.force_login(pengguna["inspektorat"])
    ws = unduh(client, "/opd/sintetis-11/laporan/2022/semester/2/xlsx/")["Register Risiko"]
    assert ws["A2"].value == "Dinas Sintetis 11 (data sintetis) Kabupaten Sintetis"
    # an empty table says so across its width, as the page does
    assert ws.cell(HEADER + 1, 1).value == "Belum ada data."
    assert f"A{HEADER + 1}:O{HEADER + 1}" in {str(m) for m in ws.merged_cells.ranges}


@pytest.mark.parametrize(
    "url",
    [
        "/opd/tidak-ada/laporan/2022/semester/2/xlsx/",
        "/opd/disnaker/laporan/2019/semester/2/xlsx/",
        "/opd/disnaker/laporan/2022/semester/3/xlsx/",
    ],
)
def test_periode_tidak_dikenal_404(client, pengguna, url):
    client.force_login(pengguna["kadis"])
    assert client.get(url).status_code == 404


def test_perlu_masuk(client):
    r = client.get(URL)
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_kueri_tetap(client, pengguna, django_assert_num_queries):
    """The page's queries, whatever the size: seed, and a synthetic plan ten times larger."""
    client.force_login(pengguna["inspektorat"])
    buat_opd_sintetis(12, 2022, program=60, kegiatan=3, sub=2)
    with django_assert_num_queries(KUERI_HALAMAN):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(KUERI_HALAMAN):
        r = client.get("/opd/sintetis-12/laporan/2022/semester/2/xlsx/")
    ws = openpyxl.load_workbook(io.BytesIO(r.content))["Sub Kegiatan"]
    assert ws.max_row == HEADER + 60 * 3 * 2 * 2 + 1  # 360 sub kegiatan x 2 indicators, then JUMLAH
    assert ws.cell(ws.max_row, 1).value == "JUMLAH"
    assert len(ws.merged_cells.ranges) == 360 * 5 + 1
