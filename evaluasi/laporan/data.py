"""Every number of the semester report for one (OPD, tahun, semester), from a fixed number of queries.

``data_laporan`` reads the cascade, indicators, targets, realisasi and budgets of
the plan in a handful of flat queries (the count does not grow with the plan),
regroups them in Python, and applies the rules of ``evaluasi.capaian``. The
page, the PDF, the XLSX and the JSON of the report all render what it returns;
none of them computes a figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from evaluasi import capaian
from evaluasi.laporan import gulung, kewajaran, resmi
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    AngkaTercetak,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Opd,
    Unsur,
)

from .target_tw import KOLOM_TW, dengan_target_triwulan, per_triwulan

Level = Unsur.Level


@dataclass(eq=False, repr=False)
class BarisIndikator:
    """An indicator with its figures for the period."""

    indikator: Indikator
    target_komponen: list  # [(jumlah Decimal, satuan)]
    realisasi_komponen: list  # [Decimal | None] per component, for the period
    target: Decimal | None  # Σ components
    realisasi: Decimal | None  # Σ entered components; None = nothing entered
    capaian: Decimal | None
    status: str  # capaian.ADA / BELUM_DIISI / TARGET_NOL / TIDAK_TERDEFINISI
    predikat: capaian.Predikat | None
    target_berikut: list = field(default_factory=list)  # next year's components (perjanjian kinerja)
    per_triwulan: dict = field(default_factory=dict)  # {tw: Σ entered components in that triwulan, or None}
    target_teks: str = ""
    target_berikut_teks: str = ""
    jumlah_rincian: bool = False  # realisasi is the sum of its rincian (laporan/gulung.py)
    realisasi_isian: Decimal | None = None  # what was entered for it, when summed
    draf_triwulan: set = field(default_factory=set)  # triwulan whose unverified values are included (resmi.py)

    @property
    def draf(self):
        return bool(self.draf_triwulan)

    # Mid-year judgement (DESIGN.md "Triwulan targets"): capaian s.d. the period's last TW against the
    # target s.d. that TW, planned (capaian.RENCANA) or default (capaian.PROPORSIONAL). ``capaian`` above
    # stays the capaian against the annual target (E.81's definition).
    target_sd: Decimal | None = None
    sumber_target_sd: str = capaian.PROPORSIONAL
    capaian_sd: Decimal | None = None
    predikat_sd: capaian.Predikat | None = None

    @property
    def target_sd_proporsional(self):
        return self.sumber_target_sd == capaian.PROPORSIONAL

    @property
    def komposit(self):
        return len(self.target_komponen) > 1


@dataclass(eq=False, repr=False)
class BarisUnsur:
    """A cascade node with its indicators and its budget rolled up from its sub kegiatan."""

    unsur: Unsur
    indikator: list = field(default_factory=list)
    anak: list = field(default_factory=list)
    pagu: int | None = None
    pagu_murni: int | None = None
    realisasi_anggaran: int | None = None
    serapan: Decimal | None = None
    anggaran_triwulan: dict = field(default_factory=dict)  # {tw: realisasi anggaran in that triwulan, or None}
    anggaran_draf: set = field(default_factory=set)  # triwulan whose unverified realisasi anggaran is included

    @property
    def pagu_berubah(self):
        return self.pagu is not None and self.pagu != self.pagu_murni


@dataclass(eq=False, repr=False)
class BarisIku:
    """A row of the capaian IKU per sasaran strategis table."""

    sasaran: BarisUnsur
    pemilik: BarisUnsur  # the sasaran itself, or the program whose indicator this is
    indikator: BarisIndikator
    tampil_anggaran: bool  # the document prints the budget on the first row of each owner


@dataclass(eq=False, repr=False)
class Temuan:
    """A data-quality finding: where a stored or printed figure disagrees with the computed one."""

    jenis: str
    objek: str
    pesan: str
    tercetak: str = ""
    dihitung: str = ""
    kelompok: str = "dokumen"  # "dokumen": printed vs computed; "isian": live entries inconsistent


@dataclass(eq=False, repr=False)
class DataLaporan:
    """The whole semester report as numbers."""

    opd: Opd
    tahun: int
    semester: int
    sampai_triwulan: int
    akar: list
    per_level: dict
    per_unsur: dict
    per_indikator: dict
    jumlah: BarisUnsur
    iku: list
    temuan: list
    cakupan: resmi.Cakupan | None = None
    termasuk_draf: bool = False

    @property
    def tujuan(self):
        return self.per_level[Level.TUJUAN_PD]

    @property
    def sasaran(self):
        return self.per_level[Level.SASARAN_PD]

    @property
    def program(self):
        return self.per_level[Level.PROGRAM]

    @property
    def kegiatan(self):
        return self.per_level[Level.KEGIATAN]

    @property
    def sub_kegiatan(self):
        return self.per_level[Level.SUB_KEGIATAN]


def skala_predikat():
    """The predikat scale in force (settings.EVALUASI_PREDIKAT or the default bands)."""
    return capaian.skala_predikat(getattr(settings, "EVALUASI_PREDIKAT", None))


def data_laporan(
    opd: Opd, tahun: int, semester: int, sampai_triwulan: int | None = None, termasuk_draf: bool = False
) -> DataLaporan:
    """Return every number of the semester report of ``opd`` for ``tahun`` and ``semester`` (1 or 2).

    ``sampai_triwulan`` overrides the period's last triwulan (Formulir E.81 is per triwulan).
    Only verified realisasi counts unless ``termasuk_draf`` (then drafts are included and marked);
    the rule is ``evaluasi.laporan.resmi``.
    Runs a constant number of queries whatever the size of the plan.
    """
    sampai = capaian.triwulan_akhir_semester(semester)
    if sampai_triwulan is not None:
        sampai = capaian.cek_triwulan(sampai_triwulan)
    skala = skala_predikat()

    unsur = list(Unsur.objects.filter(opd=opd, tahun=tahun).select_related("bidang").order_by("urutan", "id"))
    indikator = list(
        Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun)
        .select_related("bidang")
        .order_by("unsur_id", "urutan", "id")
    )
    komponen = dengan_target_triwulan(
        KomponenTarget.objects.filter(
            target__indikator__unsur__opd=opd,
            target__indikator__unsur__tahun=tahun,
            target__tahun__in=[tahun, tahun + 1],
        )
    ).values_list("id", "target__indikator_id", "target__tahun", "target__teks", "jumlah", "satuan", *KOLOM_TW)
    nilai = NilaiRealisasi.objects.filter(
        realisasi__indikator__unsur__opd=opd, realisasi__indikator__unsur__tahun=tahun, realisasi__triwulan__lte=sampai
    ).values_list(
        "komponen_id",
        "realisasi__indikator_id",
        "realisasi__triwulan",
        "nilai",
        "realisasi__status",
        "realisasi__diubah_pada",
    )
    anggaran = Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun).values_list(
        "unsur_id", "pagu_murni", "pagu_perubahan"
    )
    realisasi_anggaran = (
        AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun, triwulan__lte=sampai)
        .annotate(resmi=resmi.anggaran_resmi())
        .values_list("anggaran__unsur_id", "triwulan", "realisasi", "resmi")
    )
    cakupan = resmi.Cakupan()

    # Targets: components in order, for this year and the next (perjanjian kinerja).
    komponen_per = defaultdict(list)  # (indikator_id, tahun) -> [(komponen_id, jumlah, satuan)]
    teks_target = {}
    rencana_tw = {}  # komponen_id -> {triwulan: planned target} (rencana aksi)
    for kid, iid, th, teks, jumlah, satuan, *tw in sorted(komponen, key=lambda k: k[0]):
        komponen_per[(iid, th)].append((kid, jumlah, satuan))
        teks_target[(iid, th)] = teks
        rencana_tw[kid] = per_triwulan(tw)
    nilai_per_komponen = defaultdict(dict)  # komponen_id -> {triwulan: nilai}
    draf_per_komponen = defaultdict(set)  # komponen_id -> {triwulan with an unverified value}
    for kid, tw, v, draf in resmi.pilah_nilai(nilai, termasuk_draf, cakupan):
        nilai_per_komponen[kid][tw] = v
        if draf:
            draf_per_komponen[kid].add(tw)

    baris_indikator = {}
    indikator_per_unsur = defaultdict(list)
    for ind in indikator:
        komp = komponen_per.get((ind.id, tahun), [])
        per_komponen = [
            capaian.gabung_triwulan(nilai_per_komponen.get(kid, {}), ind.agregasi, sampai) for kid, _, _ in komp
        ]
        total_target, total_realisasi = capaian.jumlah_komponen([j for _, j, _ in komp], per_komponen)
        if not komp:
            total_target = None
        polaritas = (ind.polaritas, ind.metode_negatif)
        baris = BarisIndikator(
            indikator=ind,
            target_komponen=[(j, s) for _, j, s in komp],
            realisasi_komponen=per_komponen,
            target=total_target,
            realisasi=total_realisasi,
            capaian=capaian.capaian(total_target, total_realisasi, ind.polaritas, ind.metode_negatif),
            status=capaian.status_capaian(total_target, total_realisasi, ind.polaritas, ind.metode_negatif),
            predikat=None,
            target_berikut=[(j, s) for _, j, s in komponen_per.get((ind.id, tahun + 1), [])],
            target_teks=teks_target.get((ind.id, tahun), ""),
            target_berikut_teks=teks_target.get((ind.id, tahun + 1), ""),
        )
        baris.predikat = capaian.predikat(baris.capaian, skala)
        baris.capaian_sd, baris.target_sd, baris.sumber_target_sd = capaian.capaian_sd_triwulan(
            [(j, rencana_tw[kid]) for kid, j, _ in komp], per_komponen, ind.agregasi, sampai, *polaritas
        )
        baris.predikat_sd = capaian.predikat(baris.capaian_sd, skala)
        baris.per_triwulan = {
            tw: capaian.jumlahkan(nilai_per_komponen.get(kid, {}).get(tw) for kid, _, _ in komp)
            for tw in range(1, sampai + 1)
        }
        baris.draf_triwulan = set().union(*(draf_per_komponen.get(kid, set()) for kid, _, _ in komp))
        baris_indikator[ind.id] = baris
        indikator_per_unsur[ind.unsur_id].append(baris)
    rincian = _rincian(opd, tahun)
    kedalaman = {u.id: Unsur.kedalaman(u.level) for u in unsur}
    gulung.gulung_realisasi(baris_indikator, rincian, {i.id: kedalaman[i.unsur_id] for i in indikator}, skala)

    # The tree, then budgets rolled up from the sub kegiatan.
    pagu_per = {uid: (murni, perubahan if perubahan is not None else murni) for uid, murni, perubahan in anggaran}
    realisasi_per = defaultdict(dict)  # unsur_id -> {tw: rupiah}
    draf_anggaran = defaultdict(set)  # unsur_id -> {tw with an unverified realisasi anggaran}
    for uid, tw, rp, draf in resmi.pilah_anggaran(realisasi_anggaran, termasuk_draf, cakupan):
        realisasi_per[uid][tw] = rp
        if draf:
            draf_anggaran[uid].add(tw)
    per_unsur = {u.id: BarisUnsur(unsur=u, indikator=indikator_per_unsur.get(u.id, [])) for u in unsur}
    akar = []
    for u in unsur:
        induk = per_unsur.get(u.induk_id)
        (induk.anak if induk else akar).append(per_unsur[u.id])
    for u in unsur:
        if u.level == Level.SUB_KEGIATAN:
            baris = per_unsur[u.id]
            murni, berlaku = pagu_per.get(u.id, (None, None))
            baris.pagu_murni, baris.pagu = murni, berlaku
            baris.anggaran_triwulan = {tw: realisasi_per[u.id].get(tw) for tw in range(1, sampai + 1)}
            baris.anggaran_draf = draf_anggaran.get(u.id, set())
            baris.realisasi_anggaran = capaian.jumlah_rupiah(baris.anggaran_triwulan.values())
    for baris in akar:
        _gulung_anggaran(baris)
    jumlah = BarisUnsur(unsur=None, anak=akar)
    _gulung_anggaran(jumlah)

    # The report's tables list each level by its number (Program 1 first), whatever the tree order.
    per_level = {level: [] for level in Level.values}
    for u in sorted(unsur, key=lambda u: (kunci_nomor(u.nomor), u.urutan)):
        per_level[u.level].append(per_unsur[u.id])

    data = DataLaporan(
        opd=opd,
        tahun=tahun,
        semester=semester,
        sampai_triwulan=sampai,
        akar=akar,
        per_level=per_level,
        per_unsur=per_unsur,
        per_indikator=baris_indikator,
        jumlah=jumlah,
        iku=_baris_iku(per_level[Level.SASARAN_PD]),
        temuan=[],
        cakupan=cakupan,
        termasuk_draf=termasuk_draf,
    )
    data.temuan = _temuan(data, indikator, rincian)
    data.temuan += [Temuan(**t) for t in kewajaran.temuan_isian(data, indikator)]
    return data


def _rincian(opd, tahun) -> dict:
    """Parent indicator id -> its rincian (child indicator ids), in link order (one query)."""
    rincian = defaultdict(list)
    for dari, ke in (
        Indikator.rincian.through.objects.filter(from_indikator__unsur__opd=opd, from_indikator__unsur__tahun=tahun)
        .order_by("id")
        .values_list("from_indikator_id", "to_indikator_id")
    ):
        rincian[dari].append(ke)
    return rincian


def kunci_nomor(nomor: str):
    """Sort key for row numbers like '2', '10' or '3.1.2': numerically, part by part."""
    return tuple((0, int(b), "") if b.isdigit() else (1, 0, b) for b in nomor.split("."))


def _gulung_anggaran(baris: BarisUnsur):
    """Fill a node's pagu, realisasi and serapan as the sum of its sub kegiatan."""
    if baris.unsur is None or baris.unsur.level != Level.SUB_KEGIATAN:
        for anak in baris.anak:
            _gulung_anggaran(anak)
        baris.pagu = capaian.jumlah_rupiah(a.pagu for a in baris.anak)
        baris.pagu_murni = capaian.jumlah_rupiah(a.pagu_murni for a in baris.anak)
        baris.realisasi_anggaran = capaian.jumlah_rupiah(a.realisasi_anggaran for a in baris.anak)
        triwulan = sorted({tw for a in baris.anak for tw in a.anggaran_triwulan})
        baris.anggaran_triwulan = {
            tw: capaian.jumlah_rupiah(a.anggaran_triwulan.get(tw) for a in baris.anak) for tw in triwulan
        }
        baris.anggaran_draf = set().union(*(a.anggaran_draf for a in baris.anak))
    if baris.pagu is not None:
        baris.serapan = capaian.serapan(baris.pagu, baris.realisasi_anggaran)


