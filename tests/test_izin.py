"""Permission matrix: every URL of the app × every role (and anonymous), with the exact status expected.

Scope (evaluasi/akses.py): Bappeda/Admin and Inspektorat see every OPD, everyone else only the OPD of
their profile; what is out of scope is a 404. The entry form is the only view that changes data: allowed
roles save (302), read-only roles get 403, an operator of another bidang 404, anonymous goes to login.
"""

import io
import json
import zipfile
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test import Client, override_settings

from evaluasi.models import Realisasi, Unsur
from evaluasi.sintetis import buat_opd_sintetis

# URL names this permission matrix covers (tests/test_izin_cakupan.py checks every URL is covered).
CAKUPAN = {
    "beranda",
    "laporan",
    "laporan_pdf",
    "laporan_xlsx",
    "laporan_json",
    "e81",
    "e81_pdf",
    "e81_xlsx",
    "entri_realisasi",
    "daftar_kerja",
    "login",
    "logout",
    "password_change",
    "password_change_done",
}

pytestmark = pytest.mark.django_db

ANONIM = "anonim"
PERAN = [
    ANONIM,
    "admin",
    "bappeda",
    "kadis",
    "verifikator",
    "op_sekretariat",
    "op_pelatihan",
    "op_ipk",
    "op_penempatan",
    "op_hi",
    "inspektorat",
]
SEMUA_OPD = {"admin", "bappeda", "inspektorat"}  # see every OPD (superuser, Bappeda/Admin, Inspektorat)
STAF = {"admin", "bappeda"}  # is_staff: may open /admin/
# Entry of sub kegiatan 22 (bidang pelatihan): who may save, who may only read.
MENGISI = {"admin", "bappeda", "verifikator", "op_pelatihan"}
BACA_SAJA = {"kadis", "inspektorat"}
# Entry in an OPD the user is not bound to: only the every-OPD roles reach it; inspektorat still only reads.
MENGISI_OPD_LAIN = {"admin", "bappeda"}

NOMOR_OPD_LAIN = 91

# Read views: (name, path under /opd/<slug>/laporan/<tahun>/, kind of body).
BACA = [
    ("laporan", "semester/2/", "html"),
    ("laporan_xlsx", "semester/2/xlsx/", "xlsx"),
    ("laporan_json", "semester/2/data.json", "json"),
    ("e81", "e81/", "html"),
    ("e81_xlsx", "e81/xlsx/", "xlsx"),
]
PDF = [
    ("laporan_pdf", "semester/2/pdf/", "pdf"),
    ("e81_pdf", "e81/pdf/", "pdf"),
]
# PDF renders are slow: one role per expected outcome (anonymous 302; see-all role 200 everywhere;
# OPD-bound role 200 at home, 404 elsewhere; inspektorat 200 without the right to change anything).
# kadis, bappeda and inspektorat all see the data-quality section, so their PDFs share one cached render.
PERAN_PDF = [ANONIM, "bappeda", "kadis", "inspektorat"]


@pytest.fixture(scope="module", autouse=True)
def tembolok(tmp_path_factory):
    """This module's own PDF cache (the real file-based backend) so runs neither read nor fill var/cache."""
    caches_uji = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ekspor": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path_factory.mktemp("tembolok-izin")),
        },
    }
    with override_settings(CACHES=caches_uji):
        yield


class KlienMatriks(Client):
    """The test client of the matrix: every HTML answer it gets must carry the Content-Security-Policy."""

    def request(self, **request):
        r = super().request(**request)
        if r.get("Content-Type", "").startswith("text/html"):
            csp = r.get("Content-Security-Policy", "")
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp, (request.get("PATH_INFO"), csp)
        return r


def klien(pengguna, peran, **kwargs):
    c = KlienMatriks(**kwargs)
    if peran != ANONIM:
        c.force_login(pengguna[peran])
    return c


def opd_lain():
    """An OPD outside the scope of every OPD-bound demo user."""
    return buat_opd_sintetis(NOMOR_OPD_LAIN, 2022, program=1, kegiatan=1, sub=1)


def sub_kegiatan(slug, nomor=None):
    qs = Unsur.objects.filter(opd__slug=slug, tahun=2022, level=Unsur.Level.SUB_KEGIATAN)
    return qs.get(nomor=str(nomor)) if nomor is not None else qs.get()


def url_entri(slug, unsur, triwulan=1):
    return f"/opd/{slug}/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/{triwulan}/"


def ke_login(response, path, login="/accounts/login/"):
    return response.status_code == 302 and response["Location"] == f"{login}?next={quote(path)}"


def cek_isi(response, jenis):
    """A 200 must carry the real thing, not an error page with a 200."""
    if jenis == "html":
        assert response["Content-Type"].startswith("text/html")
    elif jenis == "json":
        assert response["Content-Type"].startswith("application/json")
        json.loads(response.content)
    elif jenis == "xlsx":
        assert "spreadsheetml" in response["Content-Type"]
        assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    elif jenis == "pdf":
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def status_baca(peran, lingkup):
    """Expected status of a read view for a role, on the seed's OPD ("sendiri") or another one ("lain")."""
    if peran == ANONIM:
        return 302
    if lingkup == "lain" and peran not in SEMUA_OPD:
        return 404
    return 200


