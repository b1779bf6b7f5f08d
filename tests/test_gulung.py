"""Roll-ups (DESIGN.md "Roll-ups") through the real interfaces: the plan template's Rincian sheet, impor_xlsx,
the report page, data.json and the data-quality view.

A new kabupaten's plan is imported from a workbook; the template it downloads back proposes the links (same
satuan, similar nama); only the rows a person confirms with "ya" become links; the linked kegiatan then shows
the sum of its sub kegiatan and is checked against them.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from evaluasi.impor import kolom as K  # noqa: N812 - as in the import modules
from evaluasi.impor.rincian import KOLOM_RINCIAN, LEMBAR_RINCIAN
from evaluasi.laporan.gulung import CalonRincian, kemiripan, usulan_rincian
from evaluasi.models import (
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Opd,
    Realisasi,
)

pytestmark = pytest.mark.django_db

SLUG = "dinas-baru"
LAPORAN = f"/opd/{SLUG}/laporan/2024/semester/2/"
TEMPLAT = f"/opd/{SLUG}/rencana/2024/templat.xlsx"
Tautan = Indikator.rincian.through


@pytest.fixture(autouse=True)
def _pribadi(penyimpanan):
    return penyimpanan


def _lembar(wb, nama, kolom, baris):
    ws = wb.create_sheet(nama)
    ws.append(K.judul_kolom(kolom))
    for b in baris:
        ws.append(b)


def _buku_rencana(rincian=()):
    """A hand-made plan workbook (no hidden keys, no meta: another installation's file), rows by visible codes."""
    wb = Workbook()
    wb.remove(wb.active)
    _lembar(
        wb,
        K.LEMBAR_UNSUR,
        K.KOLOM_UNSUR,
        [
            [None, "Program", "1", None, None, None, "Program Pelatihan Kerja", None, None, None, None],
            [None, "Kegiatan", "1", "Program", "1", None, "Pelatihan Berbasis Kompetensi", None, None, None, None],
            [None, "Sub Kegiatan", "1", "Kegiatan", "1", None, "Pelatihan Menjahit", None, None, 10_000_000, None],
            [None, "Sub Kegiatan", "2", "Kegiatan", "1", None, "Pelatihan Las", None, None, 20_000_000, None],
        ],
    )
    ind = [None] * 16
    _lembar(
        wb,
        K.LEMBAR_INDIKATOR,
        K.KOLOM_INDIKATOR,
        [
            [*ind[:1], "Kegiatan", "1", 1, None, "Jumlah peserta pelatihan berbasis kompetensi", "orang", *ind[7:]],
            [*ind[:1], "Sub Kegiatan", "1", 1, None, "Jumlah peserta pelatihan menjahit berbasis kompetensi", "orang"],
            [*ind[:1], "Sub Kegiatan", "2", 1, None, "Jumlah peserta pelatihan las berbasis kompetensi", "orang"],
            [*ind[:1], "Sub Kegiatan", "2", 2, None, "Jumlah modul pelatihan las", "dokumen"],
        ],
    )
    _lembar(
        wb,
        K.LEMBAR_TARGET,
        K.KOLOM_TARGET,
        [
            [None, "Kegiatan", "1", 1, None, 2024, 1, 30, "orang", None],
            [None, "Sub Kegiatan", "1", 1, None, 2024, 1, 20, "orang", None],
            [None, "Sub Kegiatan", "2", 1, None, 2024, 1, 15, "orang", None],
            [None, "Sub Kegiatan", "2", 2, None, 2024, 1, 1, "dokumen", None],
        ],
    )
    if rincian:
        _lembar(wb, LEMBAR_RINCIAN, KOLOM_RINCIAN, rincian)
    isi = io.BytesIO()
    wb.save(isi)
    return isi.getvalue()


def _impor(tmp_path, isi, nama="rencana.xlsx"):
    berkas = tmp_path / nama
    berkas.write_bytes(isi)
    keluar = io.StringIO()
    call_command("impor_xlsx", str(berkas), opd=SLUG, tahun=2024, stdout=keluar)
    return keluar.getvalue()


@pytest.fixture
def rencana_baru(tmp_path):
    """A new OPD whose plan (no links) came from a workbook, with TW I realisasi of both sub kegiatan (verified)."""
    Opd.objects.create(slug=SLUG, nama="Dinas Baru", kabupaten="Contoh")
    _impor(tmp_path, _buku_rencana())
    for nomor, nilai in (("1", 12), ("2", 9)):
        ind = Indikator.objects.get(unsur__opd__slug=SLUG, unsur__nomor=nomor, unsur__level="sub_kegiatan", urutan=1)
        r = Realisasi.objects.create(indikator=ind, triwulan=1, status=Realisasi.Status.DIVERIFIKASI, ada_nilai=True)
        NilaiRealisasi.objects.create(
            realisasi=r, komponen=KomponenTarget.objects.get(target__indikator=ind), nilai=Decimal(nilai)
        )
    return Opd.objects.get(slug=SLUG)


def _klien(pengguna, nama="bappeda"):
    c = Client()
    c.force_login(pengguna[nama])
    return c


def _baris_rincian(isi):
    ws = load_workbook(io.BytesIO(isi))[LEMBAR_RINCIAN]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == [k.judul for k in KOLOM_RINCIAN]
    return rows[1:]


def _tautan(opd):
    return sorted(
        (t.from_indikator.unsur.nomor, t.to_indikator.unsur.level, t.to_indikator.unsur.nomor, t.to_indikator.urutan)
        for t in Tautan.objects.filter(from_indikator__unsur__opd=opd).select_related(
            "from_indikator__unsur", "to_indikator__unsur"
        )
    )


def _teks(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- Suggestions (pure) --------------------------------------------------------------------------


def test_usulan_satuan_sama_nama_mirip():
    calon = [
        CalonRincian(1, 10, None, "orang", "Jumlah peserta pelatihan berbasis kompetensi"),
        CalonRincian(2, 20, 10, "Orang ", "Jumlah peserta pelatihan menjahit berbasis kompetensi"),
        CalonRincian(3, 20, 10, "dokumen", "Jumlah peserta pelatihan berbasis kompetensi"),  # other satuan
        CalonRincian(4, 20, 10, "orang", "Jumlah kendaraan dinas yang dirawat"),  # other meaning
        CalonRincian(5, 30, 20, "orang", "Jumlah peserta pelatihan berbasis kompetensi"),  # not a direct child of 10
    ]
    assert [(a, b) for a, b, _ in usulan_rincian(calon, set())] == [(1, 2), (2, 5)]
    assert [(a, b) for a, b, _ in usulan_rincian(calon, {(1, 2)})] == [(2, 5)]  # already linked: not proposed
    assert kemiripan("Jumlah kendaraan dinas", "Jumlah peserta pelatihan") < 0.45


# --- Template → confirm → import → report -------------------------------------------------------


def test_usulan_di_templat_hanya_yang_disetujui_diimpor(tmp_path, pengguna, rencana_baru):
    isi = _klien(pengguna).get(TEMPLAT).content
    usulan = _baris_rincian(isi)
    # Both sub kegiatan indicators in "orang" are proposed under the kegiatan's; the "dokumen" one is not.
    assert [(r[0], r[1], r[2], r[4], r[5], r[6], r[8], r[9]) for r in usulan] == [
        ("Kegiatan", "1", 1, "Sub Kegiatan", "1", 1, "usulan", None),
        ("Kegiatan", "1", 1, "Sub Kegiatan", "2", 1, "usulan", None),
    ]
    assert _tautan(rencana_baru) == []

    # Importing the template untouched links nothing: a suggestion is only a suggestion.
    _impor(tmp_path, isi, "tanpa-setuju.xlsx")
    assert _tautan(rencana_baru) == []

    # Confirm the first only (a workbook edited in Excel).
    wb = load_workbook(io.BytesIO(isi))
    wb[LEMBAR_RINCIAN]["J2"] = "ya"
    satu = io.BytesIO()
    wb.save(satu)
    _impor(tmp_path, satu.getvalue(), "satu.xlsx")
    assert _tautan(rencana_baru) == [("1", "sub_kegiatan", "1", 1)]

    # The next download lists it as a link ("tautan", "ya") and still proposes the other one.
    baris = _baris_rincian(_klien(pengguna).get(TEMPLAT).content)
    assert [(r[5], r[8], r[9]) for r in baris] == [("1", "tautan", "ya"), ("2", "usulan", None)]


def test_tautan_terimpor_menjumlah_di_laporan_json_dan_kualitas(tmp_path, pengguna, rencana_baru):
    rincian = [
        ["Kegiatan", "1", 1, None, "Sub Kegiatan", "1", 1, None, "usulan", "ya"],
        ["Kegiatan", "1", 1, None, "Sub Kegiatan", "2", 1, None, "usulan", "Ya"],
    ]
    keluar = _impor(tmp_path, _buku_rencana(rincian))
    assert _tautan(rencana_baru) == [("1", "sub_kegiatan", "1", 1), ("1", "sub_kegiatan", "2", 1)]
    # Idempotent: the same file again changes nothing.
    sebelum = list(Tautan.objects.filter(from_indikator__unsur__opd=rencana_baru).values_list("id", flat=True))
    assert "dibuat" in keluar
    _impor(tmp_path, _buku_rencana(rincian), "lagi.xlsx")
    assert list(Tautan.objects.filter(from_indikator__unsur__opd=rencana_baru).values_list("id", flat=True)) == sebelum

    c = _klien(pengguna, "bappeda")
    html = c.get(LAPORAN).content.decode()
    # The kegiatan shows 12 + 9 = 21 orang and says where it comes from; nothing was entered for it.
    assert re.search(r"21 orang<br><small class=\"jumlah-rincian\">jumlah dari rinciannya</small>", html)

    data = c.get(LAPORAN + "data.json").json()
    (kegiatan,) = [u for u in data["unsur"] if u["level"] == "kegiatan"]
    (ind,) = kegiatan["indikator"]
    assert (ind["realisasi_jumlah"], ind["realisasi_dari"], ind["capaian"]) == (21, "jumlah_rincian", 70)
    # Its target (30) is checked, not summed: 20 + 15 = 35 is an inconsistency of the entries ("isian").
    (t,) = [t for t in data["temuan_kualitas_data"] if t["jenis"] == "rincian"]
    assert (t["kelompok"], t["tertulis"], t["dihitung"]) == ("isian", "30", "35")
    assert t["pesan"] == "Target 30 tidak sama dengan jumlah rinciannya (20 + 15 = 35)."

    # The data-quality view puts it under "isian saat ini tidak konsisten", not under "dokumen vs hitungan".
    isian = html.split('id="kualitas-isian"')[1].split("</section>")[0]
    dokumen = html.split('id="kualitas-dokumen"')[1].split("</section>")[0]
    assert "Isian saat ini tidak konsisten (1)" in _teks(isian)
    assert "Target 30 tidak sama dengan jumlah rinciannya" in isian
    assert "Dokumen vs hitungan (0)" in _teks(dokumen) and "Tidak ada temuan." in dokumen

    # A sub kegiatan rises: the kegiatan follows at once (it no longer drifts from its children).
    nilai = NilaiRealisasi.objects.get(
        realisasi__indikator__unsur__opd=rencana_baru,
        realisasi__indikator__unsur__nomor="2",
        realisasi__indikator__urutan=1,
    )
    nilai.nilai = Decimal(14)
    nilai.save()
    (kegiatan,) = [u for u in c.get(LAPORAN + "data.json").json()["unsur"] if u["level"] == "kegiatan"]
    assert kegiatan["indikator"][0]["realisasi_jumlah"] == 26


def test_tidak_melepas_tautan(tmp_path, pengguna, rencana_baru):
    _impor(tmp_path, _buku_rencana([["Kegiatan", "1", 1, None, "Sub Kegiatan", "1", 1, None, "", "ya"]]))
    assert len(_tautan(rencana_baru)) == 1
    _impor(tmp_path, _buku_rencana([["Kegiatan", "1", 1, None, "Sub Kegiatan", "1", 1, None, "", "tidak"]]), "b.xlsx")
    assert _tautan(rencana_baru) == []


def test_galat_lembar_rincian_menyebut_baris(pengguna, rencana_baru):
    from evaluasi.impor import proses

    salah = _buku_rencana(
        [
            ["Kegiatan", "1", 1, None, "Sub Kegiatan", "9", 1, None, "", "ya"],
            ["Sub Kegiatan", "1", 1, None, "Kegiatan", "1", 1, None, "", "ya"],
            ["Kegiatan", "1", 1, None, "Sub Kegiatan", "1", 1, None, "", "mungkin"],
        ]
    )
    _, rencana = proses.pratinjau(pengguna["bappeda"], rencana_baru, 2024, salah, "salah.xlsx")
    galat = [str(g) for g in rencana.galat]
    assert galat == [
        "Lembar 'Rincian', baris 2, kolom F (Nomor rincian): indikator rincian 'Sub Kegiatan 9 no. 1' tidak ada "
        "di lembar Indikator maupun di sistem. Tulis level, nomor dan no. indikator persis seperti barisnya.",
        "Lembar 'Rincian', baris 3, kolom E (Level rincian): rincian harus berada di level di bawah induknya "
        "(Sub Kegiatan).",
        "Lembar 'Rincian', baris 4, kolom J (Setuju (ya/tidak)): isi 'ya' (tautkan), 'tidak' (lepas) atau kosongkan.",
    ]


def test_bukan_kumulatif_diperiksa_tidak_dijumlah(tmp_path, pengguna, rencana_baru):
    """A linked parent in another satuan is checked against its children but keeps its own (empty) realisasi."""
    ind = Indikator.objects.get(unsur__opd=rencana_baru, unsur__level="kegiatan")
    ind.satuan = "peserta"
    ind.save()
    _impor(tmp_path, _buku_rencana([["Kegiatan", "1", 1, None, "Sub Kegiatan", "1", 1, None, "", "ya"]]))
    ind.refresh_from_db()
    ind.satuan = "peserta"  # the import wrote "orang" back from the file; the link stays
    ind.save()
    data = _klien(pengguna).get(LAPORAN + "data.json").json()
    (kegiatan,) = [u for u in data["unsur"] if u["level"] == "kegiatan"]
    assert (kegiatan["indikator"][0]["realisasi_jumlah"], kegiatan["indikator"][0]["realisasi_dari"]) == (
        None,
        "isian",
    )
    temuan = [(t["kelompok"], t["tertulis"], t["dihitung"]) for t in data["temuan_kualitas_data"]]
    assert ("isian", "30", "20") in temuan and ("isian", "-", "12") in temuan


def test_salin_rencana_menyalin_tautan(tmp_path, pengguna, rencana_baru):
    from evaluasi.layanan.rencana import salin_rencana

    _impor(tmp_path, _buku_rencana([["Kegiatan", "1", 1, None, "Sub Kegiatan", "2", 1, None, "", "ya"]]))
    salin_rencana(pengguna["bappeda"], rencana_baru, 2024)
    baru = Tautan.objects.filter(from_indikator__unsur__opd=rencana_baru, from_indikator__unsur__tahun=2025)
    assert [(t.to_indikator.unsur.tahun, t.to_indikator.unsur.nomor) for t in baru] == [(2025, "2")]
