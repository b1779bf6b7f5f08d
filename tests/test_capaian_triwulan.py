"""Rules of the triwulan targets and of the capped score (evaluasi.capaian), pure Python.

DESIGN.md "Triwulan targets" and "Averages and rankings". Run alone with
``.venv/bin/python -m pytest -n 0 -q tests/test_capaian_triwulan.py``.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluasi.capaian import (
    KUMULATIF,
    NEGATIF,
    POSISI_AKHIR,
    PROPORSIONAL,
    RASIO,
    RENCANA,
    AngkaTidakSah,
    capaian,
    capaian_sd_triwulan,
    gabung_triwulan,
    predikat,
    predikat_perlu_perhatian,
    ringkas_skor,
    target_sd_komponen,
    target_sd_triwulan,
)

D = Decimal


def assert_decimal(x, expected):
    assert type(x) is Decimal, f"expected Decimal, got {type(x).__name__}: {x!r}"
    assert x == expected, f"{x!r} != {expected!r}"


# --- Target s.d. TW n of one component --------------------------------------------------------------


@pytest.mark.parametrize(("tw", "expected"), [(1, D(56)), (2, D(112)), (3, D(168)), (4, D(224))])
def test_kumulatif_tanpa_rencana_proporsional(tw, expected):
    target, sumber = target_sd_triwulan(D(224), None, KUMULATIF, tw)
    assert_decimal(target, expected)
    assert sumber == PROPORSIONAL


def test_kumulatif_proporsional_tidak_dibulatkan():
    assert_decimal(target_sd_triwulan(D(5), {}, KUMULATIF, 1)[0], D("1.25"))
    assert_decimal(target_sd_triwulan(D(5), {}, KUMULATIF, 3)[0], D("3.75"))


@pytest.mark.parametrize(("tw", "expected"), [(1, D(20)), (2, D(80)), (3, D(180)), (4, D(224))])
def test_kumulatif_rencana_dijumlahkan_sampai_tw(tw, expected):
    rencana = {1: D(20), 2: D(60), 3: D(100), 4: D(44)}
    target, sumber = target_sd_triwulan(D(224), rencana, KUMULATIF, tw)
    assert_decimal(target, expected)
    assert sumber == RENCANA


def test_kumulatif_rencana_sebagian_kosong_bukan_nol():
    """Blank means "not planned", never 0: the plan counts up to TW n only when TW I..n are all planned."""
    rencana = {1: D(0), 2: D(100), 4: D(124), 3: None}
    assert target_sd_triwulan(D(224), rencana, KUMULATIF, 1) == (D(0), RENCANA)  # 0 typed: planned nothing
    assert target_sd_triwulan(D(224), rencana, KUMULATIF, 2) == (D(100), RENCANA)
    assert target_sd_triwulan(D(224), rencana, KUMULATIF, 3) == (D(168), PROPORSIONAL)
    assert target_sd_triwulan(D(224), rencana, KUMULATIF, 4) == (D(224), PROPORSIONAL)
    assert target_sd_triwulan(D(224), {2: D(80)}, KUMULATIF, 4) == (D(224), PROPORSIONAL)


def test_rencana_semua_kosong_sama_dengan_tanpa_rencana():
    assert target_sd_triwulan(D(8), {1: None, 2: None}, KUMULATIF, 2) == (D(4), PROPORSIONAL)
    assert target_sd_triwulan(D(8), {1: None}, POSISI_AKHIR, 2) == (D(8), PROPORSIONAL)


@pytest.mark.parametrize("tw", [1, 2, 3, 4])
def test_posisi_akhir_tanpa_rencana_target_tahunan(tw):
    target, sumber = target_sd_triwulan(D("93.95"), None, POSISI_AKHIR, tw)
    assert_decimal(target, D("93.95"))
    assert sumber == PROPORSIONAL


def test_posisi_akhir_rencana_tingkat_pada_tw_itu():
    rencana = {2: D(90), 4: D(95)}
    assert target_sd_triwulan(D("93.95"), rencana, POSISI_AKHIR, 1) == (D("93.95"), PROPORSIONAL)
    assert target_sd_triwulan(D("93.95"), rencana, POSISI_AKHIR, 2) == (D(90), RENCANA)
    assert target_sd_triwulan(D("93.95"), rencana, POSISI_AKHIR, 3) == (D("93.95"), PROPORSIONAL)
    assert target_sd_triwulan(D("93.95"), rencana, POSISI_AKHIR, 4) == (D(95), RENCANA)


def test_tanpa_target_tahunan_dan_tanpa_rencana():
    assert target_sd_triwulan(None, None, KUMULATIF, 2) == (None, PROPORSIONAL)
    assert target_sd_triwulan(None, None, POSISI_AKHIR, 2) == (None, PROPORSIONAL)
    assert target_sd_triwulan(None, {1: D(3)}, KUMULATIF, 1) == (D(3), RENCANA)
    assert target_sd_triwulan(None, {1: D(3)}, KUMULATIF, 2) == (None, PROPORSIONAL)


@pytest.mark.parametrize(
    ("args", "galat"),
    [
        ((D(10), None, KUMULATIF, 0), AngkaTidakSah),
        ((D(10), None, KUMULATIF, 5), AngkaTidakSah),
        ((D(10), {5: D(1)}, KUMULATIF, 4), AngkaTidakSah),
        ((D(10), {1: D(-1)}, KUMULATIF, 4), AngkaTidakSah),
        ((D(-10), None, KUMULATIF, 4), AngkaTidakSah),
        ((D(10), None, "rata", 4), ValueError),
        ((10.0, None, KUMULATIF, 4), TypeError),
        ((D(10), {1: 2.5}, POSISI_AKHIR, 4), TypeError),
    ],
    ids=["tw0", "tw5", "rencana-tw5", "rencana-negatif", "target-negatif", "agregasi", "float", "float-rencana"],
)
def test_masukan_tidak_sah_ditolak(args, galat):
    with pytest.raises(galat):
        target_sd_triwulan(*args)


@given(
    tahunan=st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    tw=st.integers(1, 4),
)
def test_proporsional_kumulatif_naik_dan_tw4_sama_dengan_tahunan(tahunan, tw):
    target, _ = target_sd_triwulan(tahunan, None, KUMULATIF, tw)
    assert target == tahunan * tw / 4
    if tw < 4:
        assert target <= target_sd_triwulan(tahunan, None, KUMULATIF, tw + 1)[0]
    assert target_sd_triwulan(tahunan, None, KUMULATIF, 4)[0] == tahunan


@given(
    rencana=st.dictionaries(
        st.integers(1, 4), st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
    ),
    tw=st.integers(1, 4),
)
def test_rencana_kumulatif_sama_dengan_gabung_triwulan(rencana, tw):
    """A kumulatif plan combines exactly as its realisasi would."""
    target, sumber = target_sd_triwulan(D(1), rencana, KUMULATIF, tw)
    if all(t in rencana for t in range(1, tw + 1)):
        assert sumber == RENCANA
        assert target == gabung_triwulan(rencana, KUMULATIF, tw)
    else:
        assert (target, sumber) == (D(1) * tw / 4, PROPORSIONAL)


# --- Composite targets ---------------------------------------------------------------------------------


def test_komposit_dijumlahkan_dan_sumber_proporsional_bila_satu_komponen_tanpa_rencana():
    komponen = [(D(248), {1: D(62), 2: D(62)}), (D(248), None)]  # the second component has no plan
    target, sumber = target_sd_komponen(komponen, KUMULATIF, 2)
    assert_decimal(target, D(124) + D(124))
    assert sumber == PROPORSIONAL
    semua = [(D(248), {1: D(100)}), (D(248), {1: D(0)})]
    assert target_sd_komponen(semua, KUMULATIF, 1) == (D(100), RENCANA)
    assert target_sd_komponen([], KUMULATIF, 1) == (None, PROPORSIONAL)


# --- Capaian s.d. TW n ------------------------------------------------------------------------------------


def test_tw1_kumulatif_pada_target_triwulan_bukan_rendah():
    """45 of 224 orang at TW I is 20% of the year but 80% of the quarter; 56 is 100% of it."""
    c, target, sumber = capaian_sd_triwulan([(D(224), None)], [D(56)], KUMULATIF, 1)
    assert_decimal(c, D(100))
    assert (target, sumber) == (D(56), PROPORSIONAL)
    assert not predikat_perlu_perhatian(predikat(c))
    tahunan = capaian(D(224), D(56))
    assert predikat_perlu_perhatian(predikat(tahunan))  # the annual judgement would raise the false alarm
    c45, *_ = capaian_sd_triwulan([(D(224), None)], [D(45)], KUMULATIF, 1)
    assert_decimal(c45, D(45) / D(56) * 100)


def test_capaian_sd_memakai_rencana_triwulan():
    c, target, sumber = capaian_sd_triwulan([(D(224), {1: D(30), 2: D(70)})], [D(45)], KUMULATIF, 1)
    assert_decimal(c, D(150))
    assert (target, sumber) == (D(30), RENCANA)


def test_capaian_sd_polaritas_negatif_dan_belum_diisi():
    c, *_ = capaian_sd_triwulan([(D(8), None)], [D(1)], KUMULATIF, 2, NEGATIF)
    assert_decimal(c, D(175))  # target s.d. TW II = 4: (2 x 4 - 1) / 4
    c, *_ = capaian_sd_triwulan([(D("4.97"), None)], [D("6.05")], POSISI_AKHIR, 2, NEGATIF, RASIO)
    assert_decimal(c, capaian(D("4.97"), D("6.05"), NEGATIF, RASIO))
    assert capaian_sd_triwulan([(D(8), None)], [None], KUMULATIF, 2)[0] is None
    assert capaian_sd_triwulan([(D(8), {1: D(0)})], [D(1)], KUMULATIF, 1)[0] is None  # target 0: undefined
    with pytest.raises(AngkaTidakSah):
        capaian_sd_triwulan([(D(8), None)], [D(1), D(2)], KUMULATIF, 2)


@given(
    tahunan=st.decimals(min_value=1, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    realisasi=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    agregasi=st.sampled_from([KUMULATIF, POSISI_AKHIR]),
)
def test_tw4_tanpa_rencana_sama_dengan_capaian_tahunan(tahunan, realisasi, agregasi):
    """At TW IV the default target is the annual one, so year-end figures never change."""
    c, target, _ = capaian_sd_triwulan([(tahunan, None)], [realisasi], agregasi, 4)
    assert target == tahunan
    assert c == capaian(tahunan, realisasi)


# --- The capped score ------------------------------------------------------------------------------------


def test_ringkas_skor_membatasi_dan_menghitung_yang_ditinggalkan():
    r = ringkas_skor([D(2300), D(100), D(50), None, None], batas=100)
    assert_decimal(r.rata, (D(100) + D(100) + D(50)) / 3)
    assert (r.dihitung, r.tanpa_capaian, r.dibatasi) == (3, 2, 1)
    r = ringkas_skor([D(2300), D(100)])
    assert_decimal(r.rata, D(1200))
    assert r.dibatasi == 0
    r = ringkas_skor([None], batas=D(100))
    assert r.rata is None and (r.dihitung, r.tanpa_capaian) == (0, 1)
    with pytest.raises(TypeError):
        ringkas_skor([2.5], batas=100)


@given(
    st.lists(
        st.one_of(st.none(), st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False, allow_infinity=False))
    )
)
def test_skor_tidak_pernah_melebihi_batas(nilai):
    r = ringkas_skor(nilai, batas=D(100))
    assert r.dihitung + r.tanpa_capaian == len(nilai)
    if r.rata is not None:
        assert r.rata <= 100
        assert r.rata <= ringkas_skor(nilai).rata
