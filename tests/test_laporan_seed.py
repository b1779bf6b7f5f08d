"""Acceptance: the report data service reproduces every figure of the Lamongan 2022 document.

The expected figures below are typed from ../shared/seed/000_b27f1013dbd1ced9.txt,
independently of fixtures/lamongan_2022.yaml; the service computes them from the
loaded data (targets, realisasi, pagu), never from printed figures.
"""

from decimal import Decimal

import pytest

from evaluasi import capaian
from evaluasi.laporan.data import data_laporan

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def laporan(opd):
    return data_laporan(opd, 2022, 2)


def persen(x):
    return None if x is None else capaian.bulatkan(x)


# Sub kegiatan: nomor -> (pagu, realisasi anggaran, serapan, [(Σ target, Σ realisasi, capaian), ...])
SUB_KEGIATAN = {
    1: (37_500_000, 37_350_000, "99.60", [(2, 2, "100"), (3, 3, "100"), (12, 12, "100")]),
    2: (105_000_000, 102_509_000, "97.63", [(1, 1, "100"), (4, 4, "100")]),
    3: (4_220_585_327, 3_919_905_467, "92.88", [(35, 35, "100")]),
    4: (12_000_000, 12_000_000, "100", [(3, 3, "100")]),
    5: (12_000_000, 12_000_000, "100", [(3, 3, "100")]),
    6: (20_000_000, 19_999_800, "100", [(60, 60, "100")]),
    7: (52_500_000, 52_500_000, "100", [(6, 6, "100"), (1, 1, "100")]),
    8: (10_000_000, 9_996_400, "99.96", [(18, 18, "100")]),
    9: (39_432_884, 39_432_600, "100", [(27, 27, "100")]),
    10: (10_000_000, 9_748_900, "97.49", [(4, 4, "100"), (8636, 8636, "100")]),
    11: (16_000_000, 14_690_000, "91.81", [(2, 2, "100"), (11, 11, "100")]),
    12: (163_033_000, 159_723_400, "97.97", [(496, 496, "100"), (186, 186, "100"), (124, 124, "100"), (3, 3, "100")]),
    13: (11_271_500, 10_675_000, "94.71", [(2, 2, "100")]),
    14: (23_728_500, 23_728_500, "100", [(3, 3, "100")]),
    15: (308_496_523, 228_581_594, "74.10", [(4, 4, "100")]),
    16: (40_000_000, 36_678_400, "91.70", [(63, 63, "100"), (12, 12, "100")]),
    17: (
        805_796_000,
        787_815_990,
        "97.77",
        [(1, 1, "100"), (30, 30, "100"), (30, 30, "100"), (26, 26, "100"), (4, 4, "100")],
    ),
    18: (60_000_000, 57_858_200, "96.43", [(2, 2, "100"), (16, 15, "93.75")]),
    19: (20_000_000, 13_133_000, "65.67", [(14, 14, "100")]),
    20: (300_000_000, 299_621_250, "99.87", [(1, 1, "100"), (1, 1, "100")]),
    21: (100_000_000, 68_553_300, "68.55", [(1, 1, "100")]),
    22: (1_600_000_000, 1_592_015_350, "99.50", [(224, 288, "128.57"), (20, 20, "100")]),
    23: (12_000_000, 12_000_000, "100", [(1, 1, "100")]),
    24: (10_000_000, 9_942_000, "99.42", [(3, 3, "100")]),
    25: (30_000_000, 29_999_850, "100", [(50, 50, "100")]),
    26: (20_000_000, 20_000_000, "100", [(10, 10, "100")]),
    27: (30_000_000, 29_697_700, "98.99", [(7, 7, "100")]),
    28: (30_000_000, 29_890_000, "99.63", [(100, 2713, "2713")]),
    29: (25_000_000, 25_000_000, "100", [(20, 20, "100")]),
    30: (75_000_000, 73_949_500, "98.60", [(1, 1, "100"), (2000, 2000, "100"), (15, 15, "100"), (15, 15, "100")]),
    31: (475_000_000, 459_432_050, "96.72", [(1000, 3704, "370.40"), (1, 1, "100")]),
    32: (40_000_000, 37_084_226, "92.71", [(20, 20, "100"), (40, 735, "1837.50"), (8, 17, "212.50")]),
    33: (35_000_000, 33_300_000, "95.14", [(20, 20, "100")]),
    34: (50_000_000, 49_780_000, "99.56", [(50, 50, "100"), (1, 1, "100")]),
    35: (35_000_000, 34_999_800, "100", [(30, 30, "100"), (50, 50, "100")]),
    36: (40_000_000, 39_897_000, "99.74", [(30, 30, "100"), (16, 16, "100"), (50, 50, "100")]),
    37: (40_000_000, 39_994_950, "99.99", [(10, 6, "60"), (50, 50, "100")]),
    38: (45_000_000, 44_989_800, "99.98", [(18, 18, "100"), (1, 1, "100")]),
    39: (75_000_000, 37_036_700, "49.38", [(5, None, None), (1, 1, "100")]),
    40: (20_000_000, 20_000_000, "100", [(20, 20, "100")]),
}

