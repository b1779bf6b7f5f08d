"""The semester report as open data (JSON) for Bappeda and the Satu Data portal.

Every figure of the report, unformatted: money as integer rupiah, quantities and
percentages as exact decimal numbers (capaian and serapan rounded half-up to
``TEMPAT_DESIMAL`` places, far below display precision), ``null`` where nothing
was entered. Keys are stable: rows are identified by level + nomor (and kode
where present), indicators by their ``kunci``.
"""

from decimal import Decimal

import simplejson

from evaluasi import capaian
from evaluasi.laporan.data import BarisIndikator, BarisUnsur, DataLaporan

SKEMA = "e-evaluasi/laporan-semester/v1"
TEMPAT_DESIMAL = 6


def _persen(x):
    return None if x is None else capaian.bulatkan(x, TEMPAT_DESIMAL)


def _angka(x: Decimal | None):
    """An exact number without trailing zeros: 22, 3.55 (never 3.5500 or 1E+2)."""
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else x.normalize()


def _indikator(b: BarisIndikator):
    ind = b.indikator
    return {
        "kunci": ind.kunci or None,
        "nama": ind.nama,
        "satuan": ind.satuan,
        "polaritas": ind.polaritas,
        "agregasi": ind.agregasi,
        "iku": ind.iku,
        "level_pk": ind.level_pk or None,
        "target": [{"jumlah": _angka(j), "satuan": s} for j, s in b.target_komponen],
        "realisasi": [_angka(r) for r in b.realisasi_komponen],
        "target_jumlah": _angka(b.target),
        "realisasi_jumlah": _angka(b.realisasi),
        "capaian": _persen(b.capaian),
        "status_capaian": b.status,
        "predikat": b.predikat.label if b.predikat else None,
        "target_tahun_berikut": [{"jumlah": _angka(j), "satuan": s} for j, s in b.target_berikut] or None,
    }


def _anggaran(b: BarisUnsur):
    return {
        "pagu": b.pagu,
        "pagu_murni": b.pagu_murni,
        "realisasi_anggaran": b.realisasi_anggaran,
        "serapan": _persen(b.serapan),
    }


def _unsur(b: BarisUnsur):
    u = b.unsur
    return {
        "level": u.level,
        "nomor": u.nomor,
        "kode": u.kode or None,
        "nama": u.nama,
        "induk": {"level": u.induk.level, "nomor": u.induk.nomor} if u.induk_id else None,
        "bidang": u.bidang.kode if u.bidang_id else None,
        **_anggaran(b),
        "indikator": [_indikator(i) for i in b.indikator],
    }


def data_terbuka(data: DataLaporan, dengan_kualitas=False) -> dict:
    """The report as a JSON-ready dict (Decimal values stay Decimal)."""
    induk = {b.unsur.id: b.unsur for b in data.per_unsur.values()}
    for b in data.per_unsur.values():  # parents are already loaded: no query per row
        if b.unsur.induk_id:
            b.unsur.induk = induk[b.unsur.induk_id]
    hasil = {
        "skema": SKEMA,
        "opd": {"slug": data.opd.slug, "nama": data.opd.nama, "kabupaten": data.opd.kabupaten},
        "tahun": data.tahun,
        "semester": data.semester,
        "sampai_triwulan": data.sampai_triwulan,
        "jumlah": _anggaran(data.jumlah),
        "unsur": [_unsur(b) for level in data.per_level.values() for b in level],
    }
    if dengan_kualitas:
        hasil["temuan_kualitas_data"] = [
            {
                "jenis": t.jenis,
                "baris": t.objek,
                "pesan": t.pesan,
                "tertulis": t.tercetak,
                "dihitung": t.dihitung,
                "kelompok": t.kelompok,
            }
            for t in data.temuan
        ]
    return hasil


def ke_json(data: DataLaporan, dengan_kualitas=False) -> str:
    """Serialise with exact decimal numbers (simplejson writes Decimal as a JSON number, no float)."""
    return simplejson.dumps(data_terbuka(data, dengan_kualitas), use_decimal=True, ensure_ascii=False, indent=1)
