"""Plausibility through the real interfaces: the entry form holds back, the person confirms with a reason,
the confirmation is kept and the data-quality view (report page, data.json) lists the warning."""

import json

import pytest
from django.test import Client

from evaluasi import kewajaran as kw
from evaluasi.laporan.data import data_laporan
from evaluasi.models import Indikator, KonfirmasiKewajaran, NilaiRealisasi, Realisasi, Unsur
from tests.test_entri import isian, teks
from tests.test_impor_bantu import pribadi  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

LAPORAN = "/opd/disnaker/laporan/2022/semester/2/"


def sub(nomor):
    return Unsur.objects.get(opd__slug="disnaker", tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor=str(nomor))


def url(unsur, triwulan):
    return f"/opd/disnaker/entri/2022/sub-kegiatan/{unsur.pk}/triwulan/{triwulan}/"


def klien(pengguna, nama):
    c = Client()
    c.force_login(pengguna[nama])
    return c


@pytest.fixture
def lulusan():
    """Sub kegiatan 22's first indicator (kumulatif, target 224 orang) without the seed's year-end value."""
    ind = Indikator.objects.get(unsur=sub(22), urutan=1)
    Realisasi.objects.filter(indikator=ind).delete()
    return ind


def nama_field(ind):
    return f"nilai_{ind.target.get(tahun=2022).komponen.get().pk}"


def simpan(c, unsur, tw, ind, nilai, **lain):
    f = isian(c.get(url(unsur, tw)))
    f.data.pop("konfirmasi_kewajaran", None)
    f.data[nama_field(ind)] = nilai
    f.data.update(lain)
    return c.post(url(unsur, tw), f.data)


def nilai_tersimpan(ind):
    return dict(NilaiRealisasi.objects.filter(realisasi__indikator=ind).values_list("realisasi__triwulan", "nilai"))


def test_isian_kumulatif_diperingatkan_lalu_dikonfirmasi_dan_tampil_di_kualitas_data(pengguna, lulusan):
    s22, op = sub(22), klien(pengguna, "op_pelatihan")
    assert simpan(op, s22, 1, lulusan, "150").status_code == 302  # one triwulan: nothing to judge

    # TW II typed "s.d. TW II" (230 = everything so far): held back, nothing written.
    r = simpan(op, s22, 2, lulusan, "230")
    assert r.status_code == 400
    halaman = teks(r)
    assert "Belum disimpan" in halaman
    assert "tampaknya diisi kumulatif (s.d. triwulan), bukan per triwulan" in halaman
    assert "TW I 150, TW II 230" in halaman
    assert "Saya sudah memeriksa; angka ini benar" in halaman
    assert 'name="alasan_kewajaran"' in r.content.decode()
    assert set(nilai_tersimpan(lulusan)) == {1}
    assert not KonfirmasiKewajaran.objects.exists()

    # Ticked without a reason: still nothing written, the reason is asked for.
    r = simpan(op, s22, 2, lulusan, "230", konfirmasi_kewajaran="on", alasan_kewajaran="  ")
    assert r.status_code == 400
    assert "Tulis alasan" in teks(r)
    assert set(nilai_tersimpan(lulusan)) == {1}

    # Confirmed with a reason: saved, and the warning kept with reason, user and time.
    alasan = "Angkatan II memang 230 peserta (dua kelas tambahan)."
    r = simpan(op, s22, 2, lulusan, "230", konfirmasi_kewajaran="on", alasan_kewajaran=alasan)
    assert r.status_code == 302
    assert nilai_tersimpan(lulusan)[2] == 230
    k = KonfirmasiKewajaran.objects.get()
    assert (k.kode, k.indikator, k.triwulan, k.alasan) == (kw.DIISI_KUMULATIF, lulusan, 2, alasan)
    assert k.oleh == pengguna["op_pelatihan"] and k.pada is not None and k.sumber == "entri"

    # Official once verified; the data-quality view (report page, data.json) lists it with the confirmation.
    assert op.post(url(s22, 1) + "status/", {"aksi": "ajukan"}).status_code == 302
    assert op.post(url(s22, 2) + "status/", {"aksi": "ajukan"}).status_code == 302
    ver = klien(pengguna, "verifikator")
    assert ver.post(url(s22, 1) + "status/", {"aksi": "verifikasi"}).status_code == 302
    assert ver.post(url(s22, 2) + "status/", {"aksi": "verifikasi"}).status_code == 302

    kualitas = teks(ver.get(LAPORAN)).split("Kualitas Data", 1)[1]
    assert "Tampaknya diisi kumulatif" in kualitas
    assert "Sub Kegiatan 22 — Jumlah lulusan" in kualitas
    assert "Dikonfirmasi benar oleh op_pelatihan" in kualitas and alasan in kualitas

    data = json.loads(ver.get(LAPORAN + "data.json").content)
    temuan = [t for t in data["temuan_kualitas_data"] if t["jenis"] == kw.DIISI_KUMULATIF]
    assert len(temuan) == 1 and alasan in temuan[0]["pesan"] and temuan[0]["kelompok"] == "isian"


def test_simpan_catatan_saja_tidak_diperingatkan_lagi(pengguna, lulusan):
    s22, op = sub(22), klien(pengguna, "op_pelatihan")
    simpan(op, s22, 1, lulusan, "150")
    simpan(op, s22, 2, lulusan, "230", konfirmasi_kewajaran="on", alasan_kewajaran="Benar.")
    f = isian(op.get(url(s22, 2)))
    f.data[f"faktor_pendorong_{lulusan.pk}"] = "Dukungan LPK."
    assert op.post(url(s22, 2), f.data).status_code == 302
    assert KonfirmasiKewajaran.objects.count() == 1


