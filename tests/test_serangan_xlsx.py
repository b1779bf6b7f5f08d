"""The standing attack suite of the workbook reader: every bomb of tests/bom_xlsx.py, through the upload page
and through ``manage.py impor_xlsx``, is refused with a message naming its limit, and nothing is written.

Most attacks run against small budgets (override_settings) so each test stays fast; the realistic ones
(a 20 MB note, a gigabyte-class whitespace sheet, a row at 1.048.576, a 1.100-member zip) run at the
default budgets. The reader itself is fuzzed with hypothesis: random bytes and mutated workbooks never
raise anything but our refusals.
"""

import functools
import io
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluasi.impor.baca import BatasTerlampaui, BerkasRusak, baca_buku
from evaluasi.models import Impor
from tests import bom_xlsx as B  # noqa: N812 - short: B.spasi() reads as 'bomb: whitespace'
from tests.test_impor_bantu import impor_terakhir, jejak, pribadi, unggah  # noqa: F401
from tests.test_izin import klien

MB = 1024 * 1024
BATAS = "EVALUASI_IMPOR_MAKS_"


@pytest.fixture(autouse=True)
def _penyimpanan(pribadi):  # noqa: F811
    return pribadi


@functools.cache
def bom(nama):
    """Each bomb made once per test session (the big ones take a second or two to pack)."""
    return {
        "shared_strings": lambda: B.shared_strings(5_000),
        "karakter_shared_strings": lambda: B.shared_strings(2_000),
        "spasi": lambda: B.spasi(100_000),
        "spasi_besar": lambda: B.spasi(160 * MB),
        "rasio": lambda: B.spasi(3 * MB, tingkat=9),
        "baris": lambda: B.baris_banyak(1_500),
        "baris_dimensi": lambda: B.baris_banyak(1_500, "A1:XFD1048576"),
        "baris_loncat": B.baris_loncat,
        "sel_raksasa": lambda: B.sel_raksasa(20 * MB),
        "sel_raksasa_shared": lambda: B.sel_raksasa(6 * MB, shared=True),
        "kolom_jauh": B.kolom_jauh,
        "anggota": lambda: B.anggota_banyak(1_100),
        "metode": B.metode_aneh,
        "gaya": lambda: B.gaya_besar(5 * MB),
        "entitas": B.entitas,
        "waktu": B.dimensi_saja,
    }[nama]()


# (bomb, the settings it runs with, the limit its refusal must name)
SERANGAN = [
    ("shared_strings", {"SHARED_STRINGS": 1_000}, "SHARED_STRINGS"),
    ("karakter_shared_strings", {"KARAKTER_SHARED_STRINGS": 2_000}, "KARAKTER_SHARED_STRINGS"),
    ("spasi", {"PANJANG_SEL": 100}, "PANJANG_SEL"),
    ("spasi_besar", {}, "BYTE_XML"),
    ("rasio", {}, "RASIO_ZIP"),
    ("baris", {"BARIS": 1_000}, "BARIS"),
    ("baris_dimensi", {"BARIS": 1_000}, "BARIS"),
    ("baris_loncat", {}, "BARIS"),
    ("sel_raksasa", {}, "PANJANG_SEL"),
    ("sel_raksasa_shared", {}, "PANJANG_SEL"),
    ("kolom_jauh", {}, "KOLOM"),
    ("anggota", {}, "ANGGOTA_ZIP"),
    ("metode", {}, "RASIO_ZIP"),
    ("gaya", {}, "BYTE_BAGIAN"),
    ("entitas", {}, "BYTE_BAGIAN"),
    ("waktu", {"DETIK": -1}, "DETIK"),
]


def _setelan(ganti):
    return override_settings(**{BATAS + k: v for k, v in ganti.items()})


def _nilai_batas(nama):
    from django.conf import settings as s

    return f"{getattr(s, BATAS + nama):,}".replace(",", ".")


@pytest.mark.django_db
@pytest.mark.parametrize(("nama", "ganti", "batas"), SERANGAN, ids=[s[0] for s in SERANGAN])
def test_unggahan_bom_ditolak_di_formulir(pengguna, opd, nama, ganti, batas):
    isi = bom(nama)
    c = klien(pengguna, "verifikator")
    sebelum = jejak(opd), Impor.objects.count()
    with _setelan(ganti):
        mulai = time.perf_counter()
        r = unggah(c, "disnaker", 2022, isi, triwulan="2")
        detik = time.perf_counter() - mulai
        nilai = _nilai_batas(batas)
    assert r.status_code == 400, r.content[:500]
    teks = r.content.decode()
    assert "Berkas ditolak: " in teks and f"(batas {BATAS}{batas})" in teks, teks[:3000]
    if batas not in ("RASIO_ZIP", "BYTE_BAGIAN", "BYTE_XML", "DETIK"):
        assert nilai in teks  # the message gives the limit's value (50.000 baris, 5.000 karakter…)
    assert (jejak(opd), Impor.objects.count()) == sebelum  # nothing recorded, nothing written
    assert detik < 15  # seconds, not the minutes of main (generous: a shared, busy test machine)


