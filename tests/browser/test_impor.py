"""Import in a real browser: an operator downloads the TW I template, fills it, uploads it, sees the preview,
confirms, and the report shows the new figures. Screenshots at desktop and phone width."""

import re

from playwright.sync_api import expect

from evaluasi.impor import kolom as K  # noqa: N812
from tests.test_impor_bantu import buka, cari_baris, pribadi, simpan, tulis  # noqa: F401

KR, KA = K.KOLOM_REALISASI, K.KOLOM_ANGGARAN


def test_operator_impor_realisasi(halaman, masuk, tangkap, galat_halaman, pribadi, tmp_path):  # noqa: F811
    masuk("op_pelatihan")
    halaman.goto("/opd/disnaker/impor/2022/")
    expect(halaman.get_by_role("heading", level=1)).to_contain_text("Impor rencana dan realisasi dari Excel")
    tangkap("impor-unggah")

    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="TW I", exact=True).click()
    assert unduhan.value.suggested_filename == "templat-realisasi-disnaker-2022-tw1.xlsx"
    wb = buka(open(unduhan.value.path(), "rb").read())
    ws = wb[K.LEMBAR_REALISASI]
    tulis(ws, KR, cari_baris(ws, KR, nomor="22", urutan=1), nilai=75, faktor_pendorong="Kelas tambahan")
    wa = wb[K.LEMBAR_ANGGARAN]
    tulis(wa, KA, cari_baris(wa, KA, nomor="22"), realisasi="Rp 2.345.678")
    terisi = tmp_path / "tw1-terisi.xlsx"
    terisi.write_bytes(simpan(wb))

    halaman.set_input_files("input[name=berkas]", str(terisi))
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(halaman).to_have_url(re.compile(r"/opd/disnaker/impor/riwayat/\d+/$"))
    expect(halaman.locator(".jumlah-dibuat")).to_have_text("2")
    tabel = halaman.locator("table.tabel-perubahan")
    expect(tabel).to_contain_text("Sub Kegiatan 22 — indikator 1")
    expect(tabel).to_contain_text("Kelas tambahan")
    expect(tabel).to_contain_text("2.345.678")
    tangkap("impor-pratinjau")
    # Phone width: the page itself never scrolls sideways, the table scrolls in its own box.
    halaman.set_viewport_size({"width": 390, "height": 844})
    lebar = halaman.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert lebar[0] <= lebar[1], lebar
    halaman.set_viewport_size({"width": 1366, "height": 900})

    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Konfirmasi dan terapkan").click()
    expect(halaman.get_by_role("status").first).to_contain_text("Impor diterapkan: 2 baris dibuat")
    expect(halaman.locator(".status-impor")).to_have_text("Diterapkan")
    tangkap("impor-diterapkan")

    # The imported figures are drafts until verified: the official semester I report (TW I–II) leaves
    # them out; with "termasuk yang belum diverifikasi" the operator sees them, marked.
    halaman.goto("/opd/disnaker/laporan/2022/semester/1/")
    baris = halaman.locator("#sub-kegiatan tr", has_text="Klaster Kompetensi").first
    expect(baris).not_to_contain_text("2.345.678")
    halaman.goto("/opd/disnaker/laporan/2022/semester/1/?draf=1")
    baris = halaman.locator("#sub-kegiatan tr", has_text="Klaster Kompetensi").first
    expect(baris).to_contain_text("75")
    expect(baris).to_contain_text("2.345.678")
    assert galat_halaman == []
