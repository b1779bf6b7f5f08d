"""Official = verified (issue 12): drafts, submitted and returned values never reach an output by default.

Scenario: the operator of Pelatihan saves TW I of sub kegiatan 22 (a value for each indicator and a
realisasi anggaran) through the entry form. Every output is read back through its real interface
(HTML, PDF text with pypdf, XLSX cells with openpyxl, JSON) as Kepala Dinas, Inspektorat or Bappeda.
"""

import io
import json
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi import capaian
from evaluasi.laporan.data import data_laporan
from evaluasi.layanan.nilai import segarkan_ada_nilai
from evaluasi.layanan.verifikasi import jalankan_aksi
from evaluasi.models import NilaiRealisasi, Realisasi, Unsur
from evaluasi.sintetis import buat_opd_sintetis
from tests.test_entri import isian, nama_nilai, teks
from tests.test_kueri import KUERI_LAPORAN

pytestmark = pytest.mark.django_db

LAPORAN = "/opd/disnaker/laporan/2022/semester/2/"
E81 = "/opd/disnaker/laporan/2022/e81/"
ANGGARAN_TW1 = 1_234_567
JUMLAH_SEED = 8_535_509_727
JUMLAH_DRAF = JUMLAH_SEED + ANGGARAN_TW1
DRAF = "DRAF — memuat angka yang belum diverifikasi"


def klien(pengguna, username):
    c = Client()
    c.force_login(pengguna[username])
    return c


def sub(nomor):
    return Unsur.objects.get(opd__slug="disnaker", tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor=str(nomor))


def simpan_tw1(pengguna, s22, status="draf"):
    """The operator saves TW I of sub kegiatan 22 through the form, then (optionally) submits; returns it."""
    op = klien(pengguna, "op_pelatihan")
    url = f"/opd/disnaker/entri/2022/sub-kegiatan/{s22.pk}/triwulan/1/"
    f = isian(op.get(url))
    for i in range(1, s22.indikator.count() + 1):
        f.data[nama_nilai(s22, i)] = "7"
    f.data["anggaran"] = str(ANGGARAN_TW1)
    r = op.post(url, f.data)
    assert r.status_code == 302, teks(r)
    if status in ("diajukan", "dikembalikan", "diverifikasi"):
        jalankan_aksi(pengguna["op_pelatihan"], s22, 1, "ajukan")
    if status == "dikembalikan":
        jalankan_aksi(pengguna["verifikator"], s22, 1, "kembalikan", "Lampirkan bukti.")
    if status == "diverifikasi":
        jalankan_aksi(pengguna["verifikator"], s22, 1, "verifikasi")
    assert set(Realisasi.objects.filter(indikator__unsur=s22, triwulan=1).values_list("status", flat=True)) == {status}


def rp(n):
    return capaian.format_rupiah(n)


def teks_pdf(isi):
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(isi)).pages]


def sel_xlsx(isi):
    wb = load_workbook(io.BytesIO(isi))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def semua_sel(lembar):
    return [v for baris in lembar.values() for r in baris for v in r]


def jumlah_xlsx(lembar):
    """The realisasi of the JUMLAH row of the Sub Kegiatan sheet."""
    for r in lembar["Sub Kegiatan"]:
        if r[0] == "JUMLAH":
            return [v for v in r if isinstance(v, int)][1]
    raise AssertionError("JUMLAH tidak ada")