@pytest.mark.django_db
@pytest.mark.parametrize(("nama", "ganti", "batas"), SERANGAN, ids=[s[0] for s in SERANGAN])
def test_perintah_bom_ditolak(opd, tmp_path, nama, ganti, batas):
    path = tmp_path / f"{nama}.xlsx"
    path.write_bytes(bom(nama))
    sebelum = jejak(opd), Impor.objects.count()
    with _setelan(ganti), pytest.raises(CommandError) as galat:
        call_command("impor_xlsx", str(path), "--opd", "disnaker", "--tahun", "2022", "--triwulan", "2")
    assert f"(batas {BATAS}{batas})" in str(galat.value)
    assert "Tidak ada yang ditulis" in str(galat.value) or batas == "ANGGOTA_ZIP"
    assert (jejak(opd), Impor.objects.count()) == sebelum


@pytest.mark.django_db
def test_perintah_uji_coba_bom_ditolak(opd, tmp_path):
    path = tmp_path / "baris.xlsx"
    path.write_bytes(bom("baris_loncat"))
    with pytest.raises(CommandError, match=f"batas {BATAS}BARIS"):
        call_command("impor_xlsx", str(path), "--opd", "disnaker", "--tahun", "2022", "--dry-run")


@pytest.mark.django_db
def test_dimensi_bohong_diabaikan(pengguna, opd):
    """A sheet claiming A1:XFD1048576 with three rows reads as three rows, at once (was a 500 after the timeout)."""
    c = klien(pengguna, "verifikator")
    mulai = time.perf_counter()
    r = unggah(c, "disnaker", 2022, B.dimensi_saja(), triwulan="2")
    assert time.perf_counter() - mulai < 3
    assert r.status_code == 302
    galat = " ".join(g["teks"] for g in impor_terakhir().ringkasan["galat"])
    assert "batas" not in galat and "baris 2" in galat  # the rows were read (they name no plan row)


@pytest.mark.django_db
def test_catatan_terlalu_panjang_galat_di_selnya(pengguna, opd):
    """A note over the form's 5.000 characters is an error at its cell; nothing is written."""
    c = klien(pengguna, "verifikator")
    sebelum = jejak(opd)
    r = unggah(c, "disnaker", 2022, B.sel_raksasa(5_001), triwulan="2")
    assert r.status_code == 302
    impor = impor_terakhir()
    assert impor.status == Impor.Status.DITOLAK
    teks = [g["teks"] for g in impor.ringkasan["galat"]]
    assert any(
        t.startswith("Lembar 'Realisasi', baris 2, kolom K (Faktor pendorong): teks terlalu panjang (5.001 karakter)")
        and "paling banyak 5.000 karakter (batas EVALUASI_IMPOR_MAKS_PANJANG_SEL)" in t
        for t in teks
    ), teks
    assert jejak(opd) == sebelum


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nama",
    ["acak", "zip_tanpa_workbook", "terpotong", "ukuran_bohong", "kosong", "teks"],
)
def test_sampah_tanpa_500_tanpa_tulis(pengguna, opd, nama):
    isi = {
        "acak": lambda: B.acak(),
        "zip_tanpa_workbook": B.zip_tanpa_workbook,
        "terpotong": lambda: B.terpotong(B.baris_banyak(300)),
        "ukuran_bohong": lambda: B.ukuran_bohong(B.baris_banyak(300)),
        "kosong": lambda: b"",
        "teks": lambda: b"No;Nama\n1;x\n",
    }[nama]()
    c = klien(pengguna, "verifikator")
    sebelum = jejak(opd)
    r = unggah(c, "disnaker", 2022, isi, triwulan="2")
    assert r.status_code in (302, 400)
    if r.status_code == 302:  # recorded as refused, with the damaged-file message
        impor = impor_terakhir()
        assert impor.status == Impor.Status.DITOLAK
        assert "rusak" in impor.ringkasan["galat"][0]["teks"]
    else:
        assert "bukan buku kerja Excel" in r.content.decode() or "Pilih berkas" in r.content.decode()
    assert jejak(opd) == sebelum


