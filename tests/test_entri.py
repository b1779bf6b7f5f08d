"""Entry of realisasi through the form: it reaches the report, refuses bad or stale input, and respects roles."""

import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
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
    # Saved values are drafts: the report shows them only with drafts included (issue 12, official = verified).
    d = data_laporan(opd, 2022, semester, termasuk_draf=True)
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


def test_terverifikasi_hanya_berubah_setelah_dibuka_kembali(client, pengguna):
    """A verified realisasi (the seed's TW IV) is read-only on the form and refused by the service; after
    "Buka kembali" (reason recorded) it can be changed, and the change sends it to draf with the next versi."""
    from evaluasi.layanan.entri import PESAN_DIVERIFIKASI
    from evaluasi.layanan.verifikasi import jalankan_aksi

    s23 = sub(23)
    (ind,) = s23.indikator.all()
    lama = Realisasi.objects.get(indikator=ind, triwulan=4)
    assert lama.status == "diverifikasi"
    c = masuk(client, pengguna["verifikator"])
    r = c.get(url(s23, 4))
    f = isian(r)
    assert f.data[nama_nilai(s23, 1)] == "1"
    assert nama_nilai(s23, 1) in f.disabled
    assert "Sudah diverifikasi" in teks(r)
    # A forged POST of the disabled field changes nothing (Django keeps the initial value).
    f.data[nama_nilai(s23, 1)] = "1,5"
    sebelum = jejak()
    assert c.post(url(s23, 4), f.data).status_code == 302
    assert jejak() == sebelum
    # The service refuses on its own too.
    kid = int(nama_nilai(s23, 1)[6:])
    with pytest.raises(EntriDitolak) as exc:
        simpan_realisasi(
            pengguna["verifikator"], s23, 4, IsianEntri([IsianIndikator(ind.pk, lama.versi, {kid: Decimal("1.5")})])
        )
    assert PESAN_DIVERIFIKASI.format(nama=ind.nama[:80]) in str(exc.value)
    assert jejak() == sebelum

    jalankan_aksi(pengguna["verifikator"], s23, 4, "buka", "Koreksi jumlah dokumen.")
    f = isian(c.get(url(s23, 4)))
    assert nama_nilai(s23, 1) not in f.disabled
    f.data[nama_nilai(s23, 1)] = "1,5"
    assert c.post(url(s23, 4), f.data).status_code == 302
    baru = Realisasi.objects.get(pk=lama.pk)
    assert (baru.status, baru.versi, baru.diubah_oleh) == ("draf", lama.versi + 2, pengguna["verifikator"])
    assert NilaiRealisasi.objects.get(realisasi=baru, komponen_id=kid).nilai == Decimal("1.5")


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
    # Inputs stack on a phone: the page's stylesheet (static, for the Content-Security-Policy) says so.
    assert 'name="viewport"' in sumber and "evaluasi/entri.css" in sumber
    assert "minmax(11rem, 1fr)" in open(finders.find("evaluasi/entri.css")).read()
    assert 'inputmode="decimal"' in sumber


@pytest.mark.parametrize("nomor", [23, 22, 12, 17])  # 1, 2, 4 (8 components) and 5 indicators
def test_jumlah_query_tetap(client, pengguna, django_assert_num_queries, nomor):
    s = sub(nomor)
    c = masuk(client, pengguna["verifikator"])
    c.get(url(s))  # warm caches that are not per-request (content types etc.)
    # session, user, groups, profile, OPD, sub kegiatan (+ anggaran), indikator, komponen, nilai,
    # realisasi of the triwulan, anggaran per triwulan, lock, data dukung and verification log of the triwulan.
    with django_assert_num_queries(14):
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


# --- Capaian preview while typing (JSON for static/evaluasi/entri.js) --------------------------------


