"""Permission matrix of the workflow URLs (queue, verification steps, period locks, evidence files):
every URL × every role (and anonymous), on the seed's OPD and on another OPD, with the exact status.

The sub kegiatan is 22 (bidang pelatihan). Read-only roles get 403 on data-changing views, an operator of
another bidang or an out-of-scope OPD 404, anonymous the login page; GET on a POST-only view is 405 and a
POST without a CSRF token 403.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluasi.layanan import bukti
from evaluasi.models import DataDukung, KunciPeriode, PeristiwaVerifikasi, Realisasi
from tests.test_data_dukung import PDF
from tests.test_izin import ANONIM, PERAN, SEMUA_OPD, ke_login, klien, opd_lain, sub_kegiatan

# URL names this permission matrix covers (tests/test_izin_cakupan.py checks every URL is covered).
CAKUPAN = {
    "verifikasi_antrean",
    "realisasi_aksi",
    "kunci_periode",
    "data_dukung_unggah",
    "data_dukung_unduh",
    "data_dukung_hapus",
}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("penyimpanan")]

LINGKUP = ("sendiri", "lain")
VERIFIKASI_OPD = {"admin", "bappeda", "verifikator"}  # verify, return, reopen, lock (in their OPD)
MENGISI = {"admin", "bappeda", "verifikator", "op_pelatihan"}  # change sub kegiatan 22
MELIHAT = MENGISI | {"kadis", "inspektorat"}  # see sub kegiatan 22 and its evidence
ANTREAN = VERIFIKASI_OPD | {"kadis", "inspektorat"}


def _sasaran(lingkup):
    """(slug, sub kegiatan) of the seed's sub kegiatan 22 or of another OPD's only sub kegiatan."""
    if lingkup == "lain":
        lain = opd_lain()
        return lain.slug, sub_kegiatan(lain.slug)
    return "disnaker", sub_kegiatan("disnaker", 22)


def _dalam_lingkup(peran, lingkup):
    return lingkup == "sendiri" or peran in SEMUA_OPD


def jejak():
    """What a refused request must leave untouched."""
    return (
        list(DataDukung.objects.order_by("pk").values_list("pk", flat=True)),
        PeristiwaVerifikasi.objects.count(),
        list(KunciPeriode.objects.order_by("pk").values_list("pk", "dibuka_pada")),
        list(Realisasi.objects.order_by("pk").values_list("pk", "status", "versi")),
    )


def harap_antrean(peran, lingkup):
    if peran == ANONIM:
        return 302
    if not _dalam_lingkup(peran, lingkup):
        return 404
    return 200 if peran in ANTREAN else 403


def harap_kunci(peran, lingkup, berhasil=200):
    if peran == ANONIM:
        return 302
    if not _dalam_lingkup(peran, lingkup):
        return 404
    if lingkup == "lain":
        return berhasil if peran in {"admin", "bappeda"} else 403
    return berhasil if peran in VERIFIKASI_OPD else 403


def harap_ubah(peran, lingkup):
    """realisasi_aksi (ajukan), data_dukung_unggah, data_dukung_hapus on sub kegiatan 22 / the other OPD."""
    if peran == ANONIM:
        return 302
    if lingkup == "lain":
        if peran not in SEMUA_OPD:
            return 404
        return 302 if peran in {"admin", "bappeda"} else 403
    if peran not in MELIHAT:
        return 404
    return 302 if peran in MENGISI else 403


def harap_unduh(peran, lingkup):
    if peran == ANONIM:
        return 302
    if lingkup == "lain":
        return 200 if peran in SEMUA_OPD else 404
    return 200 if peran in MELIHAT else 404


MATRIKS = [pytest.param(peran, lingkup, id=f"{lingkup}-{peran}") for lingkup in LINGKUP for peran in PERAN]


def _cek(r, harap, path, sebelum):
    assert r.status_code == harap
    if harap == 302 and "Location" in r and r["Location"].startswith("/accounts/login/"):
        assert ke_login(r, path)
    if harap in (403, 404) or (harap == 302 and r["Location"].startswith("/accounts/login/")):
        assert jejak() == sebelum


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_antrean(pengguna, peran, lingkup):
    slug, _ = _sasaran(lingkup)
    path = f"/opd/{slug}/verifikasi/2022/"
    c = klien(pengguna, peran)
    r = c.get(path)
    assert r.status_code == harap_antrean(peran, lingkup)
    if peran == ANONIM:
        assert ke_login(r, path)
    else:
        assert c.post(path).status_code == 405


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_kunci_periode(pengguna, peran, lingkup):
    slug, _ = _sasaran(lingkup)
    path = f"/opd/{slug}/kunci/2022/"
    c = klien(pengguna, peran)
    r = c.get(path)
    assert r.status_code == harap_kunci(peran, lingkup)
    if peran == ANONIM:
        assert ke_login(r, path)
    sebelum = jejak()
    r = c.post(path, {"aksi": "kunci", "triwulan": "1"})
    harap = harap_kunci(peran, lingkup, berhasil=302)
    _cek(r, harap, path, sebelum)
    if harap == 302 and peran != ANONIM:
        assert r["Location"] == path
        assert KunciPeriode.objects.filter(opd__slug=slug, triwulan=1, dibuka_pada__isnull=True).exists()
    if peran != ANONIM:
        assert c.put(path).status_code == 405


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_realisasi_aksi(pengguna, peran, lingkup):
    slug, unsur = _sasaran(lingkup)
    entri = f"/opd/{slug}/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/1/"
    path = entri + "status/"
    c = klien(pengguna, peran)
    sebelum = jejak()
    r = c.post(path, {"aksi": "ajukan"})
    harap = harap_ubah(peran, lingkup)
    _cek(r, harap, path, sebelum)
    if harap == 302 and peran != ANONIM:
        assert r["Location"] == entri
    if peran != ANONIM:
        assert c.get(path).status_code == 405


@pytest.mark.parametrize("peran", ["op_pelatihan", "kadis", "inspektorat"])
def test_verifikasi_hanya_verifikator(pengguna, peran):
    _, unsur = _sasaran("sendiri")
    path = f"/opd/disnaker/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/4/status/"
    c = klien(pengguna, peran)
    sebelum = jejak()
    for aksi in ("verifikasi", "kembalikan", "buka"):
        assert c.post(path, {"aksi": aksi, "catatan": "x"}).status_code == 403
    assert jejak() == sebelum


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_unggah(pengguna, peran, lingkup):
    slug, unsur = _sasaran(lingkup)
    entri = f"/opd/{slug}/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/1/"
    path = entri + "data-dukung/"
    c = klien(pengguna, peran)
    sebelum = jejak()
    r = c.post(path, {"berkas": SimpleUploadedFile("a.pdf", PDF)})
    harap = harap_ubah(peran, lingkup)
    _cek(r, harap, path, sebelum)
    if harap == 302 and peran != ANONIM:
        assert r["Location"] == entri
        assert DataDukung.objects.filter(unsur=unsur, diunggah_oleh=pengguna[peran]).exists()
    if peran != ANONIM:
        assert c.get(path).status_code == 405


def _berkas(pengguna, lingkup):
    """An evidence file of sub kegiatan 22 (uploaded by op_pelatihan) or of the other OPD (by bappeda)."""
    _, unsur = _sasaran(lingkup)
    oleh = pengguna["op_pelatihan" if lingkup == "sendiri" else "bappeda"]
    # The synthetic OPD's realisasi are verified, which keeps their evidence: make its TW I a draft.
    Realisasi.objects.filter(indikator__unsur=unsur, triwulan=1).update(status=Realisasi.Status.DRAF)
    return bukti.unggah(oleh, unsur, 1, SimpleUploadedFile("bukti.pdf", PDF))


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_unduh(pengguna, peran, lingkup):
    dd = _berkas(pengguna, lingkup)
    path = f"/opd/{dd.unsur.opd.slug}/data-dukung/{dd.pk}/"
    c = klien(pengguna, peran)
    r = c.get(path)
    assert r.status_code == harap_unduh(peran, lingkup)
    if r.status_code == 200:
        assert b"".join(r.streaming_content) == PDF
    if peran == ANONIM:
        assert ke_login(r, path)
    else:
        assert c.post(path).status_code == 405


@pytest.mark.parametrize("peran, lingkup", MATRIKS)
def test_hapus(pengguna, peran, lingkup, django_capture_on_commit_callbacks):
    dd = _berkas(pengguna, lingkup)
    slug = dd.unsur.opd.slug
    path = f"/opd/{slug}/data-dukung/{dd.pk}/hapus/"
    c = klien(pengguna, peran)
    if peran != ANONIM:
        assert c.get(path).status_code == 405
    sebelum = jejak()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(path)
    harap = harap_ubah(peran, lingkup)
    _cek(r, harap, path, sebelum)
    if harap == 302 and peran != ANONIM:
        assert r["Location"] == f"/opd/{slug}/entri/2022/sub-kegiatan/{dd.unsur_id}/triwulan/1/"
        assert not DataDukung.objects.filter(pk=dd.pk).exists()


# --- CSRF on every data-changing view ----------------------------------------------------------------


def test_csrf_wajib(pengguna):
    _, unsur = _sasaran("sendiri")
    dd = _berkas(pengguna, "sendiri")
    entri = f"/opd/disnaker/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/1/"
    c = klien(pengguna, "verifikator", enforce_csrf_checks=True)
    sebelum = jejak()
    for path, data in [
        (entri + "status/", {"aksi": "ajukan"}),
        (entri + "data-dukung/", {"berkas": SimpleUploadedFile("a.pdf", PDF)}),
        (f"/opd/disnaker/data-dukung/{dd.pk}/hapus/", {}),
        ("/opd/disnaker/kunci/2022/", {"aksi": "kunci", "triwulan": "1"}),
    ]:
        assert c.post(path, data).status_code == 403, path
    assert jejak() == sebelum
