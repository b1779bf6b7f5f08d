"""Formulir E.81 (Permendagri 86/2017): evaluasi hasil Renja per triwulan, from the report data service.

Columns: 1 No; 2 Sasaran; 3 Program/Kegiatan/Sub Kegiatan; 4 Indikator; 5 target Renstra at
the period's end (K, Rp); 6 realisasi Renstra up to last year (K, Rp); 7 target of this
year's Renja (K, Rp); 8–11 realisasi TW I–IV (K, Rp); 12 realisasi of the year; 13 capaian
of the year (12/7 × 100); 14 realisasi Renstra to date (6 + 12); 15 capaian Renstra
(14/5 × 100); 16 unit penanggung jawab; 17 keterangan. Closed by rata-rata capaian,
predikat, faktor pendorong, faktor penghambat and tindak lanjut.

Column 12 follows the indicator's agregasi: the sum of TW I–IV for a kumulatif
indicator, the latest triwulan for a posisi-akhir one (adding up four percentages
would be meaningless). Columns 5, 6, 14 and 15 need the Renstra's end-of-period
targets and earlier years' realisasi: where the data has none they show "-".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from evaluasi import capaian
from evaluasi.laporan.data import BarisIndikator, BarisUnsur, data_laporan, skala_predikat
from evaluasi.laporan.skor import aturan_skor, batas_skor
from evaluasi.models import IsuStrategis, KomponenTarget, Realisasi, Unsur

Level = Unsur.Level
LEVEL_BARIS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)  # the units that get rows
LEVEL_E81 = (Level.SASARAN_PD, *LEVEL_BARIS)  # the levels the form names (column 2 is the sasaran)


@dataclass(eq=False, repr=False)
class BarisE81:
    """One row of the form: an indicator of a program, kegiatan or sub kegiatan (its unit's cells on the first)."""

    nomor: str
    sasaran: BarisUnsur | None  # None where the plan has no sasaran PD above the unit
    unsur: BarisUnsur
    bi: BarisIndikator | None
    pertama: bool
    rentang: int
    target_renstra: Decimal | None = None
    capaian_renstra: Decimal | None = None
    rentang_sasaran: int = 1
    lanjutan_sasaran: bool = False

    # django-tables2 reads rows as dicts/objects; these keep the grouping interface of tables.py
    @property
    def lanjutan(self):
        return not self.pertama

    def get(self, kunci, bawaan=None):
        return getattr(self, kunci, bawaan)


@dataclass(eq=False, repr=False)
class DataE81:
    opd: object
    tahun: int
    sampai_triwulan: int
    tahun_renstra: tuple | None
    baris: list
    rata_rata_kinerja: Decimal | None
    rata_rata_anggaran: Decimal | None
    predikat_kinerja: capaian.Predikat | None
    predikat_anggaran: capaian.Predikat | None
    faktor_pendorong: list = field(default_factory=list)
    faktor_penghambat: list = field(default_factory=list)
    tindak_lanjut: list = field(default_factory=list)
    level_hilang: list = field(default_factory=list)  # labels of the form's levels this plan lacks

    @property
    def keterangan_level(self) -> str:
        """What the form cannot show for this plan's shape, said in words (empty when nothing is missing)."""
        if not self.level_hilang:
            return ""
        if not self.baris:
            return (
                f"Formulir ini tidak memiliki baris: rencana tahun {self.tahun} belum memiliki "
                f"{', '.join(self.level_hilang)}. Lengkapi rencana di templat rencana atau di halaman admin."
            )
        return (
            f"Rencana tahun {self.tahun} tidak memiliki level {', '.join(self.level_hilang)}: baris formulir "
            "dimulai dari level yang ada"
            + ("; kolom Sasaran (2) kosong." if Level.SASARAN_PD.label in self.level_hilang else ".")
        )

    cakupan: object = None  # resmi.Cakupan of the figures
    termasuk_draf: bool = False
    catatan: list = field(default_factory=list)  # footnotes: the capped score, mean of rows vs JUMLAH


def data_e81(opd, tahun: int, sampai_triwulan: int = 4, termasuk_draf: bool = False) -> DataE81:
    """Every figure of Formulir E.81 for (OPD, tahun) up to ``sampai_triwulan`` (fixed number of queries).

    Only verified realisasi and its notes count unless ``termasuk_draf`` (evaluasi.laporan.resmi).
    """
    capaian.cek_triwulan(sampai_triwulan)
    data = data_laporan(opd, tahun, 2, sampai_triwulan, termasuk_draf=termasuk_draf)
    isu = IsuStrategis.objects.filter(opd=opd, tahun__lte=tahun, tahun_akhir__gte=tahun).first()
    tahun_renstra = (isu.tahun, isu.tahun_akhir) if isu else None
    # Always one query (matching nothing without a later Renstra year), so the count stays fixed.
    akhir = tahun_renstra[1] if tahun_renstra and tahun_renstra[1] != tahun else 0
    target_renstra = {}
    for iid, jumlah in KomponenTarget.objects.filter(
        target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun, target__tahun=akhir
    ).values_list("target__indikator_id", "jumlah"):
        target_renstra[iid] = target_renstra.get(iid, Decimal(0)) + jumlah
    catatan = Realisasi.objects.filter(
        indikator__unsur__opd=opd, indikator__unsur__tahun=tahun, triwulan__lte=sampai_triwulan
    ).values_list("faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
    if not termasuk_draf:
        catatan = catatan.filter(status=Realisasi.Status.DIVERIFIKASI)

    baris = []
    for sasaran, unsur in _unit_e81(data):
        daftar = unsur.indikator or [None]
        for i, bi in enumerate(daftar):
            b = BarisE81(unsur.unsur.nomor, sasaran, unsur, bi, i == 0, len(daftar))
            if bi is not None:
                b.target_renstra = target_renstra.get(bi.indikator.id)
                b.capaian_renstra = capaian.capaian(
                    b.target_renstra, bi.realisasi, bi.indikator.polaritas, bi.indikator.metode_negatif
                )
            baris.append(b)

    for i, b in enumerate(baris):
        if i == 0 or b.sasaran is not baris[i - 1].sasaran:
            b.rentang_sasaran = sum(1 for x in baris if x.sasaran is b.sasaran)
        else:
            b.lanjutan_sasaran = True

    skala = skala_predikat()
    kinerja = capaian.rata_rata(b.bi.capaian for b in baris if b.bi is not None)
    anggaran = capaian.rata_rata(b.unsur.serapan for b in baris if b.pertama)
    hasil = DataE81(
        opd=opd,
        tahun=tahun,
        sampai_triwulan=sampai_triwulan,
        tahun_renstra=tahun_renstra,
        baris=baris,
        rata_rata_kinerja=kinerja,
        rata_rata_anggaran=anggaran,
        predikat_kinerja=capaian.predikat(kinerja, skala),
        predikat_anggaran=capaian.predikat(anggaran, skala),
        level_hilang=level_hilang(data),
        cakupan=data.cakupan,
        termasuk_draf=termasuk_draf,
    )
    hasil.catatan = catatan_e81(baris, kinerja, anggaran, data.jumlah, batas_skor())
    for pendorong, penghambat, tindak in catatan:
        for daftar, teks in (
            (hasil.faktor_pendorong, pendorong),
            (hasil.faktor_penghambat, penghambat),
            (hasil.tindak_lanjut, tindak),
        ):
            if teks.strip() and teks.strip() not in daftar:
                daftar.append(teks.strip())
    return hasil


def _unit_e81(data):
    """(sasaran PD or None, unit) of every program, kegiatan and sub kegiatan, in the form's order.

    Each sasaran PD (by its number) with the units below it, each unit followed by its own; then the
    units no sasaran PD holds (a plan whose top is a program or a kegiatan), in tree order. Any plan
    shape gives its rows: a missing level is named by ``level_hilang``, never an empty form.
    """
    hasil = []

    def turun(baris, sasaran):
        if baris.unsur.level in LEVEL_BARIS:
            hasil.append((sasaran, baris))
        for anak in baris.anak:
            turun(anak, sasaran)

    def di_luar_sasaran(baris):
        if baris.unsur.level == Level.SASARAN_PD:
            return
        if baris.unsur.level in LEVEL_BARIS:
            turun(baris, None)
            return
        for anak in baris.anak:
            di_luar_sasaran(anak)

    for sasaran in data.sasaran:
        for anak in sasaran.anak:
            turun(anak, sasaran)
    for akar in data.akar:
        di_luar_sasaran(akar)
    return hasil


def level_hilang(data) -> list:
    """Labels of the form's levels (Sasaran PD, Program, Kegiatan, Sub Kegiatan) the plan has no node of."""
    return [Level(level).label for level in LEVEL_E81 if not data.per_level[level]]


def catatan_e81(baris, rata_kinerja, rata_anggaran, jumlah: BarisUnsur, batas):
    """The footnotes of the form's closing rows (DESIGN.md "Averages and rankings").

    The form's rata-rata stays the regulation's (uncapped mean of rows); where the capped score of the
    dashboard and rankings differs at display precision, say it; and say why the mean of the rows' serapan
    is not the report's JUMLAH (sum of realisasi over sum of pagu).
    """
    hasil = []
    skor = capaian.ringkas_skor((b.bi.capaian for b in baris if b.bi is not None), batas)
    if batas is not None and capaian.bulatkan(skor.rata) != capaian.bulatkan(rata_kinerja):
        p = capaian.predikat(skor.rata, skala_predikat())
        hasil.append(
            f"Rata-rata capaian kinerja {capaian.format_persen(rata_kinerja)} mengikuti Formulir E.81 "
            f"(capaian tiap indikator apa adanya). Sebagai skor — seperti di dasbor dan peringkat kabupaten, "
            f"{aturan_skor(batas)} — rata-ratanya {capaian.format_persen(skor.rata)}"
            + (f" ({p.label})" if p else "")
            + f"; {skor.dibatasi} indikator melampaui batas itu."
        )
    if rata_anggaran is not None and capaian.bulatkan(rata_anggaran) != capaian.bulatkan(jumlah.serapan):
        hasil.append(
            f"Rata-rata capaian anggaran {capaian.format_persen(rata_anggaran)} adalah rata-rata serapan tiap baris "
            "program, kegiatan dan sub kegiatan (setiap baris berbobot sama, berapa pun pagunya). Serapan JUMLAH "
            f"laporan {capaian.format_persen(jumlah.serapan)} adalah total realisasi dibagi total pagu "
            f"(Rp {capaian.format_rupiah(jumlah.realisasi_anggaran)} / Rp {capaian.format_rupiah(jumlah.pagu)}), "
            "sehingga keduanya dapat berbeda."
        )
    return hasil
