"""Permission matrix of the dashboard URLs: every URL × every role (and anonymous) × own OPD / another OPD.

The dashboard and its drill-down follow the OPD scope (out of scope: 404). The kabupaten overview
and its XLSX are for Bappeda/Admin, Inspektorat and superusers (others: 403). All are read views:
POST/PUT/DELETE are 405.
"""

import pytest

from evaluasi.models import Indikator, Unsur
from tests.test_izin import ANONIM, PERAN, SEMUA_OPD, cek_isi, ke_login, klien, opd_lain

# URL names this permission matrix covers (tests/test_izin_cakupan.py checks every URL is covered).
CAKUPAN = {"beranda", "dasbor_opd", "dasbor_unsur", "dasbor_indikator", "kabupaten", "kabupaten_xlsx"}

pytestmark = pytest.mark.django_db

KABUPATEN = {"admin", "bappeda", "inspektorat"}


def url_dasbor(nama, slug):
    if nama == "dasbor_opd":
        return f"/opd/{slug}/"
    program = Unsur.objects.filter(opd__slug=slug, tahun=2022, level=Unsur.Level.PROGRAM).order_by("urutan").first()
    if nama == "dasbor_unsur":
        return f"/opd/{slug}/dasbor/2022/unsur/{program.pk}/"
    ind = Indikator.objects.filter(unsur__opd__slug=slug, unsur__tahun=2022).order_by("pk").first()
    return f"/opd/{slug}/dasbor/2022/indikator/{ind.pk}/"


MATRIKS = [
    pytest.param(nama, peran, lingkup, id=f"{nama}-{lingkup}-{peran}")
    for nama in ("dasbor_opd", "dasbor_unsur", "dasbor_indikator")
    for lingkup in ("sendiri", "lain")
    for peran in PERAN
]


@pytest.mark.parametrize("nama, peran, lingkup", MATRIKS)
def test_dasbor(pengguna, nama, peran, lingkup):
    slug = opd_lain().slug if lingkup == "lain" else "disnaker"
    path = url_dasbor(nama, slug)
    r = klien(pengguna, peran).get(path)
    if peran == ANONIM:
        assert ke_login(r, path)
    elif lingkup == "lain" and peran not in SEMUA_OPD:
        assert r.status_code == 404
    else:
        assert r.status_code == 200
        cek_isi(r, "html")


@pytest.mark.parametrize("path, jenis", [("/kabupaten/", "html"), ("/kabupaten/xlsx/", "xlsx")])
@pytest.mark.parametrize("peran", PERAN)
def test_kabupaten(pengguna, peran, path, jenis):
    r = klien(pengguna, peran).get(path)
    if peran == ANONIM:
        assert ke_login(r, path)
    elif peran in KABUPATEN:
        assert r.status_code == 200
        cek_isi(r, jenis)
    else:
        assert r.status_code == 403


@pytest.mark.parametrize("metode", ["post", "put", "delete"])
@pytest.mark.parametrize("nama", ["dasbor_opd", "dasbor_unsur", "dasbor_indikator", "kabupaten", "beranda"])
def test_hanya_baca(pengguna, nama, metode):
    path = {"kabupaten": "/kabupaten/", "beranda": "/"}.get(nama) or url_dasbor(nama, "disnaker")
    assert getattr(klien(pengguna, "bappeda"), metode)(path).status_code == 405


def test_tautan_navigasi_sesuai_peran(pengguna):
    """The bar shows each link only to the roles that can use it."""

    def tautan(peran):
        html = klien(pengguna, peran).get("/opd/disnaker/").content.decode()
        nav = html[html.index('<nav class="navigasi"') : html.index("</nav>", html.index('<nav class="navigasi"'))]
        return nav

    assert "/kabupaten/" in tautan("bappeda") and "/kabupaten/" in tautan("inspektorat")
    assert "/kabupaten/" not in tautan("kadis")
    assert "/opd/disnaker/entri/2022/" in tautan("op_hi")
    assert "/opd/disnaker/entri/2022/" not in tautan("kadis")
    assert "/opd/disnaker/verifikasi/2022/" in tautan("verifikator")
    assert "/opd/disnaker/verifikasi/2022/" not in tautan("op_hi")
    assert "/opd/disnaker/audit/2022/" in tautan("inspektorat")
    assert "/opd/disnaker/audit/2022/" not in tautan("op_hi")
