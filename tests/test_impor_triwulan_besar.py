"""A triwulan import of a whole synthetic OPD, written in many small batches (the recorded writes replayed)."""

from decimal import Decimal

import pytest

from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.impor import terapkan
from evaluasi.models import AnggaranTriwulan, Impor, NilaiRealisasi, Realisasi
from evaluasi.sintetis import buat_opd_sintetis
from evaluasi.versi import naikkan_versi
from tests.test_impor_bantu import buka, impor_terakhir, indeks, jejak, pribadi, simpan, unggah  # noqa: F401
from tests.test_izin import klien

pytestmark = pytest.mark.django_db

KR, KA = K.KOLOM_REALISASI, K.KOLOM_ANGGARAN


# Synthetic values trip plausibility warnings (e.g. capaian far above target): the importer confirms them.
KONFIRMASI = {"konfirmasi_kewajaran": "on", "alasan_kewajaran": "Data uji sintetis, sudah diperiksa."}


def _sel(ws, kolom, r, nama):
    return ws.cell(r, indeks(kolom, nama) + 1)


def test_impor_triwulan_opd_besar_batch_kecil(pengguna, pribadi, monkeypatch):  # noqa: F811
    monkeypatch.setattr(terapkan, "UKURAN_BATCH", 7)
    opd = buat_opd_sintetis(97, 2022, program=3, kegiatan=3, sub=4, indikator=3)
    tw1 = Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=2022, triwulan=1)
    tw1.update(status=Realisasi.Status.DRAF)  # the synthetic realisasi are verified: not importable
    # Some Realisasi, values and budget rows are missing: the import creates them.
    hapus_r = list(tw1.order_by("pk").values_list("pk", flat=True)[::4])
    Realisasi.objects.filter(pk__in=hapus_r).delete()
    hapus_n = list(NilaiRealisasi.objects.filter(realisasi__in=tw1).order_by("pk").values_list("pk", flat=True)[1::9])
    NilaiRealisasi.objects.filter(pk__in=hapus_n).delete()
    at_tw1 = AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd, triwulan=1)
    hapus_at = list(at_tw1.order_by("pk").values_list("pk", flat=True)[::5])
    AnggaranTriwulan.objects.filter(pk__in=hapus_at).delete()
    naikkan_versi(opd)
    versi_lama = dict(tw1.values_list("pk", "versi"))

    c = klien(pengguna, "bappeda")
    r = c.get(f"/opd/{opd.slug}/rencana/2022/templat.xlsx?triwulan=1")
    assert r.status_code == 200
    wb = buka(r.content)
    ws = wb[K.LEMBAR_REALISASI]
    harap = {}  # komponen pk -> value in the file
    for baris in range(2, ws.max_row + 1):
        kunci = _sel(ws, KR, baris, "kunci").value
        if not kunci:
            continue
        x = Decimal(baris) + Decimal("0.25")
        _sel(ws, KR, baris, "nilai").value = float(x)
        indikator = (_sel(ws, KR, baris, "nomor").value, _sel(ws, KR, baris, "urutan").value)
        _sel(ws, KR, baris, "faktor_pendorong").value = f"Pendorong {indikator}"  # same on every row of it
        harap[int(kunci[1:])] = x
    wa = wb[K.LEMBAR_ANGGARAN]
    harap_at = {}  # sub kegiatan pk -> realisasi
    for baris in range(2, wa.max_row + 1):
        kunci = _sel(wa, KA, baris, "kunci").value
        if not kunci:
            continue
        x = (_sel(wa, KA, baris, "pagu").value - (_sel(wa, KA, baris, "triwulan_lain").value or 0)) // 3
        if x == _sel(wa, KA, baris, "realisasi").value:
            x -= 1
        _sel(wa, KA, baris, "realisasi").value = x
        harap_at[int(kunci[1:])] = x
    assert len(harap) == 196 and len(harap_at) == 36  # 147 indicators, every third with two components
    isi = simpan(wb)

    r = unggah(c, opd.slug, 2022, isi)
    impor = impor_terakhir()
    assert r.status_code == 302 and impor.status == Impor.Status.PRATINJAU, impor.ringkasan["galat"][:3]
    assert impor.ringkasan["dibuat"] == len(hapus_r) + len(hapus_at)
    assert impor.ringkasan["tetap"] == 0

    r = c.post(f"/opd/{opd.slug}/impor/riwayat/{impor.pk}/", {"aksi": "terapkan", **KONFIRMASI})
    assert r.status_code == 302
    impor.refresh_from_db()
    assert impor.status == Impor.Status.DITERAPKAN, impor.ringkasan["galat"][:3]
    importir = pengguna["bappeda"]

    nilai = NilaiRealisasi.objects.filter(realisasi__in=tw1)
    assert dict(nilai.values_list("komponen_id", "nilai")) == harap
    for n in nilai:
        assert n.history.first().history_user == importir
    semua_r = list(tw1.select_related("indikator__unsur"))
    assert len(semua_r) == len(versi_lama) + len(hapus_r)
    for real in semua_r:
        assert real.status == Realisasi.Status.DRAF and real.diubah_oleh == importir
        assert real.versi == versi_lama.get(real.pk, 0) + 1
        assert real.faktor_pendorong == f"Pendorong {(real.indikator.unsur.nomor, real.indikator.urutan)}"
        assert real.history.first().history_user == importir
    assert dict(at_tw1.values_list("anggaran__unsur_id", "realisasi")) == harap_at
    for at in at_tw1:
        assert at.history.first().history_user == importir
    assert impor.ringkasan["dibuat"] + impor.ringkasan["diubah"] == len(semua_r) + len(harap_at)

    # The same file again: nothing to change, nothing written.
    sebelum = jejak(opd)
    unggah(c, opd.slug, 2022, isi)
    kedua = impor_terakhir()
    assert (kedua.ringkasan["dibuat"], kedua.ringkasan["diubah"]) == (0, 0)
    assert kedua.ringkasan["tetap"] == len(semua_r) + len(harap_at)
    c.post(f"/opd/{opd.slug}/impor/riwayat/{kedua.pk}/", {"aksi": "terapkan", **KONFIRMASI})
    kedua.refresh_from_db()
    assert kedua.status == Impor.Status.DITERAPKAN
    assert jejak(opd) == sebelum