def _baris_iku(sasaran_list):
    """Rows of the capaian IKU table: each sasaran's own IKU, then the IKU of its programs."""
    rows = []
    for sasaran in sasaran_list:
        pemilik_list = [sasaran] + [p for p in sasaran.anak if p.unsur.level == Level.PROGRAM]
        for pemilik in pemilik_list:
            pertama = True
            for bi in pemilik.indikator:
                if not bi.indikator.iku:
                    continue
                rows.append(BarisIku(sasaran=sasaran, pemilik=pemilik, indikator=bi, tampil_anggaran=pertama))
                pertama = False
    return rows


# --- Data quality -----------------------------------------------------------------------

_BESARAN_UNSUR = {
    AngkaTercetak.Besaran.PAGU: ("pagu", capaian.format_rupiah),
    AngkaTercetak.Besaran.REALISASI_ANGGARAN: ("realisasi_anggaran", capaian.format_rupiah),
    AngkaTercetak.Besaran.SERAPAN: ("serapan", capaian.format_persen),
}


def _label_indikator(baris: BarisIndikator, unsur: BarisUnsur | None):
    if unsur is None:
        return baris.indikator.nama
    u = unsur.unsur
    return f"{u.get_level_display()} {u.nomor} — {baris.indikator.nama}"


def _temuan(data: DataLaporan, indikator, rincian):
    """Every place where a printed or stored figure disagrees with the computed one (1 more query)."""
    temuan = []
    tercetak = AngkaTercetak.objects.filter(opd=data.opd, tahun=data.tahun, semester=data.semester).order_by("id")
    tercetak_realisasi = {}

    for t in tercetak:
        temuan.extend(Temuan(**x) for x in kewajaran.temuan_tercetak(t, data))
        if t.indikator_id is not None:
            baris = data.per_indikator.get(t.indikator_id)
            if baris is None:
                continue
            label = _label_indikator(baris, data.per_unsur.get(baris.indikator.unsur_id))
            satuan = (baris.indikator.satuan or "").strip()
            if t.besaran == AngkaTercetak.Besaran.REALISASI:
                tercetak_realisasi[t.indikator_id] = t.teks
            if t.besaran == AngkaTercetak.Besaran.CAPAIAN and not capaian.sama_pada_presisi(baris.capaian, t.teks):
                temuan.append(
                    Temuan(
                        "capaian",
                        label,
                        f"Dokumen mencetak capaian {t.teks}, hasil hitung {capaian.format_persen(baris.capaian)}.",
                        t.teks,
                        capaian.format_persen(baris.capaian),
                    )
                )
            elif (
                t.besaran in (AngkaTercetak.Besaran.TARGET, AngkaTercetak.Besaran.REALISASI)
                and t.teks.strip().endswith("%")
                and satuan != "%"
            ):
                temuan.append(
                    Temuan(
                        "satuan",
                        label,
                        f"{t.get_besaran_display()} tertulis '{t.teks}' dengan %, padahal satuan indikator "
                        f"'{satuan or 'tanpa satuan'}'.",
                        t.teks,
                        satuan,
                    )
                )
        else:
            baris = data.per_unsur.get(t.unsur_id) if t.unsur_id else data.jumlah
            if baris is None or t.besaran not in _BESARAN_UNSUR:
                continue
            atribut, fmt = _BESARAN_UNSUR[t.besaran]
            dihitung = getattr(baris, atribut)
            if t.besaran == AngkaTercetak.Besaran.SERAPAN:
                sama = capaian.sama_pada_presisi(dihitung, t.teks)
            else:
                sama = capaian.parse_angka(t.teks) == (None if dihitung is None else Decimal(dihitung))
            if not sama:
                label = "JUMLAH" if baris.unsur is None else f"{baris.unsur.get_level_display()} {baris.unsur.nomor}"
                temuan.append(
                    Temuan(
                        "anggaran",
                        f"{label} — {t.get_besaran_display().lower()}",
                        f"Dokumen mencetak {t.teks}, jumlah dari sub kegiatan {fmt(dihitung)}.",
                        t.teks,
                        fmt(dihitung),
                    )
                )

    for ind in indikator:
        baris = data.per_indikator[ind.id]
        if baris.status == capaian.TARGET_NOL and baris.realisasi is not None:
            label = _label_indikator(baris, data.per_unsur.get(ind.unsur_id))
            pesan = "Target 0 atau belum ada: capaian tidak dapat dihitung."
            temuan.append(Temuan("target_nol", label, pesan, kelompok=gulung.ISIAN))

    def label(b):
        return _label_indikator(b, data.per_unsur.get(b.indikator.unsur_id))

    temuan += [Temuan(*t) for t in gulung.periksa_rincian(data.per_indikator, rincian, label, tercetak_realisasi)]
    return temuan
