"""The whole workflow in a real browser: the operator fills TW I with evidence and submits; the verifikator
returns it with a note; the operator fixes and resubmits; the verifikator verifies."""

import re

from playwright.sync_api import expect

from evaluasi.models import DataDukung, NilaiRealisasi, PeristiwaVerifikasi, Realisasi, Unsur

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def keluar(halaman):
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Keluar").click()


def pesan(halaman):
    return halaman.locator(".pesan[role=status]")


def test_alur_ajukan_kembalikan_perbaiki_verifikasi(halaman, masuk, tangkap, galat_halaman, penyimpanan, tmp_path):
    s22 = Unsur.objects.get(opd__slug="disnaker", tahun=2022, level="sub_kegiatan", nomor="22")
    ind1, ind2 = s22.indikator.order_by("urutan", "id")
    k1 = ind1.target.get(tahun=2022).komponen.order_by("urutan").first()
    k2 = ind2.target.get(tahun=2022).komponen.order_by("urutan").first()
    entri = f"/opd/disnaker/entri/2022/sub-kegiatan/{s22.pk}/triwulan/1/"

    # --- The operator fills TW I: kinerja, anggaran, notes; the capaian follows the typing.
    masuk("op_pelatihan")
    halaman.goto("/opd/disnaker/entri/2022/?triwulan=1")
    with halaman.expect_navigation():
        halaman.locator(f'a[href="{entri}"]').click()
    capaian1 = halaman.locator(f'[data-capaian="{ind1.pk}"]')
    expect(capaian1).to_have_text("-")
    halaman.fill(f"#id_nilai_{k1.pk}", "10")
    expect(capaian1).to_have_text("4,46%")  # 10 / 224, computed by the server while typing
    expect(halaman.locator(f'[data-sd="nilai_{k1.pk}"]')).to_have_text("10")
    halaman.fill(f"#id_nilai_{k2.pk}", "2")
    halaman.fill("#id_anggaran", "Rp 1.000.000")
    expect(halaman.locator("[data-sisa]")).to_have_text("Rp 6.984.650")
    halaman.fill(f"#id_faktor_pendorong_{ind1.pk}", "Peserta antusias.")
    halaman.fill(f"#id_faktor_penghambat_{ind1.pk}", "Instruktur terbatas.")
    halaman.fill(f"#id_tindak_lanjut_{ind1.pk}", "Tambah instruktur.")
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Simpan", exact=True).click()
    expect(pesan(halaman)).to_have_text("Realisasi tersimpan.")

    # Evidence: a small PDF.
    pdf = tmp_path / "Daftar hadir pelatihan.pdf"
    pdf.write_bytes(PDF)
    halaman.set_input_files("#berkas", str(pdf))
    halaman.fill("#keterangan-berkas", "Daftar hadir TW I")
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Unggah data dukung").click()
    expect(pesan(halaman)).to_contain_text("Daftar hadir pelatihan.pdf")
    expect(halaman.get_by_role("link", name="Daftar hadir pelatihan.pdf")).to_be_visible()

    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(pesan(halaman)).to_have_text("2 realisasi diajukan untuk verifikasi. (TW I)")
    expect(halaman.locator(f"#id_nilai_{k1.pk}")).to_be_disabled()
    tangkap("alur-operator-diajukan")
    keluar(halaman)

    # --- The verifikator finds it in the queue and returns it with a note.
    masuk("verifikator")
    halaman.goto("/opd/disnaker/verifikasi/2022/?triwulan=1")
    tangkap("alur-antrean")
    with halaman.expect_navigation():
        halaman.locator(f'a[href="{entri}"]').click()
    halaman.fill("#catatan-kembalikan", "Realisasi anggaran belum sesuai SP2D; periksa lagi jumlah lulusan.")
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(pesan(halaman)).to_contain_text("2 realisasi dikembalikan")
    keluar(halaman)

    # --- The operator sees the note, fixes a value and resubmits.
    masuk("op_pelatihan")
    halaman.goto("/opd/disnaker/entri/2022/?triwulan=1")
    expect(halaman.locator(".catatan-verifikator").first).to_contain_text("belum sesuai SP2D")
    halaman.goto(entri)
    expect(halaman.locator(".catatan-verifikator")).to_contain_text("periksa lagi jumlah lulusan")
    tangkap("alur-operator-dikembalikan")
    halaman.fill(f"#id_nilai_{k1.pk}", "12")
    expect(capaian1).to_have_text("5,36%")
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Simpan", exact=True).click()
    expect(pesan(halaman)).to_have_text("Realisasi tersimpan.")
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(pesan(halaman)).to_contain_text("diajukan untuk verifikasi")
    keluar(halaman)

    # --- The verifikator verifies.
    masuk("verifikator")
    halaman.goto(entri)
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(pesan(halaman)).to_have_text("2 realisasi diverifikasi. (TW I)")
    expect(halaman.get_by_role("button", name="Buka kembali")).to_be_visible()
    tangkap("alur-verifikator-diverifikasi")

    # --- The verifikator locks TW I from the lock page; the entry page then refuses changes.
    halaman.get_by_role("link", name="Kunci periode").first.click()
    expect(halaman).to_have_url(re.compile(r"/opd/disnaker/kunci/2022/$"))
    with halaman.expect_navigation():
        halaman.get_by_role("button", name="Kunci TW I", exact=True).click()
    expect(pesan(halaman)).to_contain_text("TW I 2022 dikunci")
    tangkap("alur-kunci")
    halaman.goto(entri)
    expect(halaman.locator(".pesan.galat")).to_contain_text("Triwulan ini sudah dikunci")
    expect(halaman.get_by_role("button", name="Buka kembali")).to_have_count(0)

    # --- The database says the same.
    statuses = set(Realisasi.objects.filter(indikator__unsur=s22, triwulan=1).values_list("status", flat=True))
    assert statuses == {"diverifikasi"}
    assert NilaiRealisasi.objects.get(realisasi__indikator=ind1, realisasi__triwulan=1, komponen=k1).nilai == 12
    r1 = Realisasi.objects.get(indikator=ind1, triwulan=1)
    assert (r1.faktor_pendorong, r1.faktor_penghambat, r1.tindak_lanjut) == (
        "Peserta antusias.",
        "Instruktur terbatas.",
        "Tambah instruktur.",
    )
    assert s22.anggaran.triwulan.get(triwulan=1).realisasi == 1_000_000
    log = list(
        PeristiwaVerifikasi.objects.filter(realisasi=r1).values_list("aksi", "ke_status", "oleh__username", "catatan")
    )
    assert log == [
        ("ajukan", "diajukan", "op_pelatihan", ""),
        ("kembalikan", "dikembalikan", "verifikator", log[1][3]),
        ("ajukan", "diajukan", "op_pelatihan", ""),
        ("verifikasi", "diverifikasi", "verifikator", ""),
    ]
    assert re.search("belum sesuai SP2D", log[1][3])
    (dd,) = DataDukung.objects.filter(unsur=s22, triwulan=1)
    assert (dd.nama_asli, dd.jenis_konten, dd.ukuran) == ("Daftar hadir pelatihan.pdf", "application/pdf", len(PDF))
    assert (penyimpanan / dd.berkas.name).read_bytes() == PDF
    assert galat_halaman == []
