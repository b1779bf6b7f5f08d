"""The "Angka Tercetak" sheet of the plan workbook: written with the stored printed figures, read back
unchanged, and a figure added in Excel reaches the data-quality view (document vs computed)."""

import pytest

from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.impor import proses
from evaluasi.laporan.data import data_laporan
from evaluasi.models import AngkaTercetak
from tests.test_impor_bantu import buka, simpan
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

TEMPLAT = "/opd/disnaker/rencana/2022/templat.xlsx"


def baris(ws):
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def impor(user, opd, isi):
    impor_, rencana = proses.pratinjau(user, opd, 2022, isi, "rencana.xlsx")
    return impor_, rencana


def test_pulang_pergi_tanpa_perubahan(pengguna, opd):
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_TERCETAK]
    assert [x.value for x in ws[1]] == [k.judul for k in K.KOLOM_TERCETAK]
    isi = baris(ws)
    assert len(isi) == AngkaTercetak.objects.filter(opd=opd, tahun=2022).count() > 50
    assert [2, "Sasaran PD", "1", 1, "Capaian", "99,3%", "Laporan evaluasi Semester II"] in isi
    assert [2, "Jumlah", None, None, "Pagu", "9054343734", "Laporan evaluasi Semester II"] in isi or any(
        r[1] == "Jumlah" and r[4] == "Pagu" for r in isi
    )
    _, rencana = impor(pengguna["bappeda"], opd, c.get(TEMPLAT).content)
    assert (rencana.dibuat, rencana.diubah, [str(g) for g in rencana.galat]) == (0, 0, [])


def test_angka_tercetak_diimpor_muncul_di_kualitas_data(pengguna, opd):
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_TERCETAK]
    # A Semester I paper report printed sub kegiatan 21's capaian as 350 %: contradicted and implausible.
    ws.append([1, "Sub Kegiatan", "21", 1, "capaian", "350%", "Laporan kertas 2022"])
    impor_, rencana = impor(pengguna["bappeda"], opd, simpan(wb))
    assert [str(g) for g in rencana.galat] == []
    assert (rencana.dibuat, rencana.diubah) == (1, 0)
    assert not AngkaTercetak.objects.filter(teks="350%").exists()  # the preview writes nothing
    proses.terapkan(pengguna["bappeda"], impor_, konfirmasi=True, alasan="-")
    t = AngkaTercetak.objects.get(teks="350%")
    assert (t.indikator.unsur.nomor, t.besaran, t.sumber) == ("21", "capaian", "Laporan kertas 2022")

    temuan = [x for x in data_laporan(opd, 2022, 1).temuan if x.tercetak == "350%"]
    assert {(x.jenis, x.kelompok) for x in temuan} == {("capaian", "dokumen"), ("capaian_tinggi", "dokumen")}
    assert any("Sub Kegiatan 21" in x.objek for x in temuan)

    # Changed in Excel again: the row is updated, not duplicated.
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_TERCETAK]
    for r in ws.iter_rows(min_row=2):
        if r[5].value == "350%":
            r[5].value = "100%"
    impor_, rencana = impor(pengguna["bappeda"], opd, simpan(wb))
    assert (rencana.dibuat, rencana.diubah) == (0, 1)
    proses.terapkan(pengguna["bappeda"], impor_)
    assert AngkaTercetak.objects.filter(indikator=t.indikator, besaran="capaian", semester=1).get().teks == "100%"


@pytest.mark.parametrize(
    "isi,pesan",
    [
        ([2, "Sub Kegiatan", "99", 1, "capaian", "1%", ""], "Sub Kegiatan 99 indikator 1 tidak ada"),
        ([3, "Sub Kegiatan", "21", 1, "capaian", "1%", ""], "Semester harus 1 atau 2"),
        ([2, "Planet", "21", 1, "capaian", "1%", ""], "Level 'Planet' tidak dikenal"),
        ([2, "Sub Kegiatan", "21", 1, "rasa", "1%", ""], "Besaran 'rasa' tidak dikenal"),
        ([2, "Sub Kegiatan", "21", None, "capaian", "1%", ""], "Tanpa no. indikator hanya pagu"),
        ([2, "Sub Kegiatan", "21", 1, "capaian", "", ""], "Teks tercetak kosong"),
    ],
)
def test_galat_baris(pengguna, opd, isi, pesan):
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    wb[K.LEMBAR_TERCETAK].append(isi)
    _, rencana = impor(pengguna["bappeda"], opd, simpan(wb))
    teks = [str(g) for g in rencana.galat]
    assert len(teks) == 1 and pesan in teks[0] and "Angka Tercetak" in teks[0], teks
