"""The downloadable template: layout, protection, validation, hidden keys, operator scope, formula injection."""

import io
import zipfile

import pytest

from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.models import Indikator, Realisasi, Unsur
from tests.test_impor_bantu import buka, cari_baris, indeks
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

KR, KA = K.KOLOM_REALISASI, K.KOLOM_ANGGARAN
URL = "/opd/disnaker/rencana/2022/templat.xlsx"


def test_templat_realisasi_terkunci_dan_tervalidasi(pengguna):
    r = klien(pengguna, "verifikator").get(URL + "?triwulan=4")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="templat-realisasi-disnaker-2022-tw4.xlsx"'
    wb = buka(r.content)
    assert wb.sheetnames == ["Petunjuk", "Realisasi", "Anggaran", "Meta"]
    assert wb["Meta"].sheet_state == "hidden"
    assert "Cara mengisi templat ini" in wb["Petunjuk"]["A2"].value
    ws = wb["Realisasi"]
    assert ws.protection.sheet is True
    assert ws.column_dimensions["A"].hidden is True
    assert [c.value for c in ws[1]][indeks(KR, "nilai")] == "Realisasi TW IV"
    b = cari_baris(ws, KR, nomor="22", urutan=1)
    sel = {k.nama: ws.cell(b, i + 1) for i, k in enumerate(KR)}
    assert sel["kunci"].value.startswith("K")
    assert sel["nilai"].value == 288 and sel["target"].value == 224  # pre-filled with what is entered
    for nama in ("nilai", "faktor_pendorong", "faktor_penghambat", "tindak_lanjut"):
        assert sel[nama].protection.locked is False, nama
    for nama in ("kunci", "nama_indikator", "target", "satuan"):
        assert sel[nama].protection.locked is True, nama
    validasi = {(dv.type, dv.operator, dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    huruf = K.huruf(indeks(KR, "nilai"))
    assert ("decimal", "greaterThanOrEqual", "0", f"{huruf}2:{huruf}{ws.max_row}") in validasi
    wa = wb["Anggaran"]
    assert wa.protection.sheet is True
    huruf = K.huruf(indeks(KA, "realisasi"))
    assert {(dv.type, str(dv.sqref)) for dv in wa.data_validations.dataValidation} == {
        ("whole", f"{huruf}2:{huruf}{wa.max_row}")
    }
    b = cari_baris(wa, KA, nomor="22")
    assert wa.cell(b, indeks(KA, "realisasi") + 1).value == 1592015350
    assert wa.cell(b, indeks(KA, "realisasi") + 1).protection.locked is False
    assert wa.cell(b, indeks(KA, "pagu") + 1).protection.locked is True


def test_catatan_hanya_di_baris_pertama_indikator(pengguna):
    """A two-component indicator: its notes are entered once, on its first row."""
    ws = buka(klien(pengguna, "verifikator").get(URL + "?triwulan=4").content)["Realisasi"]
    nama = indeks(KR, "nama_indikator")
    komponen = indeks(KR, "komponen")
    catatan = indeks(KR, "faktor_pendorong")
    baris = [r for r in ws.iter_rows(min_row=2) if r[komponen].value == 2]
    assert baris
    kedua = baris[0]
    pertama = next(r for r in ws.iter_rows(min_row=2) if r[nama].value == kedua[nama].value and r[komponen].value == 1)
    assert pertama[catatan].protection.locked is False
    assert kedua[catatan].protection.locked is True


def test_operator_hanya_bidangnya(pengguna):
    ws = buka(klien(pengguna, "op_pelatihan").get(URL + "?triwulan=1").content)["Realisasi"]
    nomor = {(r[1].value, r[2].value) for r in ws.iter_rows(min_row=2) if r[0].value}
    assert ("Sub Kegiatan", "22") in nomor
    assert ("Sub Kegiatan", "1") not in nomor  # sekretariat
    penuh = buka(klien(pengguna, "verifikator").get(URL + "?triwulan=1").content)["Realisasi"]
    assert ws.max_row < penuh.max_row


def test_templat_rencana(pengguna):
    r = klien(pengguna, "kadis").get(URL)
    assert r["Content-Disposition"] == 'attachment; filename="templat-rencana-disnaker-2022.xlsx"'
    wb = buka(r.content)
    assert wb.sheetnames == ["Petunjuk", "Unsur", "Indikator", "Target", "Rincian", "Angka Tercetak", "Meta"]
    ws = wb["Unsur"]
    assert ws.max_row - 1 == Unsur.objects.filter(opd__slug="disnaker", tahun=2022).count()
    b = cari_baris(ws, K.KOLOM_UNSUR, level="Sub Kegiatan", nomor="22")
    assert ws.cell(b, indeks(K.KOLOM_UNSUR, "pagu_murni") + 1).value == 1600000000
    assert ws.cell(b, indeks(K.KOLOM_UNSUR, "induk_level") + 1).value == "Kegiatan"
    wt = wb["Target"]
    tahun = {r[indeks(K.KOLOM_TARGET, "tahun")].value for r in wt.iter_rows(min_row=2)}
    assert tahun == {2022, 2023}


@pytest.mark.parametrize("triwulan", ["", "?triwulan=4"])
def test_injeksi_formula(pengguna, opd, triwulan):
    """Text typed by users never becomes a formula in the template; numbers stay numbers."""
    jahat = {"=1+2": "nama unsur", "+SUM(A1:A9)": "nama indikator", "@cmd|' /c calc'!A0": "pendorong", "-2+3": "lanjut"}
    u = Unsur.objects.get(opd=opd, tahun=2022, level="sub_kegiatan", nomor="22")
    u.nama = "=1+2"
    u.save()
    ind = Indikator.objects.get(unsur=u, urutan=1)
    ind.nama = "+SUM(A1:A9)"
    ind.save()
    Realisasi.objects.filter(indikator=ind, triwulan=4).update(
        faktor_pendorong="@cmd|' /c calc'!A0", tindak_lanjut="-2+3", status="draf"
    )
    isi = klien(pengguna, "verifikator").get(URL + triwulan).content
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        for nama in z.namelist():
            if nama.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(nama).decode() and "<f " not in z.read(nama).decode(), nama
    wb = buka(isi)
    ditemukan = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in jahat:
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate)
                    ditemukan.add(c.value)
                if isinstance(c.value, str) and c.value[:1] in "=+-@" and c.value not in jahat:
                    assert c.data_type == "s"
    harap = {"=1+2", "+SUM(A1:A9)"} | ({"@cmd|' /c calc'!A0", "-2+3"} if triwulan else set())
    assert ditemukan == harap
    # Numbers we write are numbers.
    if triwulan:
        ws = wb["Realisasi"]
        b = cari_baris(ws, KR, nomor="22", urutan=1)
        assert ws.cell(b, indeks(KR, "target") + 1).data_type == "n"


@pytest.mark.parametrize("q", ["?triwulan=5", "?triwulan=x", "?triwulan=0"])
def test_triwulan_salah_404(pengguna, q):
    assert klien(pengguna, "verifikator").get(URL + q).status_code == 404


KUERI_TEMPLAT = {"": 10, "?triwulan=2": 11}  # the plan: + roll-up links (sheet Rincian), + printed figures


@pytest.mark.parametrize("q", ["", "?triwulan=2"])
def test_kueri_templat_tetap(pengguna, django_assert_num_queries, q):
    """The template reads the plan in a fixed number of queries: the same at seed size and at a big size."""
    from evaluasi.sintetis import buat_opd_sintetis

    besar = buat_opd_sintetis(93, 2022, program=4, kegiatan=4, sub=4, indikator=3)
    c = klien(pengguna, "bappeda")
    for slug in ("disnaker", besar.slug):
        with django_assert_num_queries(KUERI_TEMPLAT[q]):
            assert c.get(f"/opd/{slug}/rencana/2022/templat.xlsx{q}").status_code == 200
