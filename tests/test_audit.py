"""The audit trail: what users do through the real pages shows up, with who, when and old → new.

Changes are made the way users make them (the entry form as op_pelatihan, the admin's change form
as bappeda, the period lock and the verification services) and then read back from the audit page
(parsed HTML) and its XLSX (parsed with openpyxl).
"""

import datetime as dt
import html
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from evaluasi import capaian
from evaluasi.layanan import audit
from evaluasi.layanan.entri import buka_kunci, field_catatan, kunci_periode
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    DataDukung,
    Impor,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    PeristiwaVerifikasi,
    Realisasi,
    Target,
    Unsur,
)
from evaluasi.sintetis import buat_opd_sintetis
from tests.test_izin import _Isian, klien, sub_kegiatan, url_entri

pytestmark = pytest.mark.django_db

TAHUN = 2022
# session, user, groups (peran), OPD; then the trail: unsur, indikator, target, komponen (history + current),
# verification log, realisasi, nilai, data dukung, pagu, anggaran triwulan, lock, import, users.
KUERI_DAFTAR = 18
# session, user, groups, OPD, the indicator; unsur, indikator, target, komponen (history + current),
# verification log, realisasi, nilai, data dukung, users.
KUERI_INDIKATOR = 15


@pytest.fixture(autouse=True)
def pribadi(penyimpanan):
    """Evidence files of these tests go to a temporary folder, never into var/."""


def url_daftar(slug="disnaker", tahun=TAHUN):
    return f"/opd/{slug}/audit/{tahun}/"


# --- Reading the page and the workbook back -------------------------------------------------------------------


class _Tabel(HTMLParser):
    """The rows of the audit table (table.jejak-audit tbody) as lists of cell texts, spaces folded."""

    def __init__(self):
        super().__init__()
        self.baris, self._di_tabel, self._di_badan, self._sel = [], False, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "jejak-audit" in (a.get("class") or ""):
            self._di_tabel = True
        elif self._di_tabel and tag == "tbody":
            self._di_badan = True
        elif self._di_badan and tag == "tr":
            self.baris.append([])
        elif self._di_badan and tag == "td":
            self._sel = []
        elif self._sel is not None and tag == "br":
            self._sel.append(" | ")

    def handle_data(self, data):
        if self._sel is not None:
            self._sel.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._sel is not None:
            self.baris[-1].append(re.sub(r"\s+", " ", "".join(self._sel)).strip())
            self._sel = None
        elif tag == "tbody":
            self._di_badan = False
        elif tag == "table":
            self._di_tabel = False


KOLOM_HTML = ("waktu", "pengguna", "jenis", "item", "tw", "kolom", "lama", "baru", "tipe", "catatan")


def baris_halaman(response):
    assert response.status_code == 200, response.status_code
    p = _Tabel()
    p.feed(response.content.decode())
    return [dict(zip(KOLOM_HTML, b, strict=True)) for b in p.baris if len(b) == len(KOLOM_HTML)]


def baris_xlsx(response):
    """(title rows, header, data rows as dicts) of the audit workbook."""
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["Jejak Audit"]
    semua = list(ws.iter_rows())
    i_header = next(i for i, r in enumerate(semua) if r[0].value == "Waktu")
    header = [c.value for c in semua[i_header]]
    data = [{h: c for h, c in zip(header, r, strict=False)} for r in semua[i_header + 1 :]]
    return semua[:i_header], header, data


