"""Entry of realisasi through the form: it reaches the report, refuses bad or stale input, and respects roles."""

import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from evaluasi import capaian
from evaluasi.laporan.data import data_laporan
from evaluasi.layanan.entri import (
    PESAN_TERKUNCI,
    EntriDitolak,
    IsianEntri,
    IsianIndikator,
    buka_kunci,
    kunci_periode,
    periode_terkunci,
    simpan_realisasi,
)
from evaluasi.models import AnggaranTriwulan, KunciPeriode, NilaiRealisasi, Realisasi, Unsur
from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db


# The label of sub kegiatan 22's first indicator in messages (its name is cut at 60 characters).
LULUSAN = "Realisasi TW I “Jumlah lulusan pendidikan dan pelatihan berbasis kompetensi…” (orang)"


def sub(nomor, opd="disnaker", tahun=2022):
    return Unsur.objects.get(opd__slug=opd, tahun=tahun, level=Unsur.Level.SUB_KEGIATAN, nomor=str(nomor))


def url(unsur, triwulan=1, opd="disnaker", tahun=2022):
    return f"/opd/{opd}/entri/{tahun}/sub-kegiatan/{unsur.pk}/triwulan/{triwulan}/"


class _Isian(HTMLParser):
    """The fields a browser would submit from the page's form (inputs and textareas; buttons excluded)."""

    def __init__(self):
        super().__init__()
        self.data, self.disabled, self._textarea = {}, set(), None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            self.data[a["name"]] = a.get("value") or ""
            if "disabled" in a:
                self.disabled.add(a["name"])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""
            if "disabled" in a:
                self.disabled.add(a["name"])

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def isian(response):
    p = _Isian()
    p.feed(response.content.decode())
    return p


