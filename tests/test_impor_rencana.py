"""Import of the plan (cascade, indicators, targets, pagu murni/perubahan), and the round trip of the seed."""

import pytest

from evaluasi.ekspor.data_json import data_terbuka
from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.impor import proses
from evaluasi.laporan.data import data_laporan
from evaluasi.layanan.nilai import segarkan_ada_nilai
from evaluasi.models import Anggaran, AngkaTercetak, Impor, Indikator, KomponenTarget, Realisasi, Target, Unsur
from tests.test_impor_bantu import (
    buka,
    cari_baris,
    huruf,
    impor_terakhir,
    jejak,
    pribadi,  # noqa: F401 - fixture
    simpan,
    tulis,
    unggah,
)
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

KU, KI, KT = K.KOLOM_UNSUR, K.KOLOM_INDIKATOR, K.KOLOM_TARGET
TEMPLAT = "/opd/disnaker/rencana/2022/templat.xlsx"


@pytest.fixture(autouse=True)
def _penyimpanan(pribadi):  # noqa: F811
    return pribadi


def _impor(user, opd, isi, tahun=2022):
    impor, rencana = proses.pratinjau(user, opd, tahun, isi, "x.xlsx")
    assert [str(g) for g in rencana.galat] == []
    proses.terapkan(user, impor, konfirmasi=True, alasan="Angka dokumen asli; diperiksa.")  # the seed's warnings
    impor.refresh_from_db()
    assert impor.status == Impor.Status.DITERAPKAN
    return impor


def verifikasi_semua(opd):
    """What the verifikator does after an import: every realisasi holding a value becomes verified."""
    qs = Realisasi.objects.filter(indikator__unsur__opd=opd)
    segarkan_ada_nilai(qs)
    qs.filter(ada_nilai=True).update(status=Realisasi.Status.DIVERIFIKASI)


def test_pulang_pergi_seed(pengguna, opd):
    """Export the seed's templates, empty the plan, import them back: every report figure is identical."""
    c = klien(pengguna, "bappeda")
    rencana = c.get(TEMPLAT).content
    realisasi = [c.get(f"{TEMPLAT}?triwulan={tw}").content for tw in (1, 2, 3, 4)]
    sebelum = {s: data_terbuka(data_laporan(opd, 2022, s)) for s in (1, 2)}
    assert sebelum[2]["jumlah"]["pagu"] == 9054343734

    # The printed figures of the plan's objects go with it (those of the JUMLAH row stay).
    tercetak = AngkaTercetak.objects.filter(opd=opd, tahun=2022).exclude(unsur=None, indikator=None).count()
    Unsur.objects.filter(opd=opd, tahun=2022).delete()
    assert data_terbuka(data_laporan(opd, 2022, 2))["unsur"] == []

    user = pengguna["bappeda"]
    pertama = _impor(user, opd, rencana)
    # units, indicators, target components, the 19 rincian links (sheet Rincian) and the printed figures
    assert pertama.ringkasan["dibuat"] == 71 + 102 + 125 + 19 + tercetak and pertama.ringkasan["diubah"] == 0
    assert AngkaTercetak.objects.filter(opd=opd, tahun=2022).exclude(unsur=None, indikator=None).count() == tercetak
    for isi in realisasi:
        _impor(user, opd, isi)  # rows are found by their natural keys: the hidden pks are gone
    # Imported realisasi is an entry, not a verification: the official report shows none of it yet.
    resmi = data_terbuka(data_laporan(opd, 2022, 2))
    assert resmi["jumlah"]["realisasi_anggaran"] is None
    assert all(i["realisasi_jumlah"] is None for u in resmi["unsur"] for i in u["indikator"])
    verifikasi_semua(opd)
    sesudah = {s: data_terbuka(data_laporan(opd, 2022, s)) for s in (1, 2)}
    for data in (*sebelum.values(), *sesudah.values()):  # "as of when" is the time of the latest entry
        data["cakupan_verifikasi"].pop("per")
        data["cakupan_verifikasi"].pop("teks")  # says the same "per …" in words
    assert sesudah == sebelum
    assert sesudah[2]["jumlah"] == {
        "pagu": 9054343734,
        "pagu_murni": 9054343734,
        "realisasi_anggaran": 8535509727,
        "serapan": sebelum[2]["jumlah"]["serapan"],
        "realisasi_anggaran_diverifikasi": True,
    }
    # Next year's targets (perjanjian kinerja) came along.
    assert Target.objects.filter(indikator__unsur__opd=opd, tahun=2023).count() == 9

    # And again: nothing changes.
    sebelum_lagi = jejak(opd)
    impor, rencana_ = proses.pratinjau(user, opd, 2022, c.get(TEMPLAT).content, "y.xlsx")
    assert (rencana_.dibuat, rencana_.diubah, rencana_.galat) == (0, 0, [])
    assert jejak(opd) == sebelum_lagi