# Kegiatan: nomor -> (sub kegiatan, Σ target, Σ realisasi, capaian, pagu, realisasi, serapan)
KEGIATAN = {
    1: ((1, 2), 22, 22, "100", 142_500_000, 139_859_000, "98.15"),
    2: ((3, 4, 5), 100, 100, "100", 4_244_585_327, 3_943_905_467, "92.92"),
    3: ((6, 7), 100, 100, "100", 72_500_000, 72_499_800, "100"),
    4: ((8, 9, 10, 11, 12), 100, 100, "100", 238_465_884, 233_591_300, "97.96"),
    5: ((13, 14), 100, 100, "100", 35_000_000, 34_403_500, "98.30"),
    6: ((15, 16, 17), 100, 100, "100", 1_154_292_523, 1_053_075_984, "91.23"),
    7: ((18, 19, 20), 100, 100, "100", 380_000_000, 370_612_450, "97.53"),
    8: ((21,), 1, 1, "100", 100_000_000, 68_553_300, "68.55"),
    9: ((22, 23, 24), 224, 308, "137.50", 1_622_000_000, 1_613_957_350, "99.50"),
    # Roll-up (DESIGN "Roll-ups"): K10's LPK indicator is linked to S25.1 (LPK, kumulatif), so it shows the
    # sum of its rincian, 50 LPK, 111,11%. The document prints 1 LPK and 2,22%: listed under "dokumen vs
    # hitungan" (test_kegiatan_10_jumlah_rincian), as every other printed figure the system does not reproduce.
    10: ((25,), 45, 50, "111.11", 30_000_000, 29_999_850, "100"),
    11: ((26,), 10, 10, "100", 20_000_000, 20_000_000, "100"),
    12: ((27,), 7, 7, "100", 30_000_000, 29_697_700, "98.99"),
    13: ((28, 29), 2, 2, "100", 55_000_000, 54_890_000, "99.80"),
    14: ((30, 31), 1000, 3704, "370.40", 550_000_000, 533_381_550, "96.98"),
    15: ((32, 33), 110, 772, "701.82", 75_000_000, 70_384_226, "93.85"),
    16: ((34,), 50, 50, "100", 50_000_000, 49_780_000, "99.56"),
    17: ((35, 36), 30, 30, "100", 75_000_000, 74_896_800, "99.86"),
    18: ((37, 38), 10, 6, "60", 85_000_000, 84_984_750, "99.98"),
    # The document prints realisasi "-" and capaian "0%": nothing was entered, so capaian is "-".
    19: ((39, 40), 10, None, None, 95_000_000, 57_036_700, "60.04"),
}

# Program: nomor -> (kegiatan, [(target, realisasi, capaian)], pagu, realisasi, serapan)
PROGRAM = {
    1: (range(1, 8), [("79", "87.25", "110.44")], 6_267_343_734, 5_847_947_501, "93.31"),
    2: ((8,), [("88.86", "89.90", "101.17")], 100_000_000, 68_553_300, "68.55"),
    3: (
        (9, 10, 11, 12),
        [("1.35", "2.29", "169.63"), ("42.98", "44.17", "102.77")],
        1_702_000_000,
        1_693_654_900,
        "99.51",
    ),
    4: ((13, 14, 15, 16), [("72.30", "73.25", "101.31")], 730_000_000, 708_435_776, "97.05"),
    5: ((17, 18), [("60.07", "60.19", "100.20")], 160_000_000, 159_881_550, "99.93"),
    6: ((19,), [("64.72", "64.41", "99.52")], 95_000_000, 57_036_700, "60.04"),
}


