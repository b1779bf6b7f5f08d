"""Locks change only on the lock page: the admin shows them read-only, so no period reopens without a reason."""

import pytest
from django.test import Client

from evaluasi.layanan.entri import kunci_periode, periode_terkunci
from evaluasi.models import KunciPeriode

pytestmark = pytest.mark.django_db


@pytest.fixture
def kunci(pengguna, opd):
    return kunci_periode(pengguna["verifikator"], opd, 2022, 2)


@pytest.fixture
def admin_klien(pengguna):
    assert pengguna["admin"].is_superuser
    c = Client()
    c.force_login(pengguna["admin"])
    return c


def test_superuser_tidak_dapat_menghapus_kunci_di_admin(admin_klien, kunci, opd):
    url = f"/admin/evaluasi/kunciperiode/{kunci.pk}/delete/"
    assert admin_klien.get(url).status_code == 403
    assert admin_klien.post(url, {"post": "yes"}).status_code == 403
    # Nor through the bulk action of the list.
    r = admin_klien.post(
        "/admin/evaluasi/kunciperiode/", {"action": "delete_selected", "_selected_action": [kunci.pk], "post": "yes"}
    )
    assert r.status_code in (200, 302)
    assert KunciPeriode.objects.filter(pk=kunci.pk).exists()
    assert periode_terkunci(opd, 2022, 2)


def test_superuser_tidak_dapat_mengubah_atau_menambah_kunci_di_admin(admin_klien, kunci, opd):
    url = f"/admin/evaluasi/kunciperiode/{kunci.pk}/change/"
    r = admin_klien.get(url)
    assert r.status_code == 200  # shown read-only
    assert 'name="dibuka_pada_0"' not in r.content.decode()
    r = admin_klien.post(
        url, {"opd": opd.pk, "tahun": 2022, "triwulan": 2, "dikunci_pada_0": "2022-01-01", "dikunci_pada_1": "00:00"}
    )
    assert r.status_code == 403
    assert admin_klien.get("/admin/evaluasi/kunciperiode/add/").status_code == 403
    assert periode_terkunci(opd, 2022, 2)
    assert KunciPeriode.objects.get(pk=kunci.pk).history.count() == 1


def test_riwayat_kunci_tidak_dapat_dikembalikan_di_admin(admin_klien, kunci, pengguna, opd):
    """simple_history's "revert to this version" would reopen a lock without a reason too."""
    from evaluasi.layanan.entri import buka_kunci

    buka_kunci(pengguna["verifikator"], opd, 2022, 2, "Koreksi.")
    kunci_periode(pengguna["verifikator"], opd, 2022, 2)
    versi_terbuka = KunciPeriode.history.filter(dibuka_pada__isnull=False).get()
    url = f"/admin/evaluasi/kunciperiode/{kunci.pk}/history/{versi_terbuka.history_id}/"
    assert admin_klien.get(url).status_code == 200  # an old version may be looked at
    data = {
        "opd": opd.pk,
        "tahun": 2022,
        "triwulan": 2,
        "dikunci_oleh": pengguna["verifikator"].pk,
        "dikunci_pada_0": "2022-07-01",
        "dikunci_pada_1": "08:00:00",
        "dibuka_oleh": pengguna["verifikator"].pk,
        "dibuka_pada_0": "2022-07-02",
        "dibuka_pada_1": "08:00:00",
        "alasan_buka": "Koreksi.",
    }
    assert admin_klien.post(url, data).status_code == 403
    assert periode_terkunci(opd, 2022, 2)


def test_daftar_kunci_menautkan_halaman_kunci(admin_klien, kunci):
    r = admin_klien.get("/admin/evaluasi/kunciperiode/")
    assert r.status_code == 200
    assert 'href="/opd/disnaker/kunci/2022/"' in r.content.decode()
