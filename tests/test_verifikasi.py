"""Verification workflow: ajukan → kembalikan (note) → perbaiki → ajukan → verifikasi → buka kembali; the queue."""

import html
import re
from decimal import Decimal

import pytest
from django.test import Client

from evaluasi.layanan.entri import PESAN_DIAJUKAN, PESAN_TERKUNCI, kunci_periode
from evaluasi.layanan.verifikasi import PESAN_CATATAN, PESAN_KOSONG, jalankan_aksi
from evaluasi.models import NilaiRealisasi, PeristiwaVerifikasi, Realisasi, Unsur
from evaluasi.sintetis import buat_opd_sintetis
from evaluasi.versi import versi_data
from tests.test_entri import isian, jejak, nama_nilai, teks

pytestmark = pytest.mark.django_db


def sub(nomor):
    return Unsur.objects.get(opd__slug="disnaker", tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor=str(nomor))


def url(unsur, triwulan=1):
    return f"/opd/disnaker/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/{triwulan}/"


def url_aksi(unsur, triwulan=1):
    return url(unsur, triwulan) + "status/"


ANTREAN = "/opd/disnaker/verifikasi/2022/"


def klien(pengguna, username):
    c = Client()
    c.force_login(pengguna[username])
    return c


def isi_tw1(c, unsur, nilai="10", anggaran=""):
    """Save TW I of the sub kegiatan through the form: the first component of every indicator set to ``nilai``."""
    f = isian(c.get(url(unsur)))
    for i in range(1, unsur.indikator.count() + 1):
        f.data[nama_nilai(unsur, i)] = nilai
    if anggaran:
        f.data["anggaran"] = anggaran
    r = c.post(url(unsur), f.data)
    assert r.status_code == 302, teks(r)


def status_tw(unsur, triwulan=1):
    return sorted(Realisasi.objects.filter(indikator__unsur=unsur, triwulan=triwulan).values_list("status", flat=True))


def pesan_setelah(c, r):
    assert r.status_code == 302
    return teks(c.get(r["Location"]))


