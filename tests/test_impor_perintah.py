"""python manage.py impor_xlsx: the same preview as the web, --dry-run writes nothing, errors exit nonzero."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.models import Impor, NilaiRealisasi, Realisasi
from tests.test_impor_bantu import buka, cari_baris, jejak, pribadi, simpan, tulis  # noqa: F401
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

KR = K.KOLOM_REALISASI


@pytest.fixture(autouse=True)
def _penyimpanan(pribadi):  # noqa: F811
    return pribadi


@pytest.fixture
def berkas(pengguna, tmp_path):
    wb = buka(klien(pengguna, "verifikator").get("/opd/disnaker/rencana/2022/templat.xlsx?triwulan=2").content)
    ws = wb[K.LEMBAR_REALISASI]
    tulis(ws, KR, cari_baris(ws, KR, nomor="22", urutan=1), nilai=12, faktor_penghambat="Hujan")
    path = tmp_path / "tw2.xlsx"
    path.write_bytes(simpan(wb))
    return path


def test_dry_run_tidak_menulis(opd, berkas, capsys):
    sebelum = jejak(opd), Impor.objects.count()
    call_command("impor_xlsx", str(berkas), "--opd", "disnaker", "--tahun", "2022", "--dry-run")
    keluar = capsys.readouterr().out
    assert "Pratinjau realisasi: 1 dibuat, 0 diubah" in keluar
    assert "BUAT Realisasi baris" in keluar and "Sub Kegiatan 22 — indikator 1" in keluar
    assert "Komponen ke-1: - → 12" in keluar and "faktor penghambat: - → Hujan" in keluar
    assert "tidak ada yang ditulis" in keluar
    assert (jejak(opd), Impor.objects.count()) == sebelum


def test_terapkan_lalu_tidak_ada_perubahan(opd, berkas, capsys, pengguna):
    call_command("impor_xlsx", str(berkas), "--opd", "disnaker", "--tahun", "2022", "--pengguna", "verifikator")
    assert "Diterapkan (impor #" in capsys.readouterr().out
    r = Realisasi.objects.get(
        indikator__unsur__nomor="22", indikator__unsur__level="sub_kegiatan", indikator__urutan=1, triwulan=2
    )
    assert (r.faktor_penghambat, r.diubah_oleh, r.history.get().history_user) == (
        "Hujan",
        pengguna["verifikator"],
        pengguna["verifikator"],
    )
    assert NilaiRealisasi.objects.get(realisasi=r).nilai == 12
    impor = Impor.objects.get()
    assert (impor.status, impor.dibuat_oleh, impor.ringkasan["dibuat"]) == ("diterapkan", pengguna["verifikator"], 1)
    sebelum = jejak(opd)
    call_command("impor_xlsx", str(berkas), "--opd", "disnaker", "--tahun", "2022")
    keluar = capsys.readouterr().out
    assert "Tidak ada perubahan" in keluar
    assert jejak(opd) == sebelum


def test_galat_keluar_bukan_nol(opd, berkas, capsys, tmp_path):
    wb = buka(berkas.read_bytes())
    ws = wb[K.LEMBAR_REALISASI]
    baris = cari_baris(ws, KR, nomor="22", urutan=2)
    tulis(ws, KR, baris, nilai="dua")
    berkas.write_bytes(simpan(wb))
    sebelum = jejak(opd)
    with pytest.raises(CommandError, match="1 galat; tidak ada yang ditulis"):
        call_command("impor_xlsx", str(berkas), "--opd", "disnaker", "--tahun", "2022")
    assert f"GALAT Lembar 'Realisasi', baris {baris}, kolom J (Realisasi TW II): 'dua' bukan angka" in (
        capsys.readouterr().err
    )
    assert jejak(opd) == sebelum
    assert Impor.objects.get().status == "ditolak"


def test_bukan_xlsx_dan_opd_salah(tmp_path):
    teks = tmp_path / "a.xlsx"
    teks.write_text("bukan excel")
    with pytest.raises(CommandError, match=r"bukan buku kerja Excel \(\.xlsx\)"):
        call_command("impor_xlsx", str(teks), "--opd", "disnaker", "--tahun", "2022")
    xlsx = tmp_path / "b.xlsx"
    xlsx.write_bytes(simpan(_buku_kosong()))
    with pytest.raises(CommandError, match="Perangkat daerah 'tidak-ada' tidak ada"):
        call_command("impor_xlsx", str(xlsx), "--opd", "tidak-ada", "--tahun", "2022")
    with pytest.raises(CommandError, match="tidak berhak"):
        call_command("impor_xlsx", str(xlsx), "--opd", "disnaker", "--tahun", "2022", "--pengguna", "kadis")


def _buku_kosong():
    from openpyxl import Workbook

    return Workbook()


def test_kode_keluar_proses(tmp_path):
    """Run as a real process: a failing import ends with a nonzero exit code."""
    teks = tmp_path / "a.xlsx"
    teks.write_text("bukan excel")
    hasil = subprocess.run(
        [sys.executable, "manage.py", "impor_xlsx", str(teks), "--opd", "disnaker", "--tahun", "2022"],
        capture_output=True,
        text=True,
    )
    assert hasil.returncode != 0
    assert "bukan buku kerja Excel" in hasil.stderr
