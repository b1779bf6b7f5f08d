"""The Django admin: every model listed and editable, in Indonesian, with a fixed number of queries."""

import pytest
from django.contrib import admin
from django.urls import reverse

from evaluasi.models import Unsur

pytestmark = pytest.mark.django_db

MODEL_APP = [m for m in admin.site._registry if m._meta.app_label == "evaluasi"]


def test_semua_model_terdaftar():
    from django.apps import apps

    semua = set(apps.get_app_config("evaluasi").get_models())
    riwayat = {m for m in semua if m.__name__.startswith("Historical")}
    assert semua - riwayat == set(MODEL_APP)


@pytest.mark.parametrize("model", MODEL_APP, ids=lambda m: m.__name__)
def test_daftar_dan_ubah(client, pengguna, model):
    client.force_login(pengguna["admin"])
    daftar = client.get(reverse(f"admin:evaluasi_{model._meta.model_name}_changelist"))
    assert daftar.status_code == 200
    assert "Pilih" in daftar.text  # Indonesian admin: "Pilih … untuk diubah"
    obj = model.objects.first()
    if obj is not None:
        ubah = client.get(reverse(f"admin:evaluasi_{model._meta.model_name}_change", args=[obj.pk]))
        assert ubah.status_code == 200
        assert "Simpan" in ubah.text


def test_kaskade_dijelajahi_per_induk(client, pengguna, opd):
    client.force_login(pengguna["admin"])
    kegiatan = Unsur.objects.get(opd=opd, level="kegiatan", nomor="9")
    url = reverse("admin:evaluasi_unsur_changelist") + f"?induk__id__exact={kegiatan.pk}"
    r = client.get(url)
    assert r.status_code == 200
    assert "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan" in r.text
    assert "Pengadaan Sarana Pelatihan Kerja" in r.text
    assert "Penyediaan Gaji dan Tunjangan ASN" not in r.text
    assert "3 unsur rencana" in r.text


@pytest.mark.parametrize("model", [m for m in MODEL_APP if m.__name__ in ("Unsur", "Indikator", "Realisasi", "Risiko")])
def test_kueri_daftar_admin_tetap(client, pengguna, django_assert_max_num_queries, model):
    """The changelists select their related rows: the count does not grow with the rows shown."""
    client.force_login(pengguna["admin"])
    url = reverse(f"admin:evaluasi_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(12):
        assert client.get(url + "?all=").status_code == 200


def test_admin_perlu_masuk(client):
    r = client.get(reverse("admin:index"))
    assert r.status_code == 302
    assert "/admin/login/" in r["Location"]
