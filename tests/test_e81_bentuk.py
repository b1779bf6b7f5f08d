"""Formulir E.81 for any plan shape: a plan whose top is a kegiatan or a program still has its rows, and the
page names the levels the plan lacks instead of showing an empty table (page, PDF text, XLSX cells)."""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Opd,
    Realisasi,
    Target,
    Unsur,
)

pytestmark = pytest.mark.django_db
Level = Unsur.Level


def buat_rencana(slug, akar):
    """An OPD whose 2024 plan starts at ``akar`` (program or kegiatan): one kegiatan, one sub kegiatan (TW I)."""
    opd = Opd.objects.create(slug=slug, nama=f"Dinas {slug}", kabupaten="Contoh")

    def unsur(level, nomor, nama, induk=None, urutan=1):
        return Unsur.objects.create(
            opd=opd, tahun=2024, level=level, nomor=nomor, nama=nama, induk=induk, urutan=urutan
        )

    induk = unsur(Level.PROGRAM, "1", "Program Penempatan Tenaga Kerja") if akar == Level.PROGRAM else None
    kegiatan = unsur(Level.KEGIATAN, "1", "Kegiatan Bursa Kerja", induk, 2)
    sub = unsur(Level.SUB_KEGIATAN, "1", "Sub Kegiatan Job Fair", kegiatan, 3)
    for u, nama, target, nilai in (
        (kegiatan, "Jumlah pencari kerja yang ditempatkan", 100, 40),
        (sub, "Jumlah pencari kerja yang mengikuti job fair", 500, 310),
    ):
        ind = Indikator.objects.create(unsur=u, urutan=1, nama=nama, satuan="orang")
        k = KomponenTarget.objects.create(
            target=Target.objects.create(indikator=ind, tahun=2024), urutan=1, jumlah=target, satuan="orang"
        )
        r = Realisasi.objects.create(indikator=ind, triwulan=1, status=Realisasi.Status.DIVERIFIKASI, ada_nilai=True)
        NilaiRealisasi.objects.create(realisasi=r, komponen=k, nilai=Decimal(nilai))
    a = Anggaran.objects.create(unsur=sub, pagu_murni=75_000_000)
    AnggaranTriwulan.objects.create(anggaran=a, triwulan=1, realisasi=12_345_678)
    return opd


@pytest.fixture
def klien(pengguna):
    c = Client()
    c.force_login(pengguna["bappeda"])
    return c


def teks(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("akar", "hilang"),
    [(Level.KEGIATAN, "Sasaran PD, Program"), (Level.PROGRAM, "Sasaran PD")],
)
def test_e81_rencana_tanpa_sasaran(klien, akar, hilang):
    slug = f"akar-{akar}".replace("_", "-")
    buat_rencana(slug, akar)
    url = f"/opd/{slug}/laporan/2024/e81/?triwulan=1"

    isi = teks(klien.get(url).content.decode())
    assert f"Rencana tahun 2024 tidak memiliki level {hilang}: baris formulir dimulai dari level yang ada" in isi
    assert "Kegiatan: Kegiatan Bursa Kerja" in isi and "Sub Kegiatan: Sub Kegiatan Job Fair" in isi
    assert "Jumlah pencari kerja yang mengikuti job fair" in isi and "12.345.678" in isi
    assert ("Program: Program Penempatan Tenaga Kerja" in isi) == (akar == Level.PROGRAM)

    pdf = klien.get(f"/opd/{slug}/laporan/2024/e81/pdf/?triwulan=1").content
    teks_pdf = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Kegiatan Bursa Kerja" in teks_pdf and "12.345.678" in teks_pdf
    assert f"tidak memiliki level {hilang}" in teks_pdf

    ws = load_workbook(io.BytesIO(klien.get(f"/opd/{slug}/laporan/2024/e81/xlsx/?triwulan=1").content))["Formulir E.81"]
    nilai = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Kegiatan: Kegiatan Bursa Kerja" in nilai and "Jumlah pencari kerja yang ditempatkan" in nilai
    assert 12_345_678 in nilai and 310 in nilai
    assert any(isinstance(v, str) and f"tidak memiliki level {hilang}" in v for v in nilai)


def test_e81_rencana_tanpa_unit_menyebut_yang_hilang(klien):
    """A plan with only a tujuan PD: no table, the page says which levels are missing."""
    opd = Opd.objects.create(slug="hanya-tujuan", nama="Dinas Tujuan", kabupaten="Contoh")
    Unsur.objects.create(opd=opd, tahun=2024, level=Level.TUJUAN_PD, nomor="1", nama="Tujuan")
    html = klien.get("/opd/hanya-tujuan/laporan/2024/e81/").content.decode()
    assert "tabel-e81" not in html
    assert (
        "Formulir ini tidak memiliki baris: rencana tahun 2024 belum memiliki Sasaran PD, Program, Kegiatan, "
        "Sub Kegiatan." in teks(html)
    )


def test_e81_seed_tidak_menyebut_level_hilang(client, pengguna):
    client.force_login(pengguna["kadis"])
    html = client.get("/opd/disnaker/laporan/2022/e81/").content.decode()
    assert 'id="level-hilang"' not in html and "tabel-e81" in html
