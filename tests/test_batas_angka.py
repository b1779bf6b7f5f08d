"""Numbers within what the databases store: refused at every door (form, service, admin, import), never rounded,
and a stored value beyond the limits (written before them) found and repaired without a 500 anywhere."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaluasi import capaian
from evaluasi.batas_angka import JUMLAH_MAKS, RUPIAH_MAKS, cek_jumlah, cek_rupiah, validasi_jumlah
from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.models import Anggaran, AnggaranTriwulan, KomponenTarget, NilaiRealisasi, Opd, PerbaikanAngka
from evaluasi.perbaikan_angka import cari, cek_angka_tersimpan
from evaluasi.versi import naikkan_versi
from tests.test_entri import LULUSAN, angka_laporan, isian, jejak, nama_nilai, sub, teks, url
from tests.test_impor import _galat, _tw1_dengan
from tests.test_impor_bantu import huruf, pribadi  # noqa: F401 - fixture
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

BESAR = "angka terlalu besar: paling banyak 11 digit sebelum koma"
DESIMAL = "paling banyak 4 angka di belakang koma; angka tidak dibulatkan diam-diam."
HANYA_SQLITE = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite keeps 15 digits; PostgreSQL numeric(15, 4) refuses such a value"
)


def _halaman(s22, ind_id):
    """Every page that reads the OPD's numbers (the ones that answered 500 on a stored value too large)."""
    dasar = "/opd/disnaker/laporan/2022/"
    return [
        "/opd/disnaker/",
        f"/opd/disnaker/dasbor/2022/indikator/{ind_id}/",
        dasar + "semester/2/",
        dasar + "semester/2/pdf/",
        dasar + "semester/2/xlsx/",
        dasar + "semester/2/data.json",
        dasar + "e81/",
        dasar + "e81/xlsx/",
        url(s22),
        "/opd/disnaker/audit/2022/",
        "/opd/disnaker/audit/2022/xlsx/",
        f"/opd/disnaker/audit/2022/indikator/{ind_id}/",
    ]


def _semua_200(pengguna, s22, ind_id):
    c = Client()
    c.force_login(pengguna["verifikator"])
    for alamat in _halaman(s22, ind_id):
        assert c.get(alamat).status_code == 200, alamat


# --- The entry form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ketik, pesan",
    [
        ("9.999.999.999.999.999", f"{LULUSAN}: {BESAR}"),
        ("123.456.789.012.345,6789", f"{LULUSAN}: {BESAR}"),
        ("100.000.000.000", f"{LULUSAN}: {BESAR}"),
        ("1,00001", f"{LULUSAN}: {DESIMAL}"),
        ("12,345678901234567890", f"{LULUSAN}: {DESIMAL}"),
    ],
)
def test_form_menolak_angka_di_luar_batas(pengguna, opd, ketik, pesan):
    c = klien(pengguna, "op_pelatihan")
    s22 = sub(22)
    f = isian(c.get(url(s22)))
    f.data[nama_nilai(s22, 1)] = ketik
    sebelum, laporan_sebelum = jejak(), angka_laporan(opd)
    r = c.post(url(s22), f.data)
    assert r.status_code == 400
    assert pesan in teks(r)
    assert "tidak ada yang disimpan" in teks(r)
    assert jejak() == sebelum and angka_laporan(opd) == laporan_sebelum
    _semua_200(pengguna, s22, s22.indikator.order_by("urutan", "id")[0].pk)


def test_form_menerima_batas_tepat_dan_membacanya_kembali(pengguna, opd):
    c = klien(pengguna, "op_pelatihan")
    s22 = sub(22)
    f = isian(c.get(url(s22)))
    nama = nama_nilai(s22, 1)
    f.data[nama] = "99.999.999.999,9999"
    # Far above its target: a plausibility warning the operator confirms (issue 12), then it is saved.
    f.data["konfirmasi_kewajaran"] = "on"
    f.data["alasan_kewajaran"] = "Uji batas angka terbesar yang tersimpan."
    assert c.post(url(s22), f.data).status_code == 302
    n = NilaiRealisasi.objects.get(komponen_id=int(nama.removeprefix("nilai_")), realisasi__triwulan=1)
    assert n.nilai == JUMLAH_MAKS
    assert isian(c.get(url(s22))).data[nama] == "99.999.999.999,9999"
    _semua_200(pengguna, s22, n.realisasi.indikator_id)


def test_form_anggaran_rupiah_terlalu_besar(pengguna, opd):
    c = klien(pengguna, "op_pelatihan")
    s22 = sub(22)
    f = isian(c.get(url(s22)))
    f.data["anggaran"] = "1.000.000.000.000.000"
    sebelum = jejak()
    r = c.post(url(s22), f.data)
    assert r.status_code == 400
    assert "Realisasi anggaran TW I: rupiah terlalu besar: paling banyak 15 digit" in teks(r)
    assert jejak() == sebelum


# --- The admin -----------------------------------------------------------------------------------


def _pesan_admin(r):
    return teks(r)