# --- Read views: report page, its pdf/ xlsx/ data.json, E.81 page + pdf/ + xlsx/ ------------------------

MATRIKS_BACA = [
    pytest.param(nama, bagian, jenis, peran, lingkup, id=f"{nama}-{lingkup}-{peran}")
    for nama, bagian, jenis in BACA
    for lingkup in ("sendiri", "lain")
    for peran in PERAN
] + [
    pytest.param(nama, bagian, jenis, peran, lingkup, id=f"{nama}-{lingkup}-{peran}")
    for nama, bagian, jenis in PDF
    for lingkup in ("sendiri", "lain")
    for peran in PERAN_PDF
]


@pytest.mark.parametrize("nama, bagian, jenis, peran, lingkup", MATRIKS_BACA)
def test_halaman_baca(pengguna, nama, bagian, jenis, peran, lingkup):
    slug = opd_lain().slug if lingkup == "lain" else "disnaker"
    path = f"/opd/{slug}/laporan/2022/{bagian}"
    r = klien(pengguna, peran).get(path)
    harap = status_baca(peran, lingkup)
    assert r.status_code == harap
    if harap == 302:
        assert ke_login(r, path)
    elif harap == 200:
        cek_isi(r, jenis)


# --- The work list of a year (every role that sees the OPD reads it; operators see only their rows) -----


@pytest.mark.parametrize("lingkup", ["sendiri", "lain"])
@pytest.mark.parametrize("peran", PERAN)
def test_daftar_kerja(pengguna, peran, lingkup):
    slug = "disnaker" if lingkup == "sendiri" else opd_lain().slug
    path = f"/opd/{slug}/entri/2022/"
    r = klien(pengguna, peran).get(path)
    if peran == ANONIM:
        assert ke_login(r, path)
    elif lingkup == "sendiri" or peran in SEMUA_OPD:
        assert r.status_code == 200
        cek_isi(r, "html")
    else:
        assert r.status_code == 404


@pytest.mark.parametrize("metode", ["post", "put", "delete"])
def test_daftar_kerja_hanya_baca(pengguna, metode):
    assert getattr(klien(pengguna, "verifikator"), metode)("/opd/disnaker/entri/2022/").status_code == 405


# --- Start page and the admin ---------------------------------------------------------------------------


@pytest.mark.parametrize("peran", PERAN)
def test_beranda(pengguna, peran):
    lain = opd_lain()
    r = klien(pengguna, peran).get("/")
    if peran == ANONIM:
        assert ke_login(r, "/")
        return
    assert r.status_code == 200
    halaman = r.content.decode()
    assert "/opd/disnaker/" in halaman
    # The list of OPD follows the scope too.
    assert (f"/opd/{lain.slug}/" in halaman) == (peran in SEMUA_OPD)


@pytest.mark.parametrize("peran", PERAN)
def test_admin(pengguna, peran):
    r = klien(pengguna, peran).get("/admin/")
    if peran in STAF:
        assert r.status_code == 200
    else:
        # Django's admin sends anonymous and non-staff users to its own login page.
        assert ke_login(r, "/admin/", login="/admin/login/")


# --- The entry form (sub kegiatan 22, bidang pelatihan, TW I) -----------------------------------------


class _Isian(HTMLParser):
    """The fields a browser submits from the entry form (inputs and textareas, without submit buttons)."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            self.data[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def isian_sah(c, path):
    """The form as read by a user allowed to open it, with the first target component's realisasi set to 7."""
    r = c.get(path)
    assert r.status_code == 200
    p = _Isian()
    p.feed(r.content.decode())
    nilai = sorted(k for k in p.data if k.startswith("nilai_"))
    assert nilai
    p.data[nilai[0]] = "7"
    p.data.pop("csrfmiddlewaretoken", None)
    return p.data


def jejak(unsur):
    """What a refused POST must leave untouched: the sub kegiatan's realisasi and their history."""
    qs = Realisasi.objects.filter(indikator__unsur=unsur).order_by("pk")
    return list(qs.values_list("pk", "versi", "diubah_oleh_id")), Realisasi.history.count()


def status_entri_get(peran, lingkup):
    if peran == ANONIM:
        return 302
    if lingkup == "lain":
        return 200 if peran in SEMUA_OPD else 404
    return 200 if peran in MENGISI | BACA_SAJA else 404  # an operator of another bidang: 404


def status_entri_post(peran, lingkup):
    if peran == ANONIM:
        return 302
    if status_entri_get(peran, lingkup) == 404:
        return 404
    mengisi = MENGISI_OPD_LAIN if lingkup == "lain" else MENGISI
    return 302 if peran in mengisi else 403