def teks(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


# --- Making changes through the real interface --------------------------------------------------------------


def simpan_form(c, unsur, triwulan, ubah):
    """Open the entry form as a browser would, change the fields in ``ubah``, submit it; must be saved (302)."""
    path = url_entri("disnaker", unsur, triwulan)
    r = c.get(path)
    assert r.status_code == 200
    p = _Isian()
    p.feed(r.content.decode())
    data = dict(p.data)
    data.pop("csrfmiddlewaretoken", None)
    for k, v in ubah.items():
        assert k in data, f"{k} tidak ada di formulir"
        data[k] = v
    r = c.post(path, data)
    assert r.status_code == 302, teks(r)[:2000]
    return r


def komponen_pertama(unsur):
    return (
        KomponenTarget.objects.filter(target__indikator__unsur=unsur, target__tahun=TAHUN)
        .select_related("target__indikator")
        .order_by("target__indikator__urutan", "urutan")
        .first()
    )


def jejak_sintetis(opd, user, n=5):
    """Edits of every kind on an OPD, so every source of the trail has rows (used at seed and large size)."""
    subs = list(Unsur.objects.filter(opd=opd, tahun=TAHUN, level=Unsur.Level.SUB_KEGIATAN).order_by("id")[:n])
    for i, s in enumerate(subs):
        ang = Anggaran.objects.filter(unsur=s).first()
        if ang is not None:
            ang._history_user = user
            ang.pagu_murni += 1000 * (i + 1)
            ang.save()
            at, _ = AnggaranTriwulan.objects.get_or_create(anggaran=ang, triwulan=2)
            at.rencana_penarikan = 5_000_000
            at.save()
        for nilai in NilaiRealisasi.objects.filter(realisasi__indikator__unsur=s).select_related("realisasi")[:2]:
            nilai._history_user = user
            nilai.nilai = (nilai.nilai or 0) + 1
            nilai.save()
            r = nilai.realisasi
            dari = r.status
            r.status = Realisasi.Status.DIKEMBALIKAN
            r.catatan_verifikator = f"Lengkapi bukti {i}"
            r._history_user = user
            r.save()
            PeristiwaVerifikasi.objects.create(
                realisasi=r, aksi="kembalikan", dari_status=dari, ke_status=r.status, catatan=r.catatan_verifikator,
                oleh=user,
            )  # fmt: skip
        t = Target.objects.filter(indikator__unsur=s).first()
        if t is not None:
            t._history_user = user
            t.teks = f"{t.teks} (revisi)"
            t.save()
        dd = DataDukung(unsur=s, triwulan=1, nama_asli=f"bukti-{i}.pdf", jenis_konten="application/pdf", ukuran=2048,
                        sha256="0" * 64, diunggah_oleh=user)  # fmt: skip
        dd.berkas.save("x", ContentFile(b"%PDF-1.4 uji"), save=False)
        dd.save()
    kunci_periode(user, opd, TAHUN, 1)
    buka_kunci(user, opd, TAHUN, 1, "Salah ketik pagu")
    impor = Impor.objects.create(
        opd=opd, tahun=TAHUN, jenis="realisasi", triwulan=2, berkas="impor/x.xlsx", nama_asli="realisasi-tw2.xlsx",
        sha256="0" * 64, ringkasan={"dibuat": 3, "diubah": 12}, dibuat_oleh=user,
    )  # fmt: skip
    Impor.objects.filter(pk=impor.pk).update(status="diterapkan", diterapkan_pada=timezone.now())


# --- What users do shows up -------------------------------------------------------------------------------------


def test_realisasi_lewat_formulir_tercatat(pengguna):
    """op_pelatihan saves through the form: the list shows who, the indicator, '-' → value, then old → new."""
    unsur = sub_kegiatan("disnaker", 22)
    k = komponen_pertama(unsur)
    op = klien(pengguna, "op_pelatihan")
    simpan_form(op, unsur, 1, {f"nilai_{k.pk}": "7"})
    # 1.234,5 against a target of 224 is a capaian of 551 %: held back, then confirmed with a reason.
    path = url_entri("disnaker", unsur, 1)
    p = _Isian()
    p.feed(op.get(path).content.decode())
    data = {**p.data, f"nilai_{k.pk}": "1.234,5"}
    data.pop("csrfmiddlewaretoken", None)
    assert op.post(path, data).status_code == 400
    data.update(konfirmasi_kewajaran="on", alasan_kewajaran="Benar.")
    assert op.post(path, data).status_code == 302

    insp = klien(pengguna, "inspektorat")
    baris = baris_halaman(insp.get(url_daftar(), {"pengguna": "op_pelatihan"}))
    nilai = [b for b in baris if b["kolom"] == f"Realisasi komponen {k.urutan}" and b["tw"] == "I"]
    nama = k.target.indikator.nama
    assert [(b["lama"], b["baru"], b["tipe"]) for b in nilai] == [
        (capaian.format_jumlah(Decimal(7), k.satuan), capaian.format_jumlah(Decimal("1234.5"), k.satuan), "diubah"),
        ("-", capaian.format_jumlah(Decimal(7), k.satuan), "dibuat"),
    ]
    assert "1.234,5" in nilai[0]["baru"]
    for b in nilai:
        assert b["pengguna"] == "op_pelatihan"
        assert b["tw"] == "I"
        assert b["jenis"] == "Realisasi"
        assert nama in b["item"] and "Sub Kegiatan 22." in b["item"]
    # The new realisasi row itself: created as draf by op_pelatihan.
    assert any(b["kolom"] == "Status" and (b["lama"], b["baru"]) == ("-", "Draf") for b in baris)
    # Nobody else appears under this filter.
    assert {b["pengguna"] for b in baris} == {"op_pelatihan"}

    # The XLSX of the same filter holds the same rows, in the same order.
    _, header, data = baris_xlsx(insp.get(url_daftar() + "xlsx/", {"pengguna": "op_pelatihan"}))
    assert header[:3] == ["Waktu", "Pengguna", "Nama lengkap"]
    assert len(data) == len(baris)
    for h, x in zip(baris, data, strict=True):
        assert isinstance(x["Waktu"].value, dt.datetime)
        assert x["Waktu"].value.strftime("%d/%m/%Y %H:%M:%S") == h["waktu"]
        assert x["Waktu"].number_format == audit.FORMAT_WAKTU
        assert (x["Pengguna"].value, x["Jenis"].value, x["Kolom"].value) == (h["pengguna"], h["jenis"], h["kolom"])
        assert (x["Nilai lama"].value, x["Nilai baru"].value, x["Perubahan"].value) == (h["lama"], h["baru"], h["tipe"])
        assert x["Item"].value in h["item"]
        assert (x["TW"].value or "") == h["tw"]


def test_pagu_diubah(pengguna):
    """bappeda changes a pagu (an ORM save carrying the user, as the admin's save does): old → new in rupiah."""
    unsur = sub_kegiatan("disnaker", 22)
    ang = Anggaran.objects.get(unsur=unsur)
    lama = ang.pagu_murni
    ang.pagu_murni = lama + 1_500_000
    ang._history_user = pengguna["bappeda"]
    ang.save()

    baris = baris_halaman(klien(pengguna, "inspektorat").get(url_daftar(), {"jenis": "Pagu", "pengguna": "bappeda"}))
    assert len(baris) == 1
    (b,) = baris
    assert (b["kolom"], b["lama"], b["baru"], b["tipe"]) == (
        "Pagu murni",
        f"Rp {capaian.format_rupiah(lama)}",
        f"Rp {capaian.format_rupiah(lama + 1_500_000)}",
        "diubah",
    )
    assert "Sub Kegiatan 22." in b["item"]
    assert b["pengguna"] == "bappeda"


def test_pagu_diubah_di_admin(pengguna):
    """bappeda changes a pagu in the admin's change form (with its inline triwulan rows): old → new, by bappeda."""
    ang = Anggaran.objects.get(unsur=sub_kegiatan("disnaker", 23))
    lama = ang.pagu_murni
    c = klien(pengguna, "bappeda")
    path = f"/admin/evaluasi/anggaran/{ang.pk}/change/"
    r = c.get(path)
    assert r.status_code == 200
    form = _FormAdmin()
    form.feed(r.content.decode())
    data = {k: v for k, v in form.data.items() if "__prefix__" not in k}
    data["pagu_murni"] = str(lama + 2_750_000)
    data["_save"] = "Simpan"
    r = c.post(path, data)
    assert r.status_code == 302, teks(r)[:3000]
    ang.refresh_from_db()
    assert ang.pagu_murni == lama + 2_750_000

    baris = baris_halaman(klien(pengguna, "inspektorat").get(url_daftar(), {"jenis": "Pagu", "pengguna": "bappeda"}))
    assert [(b["kolom"], b["lama"], b["baru"], b["tipe"], b["pengguna"]) for b in baris] == [
        (
            "Pagu murni",
            f"Rp {capaian.format_rupiah(lama)}",
            f"Rp {capaian.format_rupiah(lama + 2_750_000)}",
            "diubah",
            "bappeda",
        )
    ]
    assert "Sub Kegiatan 23." in baris[0]["item"]


class _FormAdmin(HTMLParser):
    """Every field the admin's change form submits (inputs, checked boxes, selected options, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._di_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._di_form = True
        if not self._di_form:
            return
        nama = a.get("name")
        if tag == "input" and nama and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data[nama] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and nama:
            self._select = nama
            self.data.setdefault(nama, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and nama:
            self._textarea = nama
            self.data[nama] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._di_form = False


def test_status_verifikasi_kunci_bukti_impor(pengguna, opd):
    """Verification steps (with the note, listed once), lock and reopening, evidence and imports."""
    verifikator = pengguna["verifikator"]
    jejak_sintetis(opd, verifikator, n=2)
    insp = klien(pengguna, "inspektorat")

    status = baris_halaman(insp.get(url_daftar(), {"jenis": "Status", "pengguna": "verifikator"}))
    assert status and all(b["kolom"] == "Status (Dikembalikan)" for b in status)
    assert {b["baru"] for b in status} == {"Dikembalikan"}
    assert {b["catatan"] for b in status} == {"Lengkapi bukti 0", "Lengkapi bukti 1"}
    # The history's own record of the same status change and note is not listed a second time.
    catatan = baris_halaman(insp.get(url_daftar(), {"pengguna": "verifikator", "jenis": "Realisasi"}))
    assert not [b for b in catatan if b["kolom"] in ("Status", "Catatan verifikator")]
    assert len(status) == PeristiwaVerifikasi.objects.filter(oleh=verifikator).count()

    kunci = baris_halaman(insp.get(url_daftar(), {"jenis": "Kunci periode"}))
    assert [(b["lama"], b["baru"], b["catatan"], b["tw"]) for b in kunci] == [
        ("Terkunci", "Dibuka", "Salah ketik pagu", "I"),
        ("-", "Terkunci", "", "I"),
    ]
    assert {b["pengguna"] for b in kunci} == {"verifikator"}

    bukti = baris_halaman(insp.get(url_daftar(), {"jenis": "Data dukung"}))
    assert sorted(b["baru"] for b in bukti) == ["bukti-0.pdf (2 KB)", "bukti-1.pdf (2 KB)"]

    impor = baris_halaman(insp.get(url_daftar(), {"jenis": "Impor"}))
    assert [(b["kolom"], b["baru"]) for b in impor] == [("Status", "Diterapkan"), ("Berkas", "realisasi-tw2.xlsx")]
    assert impor[0]["catatan"] == "dibuat: 3, diubah: 12"


def test_halaman_indikator(pengguna, opd):
    """One indicator's page: its targets, its realisasi values and status with notes, its sub kegiatan's evidence."""
    unsur = sub_kegiatan("disnaker", 22)
    k = komponen_pertama(unsur)
    ind = k.target.indikator
    lain = Indikator.objects.filter(unsur=unsur).exclude(pk=ind.pk).first()
    op = klien(pengguna, "op_pelatihan")
    ubah = {f"nilai_{k.pk}": "11", field_catatan("faktor_pendorong", ind.pk): "Peserta antusias"}
    if lain is not None:
        kl = KomponenTarget.objects.filter(target__indikator=lain, target__tahun=TAHUN).first()
        if kl is not None:
            ubah[f"nilai_{kl.pk}"] = "3"
    simpan_form(op, unsur, 2, ubah)
    r = Realisasi.objects.get(indikator=ind, triwulan=2)
    PeristiwaVerifikasi.objects.create(
        realisasi=r, aksi="ajukan", dari_status="draf", ke_status="diajukan", oleh=pengguna["op_pelatihan"]
    )
    dd = DataDukung(unsur=unsur, triwulan=2, nama_asli="daftar-hadir.pdf", jenis_konten="application/pdf",
                    ukuran=3 * 1024 * 1024 // 2, sha256="0" * 64, diunggah_oleh=pengguna["op_pelatihan"])  # fmt: skip
    dd.berkas.save("x", ContentFile(b"%PDF-1.4"), save=False)
    dd.save()

    resp = klien(pengguna, "kadis").get(f"/opd/disnaker/audit/{TAHUN}/indikator/{ind.pk}/")
    assert resp.status_code == 200
    assert ind.nama in teks(resp)
    baris = _baris_indikator(resp)
    kolom = {(b["jenis"], b["kolom"], b["tw"], b["baru"]) for b in baris}
    assert ("Realisasi", f"Realisasi komponen {k.urutan}", "II", capaian.format_jumlah(Decimal(11), k.satuan)) in kolom
    assert ("Realisasi", "Faktor pendorong", "II", "Peserta antusias") in kolom
    assert ("Status", "Status (Diajukan)", "II", "Diajukan") in kolom
    assert ("Data dukung", "Berkas", "II", "daftar-hadir.pdf (1,5 MB)") in kolom
    assert any(b["jenis"] == "Target" for b in baris)  # the seed's target, created by the loader
    # Only this indicator: the other indicator's value of the same save is not here.
    if lain is not None and len(ubah) == 3:
        assert ("Realisasi", "II", capaian.format_jumlah(Decimal(3), kl.satuan)) not in {
            (b["jenis"], b["tw"], b["baru"]) for b in baris
        }
        assert capaian.format_jumlah(Decimal(3), kl.satuan) in {
            b["baru"] for b in baris_halaman(klien(pengguna, "kadis").get(url_daftar(), {"triwulan": "2"}))
        }
    # The list links each indicator's line to this page.
    assert (
        f"/opd/disnaker/audit/{TAHUN}/indikator/{ind.pk}/"
        in klien(pengguna, "kadis").get(url_daftar()).content.decode()
    )


def _baris_indikator(response):
    p = _Tabel()
    p.feed(response.content.decode())
    kolom = ("waktu", "pengguna", "jenis", "tw", "kolom", "lama", "baru", "tipe", "catatan")
    return [dict(zip(kolom, b, strict=True)) for b in p.baris if len(b) == len(kolom)]


def test_indikator_lain_opd_atau_tahun_404(pengguna):
    lain = buat_opd_sintetis(92, TAHUN, program=1, kegiatan=1, sub=1)
    ind_lain = Indikator.objects.filter(unsur__opd=lain).first()
    ind_2023 = Indikator.objects.filter(unsur__opd__slug="disnaker", unsur__tahun=TAHUN).first()
    c = klien(pengguna, "inspektorat")
    assert c.get(f"/opd/disnaker/audit/{TAHUN}/indikator/{ind_lain.pk}/").status_code == 404
    assert c.get(f"/opd/disnaker/audit/2023/indikator/{ind_2023.pk}/").status_code == 404
    assert c.get(f"/opd/{lain.slug}/audit/{TAHUN}/indikator/{ind_lain.pk}/").status_code == 200


# --- Filters, pages, escaping ------------------------------------------------------------------------------------


def test_saringan(pengguna, opd):
    jejak_sintetis(opd, pengguna["verifikator"], n=2)
    c = klien(pengguna, "inspektorat")
    semua = c.get(url_daftar())
    jumlah = int(re.search(r"(\d+) perubahan", teks(semua)).group(1))
    assert jumlah == len(audit.riwayat(opd, TAHUN)) > 100

    hari_ini = timezone.localdate()
    besok, kemarin = hari_ini + dt.timedelta(days=1), hari_ini - dt.timedelta(days=1)
    assert baris_halaman(c.get(url_daftar(), {"dari": besok.isoformat()})) == []
    assert baris_halaman(c.get(url_daftar(), {"sampai": kemarin.isoformat()})) == []
    assert (
        len(baris_halaman(c.get(url_daftar(), {"dari": hari_ini.isoformat(), "sampai": hari_ini.isoformat()}))) == 100
    )

    # A change dated in July 2022 (moved there in its history row) is the only one of that month.
    h = Anggaran.history.filter(unsur__opd=opd, history_type="~").order_by("history_id").first()
    Anggaran.history.filter(history_id=h.history_id).update(
        history_date=timezone.make_aware(dt.datetime(2022, 7, 15, 9, 30))
    )
    juli = baris_halaman(c.get(url_daftar(), {"dari": "2022-07-01", "sampai": "2022-07-31"}))
    assert [(b["waktu"], b["kolom"]) for b in juli] == [("15/07/2022 09:30:00", "Pagu murni")]

    for tw, r in ((1, "I"), (4, "IV")):
        baris = baris_halaman(c.get(url_daftar(), {"triwulan": tw}))
        assert baris and {b["tw"] for b in baris} == {r}
    pagu = baris_halaman(c.get(url_daftar(), {"jenis": "Pagu"}))
    assert pagu and {b["jenis"] for b in pagu} == {"Pagu"}
    # Free text on the item's name (case-insensitive), e.g. one sub kegiatan.
    nama = Unsur.objects.get(opd=opd, tahun=TAHUN, level="sub_kegiatan", nomor="22").nama
    cari = baris_halaman(c.get(url_daftar(), {"teks": nama[:25].upper()}))
    assert cari and all(nama[:25].casefold() in b["item"].casefold() for b in cari)
    sistem = baris_halaman(c.get(url_daftar(), {"pengguna": audit.SISTEM}))
    assert sistem and {b["pengguna"] for b in sistem} == {"(sistem)"}

    # An invalid filter is reported and ignored; the page still answers.
    r = c.get(url_daftar(), {"dari": "kemarin", "sampai": "2999-01-01", "jenis": "Pagu"})
    assert r.status_code == 200
    assert "Masukkan tanggal yang valid" in teks(r) or "valid date" in teks(r)
    assert {b["jenis"] for b in baris_halaman(r)} == {"Pagu"}
    # A user with no change this year: nothing listed (not everything).
    r = c.get(url_daftar(), {"pengguna": "op_hi"})
    assert r.status_code == 200 and baris_halaman(r) == []
    r = c.get(url_daftar(), {"dari": "2022-12-01", "sampai": "2022-01-01"})
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in teks(r)


def test_halaman_dan_urutan(pengguna, opd):
    c = klien(pengguna, "inspektorat")
    semua = audit.riwayat(opd, TAHUN)
    n = len(semua)
    assert n > 200
    halaman = 1 + (n - 1) // 100
    pertama = baris_halaman(c.get(url_daftar()))
    terakhir = c.get(url_daftar(), {"halaman": halaman})
    assert len(pertama) == 100
    assert len(baris_halaman(terakhir)) == n - 100 * (halaman - 1)
    assert f"Halaman {halaman} dari {halaman}" in teks(terakhir)
    # Newest first.
    waktu = [p.pada for p in semua]
    assert waktu == sorted(waktu, reverse=True)
    # Filters are kept in the page links.
    r = c.get(url_daftar(), {"jenis": "Target"})
    if len(baris_halaman(r)) == 100:
        assert "jenis=Target&amp;halaman=2" in r.content.decode()


def test_teks_pengguna_aman_di_html_dan_xlsx(pengguna):
    """Notes with markup or a formula are shown escaped on the page and written as text in the XLSX."""
    unsur = sub_kegiatan("disnaker", 22)
    k = komponen_pertama(unsur)
    jahat = '=HYPERLINK("http://contoh.invalid","klik") <script>alert(1)</script>'
    simpan_form(
        klien(pengguna, "op_pelatihan"),
        unsur,
        3,
        {f"nilai_{k.pk}": "2", field_catatan("faktor_penghambat", k.target.indikator_id): jahat},
    )
    c = klien(pengguna, "inspektorat")
    r = c.get(url_daftar(), {"pengguna": "op_pelatihan"})
    isi = r.content.decode()
    assert "<script>alert(1)</script>" not in isi
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in isi
    assert jahat in [b["baru"] for b in baris_halaman(r)]
    _, _, data = baris_xlsx(c.get(url_daftar() + "xlsx/", {"pengguna": "op_pelatihan"}))
    sel = next(x["Nilai baru"] for x in data if x["Kolom"].value == "Faktor penghambat")
    assert sel.value == jahat
    assert sel.data_type == "s"  # text, not a formula
    assert sel.quotePrefix


def test_xlsx_judul_dan_kosong(pengguna):
    c = klien(pengguna, "kadis")
    judul, header, data = baris_xlsx(c.get(url_daftar() + "xlsx/", {"dari": "2999-01-01"}))
    assert judul[0][0].value.startswith("Jejak Audit")
    assert header == [h for h, _, _ in audit.KOLOM_XLSX]
    assert [x["Waktu"].value for x in data] == ["Tidak ada perubahan yang cocok."]
    r = c.get(url_daftar() + "xlsx/")
    assert r["Content-Disposition"] == f'attachment; filename="audit-disnaker-{TAHUN}.xlsx"'
    _, _, data = baris_xlsx(r)
    assert len(data) == len(audit.riwayat(pengguna["kadis"].pengguna.opd, TAHUN))


# --- A fixed number of queries ------------------------------------------------------------------------------------


def test_kueri_tetap_seed_dan_sintetis(pengguna, opd, django_assert_num_queries):
    """The list, its XLSX and an indicator's page: the same number of queries at seed size and ~10× with edits."""
    user = pengguna["verifikator"]
    jejak_sintetis(opd, user, n=3)
    besar = buat_opd_sintetis(93, TAHUN, program=20, kegiatan=3, sub=3)
    jejak_sintetis(besar, user, n=40)
    assert Indikator.objects.filter(unsur__opd=besar).count() > 4 * Indikator.objects.filter(unsur__opd=opd).count()
    n_seed, n_besar = len(audit.riwayat(opd, TAHUN)), len(audit.riwayat(besar, TAHUN))
    assert n_seed > 100 and n_besar > 100

    c = klien(pengguna, "inspektorat")
    for o in (opd, besar):
        for kueri in ({}, {"halaman": 2}, {"jenis": "Realisasi", "teks": "a"}):
            with django_assert_num_queries(KUERI_DAFTAR):
                assert c.get(url_daftar(o.slug), kueri).status_code == 200
        with django_assert_num_queries(KUERI_DAFTAR):
            assert c.get(url_daftar(o.slug) + "xlsx/").status_code == 200
        ind = Indikator.objects.filter(unsur__opd=o, unsur__level="sub_kegiatan").order_by("id").first()
        with django_assert_num_queries(KUERI_INDIKATOR):
            assert c.get(f"{url_daftar(o.slug)}indikator/{ind.pk}/").status_code == 200


def test_alur_verifikasi_lengkap_tercatat_sekali(pengguna):
    """The real workflow (evaluasi/layanan/verifikasi.py): each step once, with its note, by its person."""
    from evaluasi.layanan.verifikasi import jalankan_aksi

    unsur = sub_kegiatan("disnaker", 22)
    k = komponen_pertama(unsur)
    ind = k.target.indikator
    op, ver = pengguna["op_pelatihan"], pengguna["verifikator"]
    simpan_form(klien(pengguna, "op_pelatihan"), unsur, 1, {f"nilai_{k.pk}": "5"})
    jalankan_aksi(op, unsur, 1, "ajukan")
    jalankan_aksi(ver, unsur, 1, "kembalikan", "Lampirkan daftar hadir")
    simpan_form(klien(pengguna, "op_pelatihan"), unsur, 1, {f"nilai_{k.pk}": "6"})
    jalankan_aksi(op, unsur, 1, "ajukan")
    jalankan_aksi(ver, unsur, 1, "verifikasi")
    jalankan_aksi(ver, unsur, 1, "buka", "Salah satuan")

    baris = _baris_indikator(klien(pengguna, "inspektorat").get(f"/opd/disnaker/audit/{TAHUN}/indikator/{ind.pk}/"))
    status = [
        (b["pengguna"], b["kolom"], b["lama"], b["baru"], b["catatan"])
        for b in baris
        if b["jenis"] == "Status" and b["tw"] == "I"
    ]
    # Newest first. The entry form's own status change (dikembalikan → draf on saving) comes from the history.
    assert status == [
        ("verifikator", "Status (Dibuka kembali)", "Diverifikasi", "Draf", "Salah satuan"),
        ("verifikator", "Status (Diverifikasi)", "Diajukan", "Diverifikasi", ""),
        ("op_pelatihan", "Status (Diajukan)", "Draf", "Diajukan", ""),
        ("op_pelatihan", "Status", "Dikembalikan", "Draf", ""),
        ("verifikator", "Status (Dikembalikan)", "Diajukan", "Dikembalikan", "Lampirkan daftar hadir"),
        ("op_pelatihan", "Status (Diajukan)", "Draf", "Diajukan", ""),
        ("op_pelatihan", "Status", "-", "Draf", ""),
    ]
    nilai = [(b["lama"], b["baru"]) for b in baris if b["kolom"] == f"Realisasi komponen {k.urutan}" and b["tw"] == "I"]
    assert nilai == [
        (capaian.format_jumlah(Decimal(5), k.satuan), capaian.format_jumlah(Decimal(6), k.satuan)),
        ("-", capaian.format_jumlah(Decimal(5), k.satuan)),
    ]
    # The verifier's note is on the step's line, not repeated as a separate field change.
    assert not [b for b in baris if b["kolom"] == "Catatan verifikator" and b["pengguna"] == "verifikator"]