def test_admin_menolak_angka_di_luar_batas(pengguna, opd):
    c = klien(pengguna, "admin")
    k = KomponenTarget.objects.filter(target__indikator__unsur__opd=opd).first()
    alamat = f"/admin/evaluasi/komponentarget/{k.pk}/change/"
    for ketik in ["9999999999999999", "123456789012345.6789", "1.00001"]:
        r = c.post(alamat, {"target": k.target_id, "urutan": k.urutan, "jumlah": ketik, "satuan": k.satuan})
        assert r.status_code == 200, ketik  # the form again, with the error
        halaman = _pesan_admin(r)
        assert "Angka terlalu besar" in halaman or "Paling banyak 4 angka di belakang koma" in halaman, ketik
        k.refresh_from_db()
        assert k.jumlah < 1000
    at = AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd).order_by("pk").first()
    data = {"anggaran": at.anggaran_id, "triwulan": at.triwulan, "rencana_penarikan": "1000000000000000"}
    data["realisasi"] = "" if at.realisasi is None else str(at.realisasi)
    r = c.post(f"/admin/evaluasi/anggarantriwulan/{at.pk}/change/", data)
    assert r.status_code == 200 and "Rupiah terlalu besar" in _pesan_admin(r)
    at.refresh_from_db()
    assert at.rencana_penarikan != 1000000000000000


