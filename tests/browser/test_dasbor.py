"""The Kepala Dinas dashboard in a real browser: headline figures, drill-down to an indicator, an evidence file."""

import hashlib
import re

from django.core.files.base import ContentFile
from playwright.sync_api import expect

from evaluasi.models import DataDukung, Unsur

ISI_BERKAS = b"%PDF-1.4\n% daftar hadir pelatihan (uji)\n"


def test_kadis_dasbor_drill_down_dan_data_dukung(halaman, masuk, tangkap, galat_halaman, penyimpanan):
    # Evidence for the transmigration sub kegiatan 39, TW IV.
    sub = Unsur.objects.get(opd__slug="disnaker", tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor="39")
    dd = DataDukung(
        unsur=sub,
        triwulan=4,
        nama_asli="daftar-hadir-tw4.pdf",
        jenis_konten="application/pdf",
        ukuran=len(ISI_BERKAS),
        sha256=hashlib.sha256(ISI_BERKAS).hexdigest(),
    )
    dd.berkas.save("x", ContentFile(ISI_BERKAS), save=False)
    dd.save()

    masuk("kadis")
    expect(halaman.get_by_role("heading", level=1)).to_have_text("Dinas Tenaga Kerja")
    expect(halaman.locator(".periode")).to_contain_text("Triwulan IV")
    jumlah = halaman.locator("#anggaran tfoot tr.jumlah")
    expect(jumlah).to_contain_text("9.054.343.734")
    expect(jumlah).to_contain_text("8.535.509.727")
    expect(jumlah).to_contain_text("94,27%")
    expect(halaman.locator("#serapan-jumlah")).to_have_text("94,27%")
    expect(halaman.locator("#perhatian")).to_contain_text("Serapan di bawah rencana")
    expect(halaman.locator("#grafik img")).to_have_count(4)
    tangkap("dasbor")
    # Phone width: the page itself never scrolls sideways.
    halaman.set_viewport_size({"width": 390, "height": 844})
    lebar = halaman.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1], lebar
    halaman.set_viewport_size({"width": 1366, "height": 900})

    # Program 6 -> its kegiatan -> sub kegiatan 39 -> an indicator.
    halaman.locator("#anggaran").get_by_role("link", name=re.compile(r"^6\. Program Pembangunan Kawasan")).click()
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Transmigrasi")
    halaman.locator(".tabel-anggaran").get_by_role("link").first.click()
    expect(halaman.locator(".dasbor-kepala .kecil")).to_contain_text("Kegiatan")
    halaman.locator(".tabel-anggaran").get_by_role("link", name=re.compile(r"^39\. ")).click()
    expect(halaman.get_by_role("heading", level=1)).to_have_text(sub.nama)
    expect(halaman.locator("#data-dukung")).to_contain_text("daftar-hadir-tw4.pdf")
    tangkap("dasbor-sub-kegiatan")
    halaman.locator("table.tabel-laporan").first.get_by_role("link").first.click()
    expect(halaman.locator(".dasbor-kepala .kecil")).to_contain_text("Indikator Sub Kegiatan 39")
    expect(halaman.locator("#tahun-2022")).to_contain_text("TW IV")
    expect(halaman.get_by_role("link", name="Jejak audit indikator ini")).to_be_visible()
    tangkap("dasbor-indikator")

    # The evidence file opens (served as an attachment by the scoped download view).
    with halaman.expect_download() as unduhan:
        halaman.locator("#tahun-2022").get_by_role("link", name="daftar-hadir-tw4.pdf").click()
    berkas = unduhan.value
    assert berkas.suggested_filename == "daftar-hadir-tw4.pdf"
    with open(berkas.path(), "rb") as f:
        assert f.read() == ISI_BERKAS
    assert galat_halaman == []


def test_bappeda_ikhtisar_kabupaten(halaman, masuk, tangkap, galat_halaman):
    masuk("bappeda")
    halaman.get_by_role("link", name="Ikhtisar kabupaten").first.click()
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Kinerja perangkat daerah 2022")
    expect(halaman.locator(".tabel-kabupaten")).to_contain_text("Dinas Tenaga Kerja")
    halaman.get_by_role("link", name="Serapan").click()
    expect(halaman).to_have_url(re.compile(r"urut=serapan"))
    tangkap("kabupaten")
    halaman.locator(".tabel-kabupaten").get_by_role("link", name="Dinas Tenaga Kerja").click()
    expect(halaman.locator("#serapan-jumlah")).to_have_text("94,27%")
    assert galat_halaman == []
