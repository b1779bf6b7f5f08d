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
from evaluasi.laporan import kewajaran
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


def data_laporan(opd: Opd, tahun: int, semester: int, sampai_triwulan: int | None = None) -> DataLaporan:
    """Return every number of the semester report of ``opd`` for ``tahun`` and ``semester`` (1 or 2).

    ``sampai_triwulan`` overrides the period's last triwulan (Formulir E.81 is per triwulan).
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
    komponen = KomponenTarget.objects.filter(
        target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun, target__tahun__in=[tahun, tahun + 1]
    ).values_list("id", "target__indikator_id", "target__tahun", "target__teks", "jumlah", "satuan")
    nilai = NilaiRealisasi.objects.filter(
        realisasi__indikator__unsur__opd=opd, realisasi__indikator__unsur__tahun=tahun, realisasi__triwulan__lte=sampai
    ).values_list("komponen_id", "realisasi__triwulan", "nilai")
    anggaran = Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun).values_list(
        "unsur_id", "pagu_murni", "pagu_perubahan"
    )
    realisasi_anggaran = AnggaranTriwulan.objects.filter(
        anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun, triwulan__lte=sampai
    ).values_list("anggaran__unsur_id", "triwulan", "realisasi")

    # Targets: components in order, for this year and the next (perjanjian kinerja).
    komponen_per = defaultdict(list)  # (indikator_id, tahun) -> [(komponen_id, jumlah, satuan)]
    teks_target = {}
    for kid, iid, th, teks, jumlah, satuan in sorted(komponen, key=lambda k: k[0]):
        komponen_per[(iid, th)].append((kid, jumlah, satuan))
        teks_target[(iid, th)] = teks
    nilai_per_komponen = defaultdict(dict)  # komponen_id -> {triwulan: nilai}
    for kid, tw, v in nilai:
        nilai_per_komponen[kid][tw] = v

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
        baris.per_triwulan = {
            tw: capaian.jumlahkan(nilai_per_komponen.get(kid, {}).get(tw) for kid, _, _ in komp)
            for tw in range(1, sampai + 1)
        }
        baris_indikator[ind.id] = baris
        indikator_per_unsur[ind.unsur_id].append(baris)

    # The tree, then budgets rolled up from the sub kegiatan.
    pagu_per = {uid: (murni, perubahan if perubahan is not None else murni) for uid, murni, perubahan in anggaran}
    realisasi_per = defaultdict(dict)  # unsur_id -> {tw: rupiah}
    for uid, tw, rp in realisasi_anggaran:
        realisasi_per[uid][tw] = rp
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
    )
    data.temuan = _temuan(data, indikator)
    data.temuan += [Temuan(**t) for t in kewajaran.temuan_isian(data, indikator)]
    return data


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


def _temuan(data: DataLaporan, indikator):
    """Every place where a printed or stored figure disagrees with the computed one (2 more queries)."""
    temuan = []
    tercetak = AngkaTercetak.objects.filter(opd=data.opd, tahun=data.tahun, semester=data.semester).order_by("id")
    Rincian = Indikator.rincian.through
    rincian = defaultdict(list)
    for dari, ke in (
        Rincian.objects.filter(from_indikator__unsur__opd=data.opd, from_indikator__unsur__tahun=data.tahun)
        .order_by("id")
        .values_list("from_indikator_id", "to_indikator_id")
    ):
        rincian[dari].append(ke)

    for t in tercetak:
        temuan.extend(Temuan(**x) for x in kewajaran.temuan_tercetak(t, data))
        if t.indikator_id is not None:
            baris = data.per_indikator.get(t.indikator_id)
            if baris is None:
                continue
            label = _label_indikator(baris, data.per_unsur.get(baris.indikator.unsur_id))
            satuan = (baris.indikator.satuan or "").strip()
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
        label = _label_indikator(baris, data.per_unsur.get(ind.unsur_id))
        if baris.status == capaian.TARGET_NOL and baris.realisasi is not None:
            temuan.append(Temuan("target_nol", label, "Target 0 atau belum ada: capaian tidak dapat dihitung."))
        anak = [data.per_indikator[i] for i in rincian.get(ind.id, []) if i in data.per_indikator]
        if not anak:
            continue
        for besaran, nilai_induk in (("target", baris.target), ("realisasi", baris.realisasi)):
            nilai_anak = capaian.jumlahkan(getattr(a, besaran) for a in anak)
            if nilai_induk != nilai_anak:
                nama_anak = ", ".join(f"{capaian.format_angka(getattr(a, besaran), 4, buang_nol=True)}" for a in anak)
                temuan.append(
                    Temuan(
                        "rincian",
                        label,
                        f"{besaran.capitalize()} {capaian.format_angka(nilai_induk, 4, buang_nol=True)} tidak sama "
                        f"dengan jumlah rinciannya di sub kegiatan ({nama_anak} = "
                        f"{capaian.format_angka(nilai_anak, 4, buang_nol=True)}).",
                        capaian.format_angka(nilai_induk, 4, buang_nol=True),
                        capaian.format_angka(nilai_anak, 4, buang_nol=True),
                    )
                )
    return temuan