def test_alur_lengkap_lewat_halaman(pengguna, opd):
    s22 = sub(22)
    op, ver = klien(pengguna, "op_pelatihan"), klien(pengguna, "verifikator")
    isi_tw1(op, s22, "10", "1.000.000")
    assert status_tw(s22) == ["draf", "draf"]
    r = op.get(url(s22))
    assert "Ajukan untuk verifikasi" in teks(r)
    assert "Verifikasi" not in re.findall(r"<button[^>]*>([^<]*)</button>", r.content.decode())

    versi0 = versi_data(opd)
    r = op.post(url_aksi(s22), {"aksi": "ajukan"})
    assert r["Location"] == url(s22)
    assert "2 realisasi diajukan untuk verifikasi. (TW I)" in pesan_setelah(op, r)
    assert status_tw(s22) == ["diajukan", "diajukan"]
    assert versi_data(opd) > versi0
    # Submitted: the operator's form is read-only and the budget too.
    f = isian(op.get(url(s22)))
    assert nama_nilai(s22, 1) in f.disabled and "anggaran" in f.disabled

    # The verifikator sees it in the queue and returns it with a note.
    r = ver.get(ANTREAN)
    assert r.status_code == 200 and f"{s22.nomor}. {s22.nama}" in teks(r)
    r = ver.get(url(s22))
    assert {"Verifikasi", "Kembalikan dengan catatan"} <= set(
        re.findall(r"<button[^>]*>([^<]*)</button>", r.content.decode())
    )
    sebelum = jejak()
    r = ver.post(url_aksi(s22), {"aksi": "kembalikan", "catatan": "  "})
    assert PESAN_CATATAN["kembalikan"] in pesan_setelah(ver, r)
    assert jejak() == sebelum
    r = ver.post(url_aksi(s22), {"aksi": "kembalikan", "catatan": "Lampirkan daftar hadir."})
    assert "2 realisasi dikembalikan" in pesan_setelah(ver, r)
    assert status_tw(s22) == ["dikembalikan", "dikembalikan"]

    # The operator sees the note on the form and on the work list, fixes a value and resubmits.
    r = op.get(url(s22))
    assert "Catatan verifikator" in teks(r) and "Lampirkan daftar hadir." in teks(r)
    assert "Catatan verifikator: Lampirkan daftar hadir." in teks(op.get("/opd/disnaker/entri/2022/?triwulan=1"))
    f = isian(r)
    assert nama_nilai(s22, 1) not in f.disabled
    f.data[nama_nilai(s22, 1)] = "12"
    assert op.post(url(s22), f.data).status_code == 302
    assert status_tw(s22) == ["dikembalikan", "draf"]
    r = op.post(url_aksi(s22), {"aksi": "ajukan"})
    assert "2 realisasi diajukan" in pesan_setelah(op, r)

    r = ver.post(url_aksi(s22), {"aksi": "verifikasi"})
    assert "2 realisasi diverifikasi. (TW I)" in pesan_setelah(ver, r)
    assert status_tw(s22) == ["diverifikasi", "diverifikasi"]
    assert not Realisasi.objects.filter(indikator__unsur=s22, triwulan=1).exclude(catatan_verifikator="").exists()
    assert f"{s22.nomor}. {s22.nama}" not in teks(ver.get(ANTREAN))

    ind1 = s22.indikator.order_by("urutan", "id").first()
    log = list(
        PeristiwaVerifikasi.objects.filter(realisasi__indikator=ind1).values_list(
            "aksi", "dari_status", "ke_status", "catatan", "oleh__username"
        )
    )
    assert log == [
        ("ajukan", "draf", "diajukan", "", "op_pelatihan"),
        ("kembalikan", "diajukan", "dikembalikan", "Lampirkan daftar hadir.", "verifikator"),
        ("ajukan", "draf", "diajukan", "", "op_pelatihan"),
        ("verifikasi", "diajukan", "diverifikasi", "", "verifikator"),
    ]
    assert NilaiRealisasi.objects.get(komponen_id=int(nama_nilai(s22, 1)[6:]), realisasi__triwulan=1).nilai == 12
    # The log is on the entry page too, newest first.
    halaman = teks(op.get(url(s22)))
    assert "Riwayat verifikasi TW I (8)" in halaman
    assert "Dikembalikan: “Jumlah lulusan pendidikan" in halaman and "— Lampirkan daftar hadir." in halaman


def test_aksi_menaikkan_versi_formulir_terbuka_menjadi_basi(pengguna):
    s23 = sub(23)
    op = klien(pengguna, "op_pelatihan")
    isi_tw1(op, s23, "1")
    f = isian(op.get(url(s23)))  # opened before the submit
    jalankan_aksi(pengguna["op_pelatihan"], s23, 1, "ajukan")
    jalankan_aksi(pengguna["verifikator"], s23, 1, "kembalikan", "Periksa lagi.")
    f.data[nama_nilai(s23, 1)] = "2"
    sebelum = jejak()
    r = op.post(url(s23), f.data)
    assert r.status_code == 409 and "sudah diubah orang lain" in teks(r)
    assert jejak() == sebelum


def test_diajukan_tidak_dapat_diubah_layanan(pengguna):
    from evaluasi.layanan.entri import EntriDitolak, IsianEntri, IsianIndikator, simpan_realisasi

    s23 = sub(23)
    (ind,) = s23.indikator.all()
    op = klien(pengguna, "op_pelatihan")
    isi_tw1(op, s23, "1")
    jalankan_aksi(pengguna["op_pelatihan"], s23, 1, "ajukan")
    r = Realisasi.objects.get(indikator=ind, triwulan=1)
    kid = int(nama_nilai(s23, 1)[6:])
    sebelum = jejak()
    for user in ("op_pelatihan", "verifikator"):
        with pytest.raises(EntriDitolak) as exc:
            simpan_realisasi(pengguna[user], s23, 1, IsianEntri([IsianIndikator(ind.pk, r.versi, {kid: Decimal(5)})]))
        assert PESAN_DIAJUKAN.format(nama=ind.nama[:80]) in str(exc.value)
    assert jejak() == sebelum


