"""Roll-ups and E.81 shapes in a real browser: a kegiatan-rooted plan's E.81, and the two groups of the data-quality
view on the seed report (screenshots in tangkapan/)."""

from playwright.sync_api import expect

from evaluasi.models import Unsur
from tests.browser.conftest import FOLDER_TANGKAPAN
from tests.test_e81_bentuk import buat_rencana


def test_e81_rencana_berakar_kegiatan(halaman, masuk, tangkap, galat_halaman):
    buat_rencana("akar-kegiatan", Unsur.Level.KEGIATAN)
    masuk("bappeda")
    halaman.goto("/opd/akar-kegiatan/laporan/2024/e81/?triwulan=1")
    expect(halaman.locator("#level-hilang")).to_contain_text("tidak memiliki level Sasaran PD, Program")
    expect(halaman.locator("table.tabel-e81 tbody")).to_contain_text("Kegiatan Bursa Kerja")
    expect(halaman.locator("table.tabel-e81 tbody")).to_contain_text("12.345.678")
    tangkap("e81-akar-kegiatan")
    assert galat_halaman == []


def test_kualitas_data_dua_kelompok(halaman, masuk, galat_halaman):
    masuk("inspektorat")
    halaman.goto("/opd/disnaker/laporan/2022/semester/2/#kualitas-data")
    dokumen, isian = halaman.locator("#kualitas-dokumen"), halaman.locator("#kualitas-isian")
    expect(dokumen.get_by_role("heading")).to_contain_text("Dokumen vs hitungan")
    expect(dokumen).to_contain_text("99,3%")  # Persentase Penduduk yang Bekerja as printed
    expect(dokumen).to_contain_text("1 LPK")  # K10 as printed; the report shows the sum of its rincian
    expect(isian.get_by_role("heading")).to_contain_text("Isian saat ini tidak konsisten")
    expect(isian).to_contain_text("Target 224 tidak sama dengan jumlah rinciannya")
    # The section alone (the whole report at full length is too long to capture in time).
    FOLDER_TANGKAPAN.mkdir(exist_ok=True)
    halaman.locator("#kualitas-data").screenshot(path=FOLDER_TANGKAPAN / "kualitas-data-desktop.png", timeout=60_000)
    assert galat_halaman == []
