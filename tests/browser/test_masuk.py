"""Logging in with a real browser: redirect to the form, the start page, the Indonesian error."""

import re

from playwright.sync_api import expect


def test_beranda_mengarah_ke_masuk_lalu_kadis_melihat_dinas(halaman, masuk, tangkap, galat_halaman):
    halaman.goto("/")
    expect(halaman).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(halaman.get_by_role("button", name="Masuk")).to_be_visible()
    tangkap("masuk")

    masuk("kadis")
    expect(halaman).to_have_url(re.compile(r"/$"))
    expect(halaman.get_by_role("heading", level=1)).to_have_text("Dinas Tenaga Kerja")  # / is the dashboard
    expect(halaman.locator("main")).to_contain_text("Dinas Tenaga Kerja")
    berkas = tangkap("beranda-kadis")

    assert all(p.stat().st_size > 0 for p in berkas.values())
    assert galat_halaman == []


def test_kata_sandi_salah_pesan_indonesia(halaman, masuk, galat_halaman):
    masuk("kadis", "bukan-sandinya")
    expect(halaman).to_have_url(re.compile(r"/accounts/login/$"))
    expect(halaman.locator(".galat")).to_contain_text("Nama pengguna atau kata sandi salah")
    assert galat_halaman == []