def test_validator_model_dan_batasan_basis_data(opd):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Angka terlalu besar"):
        validasi_jumlah(Decimal("9999999999999999"))
    n = NilaiRealisasi.objects.filter(realisasi__indikator__unsur__opd=opd).first()
    n.nilai = Decimal("123456789012.5")
    with pytest.raises(ValidationError, match="Angka terlalu besar"):
        n.full_clean()
    # A write that skips the validators (bulk, raw ORM save) meets the database's own check.
    if connection.vendor == "sqlite":
        with pytest.raises(IntegrityError), transaction.atomic():
            NilaiRealisasi.objects.filter(pk=n.pk).update(nilai=Decimal("123456789012"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Anggaran.objects.filter(unsur__opd=opd).update(pagu_murni=RUPIAH_MAKS + 1)


# --- The import ----------------------------------------------------------------------------------


def test_impor_menolak_angka_di_luar_batas(pengguna, opd, pribadi):  # noqa: F811
    c = klien(pengguna, "op_pelatihan")
    wb, b1 = _tw1_dengan(c, urutan=1, nilai=9999999999999999)
    ws = wb[K.LEMBAR_REALISASI]
    from tests.test_impor_bantu import cari_baris, tulis

    b2 = cari_baris(ws, K.KOLOM_REALISASI, nomor="22", urutan=2)
    tulis(ws, K.KOLOM_REALISASI, b2, nilai="1,12345678901234567890")
    galat = _galat(c, opd, wb)
    kol = huruf(K.KOLOM_REALISASI, "nilai")
    assert galat == [
        f"Lembar 'Realisasi', baris {b1}, kolom {kol} (Realisasi TW I): {BESAR}.",
        f"Lembar 'Realisasi', baris {b2}, kolom {kol} (Realisasi TW I): {DESIMAL}",
    ]


# --- Rows stored before the limits ---------------------------------------------------------------


def _tanam(sql, params):
    """Write past the CHECK constraints, as a row written before them (or restored from an old backup) would be.

    The data version moves too: such a row was there before any page was cached.
    """
    naikkan_versi(Opd.objects.get(slug="disnaker"))
    with connection.cursor() as cur:
        cur.execute("PRAGMA ignore_check_constraints = ON")
        try:
            cur.execute(sql, params)
        finally:
            cur.execute("PRAGMA ignore_check_constraints = OFF")


@HANYA_SQLITE
def test_baris_lama_di_luar_batas_ditemukan_dan_diperbaiki(pengguna, opd):
    s22 = sub(22)
    ind = s22.indikator.order_by("urutan", "id")[0]
    n = NilaiRealisasi.objects.filter(realisasi__indikator=ind).order_by("pk").first()
    k = KomponenTarget.objects.filter(target__indikator=ind).order_by("pk").first()
    _tanam("UPDATE evaluasi_nilairealisasi SET nilai = %s WHERE id = %s", ["9999999999999999", n.pk])
    _tanam("UPDATE evaluasi_historicalnilairealisasi SET nilai = %s WHERE id = %s", ["9999999999999999", n.pk])
    _tanam("UPDATE evaluasi_komponentarget SET jumlah = %s WHERE id = %s", ["123456789012345.6789", k.pk])

    # As the operator saw it: the OPD's pages fail to read the row.
    c = Client()
    c.force_login(pengguna["verifikator"])
    with pytest.raises(Exception, match="InvalidOperation|decimal"):
        c.get("/opd/disnaker/laporan/2022/semester/2/")

    temuan = cari(connection)
    tempat = {(t.tabel, t.baris, t.kolom) for t in temuan}
    assert ("evaluasi_nilairealisasi", n.pk, "nilai") in tempat
    assert ("evaluasi_komponentarget", k.pk, "jumlah") in tempat
    assert {t.tabel for t in temuan} >= {"evaluasi_historicalnilairealisasi"}
    peringatan = cek_angka_tersimpan(databases=["default"])
    assert len(peringatan) == len(temuan) and all(p.id == "evaluasi.W001" for p in peringatan)
    assert f"evaluasi_nilairealisasi id={n.pk} kolom nilai" in peringatan[0].msg + "".join(p.msg for p in peringatan)

    keluar = io.StringIO()
    call_command("perbaiki_angka", stdout=keluar)  # only lists
    assert f"{len(temuan)} angka di luar batas" in keluar.getvalue()
    assert len(cari(connection)) == len(temuan)

    call_command("perbaiki_angka", "--terapkan", stdout=io.StringIO())
    assert cari(connection) == [] and cek_angka_tersimpan(databases=["default"]) == []
    # Nothing lost: each value as the database held it, and what replaced it.
    dicatat = {(p.tabel, p.baris, p.kolom): p for p in PerbaikanAngka.objects.all()}
    assert len(dicatat) == len(temuan)
    p = dicatat[("evaluasi_nilairealisasi", n.pk, "nilai")]
    assert Decimal(p.nilai_tersimpan) == Decimal("9999999999999999") and p.diganti_dengan == "kosong"
    p = dicatat[("evaluasi_komponentarget", k.pk, "jumlah")]
    assert Decimal(p.nilai_tersimpan) == Decimal("123456789012346") and p.diganti_dengan == "0"
    n.refresh_from_db()
    assert n.nilai is None
    _semua_200(pengguna, s22, ind.pk)
    r = klien(pengguna, "admin").get("/admin/evaluasi/perbaikanangka/")
    assert r.status_code == 200 and "evaluasi_nilairealisasi" in r.content.decode()


@HANYA_SQLITE
def test_baris_riwayat_saja_tetap_merusak_audit_sampai_diperbaiki(pengguna, opd):
    """The value was corrected on the entry form, but the history row keeps it: the audit pages need the repair."""
    s22 = sub(22)
    ind = s22.indikator.order_by("urutan", "id")[0]
    n = NilaiRealisasi.objects.filter(realisasi__indikator=ind).order_by("pk").first()
    _tanam("UPDATE evaluasi_historicalnilairealisasi SET nilai = %s WHERE id = %s", ["9999999999999999", n.pk])
    c = Client()
    c.force_login(pengguna["inspektorat"])
    with pytest.raises(Exception, match="InvalidOperation|decimal"):
        c.get(f"/opd/disnaker/audit/2022/indikator/{ind.pk}/")
    call_command("perbaiki_angka", "--terapkan", stdout=io.StringIO())
    _semua_200(pengguna, s22, ind.pk)
    wb = load_workbook(io.BytesIO(c.get("/opd/disnaker/audit/2022/xlsx/").content))
    assert wb.worksheets


# --- Properties ----------------------------------------------------------------------------------

_TEKS_ANGKA = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A-?(Rp ?)?[0-9.]{0,30}(,[0-9]{0,25})?%?\Z"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@given(_TEKS_ANGKA)
@settings(max_examples=400, deadline=None)
def test_parse_dan_batas_hanya_menolak_dengan_angka_tidak_sah(teks_angka):
    try:
        nilai = capaian.parse_angka(teks_angka)
        hasil = cek_jumlah(nilai)
    except capaian.AngkaTidakSah:
        return
    assert hasil is None or Decimal(0) <= hasil <= JUMLAH_MAKS
    if hasil is not None:
        assert hasil == hasil.quantize(Decimal("0.0001"))  # accepted as typed: nothing was rounded
    try:
        cek_rupiah(nilai)
    except capaian.AngkaTidakSah:
        pass


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.integers() | st.none())
@settings(max_examples=300, deadline=None)
def test_validator_hanya_validationerror(nilai):
    from django.core.exceptions import ValidationError

    try:
        validasi_jumlah(nilai)
    except ValidationError:
        pass


_JUMLAH_SAH = st.decimals(min_value=0, max_value=JUMLAH_MAKS, places=4, allow_nan=False, allow_infinity=False)


@given(_JUMLAH_SAH, st.integers(min_value=0, max_value=RUPIAH_MAKS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_angka_diterima_tersimpan_dan_terbaca_tepat(opd, jumlah, rupiah):
    """Whatever the limits accept comes back from the database exactly (SQLite REAL included)."""
    assert cek_jumlah(jumlah) == jumlah and cek_rupiah(rupiah) == rupiah
    n = NilaiRealisasi.objects.filter(realisasi__indikator__unsur__opd=opd).order_by("pk").first()
    n.nilai = jumlah
    n.full_clean(exclude=["realisasi", "komponen"])
    n.save(update_fields=["nilai"])
    assert NilaiRealisasi.objects.get(pk=n.pk).nilai == jumlah
    # The text typed on the form reads back to the same value.
    assert capaian.parse_angka(capaian.format_angka(jumlah, 4, buang_nol=True)) == jumlah
    at = AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd).order_by("pk").first()
    AnggaranTriwulan.objects.filter(pk=at.pk).update(rencana_penarikan=rupiah)
    assert AnggaranTriwulan.objects.get(pk=at.pk).rencana_penarikan == rupiah
