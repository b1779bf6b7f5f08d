"""Everything the semester report shows, gathered once for the page, the PDF and the XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluasi import capaian
from evaluasi.laporan.data import DataLaporan, data_laporan
from evaluasi.laporan.gulung import per_kelompok, urut_kelompok
from evaluasi.models import (
    Dokumentasi,
    Inovasi,
    IsuStrategis,
    KegiatanPrioritas,
    PemantauanPengendalian,
    ProgramPrioritas,
    ProsesBisnis,
    RencanaAksi,
    Risiko,
    SasaranKinerja,
    Unsur,
)
from evaluasi.tables import (
    TabelIku,
    TabelKegiatan,
    TabelKegiatanPrioritas,
    TabelPemantauan,
    TabelPerjanjianKinerja,
    TabelProgram,
    TabelProgramPrioritas,
    TabelRencanaAksi,
    TabelRisiko,
    TabelSubKegiatan,
    TabelTargetIku,
    TabelTemuan,
    TabelTujuan,
)

# The sections of the report, in the document's order: (anchor, title).
BAGIAN = [
    ("isu-strategis", "Isu Strategis Renstra"),
    ("target-iku", "Target Indikator Kinerja Utama"),
    ("capaian-tujuan", "Capaian Indikator Tujuan"),
    ("capaian-iku", "Capaian Indikator Kinerja Utama"),
    ("program", "Program"),
    ("kegiatan", "Kegiatan"),
    ("sub-kegiatan", "Sub Kegiatan"),
    ("grafik", "Grafik"),
    ("cascading-perencanaan", "Cascading Perencanaan"),
    ("cascading-kinerja", "Cascading Kinerja"),
    ("proses-bisnis", "Proses Bisnis"),
    ("pohon-kinerja", "Pohon Kinerja"),
    ("register-risiko", "Register Risiko"),
    ("rtp", "Rancangan Pemantauan Pengendalian Intern"),
    ("perjanjian-kinerja", "Perjanjian Kinerja Tahun Berikutnya"),
    ("program-prioritas", "Program Prioritas"),
    ("kegiatan-prioritas", "Program – Kegiatan Prioritas"),
    ("rencana-aksi", "Rencana Aksi"),
    ("inovasi", "Inovasi"),
    ("dokumentasi", "Dokumentasi"),
    ("penutup", "Penutup"),
]
BAGIAN_KUALITAS = ("kualitas-data", "Kualitas Data")


@dataclass
class Simpul:
    """A node of a drawn tree (cascading, pohon kinerja, proses bisnis, inovasi)."""

    label: str
    judul: str
    keterangan: list = field(default_factory=list)
    anak: list = field(default_factory=list)
    kelas: str = ""


def _pohon(objek, induk_attr, buat):
    """Build trees of Simpul from a flat list in order, following ``induk_attr``."""
    simpul = {o.id: buat(o) for o in objek}
    akar = []
    for o in objek:
        induk = simpul.get(getattr(o, induk_attr))
        (induk.anak if induk else akar).append(simpul[o.id])
    return akar


def _indikator_teks(baris_unsur):
    return [f"Indikator: {bi.indikator.nama}" for bi in baris_unsur.indikator]


def _cascading_perencanaan(data: DataLaporan):
    """Misi → Tujuan/Sasaran RPJMD → Tujuan/Sasaran PD, with their indicators."""
    sampai = Unsur.kedalaman(Unsur.Level.SASARAN_PD)

    def buat(b):
        return Simpul(
            b.unsur.get_level_display(),
            b.unsur.nama,
            _indikator_teks(b),
            [buat(a) for a in b.anak if Unsur.kedalaman(a.unsur.level) <= sampai],
            b.unsur.level,
        )

    return [buat(b) for b in data.akar]


def _pohon_kinerja(data: DataLaporan):
    """Tujuan PD → Sasaran PD → Program → Kegiatan → Sub Kegiatan, each with its indicators and capaian."""

    def buat(b):
        keterangan = [
            f"{bi.indikator.nama}: {capaian.format_persen(bi.capaian)}" + (" (D)" if bi.draf else "")
            for bi in b.indikator
        ]
        return Simpul(
            f"{b.unsur.get_level_display()} {b.unsur.nomor}",
            b.unsur.nama,
            keterangan,
            [buat(a) for a in b.anak],
            b.unsur.level,
        )

    return [buat(b) for b in data.tujuan]


def _simpul_kinerja(s):
    return Simpul(s.get_level_display(), s.sasaran, [f"IK: {s.indikator_nama}"], kelas=s.level)


def matriks_risiko(risiko):
    """5×5 matrix: rows kemungkinan 5..1, columns dampak 1..5; each cell its risks and level."""
    sel = {}
    for r in risiko:
        sel.setdefault((r.skala_kemungkinan, r.skala_dampak), []).append(r.kode)
    baris = []
    for k in range(5, 0, -1):
        kolom = []
        for d in range(1, 6):
            level = capaian.level_risiko(k * d)
            kolom.append({"nilai": k * d, "level": level, "kode": sel.get((k, d), [])})
        baris.append({"kemungkinan": k, "kriteria": capaian.KRITERIA_KEMUNGKINAN[k], "sel": kolom})
    return baris


def konteks_laporan(opd, tahun: int, semester: int, dengan_kualitas=False, termasuk_draf=False):
    """All sections of the semester report as tables, trees and figures (a fixed number of queries).

    Official figures only unless ``termasuk_draf`` (evaluasi.laporan.resmi; then drafts are marked).
    """
    data = data_laporan(opd, tahun, semester, termasuk_draf=termasuk_draf)
    filter_opd = {"opd": opd, "tahun": tahun}
    risiko = list(Risiko.objects.filter(**filter_opd))
    prioritas = list(ProgramPrioritas.objects.filter(opd=opd, tahun=tahun + 1))
    kinerja = list(SasaranKinerja.objects.filter(**filter_opd))
    proses = list(ProsesBisnis.objects.filter(**filter_opd))
    inovasi = list(Inovasi.objects.filter(opd=opd, tahun__in=[tahun, tahun + 1]))
    bagian = list(BAGIAN)
    if dengan_kualitas:
        bagian.insert(len(bagian) - 1, BAGIAN_KUALITAS)
    return {
        "opd": opd,
        "tahun": tahun,
        "semester": semester,
        "semester_romawi": "I" if semester == 1 else "II",
        "data": data,
        "bagian": bagian,
        "dengan_kualitas": dengan_kualitas,
        "isu_strategis": list(IsuStrategis.objects.filter(opd=opd, tahun__lte=tahun, tahun_akhir__gte=tahun)),
        "tabel": {
            "target_iku": TabelTargetIku.dari_laporan(data),
            "tujuan": TabelTujuan.dari_laporan(data),
            "iku": TabelIku.dari_laporan(data),
            "program": TabelProgram.dari_laporan(data),
            "kegiatan": TabelKegiatan.dari_laporan(data),
            "sub_kegiatan": TabelSubKegiatan.dari_laporan(data),
            "risiko": TabelRisiko(risiko),
            "rtp": TabelPemantauan(PemantauanPengendalian.objects.filter(**filter_opd)),
            "perjanjian_kinerja": TabelPerjanjianKinerja.dari_laporan(data),
            "program_prioritas": TabelProgramPrioritas.dari_data(prioritas, tahun + 1),
            "kegiatan_prioritas": TabelKegiatanPrioritas(KegiatanPrioritas.objects.filter(opd=opd, tahun=tahun + 1)),
            "rencana_aksi": TabelRencanaAksi(RencanaAksi.objects.filter(opd=opd, tahun=tahun + 1)),
            "temuan": TabelTemuan(urut_kelompok(data.temuan)),
        },
        "kualitas": [  # the page shows each group apart (DESIGN "Roll-ups"); XLSX/JSON carry a column
            (k, judul, ket, TabelTemuan(isi, exclude=("kelompok",), orderable=False))
            for k, judul, ket, isi in per_kelompok(data.temuan)
        ],
        "cascading_perencanaan": _cascading_perencanaan(data),
        "cascading_kinerja": _pohon(
            kinerja,
            "induk_id",
            lambda s: Simpul(s.get_level_display(), s.sasaran, [f"IK: {s.indikator_nama}"], kelas=s.level),
        ),
        "proses_bisnis": _pohon(proses, "induk_id", lambda p: Simpul(p.kode, p.nama)),
        "pohon_kinerja": _pohon_kinerja(data),
        "matriks_risiko": matriks_risiko(risiko),
        "kriteria_dampak": capaian.KRITERIA_DAMPAK,
        "level_risiko": capaian.LEVEL_RISIKO_BAWAAN,
        "inovasi": _pohon(inovasi, "induk_id", lambda i: Simpul("", i.nama)),
        "tahun_inovasi": inovasi[0].tahun if inovasi else tahun + 1,
        "dokumentasi": list(Dokumentasi.objects.filter(opd=opd, tahun=tahun, semester=semester)),
        "predikat": data_predikat(),
    }


def data_predikat():
    """The predikat legend: (label, lower bound text, colour)."""
    from evaluasi.laporan.data import skala_predikat

    legenda = []
    atas = None
    for p in skala_predikat():
        if p.batas_bawah is None:
            rentang = f"< {capaian.format_angka(atas, 0)}"
        else:
            rentang = f"≥ {capaian.format_angka(p.batas_bawah, 0)}"
        atas = p.batas_bawah
        legenda.append({"label": p.label, "rentang": rentang, "warna": p.warna})
    return legenda
