"""Permission matrix of the audit trail: every URL × every role of tests/test_izin.py (and anonymous), exact status.

Inspektorat and Bappeda/admin read every OPD; Kepala Dinas and Verifikator their own OPD (another is 404);
operators get 403 on their own OPD and 404 on another; anonymous goes to login. Read-only: any other
method than GET/HEAD is 405 for a logged-in user (before the scope is checked), login for anonymous.
"""

import pytest

from evaluasi.models import Indikator
from tests.test_izin import ANONIM, PERAN, SEMUA_OPD, cek_isi, ke_login, klien, opd_lain

# URL names this permission matrix covers (tests/test_izin_cakupan.py checks every URL is covered).
CAKUPAN = {"audit_daftar", "audit_xlsx", "audit_indikator"}

pytestmark = pytest.mark.django_db

TAHUN = 2022
MEMBACA_AUDIT = {"admin", "bappeda", "inspektorat", "kadis", "verifikator"}
OPERATOR = {"op_sekretariat", "op_pelatihan", "op_ipk", "op_penempatan", "op_hi"}
assert MEMBACA_AUDIT | OPERATOR | {ANONIM} == set(PERAN)

# (URL name, path under /opd/<slug>/audit/<tahun>/ (indicator filled in), kind of body)
URL = [
    ("audit_daftar", "", "html"),
    ("audit_xlsx", "xlsx/", "xlsx"),
    ("audit_indikator", "indikator/{pk}/", "html"),
]


def path_audit(lingkup, bagian):
    if lingkup == "lain":
        slug = opd_lain().slug
    else:
        slug = "disnaker"
    ind = Indikator.objects.filter(unsur__opd__slug=slug, unsur__tahun=TAHUN).order_by("id").first()
    return f"/opd/{slug}/audit/{TAHUN}/" + bagian.format(pk=ind.pk)


def status_harap(peran, lingkup):
    if peran == ANONIM:
        return 302
    if lingkup == "lain" and peran not in SEMUA_OPD:
        return 404
    return 200 if peran in MEMBACA_AUDIT else 403


MATRIKS = [
    pytest.param(nama, bagian, jenis, peran, lingkup, id=f"{nama}-{lingkup}-{peran}")
    for nama, bagian, jenis in URL
    for lingkup in ("sendiri", "lain")
    for peran in PERAN
]


@pytest.mark.parametrize("nama, bagian, jenis, peran, lingkup", MATRIKS)
def test_get(pengguna, nama, bagian, jenis, peran, lingkup):
    path = path_audit(lingkup, bagian)
    r = klien(pengguna, peran).get(path)
    harap = status_harap(peran, lingkup)
    assert r.status_code == harap
    if harap == 302:
        assert ke_login(r, path)
    elif harap == 200:
        cek_isi(r, jenis)
        if jenis == "html":
            assert "Jejak audit" in r.content.decode()


@pytest.mark.parametrize("metode", ["post", "put", "delete"])
@pytest.mark.parametrize("nama, bagian, jenis, peran, lingkup", MATRIKS)
def test_metode_lain(pengguna, nama, bagian, jenis, peran, lingkup, metode):
    path = path_audit(lingkup, bagian)
    r = getattr(klien(pengguna, peran), metode)(path)
    if peran == ANONIM:
        assert ke_login(r, path)
    else:
        assert r.status_code == 405


@pytest.mark.parametrize("nama, bagian, jenis", URL)
def test_head(pengguna, nama, bagian, jenis):
    assert klien(pengguna, "inspektorat").head(path_audit("sendiri", bagian)).status_code == 200


def test_nama_url_terpasang():
    from django.urls import reverse

    assert reverse("audit_daftar", args=["disnaker", TAHUN]) == f"/opd/disnaker/audit/{TAHUN}/"
    assert reverse("audit_xlsx", args=["disnaker", TAHUN]) == f"/opd/disnaker/audit/{TAHUN}/xlsx/"
    assert reverse("audit_indikator", args=["disnaker", TAHUN, 5]) == f"/opd/disnaker/audit/{TAHUN}/indikator/5/"
