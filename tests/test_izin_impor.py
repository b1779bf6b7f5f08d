"""Permission matrix of the template, import and plan-copy URLs: every role of tests/test_izin.py + anonymous.

Scope as everywhere (evaluasi/akses.py): out-of-scope OPD = 404. Who may write: Bappeda/admin for every OPD,
the verifikator and the operators (realisasi of their own bidang) for their OPD; Kepala Dinas and Inspektorat
read (their POST is a 403). An import's preview and kept file: every role that sees the OPD, except that an
operator sees only their own imports (others: 404); only the uploader confirms or cancels it.
"""

import pytest

from evaluasi.impor import proses
from evaluasi.models import Impor, Unsur
from tests.test_impor_bantu import XLSX, impor_terakhir, jejak, pribadi, unggah  # noqa: F401
from tests.test_izin import ANONIM, PERAN, SEMUA_OPD, ke_login, klien, opd_lain

# URL names this permission matrix covers (tests/test_izin_cakupan.py checks every URL is covered).
CAKUPAN = {"templat_xlsx", "rencana_salin", "impor_unggah", "impor_pratinjau", "impor_berkas"}

pytestmark = pytest.mark.django_db

OPERATOR = {"op_sekretariat", "op_pelatihan", "op_ipk", "op_penempatan", "op_hi"}
BACA_SAJA = {"kadis", "inspektorat"}
MENGIMPOR = {"admin", "bappeda", "verifikator"} | OPERATOR  # in their own OPD
MENGIMPOR_LAIN = {"admin", "bappeda"}
KELOLA_RENCANA = {"admin", "bappeda", "verifikator"}

MATRIKS = [pytest.param(p, lingkup, id=f"{lingkup}-{p}") for lingkup in ("sendiri", "lain") for p in PERAN]


@pytest.fixture(autouse=True)
def _penyimpanan(pribadi):  # noqa: F811
    return pribadi


def _opd(lingkup, opd):
    return opd_lain() if lingkup == "lain" else opd


def status_baca(peran, lingkup):
    if peran == ANONIM:
        return 302
    if lingkup == "lain" and peran not in SEMUA_OPD:
        return 404
    return 200


def status_tulis(peran, lingkup, boleh_sendiri, boleh_lain):
    harap = status_baca(peran, lingkup)
    if harap != 200:
        return harap
    boleh = boleh_lain if lingkup == "lain" else boleh_sendiri
    return 302 if peran in boleh else 403


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
@pytest.mark.parametrize("q", ["", "?triwulan=1"])
def test_templat(pengguna, opd, peran, lingkup, q):
    o = _opd(lingkup, opd)
    path = f"/opd/{o.slug}/rencana/2022/templat.xlsx"
    r = klien(pengguna, peran).get(path + q)
    assert r.status_code == status_baca(peran, lingkup)
    if r.status_code == 302:
        assert ke_login(r, path + q) or ke_login(r, path)
    elif r.status_code == 200:
        assert r["Content-Type"] == XLSX and r.content.startswith(b"PK")


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_unggah_get(pengguna, opd, peran, lingkup):
    o = _opd(lingkup, opd)
    path = f"/opd/{o.slug}/impor/2022/"
    r = klien(pengguna, peran).get(path)
    assert r.status_code == status_baca(peran, lingkup)
    if r.status_code == 200:
        boleh = peran in (MENGIMPOR_LAIN if lingkup == "lain" else MENGIMPOR)
        assert ('name="berkas"' in r.content.decode()) == boleh


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_unggah_post(pengguna, opd, peran, lingkup):
    o = _opd(lingkup, opd)
    isi = klien(pengguna, "bappeda").get(f"/opd/{o.slug}/rencana/2022/templat.xlsx?triwulan=1").content
    path = f"/opd/{o.slug}/impor/2022/"
    sebelum = jejak(o), Impor.objects.count()
    r = unggah(klien(pengguna, peran), o.slug, 2022, isi)
    harap = status_tulis(peran, lingkup, MENGIMPOR, MENGIMPOR_LAIN)
    assert r.status_code == harap
    if harap == 302 and peran != ANONIM:
        impor = impor_terakhir()
        assert r["Location"] == f"/opd/{o.slug}/impor/riwayat/{impor.pk}/"
        assert impor.dibuat_oleh == pengguna[peran]
        assert jejak(o) == sebelum[0]  # a preview writes nothing
    else:
        if peran == ANONIM:
            assert ke_login(r, path)
        assert (jejak(o), Impor.objects.count()) == sebelum