def periksa_keluaran(pengguna, harap, user="kadis", draf=False):
    """Every output shows JUMLAH realisasi ``harap``; the coverage line is in each; ``draf`` marks them."""
    c = klien(pengguna, user)
    q = "?draf=1" if draf else ""
    tanda = "tanda-draf"

    halaman = c.get(LAPORAN + q)
    assert halaman.status_code == 200
    t = teks(halaman)
    assert f"{rp(harap)}" in t and "nilai diverifikasi, per" in t
    assert (DRAF in t) == draf and (tanda in halaman.content.decode()) == draf

    data = json.loads(c.get(LAPORAN + "data.json" + q).content)
    assert data["jumlah"]["realisasi_anggaran"] == harap
    assert data["termasuk_draf"] is draf and "nilai diverifikasi, per" in data["cakupan_verifikasi"]["teks"]
    s22 = next(u for u in data["unsur"] if u["level"] == "sub_kegiatan" and u["nomor"] == "22")
    assert s22["realisasi_anggaran_diverifikasi"] is (not draf or harap == JUMLAH_SEED)

    lembar = sel_xlsx(c.get(LAPORAN + "xlsx/" + q).content)
    assert jumlah_xlsx(lembar) == harap
    sel = semua_sel(lembar)
    assert any(isinstance(v, str) and "nilai diverifikasi, per" in v for v in sel)
    assert ("memuat angka belum diverifikasi" in sel) == draf
    assert any(isinstance(v, str) and v.startswith(DRAF) for v in sel) == draf

    e81 = c.get(E81 + "?triwulan=1" + ("&draf=1" if draf else ""))
    t = teks(e81)
    assert "nilai diverifikasi, per" in t
    ada_tw1 = rp(ANGGARAN_TW1) in t
    e81_xlsx = semua_sel(sel_xlsx(c.get(E81 + "xlsx/?triwulan=1" + ("&draf=1" if draf else "")).content))
    assert (ANGGARAN_TW1 in e81_xlsx) == ada_tw1
    assert any(isinstance(v, str) and "nilai diverifikasi, per" in v for v in e81_xlsx)

    d = c.get(f"/opd/disnaker/?tahun=2022&triwulan=4{'&draf=1' if draf else ''}")  # a cached body: read the HTML
    html = d.content.decode()
    assert re.search(rf"Rp {re.escape(rp(harap))}( D)? dari pagu", teks(d)) and "nilai diverifikasi, per" in html
    assert (tanda in html) == draf

    unsur = c.get(f"/opd/disnaker/dasbor/2022/unsur/{sub(22).pk}/?triwulan=4{'&draf=1' if draf else ''}")
    assert "nilai diverifikasi, per" in teks(unsur)
    return ada_tw1


# --- Nothing unverified reaches an official output -----------------------------------------------


@pytest.mark.parametrize("status", ["draf", "diajukan", "dikembalikan"])
def test_belum_diverifikasi_tidak_masuk_keluaran_resmi(pengguna, status):
    s22 = sub(22)
    simpan_tw1(pengguna, s22, status)
    for user in ("kadis", "inspektorat"):
        assert periksa_keluaran(pengguna, JUMLAH_SEED, user=user) is False  # TW I Rp not in E.81
    # The indicator page: TW I shows no value, whatever its status says.
    ind = s22.indikator.order_by("urutan", "id").first()
    r = klien(pengguna, "inspektorat").get(f"/opd/disnaker/dasbor/2022/indikator/{ind.pk}/")
    tw1 = r.context["d"].tahun_list[-1].triwulan[0]
    assert tw1.nilai is None and tw1.realisasi.status == status
    assert "nilai diverifikasi, per" in teks(r)
    # The kabupaten overview (Bappeda and Inspektorat) and its workbook.
    bap = klien(pengguna, "bappeda")
    r = bap.get("/kabupaten/?tahun=2022&triwulan=4")
    baris = next(b for b in r.context["baris"] if b.opd.slug == "disnaker")
    assert baris.realisasi == JUMLAH_SEED and "nilai diverifikasi, per" in teks(r)
    sel = semua_sel(sel_xlsx(bap.get("/kabupaten/xlsx/?tahun=2022&triwulan=4").content))
    assert JUMLAH_SEED in sel and any(isinstance(v, str) and "nilai diverifikasi, per" in v for v in sel)


