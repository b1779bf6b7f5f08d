"""Evidence files: content-checked upload into the private storage, scoped download, guarded delete."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from evaluasi.layanan import bukti
from evaluasi.layanan.entri import PESAN_TERKUNCI, kunci_periode
from evaluasi.layanan.verifikasi import jalankan_aksi
from evaluasi.models import DataDukung
from evaluasi.sintetis import buat_opd_sintetis
from tests.test_entri import teks
from tests.test_verifikasi import isi_tw1, sub, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def xlsx():
    wb = Workbook()
    wb.active["A1"] = "Daftar hadir"
    b = io.BytesIO()
    wb.save(b)
    return b.getvalue()


def docx():
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return b.getvalue()


def zip_biasa():
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("isi.txt", "bukan dokumen office")
    return b.getvalue()


@pytest.fixture(autouse=True)
def _penyimpanan_uji(penyimpanan):
    """Every test of this module writes into its own empty storage (fixture in tests/conftest.py)."""


def berkas_tersimpan(tmp_path):
    return sorted(p for p in tmp_path.rglob("*") if p.is_file())


def klien(pengguna, username):
    c = Client()
    c.force_login(pengguna[username])
    return c


def url_unggah(unsur, triwulan=1):
    return url(unsur, triwulan) + "data-dukung/"


def unggah(c, unsur, nama, isi, triwulan=1, keterangan=""):
    return c.post(url_unggah(unsur, triwulan), {"berkas": SimpleUploadedFile(nama, isi), "keterangan": keterangan})


def pesan(c, r):
    assert r.status_code == 302
    return teks(c.get(r["Location"]))


@pytest.mark.parametrize(
    "nama, isi, jenis",
    [
        ("Daftar Hadir.pdf", PDF, bukti.PDF),
        ("foto.PNG", PNG, bukti.PNG),
        ("foto.jpeg", JPG, bukti.JPEG),
        ("rekap.xlsx", xlsx(), bukti.XLSX),
        ("laporan.docx", docx(), bukti.DOCX),
    ],
)
def test_unggah_jenis_yang_diizinkan(pengguna, penyimpanan, nama, isi, jenis):
    s22 = sub(22)
    c = klien(pengguna, "op_pelatihan")
    r = unggah(c, s22, nama, isi, keterangan="Bukti kegiatan")
    assert r["Location"] == url(s22)
    assert f"Data dukung “{nama}” tersimpan." in pesan(c, r)
    dd = DataDukung.objects.get()
    assert (dd.unsur, dd.triwulan, dd.nama_asli, dd.jenis_konten, dd.ukuran) == (s22, 1, nama, jenis, len(isi))
    assert dd.sha256 == hashlib.sha256(isi).hexdigest()
    assert dd.diunggah_oleh == pengguna["op_pelatihan"] and dd.keterangan == "Bukti kegiatan"
    (disimpan,) = berkas_tersimpan(penyimpanan)
    assert disimpan.read_bytes() == isi
    assert nama not in str(disimpan)  # stored under a random name, never the user's
    # Listed on the entry page with its download link.
    r = c.get(url(s22))
    assert f'href="/opd/disnaker/data-dukung/{dd.pk}/"' in r.content.decode()
    assert nama in teks(r)


BURUK = [
    ("skrip.exe", b"MZ\x90\x00", bukti.PESAN_JENIS),
    ("halaman.html", b"<html></html>", bukti.PESAN_JENIS),
    ("tanpa-ekstensi", PDF, bukti.PESAN_JENIS),
    ("foto.pdf", PNG, "Isi berkas “foto.pdf” tidak sesuai dengan ekstensinya (.pdf)"),
    ("dokumen.pdf", b"<script>alert(1)</script>", "Isi berkas “dokumen.pdf” tidak sesuai"),
    ("laporan.png", PDF, "Isi berkas “laporan.png” tidak sesuai"),
    ("surat.xlsx", docx(), "Isi berkas “surat.xlsx” tidak sesuai"),
    ("rekap.docx", xlsx(), "Isi berkas “rekap.docx” tidak sesuai"),
    ("arsip.xlsx", zip_biasa(), "Isi berkas “arsip.xlsx” tidak sesuai"),
    ("rusak.docx", b"PK\x03\x04bukan zip", "Isi berkas “rusak.docx” tidak sesuai"),
    ("foto.jpg", b"", "Isi berkas “foto.jpg” tidak sesuai"),
]


@pytest.mark.parametrize("nama, isi, galat", BURUK, ids=[b[0] for b in BURUK])
def test_jenis_terlarang_atau_ekstensi_bohong_ditolak(pengguna, penyimpanan, nama, isi, galat):
    c = klien(pengguna, "op_pelatihan")
    r = unggah(c, sub(22), nama, isi)
    assert galat in pesan(c, r)
    assert not DataDukung.objects.exists()
    assert berkas_tersimpan(penyimpanan) == []


def test_terlalu_besar_ditolak(pengguna, penyimpanan, settings):
    settings.DATA_DUKUNG_MAKS_MB = 1
    c = klien(pengguna, "op_pelatihan")
    r = unggah(c, sub(22), "besar.pdf", PDF + b"0" * (1024 * 1024))
    assert "Berkas “besar.pdf” terlalu besar (1,0 MB); paling besar 1 MB." in pesan(c, r)
    assert not DataDukung.objects.exists() and berkas_tersimpan(penyimpanan) == []
    r = unggah(c, sub(22), "pas.pdf", PDF + b"0" * (1024 * 1024 - len(PDF)))
    assert "tersimpan" in pesan(c, r)


def test_tanpa_berkas_ditolak(pengguna):
    c = klien(pengguna, "op_pelatihan")
    r = c.post(url_unggah(sub(22)), {"keterangan": "lupa"})
    assert bukti.PESAN_KOSONG in pesan(c, r)
    assert not DataDukung.objects.exists()


def test_periode_terkunci_menolak_unggah_dan_hapus(pengguna, opd, penyimpanan):
    s22 = sub(22)
    c = klien(pengguna, "op_pelatihan")
    unggah(c, s22, "a.pdf", PDF)
    dd = DataDukung.objects.get()
    kunci_periode(pengguna["verifikator"], opd, 2022, 1)
    r = unggah(c, s22, "b.pdf", PDF)
    assert PESAN_TERKUNCI in pesan(c, r)
    r = c.post(f"/opd/disnaker/data-dukung/{dd.pk}/hapus/")
    assert PESAN_TERKUNCI in pesan(c, r)
    assert list(DataDukung.objects.values_list("pk", flat=True)) == [dd.pk]
    assert len(berkas_tersimpan(penyimpanan)) == 1
    halaman = c.get(url(s22)).content.decode()
    assert "Unggah data dukung" not in halaman and "/hapus/" not in halaman


def test_unduh_menurut_lingkup(pengguna, penyimpanan):
    s22 = sub(22)
    unggah(klien(pengguna, "op_pelatihan"), s22, "Daftar Hadir TW I.pdf", PDF)
    dd = DataDukung.objects.get()
    path = f"/opd/disnaker/data-dukung/{dd.pk}/"
    for username in ("op_pelatihan", "verifikator", "kadis", "inspektorat", "bappeda", "admin"):
        r = klien(pengguna, username).get(path)
        assert r.status_code == 200, username
        assert r["Content-Type"] == "application/pdf"
        assert r["Content-Disposition"].startswith("attachment;")
        assert (
            "Daftar%20Hadir%20TW%20I.pdf" in r["Content-Disposition"]
            or "Daftar Hadir TW I.pdf" in (r["Content-Disposition"])
        )
        assert r["X-Content-Type-Options"] == "nosniff"
        assert b"".join(r.streaming_content) == PDF
    for username in ("op_hi", "op_sekretariat"):
        assert klien(pengguna, username).get(path).status_code == 404
    # Through another OPD's address: 404 even for those who see every OPD.
    lain = buat_opd_sintetis(4, 2022, program=1, kegiatan=1, sub=1, indikator=1)
    assert klien(pengguna, "bappeda").get(f"/opd/{lain.slug}/data-dukung/{dd.pk}/").status_code == 404
    assert klien(pengguna, "op_pelatihan").get("/opd/disnaker/data-dukung/999999/").status_code == 404
    assert Client().get(path).status_code == 302
    # No public URL: whatever address the storage would name is not served.
    assert klien(pengguna, "admin").get(dd.berkas.url).status_code == 404


def test_hapus_oleh_bidang_pengunggah_dan_verifikator(pengguna, penyimpanan, django_capture_on_commit_callbacks):
    s22 = sub(22)
    op = klien(pengguna, "op_pelatihan")
    unggah(op, s22, "a.pdf", PDF)
    unggah(op, s22, "b.pdf", PDF)
    a, b = DataDukung.objects.order_by("pk")
    for username, status in (("kadis", 403), ("inspektorat", 403), ("op_hi", 404)):
        assert klien(pengguna, username).post(f"/opd/disnaker/data-dukung/{a.pk}/hapus/").status_code == status
    assert DataDukung.objects.count() == 2
    assert op.get(f"/opd/disnaker/data-dukung/{a.pk}/hapus/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        r = op.post(f"/opd/disnaker/data-dukung/{a.pk}/hapus/")
    assert "Data dukung “a.pdf” dihapus." in pesan(op, r)
    with django_capture_on_commit_callbacks(execute=True):
        r = klien(pengguna, "verifikator").post(f"/opd/disnaker/data-dukung/{b.pk}/hapus/")
    assert r.status_code == 302
    assert not DataDukung.objects.exists()
    assert berkas_tersimpan(penyimpanan) == []


def test_triwulan_terverifikasi_tidak_dapat_dihapus(pengguna, penyimpanan):
    s23 = sub(23)
    op = klien(pengguna, "op_pelatihan")
    isi_tw1(op, s23, "1")
    unggah(op, s23, "a.pdf", PDF)
    dd = DataDukung.objects.get()
    jalankan_aksi(pengguna["op_pelatihan"], s23, 1, "ajukan")
    jalankan_aksi(pengguna["verifikator"], s23, 1, "verifikasi")
    ver = klien(pengguna, "verifikator")
    r = ver.post(f"/opd/disnaker/data-dukung/{dd.pk}/hapus/")
    assert bukti.PESAN_TERVERIFIKASI in pesan(ver, r)
    assert DataDukung.objects.filter(pk=dd.pk).exists() and len(berkas_tersimpan(penyimpanan)) == 1


@pytest.mark.parametrize("username, status", [("kadis", 403), ("inspektorat", 403), ("op_hi", 404)])
def test_unggah_peran_lain(pengguna, penyimpanan, username, status):
    r = unggah(klien(pengguna, username), sub(22), "a.pdf", PDF)
    assert r.status_code == status
    assert not DataDukung.objects.exists() and berkas_tersimpan(penyimpanan) == []


def test_nama_400_karakter_dipendekkan_ekstensi_tetap(pengguna):
    """A 400-character name ending in .pdf: stored shortened with .pdf, downloaded with .pdf."""
    from urllib.parse import unquote

    c = klien(pengguna, "op_pelatihan")
    s22 = sub(22)
    nama = "Laporan kegiatan pelatihan berbasis kompetensi " * 9
    nama = (nama[:396] + ".pdf").replace("  ", " ")
    assert len(nama) >= 396 and nama.endswith(".pdf")
    assert unggah(c, s22, nama, PDF).status_code == 302
    dd = DataDukung.objects.filter(unsur=s22).latest("pk")
    assert dd.nama_asli.endswith(".pdf")
    assert len(dd.nama_asli.encode()) <= bukti.NAMA_MAKS_BITA
    assert dd.nama_asli[:-4] == nama[: len(dd.nama_asli) - 4].rstrip(" .")
    r = c.get(f"/opd/disnaker/data-dukung/{dd.pk}/")
    assert r.status_code == 200
    disposisi = r["Content-Disposition"]
    assert disposisi.startswith("attachment;")
    diunduh = unquote(disposisi.split("filename*=utf-8''")[-1]) if "filename*=" in disposisi else disposisi
    assert diunduh.rstrip('"').endswith(".pdf")
    assert r["Content-Security-Policy"] == "default-src 'none'; sandbox"  # the download keeps its own policy


@pytest.mark.parametrize(
    "nama, jenis, harap",
    [
        ("é" * 300 + ".docx", bukti.DOCX, "é" * 97 + ".docx"),  # bytes, not characters; no half character
        ("a" * 255, bukti.PDF, "a" * 196 + ".pdf"),  # a name cut before this rule: its extension comes back
        ("laporan.PDF", bukti.PDF, "laporan.PDF"),
        ("../../etc/passwd.png", bukti.PNG, "passwd.png"),
        ("  ...  .pdf", bukti.PDF, "berkas.pdf"),
    ],
)
def test_nama_pendek(nama, jenis, harap):
    assert bukti.nama_pendek(nama, jenis) == harap
