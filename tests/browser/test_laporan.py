"""The semester report in a real browser: open it from the start page, follow the table of contents, phone width."""

import re

from playwright.sync_api import expect

URL = "/opd/disnaker/laporan/2022/semester/2/"


def test_laporan_daftar_isi_dan_layar_ponsel(halaman, masuk, tangkap, galat_halaman):
    masuk("kadis")
    halaman.get_by_role("link", name="Laporan Semester II").first.click()
    expect(halaman).to_have_url(re.compile(re.escape(URL) + "$"))
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Semester II 2022")

    # Follow the table of contents to the sub kegiatan table; JUMLAH is the document's.
    halaman.get_by_role("navigation", name="Daftar isi").get_by_role("link", name="Sub Kegiatan").click()
    expect(halaman).to_have_url(re.compile(r"#sub-kegiatan$"))
    jumlah = halaman.locator("#sub-kegiatan tfoot tr.jumlah")
    expect(jumlah).to_contain_text("9.054.343.734")
    expect(jumlah).to_contain_text("8.535.509.727")
    expect(jumlah).to_contain_text("94,27%")
    expect(halaman.locator("#sub-kegiatan")).to_be_in_viewport()

    halaman.get_by_role("navigation", name="Daftar isi").get_by_role("link", name="Register Risiko").click()
    expect(halaman.locator(".matriks-risiko")).to_contain_text("RSP15")

    tangkap("laporan")

    # At phone width the page itself never scrolls sideways: wide tables scroll inside their box.
    halaman.set_viewport_size({"width": 390, "height": 844})
    lebar = halaman.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1], lebar
    assert galat_halaman == []


def test_e81_dari_laporan(halaman, masuk, galat_halaman):
    masuk("inspektorat")
    halaman.goto("/opd/disnaker/laporan/2022/e81/")
    halaman.get_by_role("link", name="s.d. TW 2").click()
    expect(halaman.locator(".sampul")).to_contain_text("triwulan I s.d. 2")
    assert galat_halaman == []
