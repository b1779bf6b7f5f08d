"""Many errors: every one is counted, only the first ``MAKS_GALAT`` are kept and shown, nothing is written.

``MAKS_GALAT`` is set to 5 so that a dozen bad cells cross the cap; the web preview and the command
both give the total and say how many more were not shown.
"""

import re

import pytest
from django.core.management import CommandError, call_command

from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.impor import terapkan
from evaluasi.models import Impor
from tests.test_impor_bantu import (
    buka,
    impor_terakhir,
    indeks,
    jejak,
    pribadi,  # noqa: F401 - fixture
    simpan,
    unggah,
)
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

KR, KT = K.KOLOM_REALISASI, K.KOLOM_TARGET
TEMPLAT = "/opd/disnaker/rencana/2022/templat.xlsx"
MAKS = 5


@pytest.fixture(autouse=True)
def maks_galat(monkeypatch, pribadi):  # noqa: F811
    monkeypatch.setattr(terapkan, "MAKS_GALAT", MAKS)


def _isi_salah(c, url, lembar, kolom, nama, jumlah, nilai):
    """The template at ``url`` with ``nama`` set to ``nilai`` in its first ``jumlah`` data rows."""
    r = c.get(url)
    assert r.status_code == 200
    wb = buka(r.content)
    ws = wb[lembar]
    assert ws.max_row - 1 >= jumlah
    for baris in range(2, 2 + jumlah):
        ws.cell(baris, indeks(kolom, nama) + 1).value = nilai
    return simpan(wb)


def _periksa_halaman(c, url, total):
    halaman = c.get(url).content.decode()
    assert re.search(r'class="jumlah-galat">\s*([^<]*?)\s*<', halaman).group(1) == str(total)
    assert halaman.count("<li>Lembar ") == MAKS
    assert f"… dan {total - MAKS} galat lain tidak ditampilkan" in halaman
    assert "Konfirmasi dan terapkan" not in halaman


def _periksa_ditolak(opd, sebelum, total, pesan):
    assert jejak(opd) == sebelum
    impor = impor_terakhir()
    assert impor.status == Impor.Status.DITOLAK
    assert len(impor.ringkasan["galat"]) == MAKS
    assert impor.ringkasan["jumlah_galat"] == total
    assert all(pesan in g["teks"] for g in impor.ringkasan["galat"])
    return impor


def _perintah(opd, tmp_path, isi, capsys, total):
    berkas = tmp_path / "salah.xlsx"
    berkas.write_bytes(isi)
    sebelum = jejak(opd), Impor.objects.count()
    with pytest.raises(CommandError, match=rf"^{total} galat; tidak ada yang ditulis \(impor #\d+ ditolak\)"):
        call_command("impor_xlsx", str(berkas), "--opd", "disnaker", "--tahun", "2022")
    keluar = capsys.readouterr()
    assert f", {total} galat." in keluar.out
    assert keluar.err.count("GALAT Lembar ") == MAKS
    assert f"GALAT … dan {total - MAKS} galat lain tidak ditampilkan" in keluar.err
    assert jejak(opd) == sebelum[0]
    assert Impor.objects.count() == sebelum[1] + 1
    impor = impor_terakhir()
    assert (impor.status, len(impor.ringkasan["galat"]), impor.ringkasan["jumlah_galat"]) == (
        Impor.Status.DITOLAK,
        MAKS,
        total,
    )


def test_realisasi_banyak_galat(pengguna, opd, tmp_path, capsys):
    c = klien(pengguna, "verifikator")
    isi = _isi_salah(c, f"{TEMPLAT}?triwulan=1", K.LEMBAR_REALISASI, KR, "nilai", 12, "abc")
    sebelum = jejak(opd)
    r = unggah(c, "disnaker", 2022, isi)
    assert r.status_code == 302
    impor = _periksa_ditolak(opd, sebelum, 12, "'abc' bukan angka")
    _periksa_halaman(c, r["Location"], 12)
    assert r["Location"] == f"/opd/disnaker/impor/riwayat/{impor.pk}/"

    _perintah(opd, tmp_path, isi, capsys, 12)


def test_rencana_banyak_galat(pengguna, opd, tmp_path, capsys):
    c = klien(pengguna, "bappeda")
    isi = _isi_salah(c, TEMPLAT, K.LEMBAR_TARGET, KT, "jumlah", 8, "x")
    sebelum = jejak(opd)
    r = unggah(c, "disnaker", 2022, isi)
    assert r.status_code == 302
    _periksa_ditolak(opd, sebelum, 8, "'x' bukan angka")
    _periksa_halaman(c, r["Location"], 8)

    _perintah(opd, tmp_path, isi, capsys, 8)
