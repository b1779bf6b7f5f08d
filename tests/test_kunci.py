"""Period locks: the lock page (lock, reopen with a reason) and every write path refusing a locked triwulan,
the Django admin included."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluasi.layanan.entri import PESAN_TERKUNCI, kunci_periode, periode_terkunci
from evaluasi.models import AnggaranTriwulan, KunciPeriode, NilaiRealisasi, Realisasi
from evaluasi.sintetis import buat_opd_sintetis
from evaluasi.versi import versi_data
from tests.test_entri import jejak, teks
from tests.test_verifikasi import sub

pytestmark = pytest.mark.django_db

KUNCI = "/opd/disnaker/kunci/2022/"


def klien(pengguna, username):
    c = Client()
    c.force_login(pengguna[username])
    return c


@pytest.mark.parametrize("username", ["verifikator", "bappeda", "admin"])
def test_kunci_dan_buka_dengan_alasan(pengguna, opd, username):
    c = klien(pengguna, username)
    r = c.get(KUNCI)
    assert r.status_code == 200
    assert teks(r).count("Terbuka") == 4
    versi0 = versi_data(opd)
    r = c.post(KUNCI, {"aksi": "kunci", "triwulan": "2"})
    assert r.status_code == 302 and r["Location"] == KUNCI
    halaman = teks(c.get(KUNCI))
    assert "TW II 2022 dikunci" in halaman
    assert periode_terkunci(opd, 2022, 2) and not periode_terkunci(opd, 2022, 1)
    assert versi_data(opd) > versi0
    assert f"{username}, " in halaman  # who locked (and when)

    # Locking again is refused with a message; reopening needs a reason.
    r = c.post(KUNCI, {"aksi": "kunci", "triwulan": "2"})
    assert "TW II 2022 sudah terkunci." in teks(c.get(r["Location"]))
    r = c.post(KUNCI, {"aksi": "buka", "triwulan": "2", "alasan": "   "})
    assert "Alasan membuka kunci wajib diisi." in teks(c.get(r["Location"]))
    assert periode_terkunci(opd, 2022, 2)
    r = c.post(KUNCI, {"aksi": "buka", "triwulan": "2", "alasan": "Koreksi realisasi peserta."})
    halaman = teks(c.get(r["Location"]))
    assert "Kunci TW II 2022 dibuka." in halaman and "Koreksi realisasi peserta." in halaman
    assert not periode_terkunci(opd, 2022, 2)
    k = KunciPeriode.objects.get(opd=opd, tahun=2022, triwulan=2)
    assert (k.dibuka_oleh, k.alasan_buka) == (pengguna[username], "Koreksi realisasi peserta.")
    assert k.history.count() == 2  # the lock and the reopening, kept by the audit trail
    r = c.post(KUNCI, {"aksi": "buka", "triwulan": "2", "alasan": "lagi"})
    assert "TW II 2022 tidak sedang terkunci." in teks(c.get(r["Location"]))
    r = c.post(KUNCI, {"aksi": "kunci", "triwulan": "9"})
    assert "Pilih triwulan 1 sampai 4." in teks(c.get(r["Location"]))


@pytest.mark.parametrize("username", ["kadis", "inspektorat", "op_pelatihan", "op_hi"])
def test_selain_verifikator_403(pengguna, opd, username):
    c = klien(pengguna, username)
    assert c.get(KUNCI).status_code == 403
    assert c.post(KUNCI, {"aksi": "kunci", "triwulan": "1"}).status_code == 403
    assert not KunciPeriode.objects.filter(opd=opd).exists()


def test_opd_lain_404(pengguna):
    lain = buat_opd_sintetis(3, 2022, program=1, kegiatan=1, sub=1, indikator=1)
    c = klien(pengguna, "verifikator")
    assert c.get(f"/opd/{lain.slug}/kunci/2022/").status_code == 404
    assert c.post(f"/opd/{lain.slug}/kunci/2022/", {"aksi": "kunci", "triwulan": "1"}).status_code == 404
    assert not KunciPeriode.objects.filter(opd=lain).exists()
    # Bappeda reaches every OPD.
    assert klien(pengguna, "bappeda").get(f"/opd/{lain.slug}/kunci/2022/").status_code == 200


def test_jumlah_query_halaman_kunci(pengguna, opd, django_assert_num_queries):
    c = klien(pengguna, "verifikator")
    for tw in (1, 2, 3):
        kunci_periode(pengguna["verifikator"], opd, 2022, tw)
    c.get(KUNCI)
    # session, user, groups, profile, OPD, locks (with who locked/opened)
    with django_assert_num_queries(6):
        assert c.get(KUNCI).status_code == 200


def test_daftar_kerja_menautkan_antrean_dan_kunci(pengguna):
    r = klien(pengguna, "verifikator").get("/opd/disnaker/entri/2022/")
    assert 'href="/opd/disnaker/kunci/2022/"' in r.content.decode()
    assert 'href="/opd/disnaker/verifikasi/2022/?triwulan=4"' in r.content.decode()
    r = klien(pengguna, "kadis").get("/opd/disnaker/entri/2022/")
    assert "/opd/disnaker/kunci/2022/" not in r.content.decode()
    assert "/opd/disnaker/verifikasi/2022/" in r.content.decode()
    r = klien(pengguna, "op_pelatihan").get("/opd/disnaker/entri/2022/")
    assert "/kunci/" not in r.content.decode() and "/verifikasi/" not in r.content.decode()


# --- The Django admin ----------------------------------------------------------------------------


def _realisasi_tw4():
    return Realisasi.objects.filter(indikator__unsur=sub(23), triwulan=4).select_related("indikator").get()


def test_admin_menolak_simpan_realisasi_periode_terkunci(pengguna, opd):
    c = klien(pengguna, "admin")
    r = _realisasi_tw4()
    kunci_periode(pengguna["verifikator"], opd, 2022, 4)
    nilai = r.nilai.get()
    data = {
        "indikator": r.indikator_id,
        "triwulan": 4,
        "status": "draf",
        "faktor_pendorong": "diubah lewat admin",
        "faktor_penghambat": "",
        "tindak_lanjut": "",
        "keterangan": r.keterangan,
        "catatan_verifikator": "",
        "nilai-TOTAL_FORMS": "1",
        "nilai-INITIAL_FORMS": "1",
        "nilai-MIN_NUM_FORMS": "0",
        "nilai-MAX_NUM_FORMS": "1000",
        "nilai-0-id": nilai.pk,
        "nilai-0-realisasi": r.pk,
        "nilai-0-komponen": nilai.komponen_id,
        "nilai-0-nilai": "99",
    }
    sebelum = jejak()
    resp = c.post(reverse("admin:evaluasi_realisasi_change", args=[r.pk]), data)
    assert resp.status_code == 200  # the form again, with the message
    assert PESAN_TERKUNCI in teks(resp)
    assert jejak() == sebelum
    # A new realisasi into a locked triwulan is refused too.
    resp = c.post(
        reverse("admin:evaluasi_realisasi_add"),
        {**data, "triwulan": 4, "nilai-TOTAL_FORMS": "0", "nilai-INITIAL_FORMS": "0"},
    )
    assert PESAN_TERKUNCI in teks(resp)
    assert jejak() == sebelum
    # Unlocked: the same save goes through.
    KunciPeriode.objects.filter(opd=opd).delete()
    resp = c.post(reverse("admin:evaluasi_realisasi_change", args=[r.pk]), data)
    assert resp.status_code == 302
    assert NilaiRealisasi.objects.get(pk=nilai.pk).nilai == 99


def test_admin_menolak_nilai_dan_anggaran_periode_terkunci(pengguna, opd):
    c = klien(pengguna, "admin")
    kunci_periode(pengguna["verifikator"], opd, 2022, 4)
    nilai = _realisasi_tw4().nilai.get()
    sebelum = jejak()
    resp = c.post(
        reverse("admin:evaluasi_nilairealisasi_change", args=[nilai.pk]),
        {"realisasi": nilai.realisasi_id, "komponen": nilai.komponen_id, "nilai": "5"},
    )
    assert resp.status_code == 200 and PESAN_TERKUNCI in teks(resp)
    at = AnggaranTriwulan.objects.get(anggaran__unsur=sub(22), triwulan=4)
    resp = c.post(
        reverse("admin:evaluasi_anggarantriwulan_change", args=[at.pk]),
        {"anggaran": at.anggaran_id, "triwulan": 4, "rencana_penarikan": "", "realisasi": "1"},
    )
    assert resp.status_code == 200 and PESAN_TERKUNCI in teks(resp)
    # Moving a row of an open triwulan into the locked one is refused as well.
    at1 = AnggaranTriwulan.objects.create(anggaran=at.anggaran, triwulan=1, realisasi=5)
    sebelum = jejak()
    resp = c.post(
        reverse("admin:evaluasi_anggarantriwulan_change", args=[at1.pk]),
        {"anggaran": at.anggaran_id, "triwulan": 4, "rencana_penarikan": "", "realisasi": "5"},
    )
    assert PESAN_TERKUNCI in teks(resp)
    # Deleting is refused: a locked row has no delete permission, alone or in a bulk delete.
    assert c.post(reverse("admin:evaluasi_anggarantriwulan_delete", args=[at.pk]), {"post": "yes"}).status_code == 403
    resp = c.post(
        reverse("admin:evaluasi_anggarantriwulan_changelist"),
        {"action": "delete_selected", "_selected_action": [at.pk, at1.pk], "post": "yes"},
    )
    assert resp.status_code == 403
    assert AnggaranTriwulan.objects.filter(pk=at.pk).exists()
    assert jejak() == sebelum


def test_admin_riwayat_verifikasi_hanya_baca(pengguna):
    """The verification log is evidence for the Inspektorat: the admin shows it but cannot change or delete it."""
    from evaluasi.layanan.verifikasi import jalankan_aksi
    from evaluasi.models import PeristiwaVerifikasi

    jalankan_aksi(pengguna["verifikator"], sub(23), 4, "buka", "Koreksi.")
    p = PeristiwaVerifikasi.objects.get()
    c = klien(pengguna, "admin")
    r = c.get(reverse("admin:evaluasi_peristiwaverifikasi_change", args=[p.pk]))
    assert r.status_code == 200 and "Koreksi." in teks(r) and "Simpan" not in teks(r)
    assert (
        c.post(reverse("admin:evaluasi_peristiwaverifikasi_change", args=[p.pk]), {"catatan": "x"}).status_code == 403
    )
    assert c.post(reverse("admin:evaluasi_peristiwaverifikasi_delete", args=[p.pk]), {"post": "yes"}).status_code == 403
    assert PeristiwaVerifikasi.objects.get().catatan == "Koreksi."