def cek_angka(baris, target, realisasi, nilai_capaian):
    assert baris.target == (None if target is None else D(str(target))), baris.indikator.nama
    assert baris.realisasi == (None if realisasi is None else D(str(realisasi))), baris.indikator.nama
    assert persen(baris.capaian) == (None if nilai_capaian is None else D(nilai_capaian)), baris.indikator.nama


def cek_anggaran(baris, pagu, realisasi, serapan):
    assert baris.pagu == pagu
    assert baris.realisasi_anggaran == realisasi
    assert persen(baris.serapan) == D(serapan)


def test_jumlah_seluruh_sub_kegiatan(laporan):
    assert laporan.jumlah.pagu == 9_054_343_734
    assert laporan.jumlah.realisasi_anggaran == 8_535_509_727
    assert capaian.format_rupiah(laporan.jumlah.pagu) == "9.054.343.734"
    assert capaian.format_rupiah(laporan.jumlah.realisasi_anggaran) == "8.535.509.727"
    assert capaian.format_persen(laporan.jumlah.serapan) == "94,27%"


def test_jumlah_baris_sesuai_dokumen(laporan):
    assert len(laporan.program) == 6
    assert len(laporan.kegiatan) == 19
    assert len(laporan.sub_kegiatan) == 40
    assert sum(len(s.indikator) for s in laporan.sub_kegiatan) == 70


@pytest.mark.parametrize("nomor", list(SUB_KEGIATAN))
def test_sub_kegiatan(laporan, nomor):
    pagu, realisasi, serapan, indikator = SUB_KEGIATAN[nomor]
    baris = laporan.sub_kegiatan[nomor - 1]
    assert baris.unsur.nomor == str(nomor)
    cek_anggaran(baris, pagu, realisasi, serapan)
    assert len(baris.indikator) == len(indikator)
    for bi, (t, r, c) in zip(baris.indikator, indikator, strict=True):
        cek_angka(bi, t, r, c)


@pytest.mark.parametrize("nomor", list(KEGIATAN))
def test_kegiatan(laporan, nomor):
    subs, t, r, c, pagu, realisasi, serapan = KEGIATAN[nomor]
    baris = laporan.kegiatan[nomor - 1]
    assert baris.unsur.nomor == str(nomor)
    assert [int(a.unsur.nomor) for a in baris.anak] == list(subs)
    cek_anggaran(baris, pagu, realisasi, serapan)
    (bi,) = baris.indikator
    cek_angka(bi, t, r, c)


@pytest.mark.parametrize("nomor", list(PROGRAM))
def test_program(laporan, nomor):
    kegiatan, indikator, pagu, realisasi, serapan = PROGRAM[nomor]
    baris = laporan.program[nomor - 1]
    assert [int(a.unsur.nomor) for a in baris.anak] == list(kegiatan)
    cek_anggaran(baris, pagu, realisasi, serapan)
    assert len(baris.indikator) == len(indikator)
    for bi, (t, r, c) in zip(baris.indikator, indikator, strict=True):
        cek_angka(bi, t, r, c)
        assert bi.indikator.iku