def test_pagu_perubahan(pengguna, opd):
    """A pagu perubahan (APBD-P) beside the pagu murni: the report uses the latest, keeps the murni."""
    c = klien(pengguna, "verifikator")
    assert 'class="pagu-murni"' not in c.get("/opd/disnaker/laporan/2022/semester/2/").content.decode()
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_UNSUR]
    baris = cari_baris(ws, KU, level="Sub Kegiatan", nomor="22")
    tulis(ws, KU, baris, pagu_perubahan="1.700.000.000")
    r = unggah(c, "disnaker", 2022, simpan(wb))
    impor = impor_terakhir()
    assert (impor.ringkasan["diubah"], impor.ringkasan["dibuat"]) == (1, 0)
    halaman = c.get(r["Location"]).content.decode()
    assert "Pagu perubahan" in halaman and "1.700.000.000" in halaman
    c.post(r["Location"], {"aksi": "terapkan"})
    a = Anggaran.objects.get(unsur__opd=opd, unsur__tahun=2022, unsur__level="sub_kegiatan", unsur__nomor="22")
    assert (a.pagu_murni, a.pagu_perubahan, a.pagu) == (1600000000, 1700000000, 1700000000)
    assert a.history.first().history_user == pengguna["verifikator"]
    data = data_laporan(opd, 2022, 2)
    assert data.jumlah.pagu == 9054343734 + 100000000
    assert data.jumlah.pagu_murni == 9054343734
    assert data.per_unsur[a.unsur_id].pagu_berubah
    # The report shows the pagu in force and, where it differs, the pagu murni beside it.
    halaman = c.get("/opd/disnaker/laporan/2022/semester/2/").content.decode()
    assert '1.700.000.000<br><small class="pagu-murni">murni 1.600.000.000</small>' in halaman
    assert halaman.count('class="pagu-murni"') >= 1