def test_pdf_resmi_tanpa_draf_walau_draf_dibuat_dulu(pengguna):
    """The draft PDF is rendered (and cached) first; the official one is another document, with no DRAF line."""
    simpan_tw1(pengguna, sub(22))
    c = klien(pengguna, "kadis")
    draf = teks_pdf(c.get(LAPORAN + "pdf/?draf=1").content)
    assert all(DRAF in halaman for halaman in draf), [i for i, h in enumerate(draf, 1) if DRAF not in h]
    assert rp(JUMLAH_DRAF) in " ".join(draf)
    resmi = teks_pdf(c.get(LAPORAN + "pdf/").content)
    semua = " ".join(resmi)
    assert DRAF not in semua and rp(JUMLAH_SEED) in semua and rp(JUMLAH_DRAF) not in semua
    assert "nilai diverifikasi, per" in semua
    # Inspektorat asking for drafts gets the official document.
    insp = " ".join(teks_pdf(klien(pengguna, "inspektorat").get(LAPORAN + "pdf/?draf=1").content))
    assert DRAF not in insp and rp(JUMLAH_DRAF) not in insp


def test_halaman_dan_dasbor_tembolok_terpisah_per_saklar(pengguna):
    """A cached draft body is never served as the official one, and the reverse."""
    simpan_tw1(pengguna, sub(22))
    c = klien(pengguna, "kadis")
    for _ in range(2):  # the second round is served from the caches
        assert rp(JUMLAH_DRAF) in teks(c.get(LAPORAN + "?draf=1"))
        assert rp(JUMLAH_DRAF) not in teks(c.get(LAPORAN))
        assert f"Rp {rp(JUMLAH_DRAF)} D dari pagu" in teks(c.get("/?tahun=2022&triwulan=4&draf=1"))
        assert f"Rp {rp(JUMLAH_SEED)} dari pagu" in teks(c.get("/?tahun=2022&triwulan=4"))


def test_setelah_verifikasi_resmi(pengguna):
    simpan_tw1(pengguna, sub(22), "diverifikasi")
    assert periksa_keluaran(pengguna, JUMLAH_DRAF, user="inspektorat") is True
    r = klien(pengguna, "bappeda").get("/kabupaten/?tahun=2022&triwulan=4")
    assert next(b for b in r.context["baris"] if b.opd.slug == "disnaker").realisasi == JUMLAH_DRAF
    pdf = " ".join(teks_pdf(klien(pengguna, "inspektorat").get(LAPORAN + "pdf/").content))
    assert rp(JUMLAH_DRAF) in pdf and DRAF not in pdf


# --- The switch ------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["kadis", "verifikator", "op_pelatihan"])
def test_saklar_menandai_setiap_angka_draf(pengguna, user):
    simpan_tw1(pengguna, sub(22))
    assert periksa_keluaran(pengguna, JUMLAH_DRAF, user=user, draf=True) is True
    c = klien(pengguna, user)
    data = json.loads(c.get(LAPORAN + "data.json?draf=1").content)
    s22 = next(u for u in data["unsur"] if u["level"] == "sub_kegiatan" and u["nomor"] == "22")
    assert [i["realisasi_diverifikasi"] for i in s22["indikator"]] == [False] * len(s22["indikator"])
    # Kegiatan 9 shows the sum of its rincian (sub kegiatan 22-24, DESIGN "Roll-ups"): a sum holding a draft is one.
    k9 = next(u for u in data["unsur"] if u["level"] == "kegiatan" and u["nomor"] == "9")
    dijumlah = [i for i in k9["indikator"] if i["realisasi_dari"] == "jumlah_rincian"]
    assert dijumlah and not any(i["realisasi_diverifikasi"] for i in dijumlah)
    lain = [
        i
        for u in data["unsur"]
        if (u["level"], u["nomor"]) not in (("sub_kegiatan", "22"), ("kegiatan", "9"))
        for i in u["indikator"]
    ]
    assert all(i["realisasi_diverifikasi"] for i in lain)
    # Every marked cell of the sub kegiatan table is in row 22 or the JUMLAH; the switch links keep ?draf=1.
    html = c.get(LAPORAN + "?draf=1").content.decode()
    assert 'href="pdf/?draf=1"' in html and 'href="xlsx/?draf=1"' in html and 'href="data.json?draf=1"' in html
    assert 'role="switch" aria-checked="true"' in html
    e81 = c.get(E81 + "?triwulan=1&draf=1").content.decode()
    assert "tanda-draf" in e81 and "&amp;draf=1" in e81
    ind = sub(22).indikator.order_by("urutan", "id").first()
    r = c.get(f"/opd/disnaker/dasbor/2022/indikator/{ind.pk}/?draf=1")
    assert r.context["d"].tahun_list[-1].triwulan[0].draf and "tanda-draf" in r.content.decode()


