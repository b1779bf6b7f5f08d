"""Copy a year's plan to the next year (cascade, indicators, next year's targets; no realisasi, no pagu)."""

import pytest

from evaluasi.laporan.data import data_laporan
from evaluasi.models import Anggaran, Indikator, KomponenTarget, Realisasi, Target, Unsur
from evaluasi.versi import versi_data
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

URL = "/opd/disnaker/rencana/2022/salin/"


def _pohon(opd, tahun):
    return sorted(
        (
            u.level,
            u.nomor,
            u.kode,
            u.nama,
            u.bidang_id,
            u.induk.level if u.induk else None,
            u.induk.nomor if u.induk else None,
        )
        for u in Unsur.objects.filter(opd=opd, tahun=tahun).select_related("induk")
    )


def test_salin_rencana(pengguna, opd):
    versi = versi_data(opd)
    c = klien(pengguna, "verifikator")
    r = c.post(URL, follow=True)
    assert r.redirect_chain == [("/opd/disnaker/impor/2023/", 302)]
    assert "Rencana 2022 disalin ke 2023: 71 unsur, 102 indikator, 9 target" in r.content.decode()
    assert _pohon(opd, 2023) == _pohon(opd, 2022)
    lama = {
        (i.unsur.level, i.unsur.nomor, i.urutan): (i.nama, i.kunci, i.polaritas, i.agregasi, i.iku, i.level_pk)
        for i in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=2022).select_related("unsur")
    }
    baru = {
        (i.unsur.level, i.unsur.nomor, i.urutan): (i.nama, i.kunci, i.polaritas, i.agregasi, i.iku, i.level_pk)
        for i in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=2023).select_related("unsur")
    }
    assert baru == lama
    # The 2023 targets are the perjanjian kinerja targets the 2022 indicators carried.
    pk_lama = sorted(
        (t.indikator.kunci, k.urutan, k.jumlah, k.satuan)
        for t in Target.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=2022, tahun=2023)
        for k in t.komponen.all()
    )
    pk_baru = sorted(
        (t.indikator.kunci, k.urutan, k.jumlah, k.satuan)
        for t in Target.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=2023, tahun=2023)
        for k in t.komponen.all()
    )
    assert len(pk_baru) == 9 and pk_baru == pk_lama
    assert (
        KomponenTarget.history.filter(target__indikator__unsur__tahun=2023).first().history_user
        == pengguna["verifikator"]
    )
    # No realisasi, no pagu.
    assert not Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=2023).exists()
    assert not Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=2023).exists()
    assert Indikator.rincian.through.objects.filter(from_indikator__unsur__tahun=2023).count() == (
        Indikator.rincian.through.objects.filter(
            from_indikator__unsur__opd=opd, from_indikator__unsur__tahun=2022
        ).count()
    )
    assert versi_data(opd) == versi + 1
    # The 2023 report opens: targets where known, nothing entered.
    data = data_laporan(opd, 2023, 2)
    assert len(data.sub_kegiatan) == 40 and data.jumlah.pagu is None
    assert sum(1 for b in data.per_indikator.values() if b.target is not None) == 9
    assert all(b.realisasi is None for b in data.per_indikator.values())


def test_salin_ditolak_bila_sudah_ada(pengguna, opd):
    c = klien(pengguna, "bappeda")
    c.post(URL)
    jumlah = Unsur.objects.filter(opd=opd, tahun=2023).count()
    r = c.post(URL, follow=True)
    assert r.redirect_chain == [("/opd/disnaker/impor/2022/", 302)]
    assert "Rencana 2023 sudah ada; penyalinan hanya untuk tahun yang masih kosong." in r.content.decode()
    assert Unsur.objects.filter(opd=opd, tahun=2023).count() == jumlah


def test_salin_tahun_kosong_ditolak(pengguna, opd):
    r = klien(pengguna, "bappeda").post("/opd/disnaker/rencana/2019/salin/", follow=True)
    assert "Belum ada rencana 2019 untuk disalin." in r.content.decode()
    assert not Unsur.objects.filter(opd=opd, tahun=2020).exists()


def test_salin_rencana_membawa_target_triwulan(pengguna, opd):
    """The next year's target comes with its rencana aksi (triwulan targets) where one is planned."""
    from decimal import Decimal

    from evaluasi.models import TargetTriwulan

    k = KomponenTarget.objects.filter(target__indikator__unsur__opd=opd, target__tahun=2023).order_by("id").first()
    TargetTriwulan.objects.create(komponen=k, triwulan=2, jumlah=Decimal("12.5"))
    assert klien(pengguna, "verifikator").post(URL).status_code == 302
    baru = TargetTriwulan.objects.get(komponen__target__indikator__unsur__tahun=2023)
    assert (baru.triwulan, baru.jumlah, baru.komponen.urutan) == (2, Decimal("12.5"), k.urutan)
    assert baru.komponen.target.indikator.kunci == k.target.indikator.kunci
    assert baru.history.first().history_user == pengguna["verifikator"]