@pytest.mark.django_db
def test_terapkan_menolak_bila_batas_terlampaui_kemudian(pengguna, opd):
    """A preview recorded, then the confirm re-reads past a budget: an error message, the preview stays."""
    c = klien(pengguna, "verifikator")
    unggah(c, "disnaker", 2022, B.dimensi_saja(), triwulan="2")
    impor = impor_terakhir()
    Impor.objects.filter(pk=impor.pk).update(status=Impor.Status.PRATINJAU)  # as if it had no errors
    sebelum = jejak(opd)
    with override_settings(EVALUASI_IMPOR_MAKS_DETIK=-1):
        r = c.post(f"/opd/disnaker/impor/riwayat/{impor.pk}/", {"aksi": "terapkan"}, follow=True)
    assert r.status_code == 200
    assert "batas EVALUASI_IMPOR_MAKS_DETIK" in r.content.decode()
    impor.refresh_from_db()
    assert impor.status == Impor.Status.PRATINJAU and jejak(opd) == sebelum


# ---------------------------------------------------------------- the reader, fuzzed


def _baca_habis(isi: bytes):
    """Read the bytes like an import does (every row of every sheet); return the errors."""
    buku = baca_buku(isi, triwulan=2)
    buku.tampung = []
    for lembar in buku.lembar.values():
        for b in lembar:
            assert isinstance(b.nilai, dict)
    return [str(g) for g in buku.galat + buku.tampung]


SAH = B.buku(
    realisasi=B.lembar(
        B.judul(B.K.KOLOM_REALISASI)
        + "".join(B.baris(n, B.baris_realisasi(n, "pendorong & <b>")) for n in range(2, 12))
    )
)


def _ganti_anggota(isi: bytes, nama: str, baru: bytes) -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(isi)) as z, zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as baru_z:
        for info in z.infolist():
            baru_z.writestr(info.filename, baru if info.filename == nama else z.read(info.filename))
    return keluaran.getvalue()


def _hanya_penolakan(isi: bytes):
    try:
        _baca_habis(isi)
    except (BatasTerlampaui, BerkasRusak):
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_fuzz_bita_acak(isi):
    _hanya_penolakan(isi)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SAH) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_fuzz_zip_sah_diubah(ubah):
    data = bytearray(SAH)
    for posisi, nilai in ubah:
        data[posisi] = nilai
    _hanya_penolakan(bytes(data))


BAGIAN_XML = ["xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml"]
POTONGAN_XML = [b"<", b">", b"/", b'"', b"&", b"<row>", b"</row>", b'<c r="XFD1">', b'r="0"', b't="s"', b"<v>9</v>"]
POTONGAN_XML += [b'r="x"', b' t="d"', b"<v>zz</v>", b' t="s"><v>99', b' s="99"', b' t="e"', b"<v>1e999</v>"]


@pytest.mark.parametrize(
    ("lama", "baru"),
    [
        (b'<row r="3"', b'<row r="x"'),
        (b'<c r="A3"', b'<c r="3A"'),
        (b"<v>1</v>", b"<v>zz</v>"),
        (b'<c r="E3"><v>1</v>', b'<c r="E3" t="d"><v>1</v>'),
        (b'<c r="E3"><v>1</v>', b'<c r="E3" t="s"><v>1</v>'),
    ],
)
def test_sel_rusak_ditolak_sebagai_berkas_rusak(lama, baru):
    """Values openpyxl cannot convert while rows stream (each was a 500) are a damaged file."""
    with zipfile.ZipFile(io.BytesIO(SAH)) as z:
        xml = z.read("xl/worksheets/sheet2.xml")
    assert lama in xml
    with pytest.raises(BerkasRusak):
        _baca_habis(_ganti_anggota(SAH, "xl/worksheets/sheet2.xml", xml.replace(lama, baru, 1)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(BAGIAN_XML),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.sampled_from(POTONGAN_XML) | st.binary(max_size=6)),
        min_size=1,
        max_size=6,
    ),
)
def test_fuzz_xml_diubah(nama, ubah):
    """Slices of a member's XML replaced by tag fragments or bytes: the reader refuses, never crashes."""
    with zipfile.ZipFile(io.BytesIO(SAH)) as z:
        xml = bytearray(z.read(nama))
    for posisi, panjang, sisip in ubah:
        posisi %= len(xml) + 1
        xml[posisi : posisi + panjang] = sisip
    _hanya_penolakan(_ganti_anggota(SAH, nama, bytes(xml)))


def test_bom_dibaca_dalam_batas_memori():
    """Each default-budget bomb is refused by the reader in seconds and a few MB of Python memory."""
    import tracemalloc

    for nama in ("spasi_besar", "sel_raksasa", "baris_loncat", "anggota", "gaya"):
        isi = bom(nama)
        tracemalloc.start()
        mulai = time.perf_counter()
        with pytest.raises(BatasTerlampaui):
            _baca_habis(isi)
        detik = time.perf_counter() - mulai
        puncak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert detik < 10, (nama, detik)  # generous: a shared, busy test machine (bench/serangan.py measures)
        assert puncak < 40 * MB, (nama, puncak)


def test_acak_kecil_tetap_terbaca():
    """A sanity check of the fuzzed base: the valid workbook reads, its rows come out."""
    assert _baca_habis(SAH) == []