def test_pratinjau_json_tanpa_menyimpan(op):
    s22 = sub(22)
    ind1, ind2 = s22.indikator.order_by("urutan", "id")
    f = isian(op.get(url(s22)))
    f.data[nama_nilai(s22, 1)] = "22,4"  # 10% of 224
    f.data["anggaran"] = "Rp 1.000.000"
    sebelum = jejak()
    r = op.post(url(s22), {**f.data, "pratinjau": "1"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    d = r.json()
    assert d["indikator"][str(ind1.pk)]["capaian"] == "10,00%"
    assert d["indikator"][str(ind1.pk)]["sd"] == {nama_nilai(s22, 1): "22,4"}  # s.d. TW I, kumulatif
    assert d["indikator"][str(ind2.pk)]["capaian"] == "-"  # nothing entered in TW I
    # pagu 1.600.000.000 − TW IV 1.592.015.350 − typed 1.000.000
    assert d["anggaran"]["sisa"] == "Rp 6.984.650"
    assert d["galat"] == {}
    assert jejak() == sebelum
    # Unreadable input: the message comes back, the budget's remainder is not guessed, nothing is written.
    f.data[nama_nilai(s22, 1)] = "sepuluh"
    f.data["anggaran"] = "-5"
    d = op.post(url(s22), {**f.data, "pratinjau": "1"}, HTTP_ACCEPT="application/json").json()
    assert d["indikator"][str(ind1.pk)]["capaian"] == "-"
    assert "'sepuluh' bukan angka yang sah" in " ".join(d["galat"][nama_nilai(s22, 1)])
    assert d["anggaran"]["sisa"] is None
    assert jejak() == sebelum


def test_halaman_memuat_skrip_pratinjau(op):
    r = op.get(url(sub(22)))
    sumber = r.content.decode()
    assert '<script src="/static/evaluasi/entri.js" defer></script>' in sumber
    assert 'data-capaian="' in sumber and "data-sisa" in sumber
    assert "Hitung capaian (tanpa menyimpan)" in sumber  # works without JavaScript too


# --- Indikator.bidang: an indicator of another bidang belongs to that bidang -------------------------


@pytest.fixture
def s22_terbagi(opd):
    """Sub kegiatan 22 (bidang pelatihan) with its second indicator given to bidang ipk."""
    from evaluasi.models import Bidang

    s22 = sub(22)
    ind1, ind2 = s22.indikator.order_by("urutan", "id")
    ind2.bidang = Bidang.objects.get(opd=opd, kode="ipk")
    ind2.save()
    return s22, ind1, ind2


def test_indikator_bidang_lain_diisi_bidangnya(client, pengguna, s22_terbagi):
    from evaluasi.layanan.entri import PESAN_ANGGARAN_BUKAN_MILIK, PESAN_BUKAN_MILIK

    s22, ind1, ind2 = s22_terbagi
    ipk = masuk(client, pengguna["op_ipk"])
    r = ipk.get(url(s22))
    assert r.status_code == 200
    f = isian(r)
    assert nama_nilai(s22, 1) in f.disabled and "anggaran" in f.disabled
    assert nama_nilai(s22, 2) not in f.disabled
    assert "Indikator ini milik Bidang Informasi Pasar Kerja" in teks(r)
    f.data[nama_nilai(s22, 1)] = "99"  # disabled: ignored
    f.data[nama_nilai(s22, 2)] = "3"
    assert ipk.post(url(s22), f.data).status_code == 302
    assert Realisasi.objects.filter(indikator=ind2, triwulan=1, diubah_oleh=pengguna["op_ipk"]).exists()
    assert not Realisasi.objects.filter(indikator=ind1, triwulan=1).exists()

    # The service refuses the other indicator and the budget for op_ipk.
    k1 = int(nama_nilai(s22, 1)[6:])
    sebelum = jejak()
    with pytest.raises(EntriDitolak) as exc:
        simpan_realisasi(pengguna["op_ipk"], s22, 1, IsianEntri([IsianIndikator(ind1.pk, 0, {k1: Decimal(1)})]))
    assert PESAN_BUKAN_MILIK.format(nama=ind1.nama[:80]) in str(exc.value)
    with pytest.raises(EntriDitolak) as exc:
        simpan_realisasi(
            pengguna["op_ipk"], s22, 1, IsianEntri([], anggaran_diisi=True, anggaran=5, anggaran_dibaca=None)
        )
    assert PESAN_ANGGARAN_BUKAN_MILIK in str(exc.value)
    assert jejak() == sebelum

    # op_pelatihan keeps the first indicator and the budget, not the second one.
    pel = masuk(Client(), pengguna["op_pelatihan"])
    f = isian(pel.get(url(s22)))
    assert nama_nilai(s22, 2) in f.disabled
    assert nama_nilai(s22, 1) not in f.disabled and "anggaran" not in f.disabled
    k2 = int(nama_nilai(s22, 2)[6:])
    versi2 = Realisasi.objects.get(indikator=ind2, triwulan=1).versi
    with pytest.raises(EntriDitolak, match="milik bidang lain"):
        simpan_realisasi(
            pengguna["op_pelatihan"], s22, 1, IsianEntri([IsianIndikator(ind2.pk, versi2, {k2: Decimal(1)})])
        )
    # Another bidang still gets a 404.
    assert masuk(Client(), pengguna["op_hi"]).get(url(s22)).status_code == 404


def test_indikator_bidang_lain_di_daftar_kerja_dan_ajukan(client, pengguna, s22_terbagi):
    from evaluasi.layanan.verifikasi import jalankan_aksi

    s22, ind1, ind2 = s22_terbagi
    r = masuk(client, pengguna["op_ipk"]).get("/opd/disnaker/entri/2022/?triwulan=1")
    baris = {b.unsur.nomor: b for b in r.context["daftar"].baris}
    assert [i.indikator for i in baris["22"].indikator] == [ind2]
    assert baris["22"].boleh_mengisi
    r = masuk(Client(), pengguna["op_pelatihan"]).get("/opd/disnaker/entri/2022/?triwulan=1")
    baris = {b.unsur.nomor: b for b in r.context["daftar"].baris}
    assert [i.indikator for i in baris["22"].indikator] == [ind1]
    # Submitting: each bidang submits its own indicators only.
    Realisasi.objects.create(indikator=ind1, triwulan=1)
    r1 = Realisasi.objects.get(indikator=ind1, triwulan=1)
    r2 = Realisasi.objects.create(indikator=ind2, triwulan=1)
    for r, kom in ((r1, ind1), (r2, ind2)):
        NilaiRealisasi.objects.create(realisasi=r, komponen=kom.target.get(tahun=2022).komponen.first(), nilai=1)
    assert jalankan_aksi(pengguna["op_ipk"], s22, 1, "ajukan") == 1
    assert set(Realisasi.objects.filter(indikator__unsur=s22, triwulan=1).values_list("indikator", "status")) == {
        (ind1.pk, "draf"),
        (ind2.pk, "diajukan"),
    }


@pytest.mark.parametrize("username", ["verifikator", "op_pelatihan", "bappeda"])
def test_jumlah_query_sama_di_ukuran_besar(client, pengguna, django_assert_num_queries, username):
    """The entry page: same count for the seed's 1-indicator sub kegiatan and a synthetic one with 12
    indicators and 5 evidence files (as bappeda, who sees the synthetic OPD)."""
    from evaluasi.models import DataDukung

    c = masuk(client, pengguna[username])
    s = sub(23)
    for i in range(5):  # evidence of several uploaders: who may delete each is decided without a query
        DataDukung.objects.create(
            unsur=s,
            triwulan=1,
            berkas=f"uji/{i}",
            nama_asli=f"{i}.pdf",
            jenis_konten="application/pdf",
            ukuran=1,
            sha256="0" * 64,
            diunggah_oleh=pengguna[("op_pelatihan", "op_ipk", "verifikator", "bappeda", "kadis")[i]],
        )
    c.get(url(s))
    # bappeda sees every OPD: its profile is never read, one query less.
    jumlah = 13 if username == "bappeda" else 14
    with django_assert_num_queries(jumlah):
        assert c.get(url(s)).status_code == 200
    if username != "bappeda":
        return
    lain = buat_opd_sintetis(5, 2022, program=1, kegiatan=1, sub=1, indikator=12)
    besar = Unsur.objects.get(opd=lain, level=Unsur.Level.SUB_KEGIATAN)
    for i in range(5):
        DataDukung.objects.create(
            unsur=besar,
            triwulan=1,
            berkas=f"uji/{i}",
            nama_asli=f"{i}.pdf",
            jenis_konten="application/pdf",
            ukuran=1,
            sha256="0" * 64,
            diunggah_oleh=pengguna["op_pelatihan"],
        )
    from evaluasi.layanan.verifikasi import jalankan_aksi

    Realisasi.objects.filter(indikator__unsur=besar, triwulan=1).update(status="diajukan")
    jalankan_aksi(pengguna["bappeda"], besar, 1, "kembalikan", "Lengkapi.")
    jalankan_aksi(pengguna["bappeda"], besar, 1, "ajukan")
    c.get(url(besar, opd=lain.slug))
    with django_assert_num_queries(jumlah):
        r = c.get(url(besar, opd=lain.slug))
    entri = r.context["entri"]
    assert r.status_code == 200 and len(entri.indikator) == 12 and len(entri.data_dukung) == 5
    assert len(entri.riwayat) == 24 and "Riwayat verifikasi TW I (24)" in teks(r)


def test_komponen_yang_tidak_dimiliki_target_ditolak(op, pengguna):
    """A component of another indicator: the service refuses it with a message; the form never offers it."""
    s22, s23 = sub(22), sub(23)
    ind1 = s22.indikator.order_by("urutan", "id").first()
    asing = int(nama_nilai(s23, 1)[6:])  # a component of sub kegiatan 23's indicator
    sebelum = jejak()
    with pytest.raises(EntriDitolak) as exc:
        simpan_realisasi(
            pengguna["op_pelatihan"], s22, 1, IsianEntri([IsianIndikator(ind1.pk, 0, {asing: Decimal(5)})])
        )
    assert "Komponen target tidak termasuk indikator ini." in str(exc.value)
    assert jejak() == sebelum
    # Through the page: a forged field for that component is not a field of this form; nothing is written.
    f = isian(op.get(url(s22)))
    assert nama_nilai(s23, 1) not in f.data
    assert op.post(url(s22), {**f.data, nama_nilai(s23, 1): "5"}).status_code == 302
    assert jejak() == sebelum