MATRIKS_ENTRI = [
    pytest.param(peran, lingkup, id=f"{lingkup}-{peran}") for lingkup in ("sendiri", "lain") for peran in PERAN
]


def _entri(lingkup):
    if lingkup == "lain":
        lain = opd_lain()
        Realisasi.objects.filter(indikator__unsur__opd=lain, triwulan=1).update(status="draf")  # verified = frozen
        return lain.slug, sub_kegiatan(lain.slug)
    return "disnaker", sub_kegiatan("disnaker", 22)


@pytest.mark.parametrize("peran, lingkup", MATRIKS_ENTRI)
def test_entri_get(pengguna, peran, lingkup):
    slug, unsur = _entri(lingkup)
    path = url_entri(slug, unsur)
    r = klien(pengguna, peran).get(path)
    assert r.status_code == status_entri_get(peran, lingkup)
    if r.status_code == 302:
        assert ke_login(r, path)


@pytest.mark.parametrize("peran, lingkup", MATRIKS_ENTRI)
def test_entri_post(pengguna, peran, lingkup):
    slug, unsur = _entri(lingkup)
    path = url_entri(slug, unsur)
    c = klien(pengguna, peran)
    harap = status_entri_post(peran, lingkup)
    if harap in (302, 403) and peran != ANONIM:
        data = isian_sah(c, path)  # valid data, as the form offers it (read-only roles see the same fields)
    else:
        # Refused before the form is read: any plausible data will do.
        data = {"anggaran": "1.000.000"}
    sebelum = jejak(unsur)
    r = c.post(path, data)
    assert r.status_code == harap
    if harap == 302 and peran != ANONIM:
        assert r["Location"] == path  # saved, back to the form
        ubah = Realisasi.objects.filter(indikator__unsur=unsur, triwulan=1, diubah_oleh=pengguna[peran])
        assert ubah.exists()
    else:
        if peran == ANONIM:
            assert ke_login(r, path)
        assert jejak(unsur) == sebelum


@pytest.mark.parametrize("peran", ["op_pelatihan", "bappeda"])
def test_entri_post_tidak_sah_400(pengguna, peran):
    unsur = sub_kegiatan("disnaker", 22)
    path = url_entri("disnaker", unsur)
    c = klien(pengguna, peran)
    data = isian_sah(c, path)
    kunci = sorted(k for k in data if k.startswith("nilai_"))[0]
    data[kunci] = "-5"
    sebelum = jejak(unsur)
    r = c.post(path, data)
    assert r.status_code == 400
    assert "tidak boleh negatif" in r.content.decode()
    assert jejak(unsur) == sebelum


def test_csrf_tanpa_token_403(pengguna):
    unsur = sub_kegiatan("disnaker", 22)
    path = url_entri("disnaker", unsur)
    c = klien(pengguna, "op_pelatihan", enforce_csrf_checks=True)
    data = isian_sah(c, path)  # token removed
    sebelum = jejak(unsur)
    assert c.post(path, data).status_code == 403
    assert jejak(unsur) == sebelum


# --- Methods --------------------------------------------------------------------------------------------

SEMUA_BACA = [f"/opd/disnaker/laporan/2022/{bagian}" for _, bagian, _ in BACA + PDF] + ["/"]


@pytest.mark.parametrize("metode", ["put", "delete"])
@pytest.mark.parametrize("peran", ["op_pelatihan", "kadis", "op_hi"])
def test_entri_metode_lain_405(pengguna, peran, metode):
    """require_http_methods(["GET", "POST"]) answers before the scope is checked (even op_hi's 404 is a 405)."""
    path = url_entri("disnaker", sub_kegiatan("disnaker", 22))
    assert getattr(klien(pengguna, peran), metode)(path).status_code == 405


@pytest.mark.parametrize("metode", ["post", "put", "delete"])
def test_entri_metode_anonim_ke_login(client, metode):
    """login_required is the outer decorator: anonymous is sent to login whatever the method."""
    path = url_entri("disnaker", sub_kegiatan("disnaker", 22))
    assert ke_login(getattr(client, metode)(path), path)


@pytest.mark.parametrize("metode", ["post", "put", "delete"])
@pytest.mark.parametrize("path", SEMUA_BACA)
def test_halaman_baca_hanya_get(pengguna, path, metode):
    """Read views are require_safe: POST/PUT/DELETE are 405 and never start a render."""
    assert getattr(klien(pengguna, "kadis"), metode)(path).status_code == 405


@pytest.mark.parametrize("peran", PERAN)
def test_ganti_sandi_sendiri(pengguna, peran):
    """Every signed-in user may change their own password; there is no password reset by e-mail."""
    r = klien(pengguna, peran).get("/accounts/password_change/")
    if peran == ANONIM:
        assert ke_login(r, "/accounts/password_change/")
    else:
        assert r.status_code == 200
        cek_isi(r, "html")
    assert klien(pengguna, peran).get("/accounts/password_reset/").status_code == 404