def test_capaian_iku_per_sasaran(laporan):
    s1, s2 = laporan.sasaran
    cek_anggaran(s1, 2_787_000_000, 2_687_562_226, "96.43")
    cek_anggaran(s2, 6_267_343_734, 5_847_947_501, "93.31")
    # "Persentase Penduduk yang Bekerja" 93,95 / 94,87 is 99,03% (the slide says 99,3%).
    cek_angka(s1.indikator[0], "94.87", "93.95", "99.03")
    cek_angka(s2.indikator[0], "86", "88.18", "102.53")
    baris = [
        (b.sasaran.unsur.nomor, b.indikator.indikator.nama[:30], b.pemilik.pagu if b.tampil_anggaran else None)
        for b in laporan.iku
    ]
    assert len(laporan.iku) == 9
    assert [b[0] for b in baris] == ["1"] * 7 + ["2"] * 2
    # Budgets printed beside the IKU rows: sasaran 1 itself, then each program's first IKU.
    assert [b[2] for b in baris[:7]] == [
        2_787_000_000,
        100_000_000,
        1_702_000_000,
        None,
        730_000_000,
        160_000_000,
        95_000_000,
    ]
    assert baris[7][2] == 6_267_343_734
    capaian_iku = [persen(b.indikator.capaian) for b in laporan.iku]
    assert capaian_iku == [
        D(x) for x in ["99.03", "101.17", "169.63", "102.77", "101.31", "100.20", "99.52", "102.53", "110.44"]
    ]


def test_capaian_indikator_tujuan(laporan):
    (tujuan,) = laporan.tujuan
    cek_anggaran(tujuan, 9_054_343_734, 8_535_509_727, "94.27")
    # Target 0,05 realisasi 1,15 of a positif indicator is 2.300%; the slide prints -0,23%.
    cek_angka(tujuan.indikator[0], "0.05", "1.15", "2300")


def test_tpt_polaritas_negatif(laporan):
    (sasaran_rpjmd,) = laporan.per_level["sasaran_rpjmd"]
    tpt = sasaran_rpjmd.indikator[0]
    assert tpt.indikator.polaritas == capaian.NEGATIF
    cek_angka(tpt, "4.97", "6.05", "78.27")
    assert tpt.predikat.label == "Tinggi"


def test_target_komposit_kendaraan(laporan):
    bi = laporan.sub_kegiatan[17].indikator[1]
    assert bi.komposit
    assert [j for j, _ in bi.target_komponen] == [1, 5, 10]
    assert bi.realisasi_komponen == [None, 5, 10]
    assert capaian.format_persen(bi.capaian) == "93,75%"


def test_belum_diisi_bukan_nol(laporan):
    calon_transmigran = laporan.sub_kegiatan[38].indikator[0]
    assert calon_transmigran.realisasi is None
    assert calon_transmigran.capaian is None
    assert calon_transmigran.status == capaian.BELUM_DIISI
    assert capaian.format_persen(calon_transmigran.capaian) == "-"


def test_semester_1_tanpa_data_tidak_error(opd):
    """The document has year-end figures only (TW IV): Semester I shows '-' everywhere, budgets included."""
    laporan = data_laporan(opd, 2022, 1)
    assert laporan.sampai_triwulan == 2
    assert laporan.jumlah.pagu == 9_054_343_734
    assert laporan.jumlah.realisasi_anggaran is None
    assert laporan.jumlah.serapan is None
    assert all(b.capaian is None for b in laporan.per_indikator.values())


def test_target_perjanjian_kinerja_2023(laporan):
    pk = [b for b in laporan.per_indikator.values() if b.target_berikut]
    assert len(pk) == 9
    penduduk = laporan.sasaran[0].indikator[0]
    assert penduduk.target_berikut == [(D("95.03"), "%")]


def temuan_untuk(laporan, jenis, potongan):
    return [t for t in laporan.temuan if t.jenis == jenis and potongan in t.objek]


def test_temuan_kualitas_data_yang_diketahui(laporan):
    """Every known contradiction of the document is listed, naming the difference."""
    (t,) = temuan_untuk(laporan, "capaian", "Persentase Penduduk yang Bekerja")
    assert (t.tercetak, t.dihitung) == ("99,3%", "99,03%")
    (t,) = temuan_untuk(laporan, "capaian", "Persentase Penurunan TPT")
    assert (t.tercetak, t.dihitung) == ("-0,23%", "2.300,00%")
    (t,) = temuan_untuk(laporan, "capaian", "Kegiatan 19")
    assert (t.tercetak, t.dihitung) == ("0%", "-")
    (t,) = temuan_untuk(laporan, "satuan", "Nilai IKM")
    assert "87,25%" in t.pesan
    lpk = temuan_untuk(laporan, "rincian", "Kegiatan 10")
    assert [(x.tercetak, x.dihitung) for x in lpk] == [("45", "50"), ("1", "50")]
    assert lpk[0].pesan.startswith("Target 45 tidak sama dengan jumlah rinciannya")
    peserta = temuan_untuk(laporan, "rincian", "Kegiatan 9")
    assert [(x.tercetak, x.dihitung) for x in peserta] == [("224", "244")]  # realisasi 308 = 288 + 20 agrees
    transmigran = temuan_untuk(laporan, "rincian", "Kegiatan 19")
    assert [(x.tercetak, x.dihitung) for x in transmigran] == [("10", "5")]