def test_tambah_dan_ubah_rencana(pengguna, opd):
    """New rows are created (with parents found by level + nomor), edited names update in place."""
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_UNSUR]
    b = ws.max_row + 1
    tulis(
        ws,
        KU,
        b,
        level="Sub Kegiatan",
        nomor="41",
        induk_level="Kegiatan",
        induk_nomor="19",
        nama="Sub baru",
        bidang="penempatan",
        pagu_murni=5000000,
    )
    tulis(ws, KU, cari_baris(ws, KU, level="Program", nomor="3"), nama="Program pelatihan (nama baru)")
    wi = wb[K.LEMBAR_INDIKATOR]
    tulis(wi, KI, wi.max_row + 1, level="Sub Kegiatan", nomor="41", urutan=1, nama="Jumlah peserta", satuan="orang")
    wt = wb[K.LEMBAR_TARGET]
    for komp, (jumlah, satuan) in enumerate([("10", "orang"), ("2,5", "paket")], 1):
        tulis(
            wt,
            KT,
            wt.max_row + 1,
            level="Sub Kegiatan",
            nomor="41",
            urutan=1,
            tahun=2022,
            komponen=komp,
            jumlah=jumlah,
            satuan=satuan,
            teks="10 orang, 2,5 paket",
        )
    sebelum = Unsur.objects.filter(opd=opd, tahun=2022).count()
    impor = _impor(pengguna["bappeda"], opd, simpan(wb))
    assert (impor.ringkasan["dibuat"], impor.ringkasan["diubah"]) == (4, 1)
    baru = Unsur.objects.get(opd=opd, tahun=2022, level="sub_kegiatan", nomor="41")
    assert (baru.induk.level, baru.induk.nomor, baru.bidang.kode, baru.anggaran.pagu_murni) == (
        "kegiatan",
        "19",
        "penempatan",
        5000000,
    )
    ind = baru.indikator.get()
    assert [(k.jumlah, k.satuan) for k in KomponenTarget.objects.filter(target__indikator=ind).order_by("urutan")] == [
        (10, "orang"),
        (pytest.approx(2.5), "paket"),
    ]
    assert Unsur.objects.filter(opd=opd, tahun=2022).count() == sebelum + 1
    assert Unsur.objects.get(opd=opd, tahun=2022, level="program", nomor="3").nama == "Program pelatihan (nama baru)"


def _galat_rencana(c, opd, wb):
    sebelum = jejak(opd)
    r = unggah(c, "disnaker", 2022, simpan(wb))
    impor = impor_terakhir()
    assert r.status_code == 302 and impor.status == Impor.Status.DITOLAK
    assert jejak(opd) == sebelum
    return [g["teks"] for g in impor.ringkasan["galat"]]


def test_galat_rencana(pengguna, opd):
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_UNSUR]
    b_prog = cari_baris(ws, KU, level="Program", nomor="3")
    tulis(ws, KU, b_prog, pagu_murni=1000)
    b_sub = cari_baris(ws, KU, level="Sub Kegiatan", nomor="22")
    tulis(ws, KU, b_sub, pagu_murni="satu milyar")
    b_baru = ws.max_row + 1
    tulis(ws, KU, b_baru, level="Bagian", nomor="1", nama="x")
    b_induk = ws.max_row + 1
    tulis(ws, KU, b_induk, level="Sub Kegiatan", nomor="99", induk_level="Kegiatan", induk_nomor="77", nama="y")
    wt = wb[K.LEMBAR_TARGET]
    b_t = 2
    tulis(wt, KT, b_t, tahun=2030, kunci=None)
    b_j = 3
    tulis(wt, KT, b_j, jumlah=-1)
    galat = _galat_rencana(c, opd, wb)
    assert galat == [
        f"Lembar 'Unsur', baris {b_sub}, kolom {huruf(KU, 'pagu_murni')} (Pagu murni (Rp)): 'satu milyar' bukan angka. "
        "Ketik angka (mis. 1.234,5 atau Rp 1.234.567), atau kosongkan sel bila belum ada.",
        f"Lembar 'Target', baris {b_j}, kolom {huruf(KT, 'jumlah')} (Jumlah): tidak boleh negatif (-1). "
        "Ketik 0 atau lebih.",
        f"Lembar 'Unsur', baris {b_baru}, kolom {huruf(KU, 'level')} (Level): level 'Bagian' tidak dikenal. "
        "Pilih salah satu: Misi, Tujuan RPJMD, Sasaran RPJMD, Tujuan PD, Sasaran PD, Program, Kegiatan, Sub Kegiatan.",
        f"Lembar 'Unsur', baris {b_prog}, kolom {huruf(KU, 'pagu_murni')} (Pagu murni (Rp)): pagu hanya diisi pada "
        "Sub Kegiatan; pagu kegiatan, program dan seterusnya dihitung dari jumlah sub kegiatannya. Kosongkan sel ini.",
        f"Lembar 'Unsur', baris {b_induk}, kolom {huruf(KU, 'induk_nomor')} (Nomor induk): induk 'Kegiatan 77' tidak "
        "ada di lembar Unsur maupun di sistem. Tulis level dan nomor induk persis seperti barisnya.",
        f"Lembar 'Target', baris {b_t}, kolom {huruf(KT, 'tahun')} (Tahun target): tahun target harus 2022 atau 2023 "
        "(perjanjian kinerja).",
    ]


