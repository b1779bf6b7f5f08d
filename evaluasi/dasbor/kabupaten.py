"""The kabupaten overview: every OPD side by side, from grouped queries whose number never grows with the OPD.

The database sums what can be summed, grouped per OPD (pagu split by whether an anggaran kas is
entered, realisasi and rencana anggaran, entry counts, locks). The capaian of the IKU needs the
report's per-component rules (posisi akhir takes each component's latest triwulan), so the IKU's
target components and values, a handful per OPD, are read flat and combined by the same
``evaluasi.capaian`` functions as ``data_laporan``; the averages then agree with each OPD's report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import django_tables2 as tables
from django.db.models import Count, Exists, Max, OuterRef, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from evaluasi import capaian
from evaluasi.dasbor.data import batas_skor, margin_serapan
from evaluasi.laporan import resmi
from evaluasi.laporan.data import skala_predikat
from evaluasi.laporan.target_tw import KOLOM_TW, dengan_target_triwulan, per_triwulan
from evaluasi.layanan.entri import ROMAWI
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Indikator,
    KomponenTarget,
    KunciPeriode,
    NilaiRealisasi,
    Realisasi,
    Unsur,
)

URUTAN = {
    "capaian": "rata-rata skor capaian IKU",
    "serapan": "serapan anggaran",
    "kemajuan": "kemajuan entri",
    "nama": "nama perangkat daerah",
}


@dataclass(eq=False)
class BarisOpd:
    """One OPD in the overview."""

    opd: object
    capaian: Decimal | None = None
    predikat: capaian.Predikat | None = None
    jumlah_iku: int = 0
    tanpa_capaian: int = 0  # IKU without a capaian s.d. TW (left out of the mean, counted apart)
    pagu: int | None = None
    realisasi: int | None = None
    serapan: Decimal | None = None
    rencana: Decimal | None = None
    tertinggal: bool = False
    indikator: int = 0  # indicators of sub kegiatan (what operators enter)
    terisi: int = 0
    diajukan: int = 0
    diverifikasi: int = 0
    dikembalikan: int = 0
    terkunci: list = field(default_factory=list)
    peringkat: int | None = None

    @property
    def persen_terisi(self):
        return capaian.serapan(self.indikator, self.terisi) if self.indikator else None

    @property
    def persen_diverifikasi(self):
        return capaian.serapan(self.indikator, self.diverifikasi) if self.indikator else None

    @property
    def terkunci_teks(self):
        return ", ".join(f"TW {ROMAWI[tw]}" for tw in self.terkunci) or "-"


@dataclass(eq=False)
class Kabupaten:
    """The overview for (tahun, triwulan), sorted by ``urut``."""

    tahun: int | None
    triwulan: int
    tahun_list: list
    urut: str
    baris: list

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]


def periode_kabupaten():
    """(years with a plan, latest year with data, its latest triwulan) over every OPD (3 queries)."""
    tahun_list = sorted(set(Unsur.objects.values_list("tahun", flat=True).order_by()))
    terakhir = {}
    for th, tw in (
        NilaiRealisasi.objects.filter(nilai__isnull=False)
        .values_list("realisasi__indikator__unsur__tahun")
        .annotate(tw=Max("realisasi__triwulan"))
        .order_by()
    ):
        terakhir[th] = max(terakhir.get(th, 0), tw)
    for th, tw in (
        AnggaranTriwulan.objects.filter(realisasi__isnull=False)
        .values_list("anggaran__unsur__tahun")
        .annotate(tw=Max("triwulan"))
        .order_by()
    ):
        terakhir[th] = max(terakhir.get(th, 0), tw)
    if terakhir:
        tahun = max(terakhir)
        return tahun_list, tahun, terakhir[tahun]
    return tahun_list, (tahun_list[-1] if tahun_list else None), 1


def _kunci_urut(urut):
    """Sort key: numbers best first with 'no data' last; names alphabetically."""
    if urut == "nama":
        return lambda b: b.opd.nama.lower()
    atribut = {"capaian": "capaian", "serapan": "serapan", "kemajuan": "persen_terisi"}[urut]

    def kunci(b):
        nilai = getattr(b, atribut)
        return (nilai is None, -(nilai or 0), b.opd.nama.lower())

    return kunci


def data_kabupaten(daftar_opd, tahun, triwulan, urut="capaian") -> list[BarisOpd]:
    """One row per OPD of ``daftar_opd`` for (tahun, triwulan), in 11 queries whatever their number."""
    capaian.cek_triwulan(triwulan)
    if urut not in URUTAN:
        urut = "capaian"
    baris = {o.pk: BarisOpd(opd=o) for o in daftar_opd}
    sub = Unsur.Level.SUB_KEGIATAN

    # Capaian of the IKU. IKU are a handful per OPD, so their target components and per-triwulan
    # values are read flat (3 queries for every OPD) and combined exactly as the report does.
    iku = list(
        Indikator.objects.filter(unsur__tahun=tahun, iku=True)
        .values_list("id", "unsur__opd_id", "agregasi", "polaritas", "metode_negatif")
        .order_by("unsur_id", "urutan", "id")  # the report's order, so the Decimal means agree to the last digit
    )
    komponen = defaultdict(list)  # indikator_id -> [(komponen_id, jumlah, {tw: planned target})]
    for kid, iid, jumlah, *tw in (
        dengan_target_triwulan(
            KomponenTarget.objects.filter(
                target__tahun=tahun, target__indikator__unsur__tahun=tahun, target__indikator__iku=True
            )
        )
        .values_list("id", "target__indikator_id", "jumlah", *KOLOM_TW)
        .order_by("id")
    ):
        komponen[iid].append((kid, jumlah, per_triwulan(tw)))
    nilai = defaultdict(dict)  # komponen_id -> {tw: nilai}
    for kid, tw, v in (
        NilaiRealisasi.objects.filter(
            komponen__target__tahun=tahun,
            realisasi__indikator__unsur__tahun=tahun,
            realisasi__indikator__iku=True,
            realisasi__triwulan__lte=triwulan,
            realisasi__status=resmi.DIVERIFIKASI,  # official figures only (Bappeda and Inspektorat read this)
        )
        .values_list("komponen_id", "realisasi__triwulan", "nilai")
        .order_by()
    ):  # no default-ordering joins
        nilai[kid][tw] = v
    capaian_per_opd = defaultdict(list)
    for iid, opd_id, agregasi, polaritas, metode in iku:
        komp = komponen.get(iid, [])
        per_komponen = [capaian.gabung_triwulan(nilai.get(kid, {}), agregasi, triwulan) for kid, _, _ in komp]
        # As the dashboard: capaian s.d. TW n against the target s.d. TW n (DESIGN.md "Triwulan targets").
        c, _, _ = capaian.capaian_sd_triwulan(
            [(j, r) for _, j, r in komp], per_komponen, agregasi, triwulan, polaritas, metode
        )
        capaian_per_opd[opd_id].append(c)
    skala = skala_predikat()
    batas = batas_skor()
    for opd_id, daftar in capaian_per_opd.items():
        if opd_id in baris:
            b = baris[opd_id]
            b.jumlah_iku = len(daftar)
            skor = capaian.ringkas_skor(daftar, batas)
            b.capaian, b.tanpa_capaian = skor.rata, skor.tanpa_capaian
            b.predikat = capaian.predikat(b.capaian, skala)

    # Budget: pagu split by whether an anggaran kas is entered; realisasi and rencana to date.
    ada_rencana = AnggaranTriwulan.objects.filter(anggaran=OuterRef("pk"), rencana_penarikan__isnull=False)
    pagu = defaultdict(dict)
    for opd_id, punya, jumlah in (
        Anggaran.objects.filter(unsur__tahun=tahun)
        .annotate(punya=Exists(ada_rencana))
        .values_list("unsur__opd_id", "punya")
        .annotate(jumlah=Sum(Coalesce("pagu_perubahan", "pagu_murni")))
        .order_by()
    ):
        pagu[opd_id][punya] = jumlah
    per_tw = AnggaranTriwulan.objects.filter(anggaran__unsur__tahun=tahun, triwulan__lte=triwulan)
    realisasi_opd = dict(
        per_tw.filter(resmi.anggaran_resmi(), realisasi__isnull=False)
        .values_list("anggaran__unsur__opd_id")
        .annotate(jumlah=Sum("realisasi"))
        .order_by()
    )
    rencana_opd = dict(
        per_tw.filter(rencana_penarikan__isnull=False)
        .values_list("anggaran__unsur__opd_id")
        .annotate(jumlah=Sum("rencana_penarikan"))
        .order_by()
    )
    for opd_id, b in baris.items():
        if opd_id not in pagu:
            continue
        dengan, tanpa = pagu[opd_id].get(True), pagu[opd_id].get(False)
        b.pagu = capaian.jumlah_rupiah([dengan, tanpa])
        b.realisasi = realisasi_opd.get(opd_id)
        rencana_rp = capaian.jumlahkan(
            [
                rencana_opd.get(opd_id, 0) if dengan is not None else None,
                capaian.rencana_rupiah_kumulatif(triwulan, tanpa) if tanpa is not None else None,
            ]
        )
        b.serapan = capaian.serapan(b.pagu, b.realisasi)
        b.rencana = capaian.serapan(b.pagu, rencana_rp) if b.pagu and rencana_rp is not None else None
        b.tertinggal = capaian.serapan_tertinggal(b.serapan, b.rencana, margin_serapan())

    # Entry progress of the triwulan (indicators of sub kegiatan, as the work list counts them).
    for opd_id, n in (
        Indikator.objects.filter(unsur__tahun=tahun, unsur__level=sub)
        .values_list("unsur__opd_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if opd_id in baris:
            baris[opd_id].indikator = n
    for opd_id, n in (
        NilaiRealisasi.objects.filter(
            realisasi__indikator__unsur__tahun=tahun,
            realisasi__indikator__unsur__level=sub,
            realisasi__triwulan=triwulan,
            nilai__isnull=False,
        )
        .values_list("realisasi__indikator__unsur__opd_id")
        .annotate(n=Count("realisasi__indikator_id", distinct=True))
        .order_by()
    ):
        if opd_id in baris:
            baris[opd_id].terisi = n
    for opd_id, status, n in (
        Realisasi.objects.filter(indikator__unsur__tahun=tahun, indikator__unsur__level=sub, triwulan=triwulan)
        .values_list("indikator__unsur__opd_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        b = baris.get(opd_id)
        if b is not None and status in ("diajukan", "diverifikasi", "dikembalikan"):
            setattr(b, status, n)
    for opd_id, tw in (
        KunciPeriode.objects.filter(tahun=tahun, dibuka_pada__isnull=True).values_list("opd_id", "triwulan").order_by()
    ):
        if opd_id in baris:
            baris[opd_id].terkunci.append(tw)
    for b in baris.values():
        b.terkunci.sort()

    hasil = sorted(baris.values(), key=_kunci_urut(urut))
    for i, b in enumerate(sorted(baris.values(), key=_kunci_urut("capaian")), 1):
        b.peringkat = i if b.capaian is not None else None
    return hasil


# --- Export: one table class for the workbook ---------------------------------------------------


class KolomPersen(tables.Column):
    """A percent column: '94,27%' on screen, the Decimal in the export."""

    def render(self, value):
        return capaian.format_persen(value)

    def value(self, value):
        return value


def cakupan_kabupaten(baris, triwulan) -> str:
    """Coverage line of the overview: verified of entered, counted in indikator sub kegiatan × the triwulan."""
    c = resmi.Cakupan(
        kinerja_diverifikasi=sum(b.diverifikasi for b in baris),
        kinerja_terisi=sum(b.terisi for b in baris),
        pada=timezone.now(),
    )
    return (
        f"{c.kinerja_diverifikasi} dari {c.kinerja_terisi} nilai diverifikasi, per {c.pada_teks} "
        f"(nilai = indikator sub kegiatan × TW {ROMAWI[triwulan]}). Capaian dan serapan hanya menghitung "
        "realisasi yang sudah diverifikasi."
    )


class TabelKabupaten(tables.Table):
    """The kabupaten overview as an XLSX sheet (the page shows the same rows and figures)."""

    judul = "Ikhtisar Kinerja Perangkat Daerah"
    peringkat = tables.Column("Peringkat capaian", accessor="peringkat", default="-")
    nama = tables.Column("Perangkat daerah", accessor="opd__nama")
    capaian = KolomPersen("Rata-rata skor capaian IKU", accessor="capaian")
    tanpa_capaian = tables.Column("IKU belum ada capaian", accessor="tanpa_capaian")
    predikat = tables.Column("Predikat", accessor="predikat__label", default="-")
    pagu = tables.Column("Pagu (Rp)", accessor="pagu")
    realisasi_anggaran = tables.Column("Realisasi anggaran (Rp)", accessor="realisasi")
    serapan = KolomPersen("Serapan", accessor="serapan")
    rencana = KolomPersen("Rencana serapan", accessor="rencana")
    persen_terisi = KolomPersen("Indikator terisi", accessor="persen_terisi")
    persen_diverifikasi = KolomPersen("Indikator diverifikasi", accessor="persen_diverifikasi")
    terkunci = tables.Column("Triwulan terkunci", accessor="terkunci_teks")

    class Meta:
        orderable = False