def teks(response):
    """The page's visible text with tags removed, entities decoded and spaces folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def nama_nilai(unsur, urutan_indikator, urutan_komponen=1):
    """Form field name of a target component (by the indicator's and component's order)."""
    ind = unsur.indikator.order_by("urutan", "id")[urutan_indikator - 1]
    komponen = ind.target.get(tahun=unsur.tahun).komponen.order_by("urutan", "id")[urutan_komponen - 1]
    return f"nilai_{komponen.pk}"


def masuk(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def op(client, pengguna):
    return masuk(client, pengguna["op_pelatihan"])


def jejak():
    """What a refused save must leave untouched: every row and every history record of the entry models."""
    return (
        list(NilaiRealisasi.objects.order_by("pk").values_list("pk", "nilai")),
        list(Realisasi.objects.order_by("pk").values_list("pk", "versi", "status", "faktor_pendorong")),
        list(AnggaranTriwulan.objects.order_by("pk").values_list("pk", "realisasi")),
        Realisasi.history.count(),
        NilaiRealisasi.history.count(),
        AnggaranTriwulan.history.count(),
    )


def angka_laporan(opd, semester=2):
    d = data_laporan(opd, 2022, semester)
    return {
        "capaian": {i: b.capaian for i, b in d.per_indikator.items()},
        "realisasi": {i: b.realisasi for i, b in d.per_indikator.items()},
        "jumlah": (d.jumlah.pagu, d.jumlah.realisasi_anggaran, d.jumlah.serapan),
    }


# --- Entry reaches the report ----------------------------------------------------------


def test_realisasi_dari_formulir_mengubah_laporan(op, opd, pengguna):
    s22 = sub(22)
    ind1, ind2 = s22.indikator.order_by("urutan", "id")
    sebelum = angka_laporan(opd)
    assert sebelum["jumlah"][1] == 8_535_509_727

    r = op.get(url(s22))
    assert r.status_code == 200
    f = isian(r)
    assert not f.disabled
    f.data[nama_nilai(s22, 1)] = "10"
    f.data[nama_nilai(s22, 2)] = "2,5"
    f.data[f"faktor_pendorong_{ind1.pk}"] = "Peserta antusias."
    f.data["anggaran"] = "Rp 1.000.000"
    r = op.post(url(s22), f.data)
    assert r.status_code == 302 and r["Location"] == url(s22)
    r = op.get(r["Location"])
    assert "Realisasi tersimpan." in teks(r)

    sesudah = angka_laporan(opd)
    assert sesudah["realisasi"][ind1.pk] == sebelum["realisasi"][ind1.pk] + 10
    assert sesudah["realisasi"][ind2.pk] == sebelum["realisasi"][ind2.pk] + Decimal("2.5")
    target1 = Decimal(224)
    assert sesudah["capaian"][ind1.pk] == sesudah["realisasi"][ind1.pk] / target1 * 100
    assert sesudah["capaian"][ind1.pk] > sebelum["capaian"][ind1.pk]
    assert sesudah["jumlah"][0] == sebelum["jumlah"][0] == 9_054_343_734
    assert sesudah["jumlah"][1] == 8_535_509_727 + 1_000_000
    assert capaian.format_persen(sesudah["jumlah"][2]) == "94,28%"

    real = Realisasi.objects.get(indikator=ind1, triwulan=1)
    assert (real.versi, real.status, real.diubah_oleh) == (1, "draf", pengguna["op_pelatihan"])
    assert real.faktor_pendorong == "Peserta antusias."
    assert real.history.first().history_user == pengguna["op_pelatihan"]
    # The page now shows the saved figures and the capaian s.d. TW I.
    halaman = teks(r)
    assert "Rp 1.000.000" in halaman
    assert "Capaian s.d. TW I: 4,46%" in halaman  # 10 / 224


def test_kosong_belum_diisi_nol_adalah_nol(op, opd):
    """Empty = NULL = '-' in the report; '0' = 0 → 0%. Semester I (TW I–II) has no seed data."""
    s23 = sub(23)
    (ind,) = s23.indikator.all()
    assert angka_laporan(opd, 1)["capaian"][ind.pk] is None
    f = isian(op.get(url(s23)))
    assert f.data[nama_nilai(s23, 1)] == ""
    f.data[nama_nilai(s23, 1)] = "0"
    assert op.post(url(s23), f.data).status_code == 302
    assert angka_laporan(opd, 1)["capaian"][ind.pk] == 0
    # Clearing the field makes it "not entered" again, not 0.
    f = isian(op.get(url(s23)))
    assert f.data[nama_nilai(s23, 1)] == "0"
    f.data[nama_nilai(s23, 1)] = ""
    assert op.post(url(s23), f.data).status_code == 302
    assert angka_laporan(opd, 1)["capaian"][ind.pk] is None
    assert NilaiRealisasi.objects.get(realisasi__indikator=ind, realisasi__triwulan=1).nilai is None


def test_status_kembali_ke_draf_dan_versi_naik(client, pengguna):
    """Editing a verified triwulan (the seed's TW IV) sends it back to draf with the next versi."""
    s23 = sub(23)
    (ind,) = s23.indikator.all()
    lama = Realisasi.objects.get(indikator=ind, triwulan=4)
    assert lama.status == "diverifikasi"
    c = masuk(client, pengguna["verifikator"])
    f = isian(c.get(url(s23, 4)))
    assert f.data[nama_nilai(s23, 1)] == "1"
    f.data[nama_nilai(s23, 1)] = "1,5"
    assert c.post(url(s23, 4), f.data).status_code == 302
    baru = Realisasi.objects.get(pk=lama.pk)
    assert (baru.status, baru.versi, baru.diubah_oleh) == ("draf", lama.versi + 1, pengguna["verifikator"])


def test_pratinjau_capaian_tanpa_menyimpan(op):
    s23 = sub(23)
    f = isian(op.get(url(s23)))
    f.data[nama_nilai(s23, 1)] = "0,5"
    sebelum = jejak()
    r = op.post(url(s23), {**f.data, "pratinjau": "1"})
    assert r.status_code == 200
    assert "Capaian s.d. TW I: 50,00%" in teks(r)  # 0,5 of target 1
    assert jejak() == sebelum


# --- Refusals: nothing is written ------------------------------------------------------------


def test_periode_terkunci_menolak(op, opd, pengguna):
    s22 = sub(22)
    f = isian(op.get(url(s22)))
    kunci_periode(pengguna["verifikator"], opd, 2022, 1)
    assert periode_terkunci(opd, 2022, 1) and not periode_terkunci(opd, 2022, 2)
    f.data[nama_nilai(s22, 1)] = "10"
    f.data["anggaran"] = "1.000.000"
    sebelum, laporan_sebelum = jejak(), angka_laporan(opd)
    r = op.post(url(s22), f.data)
    assert r.status_code == 400
    assert PESAN_TERKUNCI in teks(r)
    assert jejak() == sebelum
    assert angka_laporan(opd) == laporan_sebelum
    # The GET shows the lock and a read-only form.
    r = op.get(url(s22))
    f = isian(r)
    assert PESAN_TERKUNCI in teks(r)
    assert f.disabled >= {nama_nilai(s22, 1), "anggaran"}
    assert "Simpan" not in teks(r)
    # Reopened with a reason: entry works again.
    buka_kunci(pengguna["verifikator"], opd, 2022, 1, "Koreksi data peserta.")
    f = isian(op.get(url(s22)))
    f.data[nama_nilai(s22, 1)] = "10"
    assert op.post(url(s22), f.data).status_code == 302


@pytest.mark.parametrize(
    "isi_anggaran, isi_nilai, pesan",
    [
        (
            "",
            "-5",
            f"{LULUSAN}: tidak boleh negatif.",
        ),
        (
            "",
            "sepuluh",
            f"{LULUSAN}: 'sepuluh' bukan angka yang sah",
        ),
        ("", "1,23456", "paling banyak 4 angka di belakang koma"),
        ("-1", "10", "Realisasi anggaran TW I: tidak boleh negatif."),
        ("satu juta", "10", "Realisasi anggaran TW I: 'satu juta' bukan angka yang sah"),
        ("1.000,50", "10", "Realisasi anggaran TW I: harus rupiah bulat, tanpa sen."),
        # 1.592.015.350 is in TW IV; pagu 1.600.000.000 leaves 7.984.650.
        (
            "8.000.000",
            "10",
            "Realisasi anggaran TW I: realisasi anggaran setahun menjadi Rp 1.600.015.350, melebihi pagu "
            "Rp 1.600.000.000 (sisa untuk triwulan ini Rp 7.984.650).",
        ),
    ],
)
def test_isian_salah_ditolak_tanpa_menulis(op, opd, isi_anggaran, isi_nilai, pesan):
    s22 = sub(22)
    f = isian(op.get(url(s22)))
    f.data[nama_nilai(s22, 1)] = isi_nilai
    f.data[nama_nilai(s22, 2)] = "3"  # valid, and must not be written either
    f.data["anggaran"] = isi_anggaran
    sebelum, laporan_sebelum = jejak(), angka_laporan(opd)
    r = op.post(url(s22), f.data)
    assert r.status_code == 400
    assert pesan in teks(r)
    assert "tidak ada yang disimpan" in teks(r)
    assert jejak() == sebelum
    assert angka_laporan(opd) == laporan_sebelum
    # What was typed is kept so it can be corrected.
    assert isian(r).data[nama_nilai(s22, 2)] == "3"


def test_anggaran_tepat_sisa_pagu_diterima(op, opd):
    s22 = sub(22)
    f = isian(op.get(url(s22)))
    f.data["anggaran"] = "7.984.650"
    assert op.post(url(s22), f.data).status_code == 302
    assert angka_laporan(opd)["jumlah"][1] == 8_535_509_727 + 7_984_650


def test_layanan_menolak_negatif_tanpa_formulir(pengguna):
    """The service refuses on its own, whatever called it."""
    s23 = sub(23)
    (ind,) = s23.indikator.all()
    kid = ind.target.get(tahun=2022).komponen.get().pk
    sebelum = jejak()
    with pytest.raises(EntriDitolak, match="tidak boleh negatif"):
        simpan_realisasi(pengguna["op_pelatihan"], s23, 1, IsianEntri([IsianIndikator(ind.pk, 0, {kid: Decimal(-1)})]))
    assert jejak() == sebelum


def test_formulir_basi_ditolak_dan_menampilkan_nilai_orang_lain(client, pengguna, opd):
    s22 = sub(22)
    field = nama_nilai(s22, 1)
    pertama = masuk(client, pengguna["op_pelatihan"])
    kedua = masuk(Client(), pengguna["verifikator"])
    f1, f2 = isian(pertama.get(url(s22))), isian(kedua.get(url(s22)))

    f1.data[field] = "11"
    assert pertama.post(url(s22), f1.data).status_code == 302

    f2.data[field] = "22"
    sebelum = jejak()
    r = kedua.post(url(s22), f2.data)
    assert r.status_code == 409
    halaman = teks(r)
    assert "sudah diubah orang lain" in halaman
    assert "Jumlah lulusan pendidikan dan pelatihan berbasis kompetensi" in halaman
    assert re.search(rf'data-tersimpan="{field}">\s*11\s*<', r.content.decode())  # the first one's value
    assert jejak() == sebelum
    assert NilaiRealisasi.objects.get(komponen_id=int(field[6:]), realisasi__triwulan=1).nilai == 11

    # The re-rendered form keeps the typed 22 and now carries the current versi: saving again is deliberate.
    f3 = isian(r)
    assert f3.data[field] == "22"
    assert kedua.post(url(s22), f3.data).status_code == 302
    assert NilaiRealisasi.objects.get(komponen_id=int(field[6:]), realisasi__triwulan=1).nilai == 22


def test_anggaran_basi_ditolak(client, pengguna):
    s22 = sub(22)
    pertama = masuk(client, pengguna["op_pelatihan"])
    kedua = masuk(Client(), pengguna["verifikator"])
    f1, f2 = isian(pertama.get(url(s22))), isian(kedua.get(url(s22)))
    f1.data["anggaran"] = "1.000.000"
    assert pertama.post(url(s22), f1.data).status_code == 302
    f2.data["anggaran"] = "2.000.000"
    r = kedua.post(url(s22), f2.data)
    assert r.status_code == 409
    assert "realisasi anggaran" in teks(r)
    assert AnggaranTriwulan.objects.get(anggaran__unsur=s22, triwulan=1).realisasi == 1_000_000


# --- Scope and roles --------------------------------------------------------------------------


def test_sub_kegiatan_bidang_lain_404(client, pengguna):
    s22, s35 = sub(22), sub(35)
    op_hi = masuk(client, pengguna["op_hi"])
    sebelum = jejak()
    assert op_hi.get(url(s22)).status_code == 404
    f = {nama_nilai(s22, 1): "10"}
    assert op_hi.post(url(s22), f).status_code == 404
    assert op_hi.get(url(s35)).status_code == 200
    op_pel = masuk(Client(), pengguna["op_pelatihan"])
    assert op_pel.post(url(s35), {nama_nilai(s35, 1): "10"}).status_code == 404
    assert jejak() == sebelum


def test_opd_lain_404(client, pengguna):
    lain = buat_opd_sintetis(1, 2022, program=1, kegiatan=1, sub=1, indikator=1)
    s = Unsur.objects.filter(opd=lain, level=Unsur.Level.SUB_KEGIATAN).first()
    c = masuk(client, pengguna["verifikator"])
    assert c.get(url(s, opd=lain.slug)).status_code == 404
    # Nor can a sub kegiatan of another OPD be reached through one's own OPD's address.
    assert c.get(url(s)).status_code == 404


def test_bukan_sub_kegiatan_atau_triwulan_salah_404(op):
    program = Unsur.objects.filter(opd__slug="disnaker", level=Unsur.Level.PROGRAM).first()
    assert op.get(url(program)).status_code == 404
    assert op.get(url(sub(22), 5)).status_code == 404
    assert op.get(url(sub(22), 0)).status_code == 404
    assert op.get(url(sub(22), tahun=2021)).status_code == 404


@pytest.mark.parametrize("username", ["kadis", "inspektorat"])
def test_peran_baca_saja(client, pengguna, username):
    s22 = sub(22)
    c = masuk(client, pengguna[username])
    r = c.get(url(s22))
    assert r.status_code == 200
    f = isian(r)
    assert nama_nilai(s22, 1) in f.disabled and "anggaran" in f.disabled
    assert "tidak dapat mengubahnya" in teks(r)
    f.data[nama_nilai(s22, 1)] = "10"
    sebelum = jejak()
    assert c.post(url(s22), f.data).status_code == 403
    assert jejak() == sebelum


@pytest.mark.parametrize("username", ["op_pelatihan", "verifikator", "bappeda", "admin"])
def test_peran_yang_boleh_mengisi(client, pengguna, username):
    s22 = sub(22)
    c = masuk(client, pengguna[username])
    f = isian(c.get(url(s22)))
    assert not f.disabled
    f.data[nama_nilai(s22, 1)] = "7"
    assert c.post(url(s22), f.data).status_code == 302
    assert (
        Realisasi.objects.get(indikator__unsur=s22, indikator__urutan=1, triwulan=1).diubah_oleh == pengguna[username]
    )


def test_csrf_wajib(pengguna):
    c = Client(enforce_csrf_checks=True)
    c.force_login(pengguna["op_pelatihan"])
    s22 = sub(22)
    f = isian(c.get(url(s22)))
    token = f.data.pop("csrfmiddlewaretoken")
    assert token
    f.data[nama_nilai(s22, 1)] = "10"
    sebelum = jejak()
    assert c.post(url(s22), f.data).status_code == 403
    assert jejak() == sebelum
    assert c.post(url(s22), {**f.data, "csrfmiddlewaretoken": token}).status_code == 302


def test_anonim_diarahkan_ke_login(client):
    s22 = sub(22)
    for r in (client.get(url(s22)), client.post(url(s22), {})):
        assert r.status_code == 302
        assert r["Location"].startswith("/accounts/login/?next=")


def test_metode_lain_405(op):
    assert op.put(url(sub(22))).status_code == 405
    assert op.delete(url(sub(22))).status_code == 405


# --- Page ------------------------------------------------------------------------------------


def test_halaman_menampilkan_target_sd_anggaran_dan_catatan(client, pengguna):
    c = masuk(client, pengguna["verifikator"])
    r = c.get(url(sub(22), 4))
    halaman = teks(r)
    for bagian in [
        "Realisasi Triwulan IV — Sub Kegiatan 22.",
        "Target 224 orang",
        "s.d. TW IV",
        "Capaian s.d. TW IV:",
        "Pagu Rp 1.600.000.000",
        "Sisa pagu Rp 7.984.650",
        "Realisasi anggaran TW IV (Rp)",
        "Faktor pendorong",
        "Faktor penghambat",
        "Tindak lanjut",
    ]:
        assert bagian in halaman, bagian
    sumber = r.content.decode()
    assert 'name="viewport"' in sumber and "minmax(11rem, 1fr)" in sumber  # inputs stack on a phone
    assert 'inputmode="decimal"' in sumber


@pytest.mark.parametrize("nomor", [23, 22, 12, 17])  # 1, 2, 4 (8 components) and 5 indicators
def test_jumlah_query_tetap(client, pengguna, django_assert_num_queries, nomor):
    s = sub(nomor)
    c = masuk(client, pengguna["verifikator"])
    c.get(url(s))  # warm caches that are not per-request (content types etc.)
    # session, user, groups, profile, OPD, sub kegiatan (+ anggaran), indikator, komponen, nilai,
    # realisasi of the triwulan, anggaran per triwulan, lock.
    with django_assert_num_queries(12):
        assert c.get(url(s)).status_code == 200


# --- The lock model ----------------------------------------------------------------------------


def test_kunci_periode_batasan(opd, pengguna):
    k = KunciPeriode(opd=opd, tahun=2022, triwulan=5, dikunci_pada=timezone.now())
    with pytest.raises(ValidationError) as exc:
        k.full_clean()
    assert "Triwulan harus 1 sampai 4." in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        k.save()
    kunci_periode(pengguna["verifikator"], opd, 2022, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        KunciPeriode.objects.create(opd=opd, tahun=2022, triwulan=2, dikunci_pada=timezone.now())
    with pytest.raises(ValueError, match="Alasan"):
        buka_kunci(pengguna["verifikator"], opd, 2022, 2, "  ")
    assert periode_terkunci(opd, 2022, 2)