def test_galat_unsur_ganda(pengguna, opd):
    c = klien(pengguna, "bappeda")
    wb = buka(c.get(TEMPLAT).content)
    ws = wb[K.LEMBAR_UNSUR]
    asal = cari_baris(ws, KU, level="Program", nomor="3")
    baru = ws.max_row + 1
    for kol in range(2, len(KU) + 1):
        ws.cell(baru, kol).value = ws.cell(asal, kol).value
    assert _galat_rencana(c, opd, wb) == [
        f"Lembar 'Unsur', baris {baru}, kolom {huruf(KU, 'nomor')} (Nomor): baris ganda: Program nomor 3 sudah ada "
        f"di baris {asal}. Hapus salah satunya."
    ]


def test_operator_tidak_mengimpor_rencana(pengguna, opd):
    c = klien(pengguna, "op_pelatihan")
    wb = buka(c.get(TEMPLAT).content)
    assert _galat_rencana(c, opd, wb) == [
        "Operator bidang hanya dapat mengimpor realisasi. Rencana diimpor oleh Bappeda atau verifikator."
    ]


def test_templat_tahun_lain_ditolak(pengguna, opd):
    c = klien(pengguna, "bappeda")
    isi = c.get(TEMPLAT).content
    sebelum = jejak(opd)
    r = unggah(c, "disnaker", 2023, isi)
    assert r.status_code == 302
    assert impor_terakhir().ringkasan["galat"][0]["teks"] == (
        "Berkas ini templat tahun 2022, bukan 2023. Unduh templat tahun 2023."
    )
    assert jejak(opd) == sebelum
    assert not Indikator.objects.filter(unsur__tahun=2023).exists()


def test_pulang_pergi_seed_batch_kecil(pengguna, opd, monkeypatch):
    """The same round trip with the recorded writes replayed in batches of 2.

    The seed is smaller than one real batch (500); here every boundary is crossed: nodes of one depth
    written before the next (a batch never mixes two depths), targets before their components, a
    component whose new target was written in an earlier batch (only its pk kept), new Realisasi
    before their values, nodes before their budget.
    """
    from evaluasi.impor import terapkan

    monkeypatch.setattr(terapkan, "UKURAN_BATCH", 2)
    test_pulang_pergi_seed(pengguna, opd)


def test_berkas_rusak_di_tengah_lembar(pengguna, opd):
    """A sheet whose XML breaks after its header (found only while its rows are streamed): an error, nothing written."""
    import io
    import zipfile

    c = klien(pengguna, "bappeda")
    asli = zipfile.ZipFile(io.BytesIO(c.get(TEMPLAT).content))
    wb = buka(c.get(TEMPLAT).content)
    indeks = wb.sheetnames.index(K.LEMBAR_TARGET) + 1
    keluar = io.BytesIO()
    with zipfile.ZipFile(keluar, "w") as z:
        for nama in asli.namelist():
            isi = asli.read(nama)
            if nama == f"xl/worksheets/sheet{indeks}.xml":
                isi = isi[: len(isi) - 300] + b"<row r=<<"  # the header parses, a later row does not
            z.writestr(nama, isi)
    sebelum = jejak(opd)
    impor, rencana = proses.pratinjau(pengguna["bappeda"], opd, 2022, keluar.getvalue(), "rusak.xlsx")
    assert [str(g) for g in rencana.galat][-1] == (
        "Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang, unggah lagi."
    )
    assert impor.status == Impor.Status.DITOLAK and jejak(opd) == sebelum