def test_ajukan_tanpa_isi_ditolak(pengguna):
    s23 = sub(23)
    op = klien(pengguna, "op_pelatihan")
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    r = op.post(url_aksi(s23), {"aksi": "ajukan"})
    assert PESAN_KOSONG["ajukan"] in pesan_setelah(op, r)
    # Notes only (no value) is not enough either.
    f = isian(op.get(url(s23)))
    (ind,) = s23.indikator.all()
    f.data[f"faktor_pendorong_{ind.pk}"] = "Catatan saja."
    assert op.post(url(s23), f.data).status_code == 302
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    r = op.post(url_aksi(s23), {"aksi": "ajukan"})
    assert PESAN_KOSONG["ajukan"] in pesan_setelah(op, r)
    assert (jejak(), PeristiwaVerifikasi.objects.count()) == sebelum


@pytest.mark.parametrize(
    "aksi, pesan",
    [
        ("verifikasi", PESAN_KOSONG["verifikasi"]),
        ("kembalikan", PESAN_KOSONG["kembalikan"]),
        ("x", "Aksi tidak dikenal."),
    ],
)
def test_aksi_tanpa_sasaran_ditolak(pengguna, aksi, pesan):
    ver = klien(pengguna, "verifikator")
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    r = ver.post(url_aksi(sub(22)), {"aksi": aksi, "catatan": "ada"})
    assert pesan in pesan_setelah(ver, r)
    assert (jejak(), PeristiwaVerifikasi.objects.count()) == sebelum


def test_buka_kembali_wajib_alasan_dan_tercatat(pengguna):
    s23 = sub(23)  # the seed's TW IV is verified
    ver = klien(pengguna, "verifikator")
    r = ver.get(url(s23, 4))
    assert "Buka kembali" in teks(r)
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    r = ver.post(url_aksi(s23, 4), {"aksi": "buka", "catatan": ""})
    assert PESAN_CATATAN["buka"] in pesan_setelah(ver, r)
    assert (jejak(), PeristiwaVerifikasi.objects.count()) == sebelum
    r = ver.post(url_aksi(s23, 4), {"aksi": "buka", "catatan": "Salah ketik jumlah dokumen."})
    assert "1 realisasi dibuka kembali" in pesan_setelah(ver, r)
    (p,) = PeristiwaVerifikasi.objects.filter(realisasi__indikator__unsur=s23)
    assert (p.aksi, p.dari_status, p.ke_status, p.catatan, p.oleh) == (
        "buka",
        "diverifikasi",
        "draf",
        "Salah ketik jumlah dokumen.",
        pengguna["verifikator"],
    )
    assert status_tw(s23, 4) == ["draf"]


def test_operator_tidak_boleh_memverifikasi_403(pengguna):
    s22 = sub(22)
    op = klien(pengguna, "op_pelatihan")
    isi_tw1(op, s22)
    jalankan_aksi(pengguna["op_pelatihan"], s22, 1, "ajukan")
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    for aksi in ("verifikasi", "kembalikan", "buka"):
        assert op.post(url_aksi(s22), {"aksi": aksi, "catatan": "x"}).status_code == 403
    assert (jejak(), PeristiwaVerifikasi.objects.count()) == sebelum


@pytest.mark.parametrize("username, status", [("kadis", 403), ("inspektorat", 403), ("op_hi", 404)])
def test_baca_saja_dan_bidang_lain(pengguna, username, status):
    s22 = sub(22)
    isi_tw1(klien(pengguna, "op_pelatihan"), s22)
    c = klien(pengguna, username)
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    for aksi in ("ajukan", "verifikasi"):
        assert c.post(url_aksi(s22), {"aksi": aksi}).status_code == status
    assert (jejak(), PeristiwaVerifikasi.objects.count()) == sebelum


