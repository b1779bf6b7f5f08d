"""The report data service runs a fixed number of queries, whatever the size of the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi.laporan.data import data_laporan
from evaluasi.models import Indikator, Unsur
from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db

# unsur, indikator, komponen target, nilai realisasi, pagu, realisasi anggaran, angka tercetak, rincian,
# konfirmasi kewajaran
KUERI_LAPORAN = 9


def jumlah_kueri(opd, tahun, semester):
    with CaptureQueriesContext(connection) as ctx:
        data_laporan(opd, tahun, semester)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("semester", [1, 2])
def test_kueri_laporan_seed(opd, semester, django_assert_num_queries):
    with django_assert_num_queries(KUERI_LAPORAN):
        data_laporan(opd, 2022, semester)


def test_kueri_tetap_pada_10x_seed():
    """1× the seed's size (6 programs, 36 sub kegiatan) and 10× (60 programs, 360 sub kegiatan): same count."""
    kecil = buat_opd_sintetis(1, 2022, program=6, kegiatan=3, sub=2)
    besar = buat_opd_sintetis(2, 2022, program=60, kegiatan=3, sub=2)
    n_kecil = Unsur.objects.filter(opd=kecil, level=Unsur.Level.SUB_KEGIATAN).count()
    n_besar = Unsur.objects.filter(opd=besar, level=Unsur.Level.SUB_KEGIATAN).count()
    assert (n_kecil, n_besar) == (36, 360)
    assert Indikator.objects.filter(unsur__opd=besar).count() >= 10 * 80
    assert jumlah_kueri(kecil, 2022, 2) == jumlah_kueri(besar, 2022, 2) == KUERI_LAPORAN


def test_laporan_sintetis_menjumlahkan_anggaran():
    """The roll-up holds on synthetic data too: every parent's pagu is the sum of its children."""
    opd = buat_opd_sintetis(3, 2023, program=4, kegiatan=2, sub=3)
    laporan = data_laporan(opd, 2023, 2)
    for level in ("program", "kegiatan"):
        for baris in laporan.per_level[level]:
            assert baris.pagu == sum(a.pagu for a in baris.anak)
            assert baris.realisasi_anggaran == sum(a.realisasi_anggaran for a in baris.anak)
    assert laporan.jumlah.pagu == sum(p.pagu for p in laporan.program)
