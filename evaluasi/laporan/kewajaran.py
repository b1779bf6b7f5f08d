"""Plausibility warnings of a report's live data and of its printed figures, for the data-quality view.

``temuan_isian(data, indikator)`` applies the pure checks of ``evaluasi.kewajaran`` to what
``data_laporan`` already computed (no query of its own but one: the confirmations, so each warning
says who confirmed it and why). ``temuan_tercetak(t, data)`` checks one printed figure
(``AngkaTercetak``) the report already read. Both return plain dicts (the fields of
``laporan.data.Temuan``), so this module does not import the report module that calls it.
"""

from __future__ import annotations

from django.utils import timezone

from evaluasi import capaian, kewajaran
from evaluasi.models import AngkaTercetak, KonfirmasiKewajaran, Unsur

ISIAN = "isian"
DOKUMEN = "dokumen"


def _label_unsur(u):
    return f"{u.get_level_display()} {u.nomor}"


def _label_indikator(baris, data):
    unsur = data.per_unsur.get(baris.indikator.unsur_id)
    if unsur is None:
        return baris.indikator.nama
    return f"{_label_unsur(unsur.unsur)} — {baris.indikator.nama}"


def _temuan(p: kewajaran.Peringatan, objek, kelompok, tercetak="", dihitung=""):
    return {
        "jenis": p.kode,
        "objek": objek,
        "pesan": p.pesan,
        "tercetak": tercetak,
        "dihitung": dihitung,
        "kelompok": kelompok,
    }


def _konfirmasi(data):
    """{(kode, indikator_id, unsur_id): the latest confirmation} of the report's OPD and year (1 query)."""
    hasil = {}
    for k in (
        KonfirmasiKewajaran.objects.filter(opd=data.opd, tahun=data.tahun).select_related("oleh").order_by("pada", "id")
    ):
        hasil[(k.kode, k.indikator_id, k.unsur_id)] = k
    return hasil


def teks_konfirmasi(k: KonfirmasiKewajaran) -> str:
    """'Dikonfirmasi benar oleh X, 7/12/2026: alasan' (shown after the warning)."""
    siapa = k.oleh.get_username() if k.oleh else "-"
    pada = timezone.localtime(k.pada).strftime("%-d/%-m/%Y") if k.pada else ""
    return f"Dikonfirmasi benar oleh {siapa}, {pada}: {k.alasan}"


def peringatan_indikator(baris, sampai_triwulan):
    """Every plausibility warning of one report row (an indicator with its figures for the period)."""
    ind = baris.indikator
    hasil = kewajaran.cek_indikator(ind.nama, ind.satuan, ind.formula)
    hasil += kewajaran.cek_kumulatif(baris.per_triwulan, baris.target, ind.agregasi)
    hasil += kewajaran.cek_capaian(baris.capaian, sampai_triwulan)
    hasil += kewajaran.cek_persen(baris.realisasi, ind.nama, ind.satuan)
    if len(baris.target_komponen) == 1:
        hasil += kewajaran.cek_persen(baris.target, ind.nama, ind.satuan, "Target")
    for teks in (baris.target_teks, baris.target_berikut_teks):
        hasil += kewajaran.cek_pemisah_teks(teks, ind.nama, ind.satuan)
    return hasil


def temuan_isian(data, indikator) -> list[dict]:
    """The plausibility warnings of the live data (kelompok "isian"), each with its confirmation if any."""
    konfirmasi = _konfirmasi(data)
    hasil = []

    def tambah(p, objek, indikator_id=None, unsur_id=None):
        t = _temuan(p, objek, ISIAN)
        k = konfirmasi.get((p.kode, indikator_id, unsur_id))
        if k is not None:
            t["pesan"] = f"{t['pesan']} {teks_konfirmasi(k)}"
        hasil.append(t)

    for ind in indikator:
        baris = data.per_indikator[ind.id]
        for p in peringatan_indikator(baris, data.sampai_triwulan):
            tambah(p, _label_indikator(baris, data), indikator_id=ind.id)
    for baris in data.per_level[Unsur.Level.SUB_KEGIATAN]:
        if baris.pagu_murni is None:
            continue
        perubahan = baris.pagu if baris.pagu_berubah else None
        for p in kewajaran.cek_pagu(baris.pagu_murni, perubahan, baris.realisasi_anggaran):
            tambah(p, f"{_label_unsur(baris.unsur)} — pagu", unsur_id=baris.unsur.id)
    return hasil


def temuan_tercetak(t: AngkaTercetak, data) -> list[dict]:
    """The plausibility warnings of one printed figure (kelompok "dokumen"); no query."""
    try:
        nilai = capaian.parse_angka(t.teks)
    except capaian.AngkaTidakSah:
        nilai = None
    B = AngkaTercetak.Besaran  # noqa: N806 - reads like the model
    if t.indikator_id is not None:
        baris = data.per_indikator.get(t.indikator_id)
        if baris is None:
            return []
        ind, objek = baris.indikator, _label_indikator(baris, data)
        daftar = []
        if t.besaran == B.CAPAIAN:
            daftar += kewajaran.cek_capaian(nilai, 4 if data.semester == 2 else 2)
        elif t.besaran in (B.TARGET, B.REALISASI):
            daftar += kewajaran.cek_pemisah_teks(t.teks, ind.nama, ind.satuan)
            daftar += kewajaran.cek_persen(nilai, ind.nama, ind.satuan, t.get_besaran_display())
    else:
        baris = data.per_unsur.get(t.unsur_id) if t.unsur_id else data.jumlah
        if baris is None or t.besaran != B.PAGU or nilai is None:
            return []
        objek = "JUMLAH" if baris.unsur is None else _label_unsur(baris.unsur)
        daftar = [p for p in kewajaran.cek_pagu(nilai) if p.kode == kewajaran.PAGU_SENTINEL]
    return [_temuan(p, f"{objek} ({t.get_besaran_display().lower()} tercetak)", DOKUMEN, t.teks) for p in daftar]