def test_temuan_tambahan_pmi(laporan):
    """Found beyond DESIGN.md: K15 realisasi 772 = 735 + 17 + 20, but its target 110 is not 40 + 8 + 20 = 68."""
    pmi = temuan_untuk(laporan, "rincian", "Kegiatan 15")
    assert [(x.tercetak, x.dihitung) for x in pmi] == [("110", "68")]


def test_tidak_ada_temuan_anggaran(laporan):
    """Every printed budget (kegiatan, program, sasaran, tujuan, JUMLAH) equals the sum of its sub kegiatan."""
    assert [t for t in laporan.temuan if t.jenis == "anggaran"] == []


def test_hanya_capaian_yang_berbeda_yang_dilaporkan(laporan):
    """No other printed capaian disagrees with the computed one at the printed precision."""
    objek = sorted(t.objek.split(" — ")[0] for t in laporan.temuan if t.jenis == "capaian")
    assert objek == sorted(["Kegiatan 10", "Kegiatan 19", "Sasaran PD 1", "Tujuan PD 1"])


def test_kegiatan_10_jumlah_rincian(laporan):
    """K10 shows the sum of its rincian (50 LPK of S25.1); the printed 1 LPK / 2,22% and the entered 1 are listed.

    An auditor sees the computed figure and, beside it, every figure it replaced: the printed realisasi and
    capaian under "dokumen vs hitungan", the figure entered for the kegiatan itself under "isian".
    """
    k10 = laporan.kegiatan[9].indikator[0]
    assert k10.jumlah_rincian and k10.realisasi_isian == 1 and k10.realisasi == 50
    (cetak,) = temuan_untuk(laporan, "realisasi", "Kegiatan 10")
    assert (cetak.tercetak, cetak.dihitung, cetak.kelompok) == ("1 LPK", "50", "dokumen")
    (persen_cetak,) = temuan_untuk(laporan, "capaian", "Kegiatan 10")
    assert (persen_cetak.tercetak, persen_cetak.dihitung, persen_cetak.kelompok) == ("2,22%", "111,11%", "dokumen")
    isian = temuan_untuk(laporan, "rincian", "Kegiatan 10")
    assert [t.kelompok for t in isian] == ["isian", "isian"]
    assert isian[1].pesan.startswith("Realisasi yang diisi untuk induk 1 tidak sama dengan jumlah rinciannya")


def test_jumlah_rincian_yang_sama_dengan_dokumen(laporan):
    """Where the sum equals what the document prints (K9 308 = 288 + 20, K15 772 = 735 + 17 + 20), nothing moves.

    Only K10 (above) and K19 (nothing entered anywhere: the sum is '-') are affected by summing among the seed's
    links; every other linked kegiatan shows the printed realisasi, now computed from its sub kegiatan.
    """
    dijumlah = {b.unsur.nomor: b.indikator[0] for b in laporan.kegiatan if b.indikator[0].jumlah_rincian}
    assert sorted(dijumlah, key=int) == ["1", "8", "9", "10", "11", "12", "14", "15", "16", "17", "18", "19"]
    assert (dijumlah["9"].realisasi, dijumlah["15"].realisasi, dijumlah["19"].realisasi) == (308, 772, None)
    assert temuan_untuk(laporan, "realisasi", "Kegiatan 9") == []
    assert [t.jenis for t in laporan.temuan if t.jenis == "realisasi"] == ["realisasi"]  # K10 only
