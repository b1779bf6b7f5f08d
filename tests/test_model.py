"""The model refuses what must never be stored: each with an Indonesian message, nothing written."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Pengguna,
    Realisasi,
    Risiko,
    Target,
    Unsur,
)

pytestmark = pytest.mark.django_db


def pesan(exc: ValidationError):
    return " ".join(m for msgs in exc.message_dict.values() for m in msgs)


def sub_kegiatan(opd, nomor="22"):
    return Unsur.objects.get(opd=opd, tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor=nomor)


def simpan_langsung_gagal(obj):
    """Saving past validation must still be refused by the database itself."""
    model = type(obj)
    sebelum = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
    assert model.objects.count() == sebelum


def test_pagu_negatif_ditolak(opd):
    unsur = Unsur.objects.create(
        opd=opd, tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor="99", nama="Uji", induk=sub_kegiatan(opd).induk
    )
    a = Anggaran(unsur=unsur, pagu_murni=-1)
    with pytest.raises(ValidationError) as e:
        a.full_clean()
    assert "tidak boleh negatif" in pesan(e.value)
    simpan_langsung_gagal(a)


def test_realisasi_anggaran_negatif_ditolak(opd):
    anggaran = sub_kegiatan(opd).anggaran
    tw = AnggaranTriwulan(anggaran=anggaran, triwulan=1, realisasi=-5)
    with pytest.raises(ValidationError) as e:
        tw.full_clean()
    assert "tidak boleh negatif" in pesan(e.value)
    simpan_langsung_gagal(tw)


def test_realisasi_anggaran_melebihi_pagu_ditolak(opd):
    anggaran = sub_kegiatan(opd).anggaran  # pagu 1.600.000.000, TW IV 1.592.015.350 already
    tw = AnggaranTriwulan(anggaran=anggaran, triwulan=1, realisasi=10_000_000)
    with pytest.raises(ValidationError) as e:
        tw.full_clean()
    assert "melebihi pagu" in pesan(e.value)


@pytest.mark.parametrize("triwulan", [0, 5])
def test_triwulan_di_luar_1_sampai_4_ditolak(opd, triwulan):
    ind = Indikator.objects.get(kunci="S22.1")
    r = Realisasi(indikator=ind, triwulan=triwulan)
    with pytest.raises(ValidationError) as e:
        r.full_clean()
    assert "Triwulan harus 1 sampai 4." in pesan(e.value)
    simpan_langsung_gagal(r)


@pytest.mark.parametrize(("dampak", "kemungkinan", "kata"), [(6, 3, "Skala dampak"), (3, 0, "Skala kemungkinan")])
def test_skala_risiko_di_luar_1_sampai_5_ditolak(opd, dampak, kemungkinan, kata):
    r = Risiko.objects.get(opd=opd, kode="RSP1")
    r.pk = None
    r.urutan, r.kode = 99, "RSP99"
    r.skala_dampak, r.skala_kemungkinan = dampak, kemungkinan
    with pytest.raises(ValidationError) as e:
        r.full_clean()
    assert f"{kata} harus 1 sampai 5." in pesan(e.value)
    simpan_langsung_gagal(r)


def test_realisasi_dengan_komponen_yang_tidak_ada_pada_target_ditolak(opd):
    ind = Indikator.objects.get(kunci="S22.1")
    lain = KomponenTarget.objects.get(target__indikator__kunci="S22.2", target__tahun=2022)
    r = Realisasi.objects.get(indikator=ind, triwulan=4)
    n = NilaiRealisasi(realisasi=r, komponen=lain, nilai=Decimal(3))
    with pytest.raises(ValidationError) as e:
        n.full_clean()
    assert "Komponen ini tidak ada pada target" in pesan(e.value)
    assert not NilaiRealisasi.objects.filter(realisasi=r, komponen=lain).exists()


def test_realisasi_negatif_ditolak(opd):
    n = NilaiRealisasi.objects.filter(realisasi__indikator__kunci="S22.1").first()
    n.nilai = Decimal(-1)
    with pytest.raises(ValidationError) as e:
        n.full_clean()
    assert "tidak boleh negatif" in pesan(e.value)
    simpan_langsung_gagal(n)


def test_target_kedua_untuk_tahun_yang_sama_ditolak(opd):
    ind = Indikator.objects.get(kunci="S22.1")
    t = Target(indikator=ind, tahun=2022)
    with pytest.raises(ValidationError):
        t.full_clean()
    simpan_langsung_gagal(t)


def test_komponen_target_kembar_ditolak(opd):
    t = Target.objects.get(indikator__kunci="S22.1", tahun=2022)
    simpan_langsung_gagal(KomponenTarget(target=t, urutan=1, jumlah=Decimal(1), satuan="orang"))


def test_realisasi_kedua_untuk_triwulan_yang_sama_ditolak(opd):
    ind = Indikator.objects.get(kunci="S22.1")
    simpan_langsung_gagal(Realisasi(indikator=ind, triwulan=4))


def test_anggaran_hanya_pada_sub_kegiatan(opd):
    kegiatan = Unsur.objects.get(opd=opd, tahun=2022, level=Unsur.Level.KEGIATAN, nomor="9")
    with pytest.raises(ValidationError) as e:
        Anggaran(unsur=kegiatan, pagu_murni=1).full_clean()
    assert "hanya dicatat pada sub kegiatan" in pesan(e.value)


def test_induk_harus_level_lebih_tinggi(opd):
    sub = sub_kegiatan(opd)
    u = Unsur(opd=opd, tahun=2022, level=Unsur.Level.PROGRAM, nomor="77", nama="Salah", induk=sub)
    with pytest.raises(ValidationError) as e:
        u.full_clean()
    assert "level yang lebih tinggi" in pesan(e.value)


def test_pengguna_bidang_tanpa_opd_ditolak(pengguna):
    profil = pengguna["op_hi"].pengguna
    profil.opd = None
    simpan_langsung_gagal(profil)
    assert Pengguna.objects.get(pk=profil.pk).opd is not None


def test_pagu_berlaku_adalah_pagu_perubahan_bila_ada(opd):
    a = sub_kegiatan(opd).anggaran
    assert a.pagu == a.pagu_murni == 1_600_000_000
    a.pagu_perubahan = 1_700_000_000
    assert a.pagu == 1_700_000_000