@pytest.mark.parametrize("user", ["inspektorat", "bappeda"])
def test_saklar_ditolak_untuk_peran_luar(pengguna, user):
    simpan_tw1(pengguna, sub(22))
    c = klien(pengguna, user)
    html = c.get(LAPORAN + "?draf=1").content.decode()
    assert 'role="switch"' not in html and "tanda-draf" not in html and rp(JUMLAH_DRAF) not in teks_html(html)
    data = json.loads(c.get(LAPORAN + "data.json?draf=1").content)
    assert data["termasuk_draf"] is False and data["jumlah"]["realisasi_anggaran"] == JUMLAH_SEED
    assert ANGGARAN_TW1 not in semua_sel(sel_xlsx(c.get(E81 + "xlsx/?triwulan=1&draf=1").content))


def teks_html(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_entri_operator_tetap_menampilkan_draf(pengguna):
    """The operator's own form and work list still show what they saved (unchanged)."""
    s22 = sub(22)
    simpan_tw1(pengguna, s22)
    op = klien(pengguna, "op_pelatihan")
    f = isian(op.get(f"/opd/disnaker/entri/2022/sub-kegiatan/{s22.pk}/triwulan/1/"))
    assert f.data[nama_nilai(s22, 1)] == "7"
    kerja = op.get("/opd/disnaker/entri/2022/?triwulan=1")
    assert "Draf" in teks(kerja)


# --- Counts that cannot contradict -------------------------------------------------------------------


def test_seed_terverifikasi_dan_jumlah_dokumen(opd):
    """Every seed realisasi is verified and holds a value; the document's JUMLAH comes out of official data."""
    assert not Realisasi.objects.filter(indikator__unsur__opd=opd).exclude(status="diverifikasi").exists()
    assert not Realisasi.objects.filter(indikator__unsur__opd=opd, ada_nilai=False).exists()
    data = data_laporan(opd, 2022, 2)
    assert (data.jumlah.pagu, data.jumlah.realisasi_anggaran) == (9_054_343_734, JUMLAH_SEED)
    assert capaian.format_persen(data.jumlah.serapan) == "94,27%"
    assert data.cakupan.lengkap and data.cakupan.anggaran_terisi == 40


def test_dasbor_diverifikasi_tidak_melebihi_terisi(pengguna):
    c = klien(pengguna, "kadis")
    html = c.get("/?tahun=2022&triwulan=4").content.decode()
    terisi, jumlah, diverifikasi = map(
        int, re.search(r"(\d+) dari (\d+) indikator terisi · (\d+) diverifikasi", html).groups()
    )
    assert diverifikasi <= terisi <= jumlah and terisi == diverifikasi
    assert "satuan: indikator sub kegiatan × TW IV" in html


def test_basis_data_menolak_status_tanpa_nilai(opd):
    kosong = Realisasi.objects.filter(indikator__unsur__opd=opd).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Realisasi.objects.filter(pk=kosong.pk).update(ada_nilai=False)
    r = Realisasi.objects.filter(indikator__unsur__opd=opd, status="diverifikasi").first()
    # Clearing the last value of a verified realisasi: the refresh every writer runs makes the database refuse.
    with pytest.raises(IntegrityError), transaction.atomic():
        NilaiRealisasi.objects.filter(realisasi=r).update(nilai=None)
        segarkan_ada_nilai([r.pk])


def test_verifikasi_menolak_tanpa_nilai(pengguna):
    """Notes only (no value): nothing can be submitted, so nothing can be verified."""
    from evaluasi.layanan.verifikasi import AksiDitolak

    s23 = sub(23)
    op = klien(pengguna, "op_pelatihan")
    url = f"/opd/disnaker/entri/2022/sub-kegiatan/{s23.pk}/triwulan/1/"
    f = isian(op.get(url))
    ind = s23.indikator.order_by("urutan", "id").first()
    f.data[f"faktor_pendorong_{ind.pk}"] = "Catatan saja"
    assert op.post(url, f.data).status_code == 302
    with pytest.raises(AksiDitolak):
        jalankan_aksi(pengguna["op_pelatihan"], s23, 1, "ajukan")
    assert not Realisasi.objects.filter(indikator__unsur=s23, triwulan=1).exclude(status="draf").exists()


@pytest.mark.parametrize("draf", [False, True])
def test_kueri_tetap_dengan_dan_tanpa_draf(draf):
    kecil = buat_opd_sintetis(1, 2022, program=6, kegiatan=3, sub=2)
    besar = buat_opd_sintetis(2, 2022, program=60, kegiatan=3, sub=2)
    hitung = []
    for o in (kecil, besar):
        with CaptureQueriesContext(connection) as ctx:
            data_laporan(o, 2022, 2, termasuk_draf=draf)
        hitung.append(len(ctx.captured_queries))
    assert hitung == [KUERI_LAPORAN, KUERI_LAPORAN]


def test_model_menolak_mengosongkan_nilai_terakhir_yang_diverifikasi(opd):
    """The admin's form validation says why, before the database constraint would refuse it."""
    from django.core.exceptions import ValidationError

    r = Realisasi.objects.filter(indikator__unsur__opd=opd, status="diverifikasi").first()
    n = r.nilai.filter(nilai__isnull=False).first()
    NilaiRealisasi.objects.filter(realisasi=r).exclude(pk=n.pk).update(nilai=None)
    n.nilai = None
    with pytest.raises(ValidationError, match="harus berisi angka"):
        n.full_clean()


def test_saklar_ikut_ke_telusur(pengguna):
    """With the switch on, every drill-down link of the dashboard, unit and indicator pages keeps it."""
    c = klien(pengguna, "kadis")
    halaman = c.get("/?tahun=2022&triwulan=4&draf=1").content.decode()
    telusur = re.findall(r'href="(/opd/disnaker/dasbor/2022/(?:unsur|indikator)/\d+/[^"]*)"', halaman)
    assert telusur and all("draf=1" in h for h in telusur), telusur[:5]
    unsur = next(h for h in telusur if "/unsur/" in h).replace("&amp;", "&")
    halaman = c.get(unsur).content.decode()
    tautan = re.findall(r'href="(/opd/disnaker/dasbor/[^"]*)"', halaman)
    assert tautan and all("draf=1" in h for h in tautan), tautan[:5]
    indikator = next(h for h in telusur if "/indikator/" in h).replace("&amp;", "&")
    halaman = c.get(indikator).content.decode()
    tautan = re.findall(r'href="(/opd/disnaker/dasbor/[^"]*)"', halaman)
    assert tautan and all("draf=1" in h for h in tautan), tautan[:5]
    # Without the switch no link asks for drafts.
    assert "draf=1" not in re.sub(r'class="saklar-draf[^>]*>', "", c.get("/?tahun=2022&triwulan=4").content.decode())
