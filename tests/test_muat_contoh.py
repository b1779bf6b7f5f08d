"""`manage.py muat_contoh` loads every table of the document, and running it twice changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from evaluasi.contoh import PENGGUNA_DEMO
from evaluasi.models import (
    Dokumentasi,
    Indikator,
    Inovasi,
    IsuStrategis,
    KegiatanPrioritas,
    PemantauanPengendalian,
    ProgramPrioritas,
    ProsesBisnis,
    RencanaAksi,
    Risiko,
    SasaranKinerja,
    Target,
    Unsur,
)

pytestmark = pytest.mark.django_db


def isi_semua_tabel():
    """Every row of every table of the app and of auth, as comparable tuples."""
    hasil = {}
    for model in [*apps.get_app_config("evaluasi").get_models(), get_user_model()]:
        hasil[model._meta.label] = sorted(model.objects.values_list(), key=repr)
    return hasil


@pytest.fixture(autouse=True)
def mode_demo(settings):
    """The command is for demos: it runs only with DEBUG on (pytest turns it off)."""
    settings.DEBUG = True


def test_muat_contoh_dua_kali_tidak_mengubah_apa_pun(opd):
    sebelum = isi_semua_tabel()
    call_command("muat_contoh", verbosity=0)
    assert isi_semua_tabel() == sebelum


def test_keluaran_perintah(capsys, opd):
    call_command("muat_contoh")
    keluar = capsys.readouterr().out
    assert "0 baris baru, 0 diubah" in keluar
    assert "lamongan2022" in keluar


def test_ditolak_bila_debug_mati(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("muat_contoh")


def test_seluruh_bagian_dokumen_dimuat(opd):
    per_level = {lv: Unsur.objects.filter(opd=opd, tahun=2022, level=lv).count() for lv in Unsur.Level.values}
    assert per_level == {
        "misi": 1,
        "tujuan_rpjmd": 1,
        "sasaran_rpjmd": 1,
        "tujuan_pd": 1,
        "sasaran_pd": 2,
        "program": 6,
        "kegiatan": 19,
        "sub_kegiatan": 40,
    }
    assert IsuStrategis.objects.filter(opd=opd).count() == 9
    assert Risiko.objects.filter(opd=opd, tahun=2022).count() == 15
    assert PemantauanPengendalian.objects.filter(opd=opd, tahun=2022).count() == 11
    assert Target.objects.filter(indikator__unsur__opd=opd, tahun=2023).count() == 9
    assert ProgramPrioritas.objects.filter(opd=opd, tahun=2023, jenis="prioritas").count() == 2
    assert KegiatanPrioritas.objects.filter(opd=opd).count() == 2
    assert RencanaAksi.objects.filter(opd=opd).count() == 2
    assert Inovasi.objects.filter(opd=opd, induk__isnull=True).count() == 4
    assert Inovasi.objects.filter(opd=opd, induk__isnull=False).count() == 6
    assert Dokumentasi.objects.filter(opd=opd).count() == 2
    assert SasaranKinerja.objects.filter(opd=opd, level="kabid").count() == 4
    assert SasaranKinerja.objects.filter(opd=opd, level="jafung").count() == 1
    assert ProsesBisnis.objects.filter(opd=opd, kode="P4").exists()


def test_iku_dengan_definisi_dan_formula(opd):
    iku = Indikator.objects.filter(unsur__opd=opd, iku=True)
    assert iku.count() >= 12
    tpt = iku.get(nama__icontains="Tingkat Pengangguran Terbuka (TPT)")
    assert "angkatan kerja" in tpt.definisi.lower()
    assert "\\frac" in tpt.formula
    assert tpt.polaritas == "negatif"


def test_risiko_nilai_dari_skala(opd):
    nilai = {r.kode: r.nilai for r in Risiko.objects.filter(opd=opd)}
    assert nilai["RSP1"] == 16
    assert nilai["RSP5"] == 12
    assert nilai["RSP2"] == 9
    assert sorted(nilai) == sorted(f"RSP{i}" for i in range(1, 16))


def test_pengguna_demo_dan_grup(pengguna):
    assert set(pengguna) >= {u[0] for u in PENGGUNA_DEMO}
    assert pengguna["admin"].is_superuser
    assert pengguna["op_pelatihan"].pengguna.bidang.kode == "pelatihan"
    assert pengguna["op_pelatihan"].groups.get().name == "Operator Bidang"
    assert pengguna["kadis"].pengguna.opd.slug == "disnaker"
    assert pengguna["kadis"].pengguna.bidang is None
    assert pengguna["inspektorat"].pengguna.opd is None
    assert pengguna["kadis"].check_password("lamongan2022")