def test_periode_terkunci_menolak_aksi(pengguna, opd):
    s22 = sub(22)
    op, ver = klien(pengguna, "op_pelatihan"), klien(pengguna, "verifikator")
    isi_tw1(op, s22)
    kunci_periode(pengguna["verifikator"], opd, 2022, 1)
    sebelum = jejak(), PeristiwaVerifikasi.objects.count()
    r = op.post(url_aksi(s22), {"aksi": "ajukan"})
    assert PESAN_TERKUNCI in pesan_setelah(op, r)
    assert "Ajukan untuk verifikasi" not in teks(op.get(url(s22)))
    kunci_periode(pengguna["verifikator"], opd, 2022, 4)
    r = ver.post(url_aksi(s22, 4), {"aksi": "buka", "catatan": "Koreksi."})
    assert PESAN_TERKUNCI in pesan_setelah(ver, r)
    assert (jejak(), PeristiwaVerifikasi.objects.count()) == sebelum


def test_antrean_filter_triwulan_dan_hitungan(pengguna):
    s22, s23 = sub(22), sub(23)
    op, ver = klien(pengguna, "op_pelatihan"), klien(pengguna, "verifikator")
    isi_tw1(op, s22)
    isi_tw1(op, s23, "1")
    jalankan_aksi(pengguna["op_pelatihan"], s22, 1, "ajukan")
    jalankan_aksi(pengguna["op_pelatihan"], s23, 1, "ajukan")
    jalankan_aksi(pengguna["verifikator"], s23, 1, "kembalikan", "Perbaiki.")
    # s35 (bidang hi) TW IV: reopened, refilled and submitted again.
    s35 = sub(35)
    jalankan_aksi(pengguna["verifikator"], s35, 4, "buka", "Koreksi.")
    jalankan_aksi(pengguna["verifikator"], s35, 4, "ajukan")
    n35 = s35.indikator.count()
    assert n35 == 2
    r = ver.get(ANTREAN)
    assert [(b.unsur.nomor, b.triwulan, b.diajukan) for b in r.context["baris"]] == [("22", 1, 2), ("35", 4, n35)]
    r = ver.get(ANTREAN + "?triwulan=4")
    (b,) = r.context["baris"]
    assert (b.unsur.nomor, b.diajukan, b.diverifikasi, b.dikembalikan) == ("35", n35, 0, 0)
    halaman = html.unescape(r.content.decode())
    assert f'href="{url(s35, 4)}"' in halaman
    assert ver.get(ANTREAN + "?triwulan=5").status_code == 404
    assert klien(pengguna, "op_pelatihan").get(ANTREAN).status_code == 403


def _ajukan_semua(opd, triwulan=1):
    """Submit every realisasi of the OPD's triwulan (straight in the table: this is the queue's input)."""
    # Only those holding a value: the database refuses a submitted realisasi without one (issue 12).
    Realisasi.objects.filter(indikator__unsur__opd=opd, triwulan=triwulan, ada_nilai=True).update(
        status=Realisasi.Status.DIAJUKAN
    )


@pytest.mark.parametrize("besar", [False, True])
def test_jumlah_query_antrean_tetap(pengguna, django_assert_num_queries, besar):
    """The same count at the seed (40 sub kegiatan) and at a synthetic OPD of 180 sub kegiatan."""
    if besar:
        opd = buat_opd_sintetis(7, 2022, program=6, kegiatan=6, sub=5, indikator=2)
        c = klien(pengguna, "bappeda")
        _ajukan_semua(opd, 4)
        path = f"/opd/{opd.slug}/verifikasi/2022/"
        jumlah = 180
    else:
        c = klien(pengguna, "bappeda")
        _ajukan_semua(Unsur.objects.get(pk=sub(22).pk).opd, 4)
        path = ANTREAN
        jumlah = 40
    c.get(path)
    # session, user, groups, OPD, grouped realisasi counts, sub kegiatan of the queue
    with django_assert_num_queries(6):
        r = c.get(path + "?triwulan=4")
    assert len(r.context["baris"]) == jumlah