def test_pemisah_ambigu_ditanyakan_pada_isian_persen(pengguna):
    """'88.860' typed for a percentage: which was meant? (the form reads it as 88860)."""
    s21 = sub(21)
    ind = Indikator.objects.get(unsur=s21, urutan=1)
    ind.satuan, ind.nama = "%", "Persentase dokumen RTK yang tersusun"
    ind.save()
    ind.target.get(tahun=2022).komponen.update(jumlah=90, satuan="%")
    ver = klien(pengguna, "verifikator")
    r = simpan(ver, s21, 1, ind, "88.860")
    assert r.status_code == 400
    halaman = teks(r)
    assert "88,860 (desimal) atau 88860 (ribuan)" in halaman
    assert "Persentase di atas 100" in halaman
    assert simpan(ver, s21, 1, ind, "88,86").status_code == 302


def test_temuan_isian_seed_dan_kelompoknya(opd):
    data = data_laporan(opd, 2022, 2)
    isian_ = {(t.jenis, t.objek.split(" — ")[0]) for t in data.temuan if t.kelompok == "isian"}
    assert (kw.DIISI_KUMULATIF, "Sub Kegiatan 22") not in isian_
    assert all(t.kelompok in ("dokumen", "isian") for t in data.temuan)


# --- Import ---------------------------------------------------------------------------------------


def test_impor_pratinjau_memperingatkan_dan_meminta_konfirmasi(pengguna, opd, pribadi):  # noqa: F811
    from evaluasi.impor import kolom as K  # noqa: N812
    from evaluasi.models import Impor
    from tests.test_impor_bantu import buka, cari_baris, impor_terakhir, simpan, tulis, unggah

    c = klien(pengguna, "op_pelatihan")
    wb = buka(c.get("/opd/disnaker/rencana/2022/templat.xlsx?triwulan=1").content)
    ws = wb[K.LEMBAR_REALISASI]
    tulis(ws, K.KOLOM_REALISASI, cari_baris(ws, K.KOLOM_REALISASI, nomor="22", urutan=1), nilai=1000)
    r = unggah(c, "disnaker", 2022, simpan(wb))
    impor = impor_terakhir()
    assert [p["kode"] for p in impor.ringkasan["kewajaran"]] == [kw.CAPAIAN_TINGGI]
    assert not NilaiRealisasi.objects.filter(realisasi__triwulan=1, realisasi__indikator__unsur=sub(22)).exists()
    halaman = teks(c.get(r["Location"]))
    assert "Peringatan kewajaran (1)" in halaman and "446,43%" in halaman
    assert "Saya sudah memeriksa; angka ini benar" in halaman

    # Confirm without ticking: refused, nothing written.
    r = c.post(r["Location"], {"aksi": "terapkan"}, follow=True)
    assert "Belum diterapkan" in teks(r)
    impor.refresh_from_db()
    assert impor.status == Impor.Status.PRATINJAU
    assert not NilaiRealisasi.objects.filter(realisasi__triwulan=1, realisasi__indikator__unsur=sub(22)).exists()

    # Ticked with a reason: written, and the confirmation kept against the import.
    c.post(
        f"/opd/disnaker/impor/riwayat/{impor.pk}/",
        {"aksi": "terapkan", "konfirmasi_kewajaran": "on", "alasan_kewajaran": "Pelatihan massal TW I."},
    )
    impor.refresh_from_db()
    assert impor.status == Impor.Status.DITERAPKAN
    k = KonfirmasiKewajaran.objects.get()
    assert (k.kode, k.sumber, k.impor, k.triwulan, k.oleh) == (
        kw.CAPAIAN_TINGGI,
        "impor",
        impor,
        1,
        pengguna["op_pelatihan"],
    )
    assert k.indikator == Indikator.objects.get(unsur=sub(22), urutan=1)


def test_perintah_impor_meminta_konfirmasi_kewajaran(pengguna, opd, pribadi, tmp_path):  # noqa: F811
    from django.core.management import CommandError, call_command

    from evaluasi.impor import kolom as K  # noqa: N812
    from tests.test_impor_bantu import buka, cari_baris, simpan, tulis

    c = klien(pengguna, "verifikator")
    wb = buka(c.get("/opd/disnaker/rencana/2022/templat.xlsx?triwulan=1").content)
    ws = wb[K.LEMBAR_REALISASI]
    tulis(ws, K.KOLOM_REALISASI, cari_baris(ws, K.KOLOM_REALISASI, nomor="22", urutan=1), nilai=1000)
    berkas = tmp_path / "tw1.xlsx"
    berkas.write_bytes(simpan(wb))
    argumen = [str(berkas), "--opd", "disnaker", "--tahun", "2022", "--pengguna", "verifikator"]
    with pytest.raises(CommandError, match="1 peringatan kewajaran; tidak ada yang ditulis"):
        call_command("impor_xlsx", *argumen)
    assert not NilaiRealisasi.objects.filter(realisasi__triwulan=1, realisasi__indikator__unsur=sub(22)).exists()
    call_command("impor_xlsx", *argumen, "--konfirmasi-kewajaran", "Pelatihan massal.")
    assert (
        NilaiRealisasi.objects.get(
            realisasi__triwulan=1, realisasi__indikator__unsur=sub(22), komponen__target__indikator__urutan=1
        ).nilai
        == 1000
    )
    assert KonfirmasiKewajaran.objects.get().alasan == "Pelatihan massal."
