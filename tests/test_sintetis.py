"""manage.py buat_data_sintetis: deterministic, realistic, clearly synthetic, never mixed with real data."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from evaluasi import akses, capaian
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Indikator,
    NilaiRealisasi,
    Opd,
    Pengguna,
    Realisasi,
    Risiko,
    Unsur,
)
from evaluasi.sintetis import adalah_sintetis
from evaluasi.versi import versi_data

pytestmark = pytest.mark.django_db

KECIL = ["--opd", "2", "--tahun", "2022-2023", "--program", "2", "--seed", "7"]


def buat(*argumen):
    keluar = io.StringIO()
    call_command("buat_data_sintetis", *argumen, stdout=keluar)
    return keluar.getvalue()


def sidik():
    """Everything the synthetic kabupaten holds, without database ids (which differ between runs)."""
    qs = Opd.objects.filter(slug__startswith="sintetis-kab-")
    return {
        "opd": sorted(qs.values_list("slug", "nama", "urusan")),
        "unsur": sorted(Unsur.objects.filter(opd__in=qs).values_list("opd__slug", "tahun", "level", "nomor", "nama")),
        "indikator": sorted(
            Indikator.objects.filter(unsur__opd__in=qs).values_list(
                "unsur__opd__slug", "unsur__tahun", "kunci", "polaritas", "metode_negatif", "agregasi", "satuan"
            )
        ),
        "nilai": sorted(
            (str(a), b, c, d, str(e))
            for a, b, c, d, e in NilaiRealisasi.objects.filter(realisasi__indikator__unsur__opd__in=qs).values_list(
                "realisasi__indikator__kunci",
                "realisasi__indikator__unsur__opd__slug",
                "realisasi__indikator__unsur__tahun",
                "realisasi__triwulan",
                "nilai",
            )
        ),
        "pagu": sorted(
            Anggaran.objects.filter(unsur__opd__in=qs).values_list(
                "unsur__opd__slug", "unsur__tahun", "unsur__nomor", "pagu_murni", "pagu_perubahan"
            )
        ),
        "pengguna": sorted(Pengguna.objects.filter(opd__in=qs).values_list("user__username", "bidang__kode")),
    }


def test_deterministik_dan_idempoten():
    keluaran = buat(*KECIL)
    assert "2 OPD dibuat, 0 sudah ada" in keluaran
    pertama = sidik()
    assert len(pertama["opd"]) == 2 and len(pertama["nilai"]) > 100
    assert "0 OPD dibuat, 2 sudah ada" in buat(*KECIL)  # a second run adds nothing
    assert sidik() == pertama
    assert "Dihapus: 2 OPD sintetis." in buat(*KECIL, "--hapus")
    assert sidik() == pertama  # rebuilt from the same seed: the same data
    buat("--hapus", *KECIL[:-1], "8")
    assert sidik() != pertama  # another seed, other data


def test_realistis_semua_jenis_target():
    buat("--opd", "1", "--tahun", "2021-2026", "--program", "6", "--seed", "1")
    opd = Opd.objects.get(slug="sintetis-kab-01")
    assert adalah_sintetis(opd) and "(data sintetis)" in opd.nama and opd.kabupaten == "Kabupaten Sintetis"
    assert versi_data(opd) > 0
    tahun = sorted(set(Unsur.objects.filter(opd=opd).values_list("tahun", flat=True)))
    assert tahun == list(range(2021, 2027))
    levels = set(Unsur.objects.filter(opd=opd).values_list("level", flat=True))
    assert {"tujuan_pd", "sasaran_pd", "program", "kegiatan", "sub_kegiatan"} <= levels
    ind = Indikator.objects.filter(unsur__opd=opd)
    assert ind.filter(polaritas=capaian.NEGATIF, metode_negatif=capaian.SELISIH).exists()
    assert ind.filter(polaritas=capaian.NEGATIF, metode_negatif=capaian.RASIO).exists()
    assert ind.filter(agregasi=capaian.POSISI_AKHIR).exists() and ind.filter(agregasi=capaian.KUMULATIF).exists()
    komposit = [i for i in ind.prefetch_related("target__komponen") if i.target.all()[0].komponen.count() > 1]
    assert komposit
    assert ind.filter(iku=True).exists()
    # Realisasi per triwulan: TW I–IV for past years, up to TW II in the last; some values left empty.
    assert set(
        Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=2025).values_list(
            "triwulan", flat=True
        )
    ) == {1, 2, 3, 4}
    assert set(
        Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=2026).values_list(
            "triwulan", flat=True
        )
    ) == {1, 2}
    assert NilaiRealisasi.objects.filter(realisasi__indikator__unsur__opd=opd, nilai__isnull=True).exists()
    anggaran = Anggaran.objects.filter(unsur__opd=opd)
    assert anggaran.filter(pagu_perubahan__isnull=False).exists() and anggaran.filter(pagu_perubahan=None).exists()
    tw = AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd)
    assert tw.filter(rencana_penarikan__isnull=False).exists() and tw.filter(rencana_penarikan=None).exists()
    for a in anggaran.prefetch_related("triwulan"):  # realisasi never above the pagu in force
        assert sum(t.realisasi or 0 for t in a.triwulan.all()) <= a.pagu
    assert Risiko.objects.filter(opd=opd).count() >= 6
    # Users: Kepala Dinas, verifikator, an operator per bidang, each in the right group and scope.
    profil = Pengguna.objects.filter(opd=opd).select_related("user", "bidang")
    grup = {p.user.username: set(p.user.groups.values_list("name", flat=True)) for p in profil}
    assert grup["sk01_kadis"] == {akses.KEPALA_DINAS} and grup["sk01_verifikator"] == {akses.VERIFIKATOR}
    operator = [p for p in profil if p.bidang_id]
    assert len(operator) == 4 and all(grup[p.user.username] == {akses.OPERATOR} for p in operator)
    assert not any(p.user.has_usable_password() for p in profil)  # no --sandi: nobody can log in


def test_laporan_sintetis_tampil_dan_terlingkup(pengguna):
    buat("--opd", "2", "--tahun", "2022-2022", "--program", "3", "--sampai-triwulan", "4")
    User = get_user_model()
    c = Client()
    c.force_login(User.objects.get(username="sk01_kadis"))
    assert c.get("/opd/sintetis-kab-01/laporan/2022/semester/2/").status_code == 200
    data = json.loads(c.get("/opd/sintetis-kab-01/laporan/2022/semester/2/data.json").content)
    assert data  # the open-data JSON of a synthetic OPD
    assert c.get("/opd/sintetis-kab-02/laporan/2022/semester/2/").status_code == 404
    assert c.get("/opd/disnaker/laporan/2022/semester/2/").status_code == 404
    c.force_login(pengguna["kadis"])  # and the real OPD's users do not see the synthetic ones
    assert c.get("/opd/sintetis-kab-01/laporan/2022/semester/2/").status_code == 404


def test_menolak_opd_bukan_sintetis(opd):
    palsu = Opd.objects.create(slug="sintetis-kab-01", nama="Dinas Sungguhan", kabupaten="Lamongan")
    with pytest.raises(CommandError, match="bukan OPD sintetis"):
        buat("--opd", "1", "--tahun", "2022")
    with pytest.raises(CommandError, match="bukan OPD sintetis"):
        buat("--opd", "1", "--tahun", "2022", "--hapus")  # --hapus leaves it too
    assert Opd.objects.filter(pk=palsu.pk).exists()
    assert not Unsur.objects.filter(opd=palsu).exists()
    assert Unsur.objects.filter(opd=opd).exists()  # the seed is never touched


@pytest.mark.parametrize("tahun", ["2026-2021", "dua", "1999"])
def test_tahun_tidak_sah(tahun):
    with pytest.raises(CommandError, match="Tahun tidak sah"):
        buat("--opd", "1", "--tahun", tahun)