def _impor_milik(pengguna, o, username):
    isi = klien(pengguna, "bappeda").get(f"/opd/{o.slug}/rencana/2022/templat.xlsx?triwulan=1").content
    impor, _ = proses.pratinjau(pengguna[username], o, 2022, isi, "x.xlsx")
    return impor


def status_lihat_impor(peran, lingkup):
    harap = status_baca(peran, lingkup)
    if harap == 200 and peran in OPERATOR:
        return 404  # another user's import
    return harap


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_pratinjau_dan_berkas_get(pengguna, opd, peran, lingkup):
    o = _opd(lingkup, opd)
    impor = _impor_milik(pengguna, o, "verifikator" if lingkup == "sendiri" else "bappeda")
    c = klien(pengguna, peran)
    harap = status_lihat_impor(peran, lingkup)
    for path in (f"/opd/{o.slug}/impor/riwayat/{impor.pk}/", f"/opd/{o.slug}/impor/riwayat/{impor.pk}/berkas/"):
        r = c.get(path)
        assert r.status_code == harap, path
        if harap == 302:
            assert ke_login(r, path)
    if harap == 200:
        assert b"".join(r.streaming_content).startswith(b"PK")


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_pratinjau_post(pengguna, opd, peran, lingkup):
    o = _opd(lingkup, opd)
    pemilik = "verifikator" if lingkup == "sendiri" else "bappeda"
    impor = _impor_milik(pengguna, o, pemilik)
    path = f"/opd/{o.slug}/impor/riwayat/{impor.pk}/"
    r = klien(pengguna, peran).post(path, {"aksi": "batalkan"})
    harap = status_lihat_impor(peran, lingkup)
    if harap == 200:
        harap = 302 if peran == pemilik else 403
    assert r.status_code == harap
    impor.refresh_from_db()
    assert impor.status == (Impor.Status.DIBATALKAN if harap == 302 and peran != ANONIM else Impor.Status.PRATINJAU)


def test_operator_pratinjau_miliknya(pengguna, opd):
    impor = _impor_milik(pengguna, opd, "op_pelatihan")
    c = klien(pengguna, "op_pelatihan")
    assert c.get(f"/opd/disnaker/impor/riwayat/{impor.pk}/").status_code == 200
    assert c.get(f"/opd/disnaker/impor/riwayat/{impor.pk}/berkas/").status_code == 200
    assert klien(pengguna, "op_hi").get(f"/opd/disnaker/impor/riwayat/{impor.pk}/").status_code == 404


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_salin_rencana(pengguna, opd, peran, lingkup):
    o = _opd(lingkup, opd)
    path = f"/opd/{o.slug}/rencana/2022/salin/"
    r = klien(pengguna, peran).post(path)
    harap = status_tulis(peran, lingkup, KELOLA_RENCANA, MENGIMPOR_LAIN)
    assert r.status_code == harap
    disalin = Unsur.objects.filter(opd=o, tahun=2023).exists()
    assert disalin == (harap == 302 and peran != ANONIM)
    if harap == 302 and peran != ANONIM:
        assert r["Location"] == f"/opd/{o.slug}/impor/2023/"
    elif peran == ANONIM:
        assert ke_login(r, path)


@pytest.mark.parametrize("peran", ["verifikator", "kadis", "op_hi"])
def test_metode(pengguna, opd, peran):
    """Read views are require_safe; the plan copy is POST-only; the pages answer GET and POST only."""
    c = klien(pengguna, peran)
    assert c.post("/opd/disnaker/rencana/2022/templat.xlsx").status_code == 405
    assert c.get("/opd/disnaker/rencana/2022/salin/").status_code == 405
    assert c.put("/opd/disnaker/impor/2022/").status_code == 405
    impor = _impor_milik(pengguna, opd, "verifikator")
    assert c.post(f"/opd/disnaker/impor/riwayat/{impor.pk}/berkas/").status_code == 405
    assert c.delete(f"/opd/disnaker/impor/riwayat/{impor.pk}/").status_code == 405


def test_csrf(pengguna, opd):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(pengguna["verifikator"])
    assert c.post("/opd/disnaker/rencana/2022/salin/").status_code == 403
    assert not Unsur.objects.filter(opd=opd, tahun=2023).exists()
