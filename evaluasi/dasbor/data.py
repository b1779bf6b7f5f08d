"""The Kepala Dinas dashboard and its drill-down pages, as numbers, in a fixed number of queries.

Every figure of the report comes from ``evaluasi.laporan.data.data_laporan`` (one call per page);
this module adds only what the report lacks (the rencana penarikan, the work list of the triwulan,
risks, the other years of the Renstra) and regroups it. The rules (capaian, serapan, predikat,
plan of serapan, what needs attention) are the pure functions of ``evaluasi.capaian``; templates
only display what is returned here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Sum
from django.http import Http404

from evaluasi import capaian
from evaluasi.akses import lihat_kualitas_data
from evaluasi.laporan import resmi
from evaluasi.laporan.data import BarisIndikator, BarisUnsur, data_laporan, skala_predikat
from evaluasi.laporan.skor import aturan_skor, batas_skor
from evaluasi.laporan.target_tw import KOLOM_TW, dengan_target_triwulan, per_triwulan
from evaluasi.layanan.daftar_kerja import daftar_kerja
from evaluasi.layanan.entri import ROMAWI
from evaluasi.models import (
    AnggaranTriwulan,
    Bidang,
    DataDukung,
    Indikator,
    IsuStrategis,
    KomponenTarget,
    KunciPeriode,
    NilaiRealisasi,
    PeristiwaVerifikasi,
    Realisasi,
    Risiko,
    Unsur,
)

Level = Unsur.Level
LEVEL_DRILL = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)


def skala_risiko():
    """The risk level scale in force (settings.EVALUASI_LEVEL_RISIKO or the default bands)."""
    return capaian.skala_level_risiko(getattr(settings, "EVALUASI_LEVEL_RISIKO", None))


def margin_serapan():
    """Points by which a serapan may lag its plan before it needs attention (settings.EVALUASI_MARGIN_SERAPAN)."""
    return Decimal(str(getattr(settings, "EVALUASI_MARGIN_SERAPAN", 10)))


def keterangan_capaian_sd(bi: BarisIndikator, triwulan):
    """'Capaian s.d. TW I 80,36% thd target s.d. TW I 56 orang (proporsional) — Rendah': the mid-year judgement."""
    tw = ROMAWI[triwulan]
    sumber = " (proporsional)" if bi.target_sd_proporsional else " (rencana aksi)"
    teks = (
        f"Capaian s.d. TW {tw} {capaian.format_persen(bi.capaian_sd)} thd target s.d. TW {tw} "
        f"{capaian.format_jumlah(bi.target_sd, bi.indikator.satuan)}{sumber}"
    )
    return teks + (f" — {bi.predikat_sd.label}" if bi.predikat_sd else "")


def semester_dari_triwulan(triwulan):
    """TW I–II belong to Semester I, TW III–IV to Semester II (the report whose figures are shown)."""
    return 1 if triwulan <= 2 else 2


# --- Which year and triwulan --------------------------------------------------------------------


def daftar_tahun(opd) -> list[int]:
    """The years that have a plan for the OPD, oldest first (1 query)."""
    return sorted(set(Unsur.objects.filter(opd=opd).values_list("tahun", flat=True).order_by()))


def triwulan_terakhir(opd) -> dict:
    """{tahun: latest triwulan with kinerja or anggaran entered} of the OPD (2 grouped queries)."""
    terakhir = {}
    for th, tw in (
        NilaiRealisasi.objects.filter(realisasi__indikator__unsur__opd=opd, nilai__isnull=False)
        .values_list("realisasi__indikator__unsur__tahun")
        .annotate(tw=Max("realisasi__triwulan"))
        .order_by()
    ):
        terakhir[th] = max(terakhir.get(th, 0), tw)
    for th, tw in (
        AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd, realisasi__isnull=False)
        .values_list("anggaran__unsur__tahun")
        .annotate(tw=Max("triwulan"))
        .order_by()
    ):
        terakhir[th] = max(terakhir.get(th, 0), tw)
    return terakhir


def tahun_renstra(opd, tahun, tahun_rencana):
    """The Renstra period around ``tahun`` (from the isu strategis), else the years that have a plan (1 query)."""
    periode = (
        IsuStrategis.objects.filter(opd=opd, tahun__lte=tahun, tahun_akhir__gte=tahun)
        .values_list("tahun", "tahun_akhir")
        .first()
    )
    if periode:
        return list(range(periode[0], periode[1] + 1))
    return sorted(set(tahun_rencana) | {tahun})


# --- Rows -----------------------------------------------------------------------------------


@dataclass(eq=False)
class TitikTren:
    """One year of an indicator's trend: its target and, where a plan of that year has data, realisasi."""

    tahun: int
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: capaian.Predikat | None
    ini: bool = False  # the year shown
    mendatang: bool = False  # a later year: a perjanjian kinerja target


@dataclass(eq=False)
class BarisIkuDasbor:
    """An IKU on the dashboard: the report's figures plus the trend over the Renstra."""

    bi: BarisIndikator
    unsur: Unsur
    tren: list = field(default_factory=list)


@dataclass(eq=False)
class RingkasAnggaran:
    """Budget of a node (or the OPD): pagu, realisasi and serapan to date against the plan."""

    baris: BarisUnsur | None
    pagu: int | None
    realisasi: int | None
    serapan: Decimal | None
    rencana: Decimal | None  # planned serapan (%) by the triwulan
    tertinggal: bool
    capaian: Decimal | None = None  # mean capaian of the node's own indicators
    predikat: capaian.Predikat | None = None
    draf_anggaran: bool = False  # holds an unverified realisasi anggaran (only with "termasuk draf")
    draf_kinerja: bool = False  # the mean holds an unverified realisasi

    @property
    def unsur(self):
        return self.baris.unsur if self.baris else None


JENIS_PERHATIAN = [
    ("capaian", "Capaian rendah"),
    ("serapan", "Serapan di bawah rencana"),
    ("dikembalikan", "Dikembalikan verifikator"),
    ("belum_diisi", "Belum diisi triwulan ini"),
    ("risiko", "Risiko tinggi"),
    ("kualitas", "Temuan kualitas data"),
]


@dataclass(eq=False)
class ItemPerhatian:
    """One line of "Perlu perhatian": what, where, why, and the page that shows it."""

    jenis: str  # capaian / serapan / belum_diisi / dikembalikan / risiko / kualitas
    judul: str
    keterangan: str
    unsur_id: int | None = None
    indikator_id: int | None = None
    warna: str = ""


@dataclass(eq=False)
class KemajuanBidang:
    """Entry progress of one bidang in the triwulan: indicators filled, submitted, verified."""

    nama: str
    jumlah: int = 0
    terisi: int = 0
    diajukan: int = 0
    diverifikasi: int = 0
    dikembalikan: int = 0

    def _persen(self, n):
        return capaian.serapan(self.jumlah, n) if self.jumlah else None  # share of the indicators, in percent

    @property
    def persen_terisi(self):
        return self._persen(self.terisi)

    @property
    def persen_diverifikasi(self):
        return self._persen(self.diverifikasi)


@dataclass(eq=False)
class Dasbor:
    """Everything the OPD dashboard shows for (tahun, triwulan[, bidang])."""

    opd: object
    tahun: int
    triwulan: int
    semester: int
    data: object  # DataLaporan
    tahun_rencana: list
    renstra: list
    bidang: list
    bidang_terpilih: Bidang | None
    iku: list
    program: list
    jumlah: RingkasAnggaran
    serapan_triwulan: list  # [(tw, serapan kumulatif, rencana)]
    perhatian: list
    kemajuan: list
    predikat_sebaran: list  # [(Predikat, jumlah indikator)]
    risiko: list
    matriks_risiko: list
    terkunci: list  # locked triwulan of the year
    iku_sebaran: list = field(default_factory=list)  # [(Predikat, jumlah IKU)] of the bands that have any
    iku_tanpa_capaian: int = 0
    rata_capaian_iku: Decimal | None = None  # the capped score (DESIGN.md "Averages and rankings")
    batas_skor: Decimal | None = None
    predikat_iku: capaian.Predikat | None = None
    jumlah_kemajuan: KemajuanBidang | None = None

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]

    @property
    def aturan_skor(self):
        return aturan_skor(self.batas_skor)

    @property
    def terkunci_teks(self):
        return ", ".join(f"TW {ROMAWI[tw]}" for tw in self.terkunci)

    @property
    def kelompok_perhatian(self):
        """[(jenis, judul, [ItemPerhatian])] of the non-empty groups, in the order of JENIS_PERHATIAN."""
        return [
            (jenis, judul, items)
            for jenis, judul in JENIS_PERHATIAN
            if (items := [p for p in self.perhatian if p.jenis == jenis])
        ]


# --- Shared pieces -------------------------------------------------------------------------------


def rencana_penarikan(opd, tahun):
    """{sub kegiatan id: {tw: rencana penarikan}} of the entered anggaran kas (1 query)."""
    hasil = defaultdict(dict)
    for uid, tw, rp in (
        AnggaranTriwulan.objects.filter(
            anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun, rencana_penarikan__isnull=False
        )
        .values_list("anggaran__unsur_id", "triwulan", "rencana_penarikan")
        .order_by()
    ):  # no default-ordering joins
        hasil[uid][tw] = rp
    return hasil


def ringkas_anggaran(subs, triwulan, rencana, baris=None, indikator=()):
    """Budget of a set of sub kegiatan rows up to ``triwulan``: sums, serapan and the plan (rules in capaian)."""
    pagu = capaian.jumlah_rupiah(s.pagu for s in subs)
    realisasi = capaian.jumlah_rupiah(s.realisasi_anggaran for s in subs)
    rencana_rp = capaian.jumlahkan(
        capaian.rencana_rupiah_kumulatif(triwulan, s.pagu, rencana.get(s.unsur.id)) for s in subs
    )
    serapan = capaian.serapan(pagu, realisasi) if pagu is not None else None
    rencana_persen = capaian.serapan(pagu, rencana_rp) if pagu and rencana_rp is not None else None
    rata = capaian.rata_rata_skor((bi.capaian_sd for bi in indikator), batas_skor())
    return RingkasAnggaran(
        baris=baris,
        pagu=pagu,
        realisasi=realisasi,
        serapan=serapan,
        rencana=rencana_persen,
        tertinggal=capaian.serapan_tertinggal(serapan, rencana_persen, margin_serapan()),
        capaian=rata,
        predikat=capaian.predikat(rata, skala_predikat()),
        draf_anggaran=any(s.anggaran_draf for s in subs),
        draf_kinerja=any(bi.draf for bi in indikator),
    )


def sub_kegiatan_di_bawah(baris: BarisUnsur):
    """The sub kegiatan rows in the subtree of ``baris`` (itself if it is one)."""
    if baris.unsur is not None and baris.unsur.level == Level.SUB_KEGIATAN:
        return [baris]
    return [s for anak in baris.anak for s in sub_kegiatan_di_bawah(anak)]


def _bidang_dari(bi: BarisIndikator, per_unsur):
    return bi.indikator.bidang_id or per_unsur[bi.indikator.unsur_id].unsur.bidang_id


def matriks_risiko(risiko, skala):
    """5×5 matrix: rows kemungkinan 5..1, columns dampak 1..5; each cell its level and risk codes."""
    sel = defaultdict(list)
    for r in risiko:
        sel[(r.skala_kemungkinan, r.skala_dampak)].append(r.kode)
    return [
        {
            "kemungkinan": k,
            "kriteria": capaian.KRITERIA_KEMUNGKINAN[k],
            "sel": [
                {"dampak": d, "nilai": k * d, "level": capaian.level_risiko(k * d, skala), "kode": sel[(k, d)]}
                for d in range(1, 6)
            ],
        }
        for k in range(5, 0, -1)
    ]


def _kunci_tren(nama, level, kode_unsur, nama_unsur):
    """Indicators of different years' plans are the same when their node (kode, else nama) and name match."""
    return (level, kode_unsur or nama_unsur.strip().lower(), nama.strip().lower())


def tren_iku(opd, tahun, renstra, iku: list[BarisIkuDasbor], sampai):
    """Fill each IKU's trend over the Renstra years (3 queries, whatever the number of years or IKU).

    The year shown uses the report's figures; another year's plan, where it has the same indicator,
    gives that year's target and year-end realisasi; a later year without a plan shows the perjanjian
    kinerja target stored on this year's indicator.
    """
    lain = list(
        Indikator.objects.filter(unsur__opd=opd, unsur__tahun__in=renstra, iku=True)
        .exclude(unsur__tahun=tahun)
        .values_list(
            "id", "nama", "agregasi", "polaritas", "metode_negatif", "unsur__tahun", "unsur__level", "unsur__kode"
        )
        .annotate(nama_unsur=Max("unsur__nama"))
        .order_by()
    )
    target = {
        (iid, th): jumlah
        for iid, th, jumlah in KomponenTarget.objects.filter(
            target__indikator__unsur__opd=opd, target__indikator__iku=True, target__indikator__unsur__tahun__in=renstra
        )
        .values_list("target__indikator_id", "target__tahun")
        .annotate(jumlah=Sum("jumlah"))
        .order_by()
    }
    nilai = defaultdict(dict)
    for iid, tw, jumlah in (
        NilaiRealisasi.objects.filter(
            realisasi__indikator__unsur__opd=opd,
            realisasi__indikator__iku=True,
            realisasi__indikator__unsur__tahun__in=renstra,
            nilai__isnull=False,
        )
        .exclude(realisasi__indikator__unsur__tahun=tahun)
        .values_list("realisasi__indikator_id", "realisasi__triwulan")
        .annotate(jumlah=Sum("nilai"))
        .order_by()
    ):
        nilai[iid][tw] = jumlah
    per_kunci = {}
    for iid, nama, agregasi, polaritas, metode, th, level, kode, nama_unsur in lain:
        per_kunci[(th, _kunci_tren(nama, level, kode, nama_unsur))] = (iid, agregasi, polaritas, metode)
    skala = skala_predikat()
    for baris in iku:
        ind, u = baris.bi.indikator, baris.unsur
        kunci = _kunci_tren(ind.nama, u.level, u.kode, u.nama)
        for th in renstra:
            if th == tahun:
                bi = baris.bi
                titik = TitikTren(th, bi.target, bi.realisasi, bi.capaian, bi.predikat, ini=True)
            elif (th, kunci) in per_kunci:
                iid, agregasi, polaritas, metode = per_kunci[(th, kunci)]
                t = target.get((iid, th))
                r = capaian.gabung_triwulan(nilai.get(iid, {}), agregasi, 4)
                c = capaian.capaian(t, r, polaritas, metode)
                titik = TitikTren(th, t, r, c, capaian.predikat(c, skala), mendatang=th > tahun)
            else:
                titik = TitikTren(th, target.get((ind.id, th)), None, None, None, mendatang=th > tahun)
            baris.tren.append(titik)
    return iku


# --- The OPD dashboard -----------------------------------------------------------------------------


def data_dasbor(
    user, opd, tahun, triwulan, bidang_id=None, tahun_rencana=None, semua_bidang=None, termasuk_draf=False
) -> Dasbor:
    """Every figure of the OPD dashboard for (tahun, triwulan), optionally one bidang only.

    A fixed number of queries: the report service (8 + 2 for data quality), bidang (unless
    ``semua_bidang`` is given), Renstra, rencana penarikan, the triwulan's work list, risks, locks
    and the trend (3).
    """
    capaian.cek_triwulan(triwulan)
    semester = semester_dari_triwulan(triwulan)
    data = data_laporan(opd, tahun, semester, sampai_triwulan=triwulan, termasuk_draf=termasuk_draf)
    if semua_bidang is None:
        semua_bidang = list(Bidang.objects.filter(opd=opd))
    terpilih = next((b for b in semua_bidang if b.pk == bidang_id), None)
    if tahun_rencana is None:
        tahun_rencana = daftar_tahun(opd)
    renstra = tahun_renstra(opd, tahun, tahun_rencana)
    rencana = rencana_penarikan(opd, tahun)
    kerja = daftar_kerja(user, opd, tahun, triwulan)
    skala_r = skala_risiko()
    risiko = list(Risiko.objects.filter(opd=opd, tahun=tahun))
    terkunci = sorted(
        KunciPeriode.objects.filter(opd=opd, tahun=tahun, dibuka_pada__isnull=True)
        .values_list("triwulan", flat=True)
        .order_by()
    )
    skala = skala_predikat()

    def cocok(bidang):
        return terpilih is None or bidang == terpilih.pk

    indikator = [
        bi
        for u in data.per_unsur.values()
        for bi in u.indikator
        if cocok(_bidang_dari(bi, data.per_unsur)) and u.unsur.level not in (Level.MISI,)
    ]
    subs = [s for s in data.sub_kegiatan if cocok(s.unsur.bidang_id)]

    # IKU, in the report's order (by level, then number), with their trend.
    urut_level = {lv: i for i, lv in enumerate(Level.values)}
    iku = [
        BarisIkuDasbor(bi=bi, unsur=data.per_unsur[bi.indikator.unsur_id].unsur) for bi in indikator if bi.indikator.iku
    ]
    iku.sort(key=lambda b: (urut_level[b.unsur.level], b.unsur.urutan, b.bi.indikator.urutan))
    tren_iku(opd, tahun, renstra, iku, triwulan)
    # The mean in the report's indicator order, so it agrees digit for digit with the kabupaten overview.
    id_iku = {b.bi.indikator.id for b in iku}
    rata_iku = capaian.rata_rata_skor(
        (bi.capaian_sd for iid, bi in data.per_indikator.items() if iid in id_iku), batas_skor()
    )

    # Budget per program (restricted to the bidang's sub kegiatan when filtered).
    id_subs = {s.unsur.id for s in subs}
    program = []
    for p in data.program:
        subs_p = [s for s in sub_kegiatan_di_bawah(p) if s.unsur.id in id_subs]
        if terpilih is not None and not subs_p and p.unsur.bidang_id != terpilih.pk:
            continue
        program.append(ringkas_anggaran(subs_p, triwulan, rencana, baris=p, indikator=p.indikator))
    jumlah = ringkas_anggaran(subs, triwulan, rencana, indikator=[b.bi for b in iku])

    # Serapan per triwulan (cumulative) against the plan, TW I–IV.
    serapan_tw = []
    for tw in range(1, 5):
        realisasi = (
            capaian.jumlah_rupiah(s.anggaran_triwulan.get(t) for s in subs for t in range(1, tw + 1))
            if tw <= triwulan
            else None
        )
        rencana_rp = capaian.jumlahkan(
            capaian.rencana_rupiah_kumulatif(tw, s.pagu, rencana.get(s.unsur.id)) for s in subs
        )
        serapan_tw.append(
            (
                tw,
                capaian.serapan(jumlah.pagu, realisasi) if jumlah.pagu else None,
                capaian.serapan(jumlah.pagu, rencana_rp) if jumlah.pagu and rencana_rp is not None else None,
            )
        )

    # Perlu perhatian, in order of the rules.
    perhatian = []
    for bi in indikator:
        if capaian.predikat_perlu_perhatian(bi.predikat_sd, skala):
            u = data.per_unsur[bi.indikator.unsur_id].unsur
            perhatian.append(
                ItemPerhatian(
                    "capaian",
                    f"{u.get_level_display()} {u.nomor} — {bi.indikator.nama}",
                    keterangan_capaian_sd(bi, triwulan),
                    unsur_id=u.id,
                    indikator_id=bi.indikator.id,
                    warna=bi.predikat_sd.warna,
                )
            )
    for s in subs:
        r = ringkas_anggaran([s], triwulan, rencana)
        if r.tertinggal:
            perhatian.append(
                ItemPerhatian(
                    "serapan",
                    f"Sub Kegiatan {s.unsur.nomor} — {s.unsur.nama}",
                    f"Serapan {capaian.format_persen(r.serapan)}, rencana s.d. TW {ROMAWI[triwulan]} "
                    f"{capaian.format_persen(r.rencana)}",
                    unsur_id=s.unsur.id,
                )
            )
    # The triwulan's work list, per indicator of the bidang it belongs to (its own bidang, else its node's).
    kerja_bidang = []  # [(row, [(bidang id, IndikatorKerja)]), ...] within the filter
    for b in kerja.baris:
        milik = [(ik.indikator.bidang_id or b.unsur.bidang_id, ik) for ik in b.indikator]
        milik = [(bid, ik) for bid, ik in milik if cocok(bid)]
        if milik or cocok(b.unsur.bidang_id):
            kerja_bidang.append((b, milik))
    for b, milik in kerja_bidang:
        kosong = sum(1 for _, ik in milik if not ik.terisi)
        anggaran_kosong = b.ada_anggaran and not b.anggaran_terisi and cocok(b.unsur.bidang_id)
        if kosong or anggaran_kosong:
            bagian = []
            if kosong:
                bagian.append(f"{kosong} dari {len(milik)} indikator")
            if anggaran_kosong:
                bagian.append("realisasi anggaran")
            perhatian.append(
                ItemPerhatian(
                    "belum_diisi",
                    f"Sub Kegiatan {b.unsur.nomor} — {b.unsur.nama}",
                    "Belum diisi: " + " dan ".join(bagian),
                    unsur_id=b.unsur.id,
                )
            )
    for b, milik in kerja_bidang:
        for _, ik in milik:
            if ik.dikembalikan:
                perhatian.append(
                    ItemPerhatian(
                        "dikembalikan",
                        f"Sub Kegiatan {b.unsur.nomor} — {ik.indikator.nama}",
                        "Dikembalikan verifikator" + (f": {ik.catatan_verifikator}" if ik.catatan_verifikator else ""),
                        unsur_id=b.unsur.id,
                        indikator_id=ik.indikator.id,
                    )
                )
    for r in sorted(risiko, key=lambda r: (-r.nilai, r.urutan)):
        lv = capaian.level_risiko(r.nilai, skala_r)
        if capaian.level_risiko_perlu_perhatian(lv, skala_r):
            perhatian.append(
                ItemPerhatian(
                    "risiko",
                    f"{r.kode} — {r.uraian}",
                    f"Level {lv.label} (nilai {r.nilai} = dampak {r.skala_dampak} × kemungkinan {r.skala_kemungkinan})",
                    warna=lv.warna,
                )
            )
    if lihat_kualitas_data(user):
        for t in data.temuan:
            perhatian.append(ItemPerhatian("kualitas", t.objek, t.pesan))

    # Entry progress per bidang (indicators of the sub kegiatan, as the work list counts them).
    nama_bidang = {b.pk: b.nama for b in semua_bidang}
    kemajuan = {}
    total = KemajuanBidang("Jumlah")
    for _, milik in kerja_bidang:
        for bid, ik in milik:
            k = kemajuan.setdefault(bid, KemajuanBidang(nama_bidang.get(bid, "Tanpa bidang")))
            for x in (k, total):
                x.jumlah += 1
                x.terisi += ik.terisi
                # Only what holds a value counts as submitted or verified: verified ≤ terisi, always.
                x.diajukan += ik.terisi and ik.status == Realisasi.Status.DIAJUKAN
                x.diverifikasi += ik.terisi and ik.status == Realisasi.Status.DIVERIFIKASI
                x.dikembalikan += ik.dikembalikan
    urut_bidang = {b.pk: i for i, b in enumerate(semua_bidang)}
    kemajuan_list = [kemajuan[k] for k in sorted(kemajuan, key=lambda k: urut_bidang.get(k, 10_000))]

    sebaran = [(p, sum(1 for bi in indikator if bi.predikat_sd == p)) for p in skala]

    return Dasbor(
        opd=opd,
        tahun=tahun,
        triwulan=triwulan,
        semester=semester,
        data=data,
        tahun_rencana=tahun_rencana,
        renstra=renstra,
        bidang=semua_bidang,
        bidang_terpilih=terpilih,
        iku=iku,
        program=program,
        jumlah=jumlah,
        serapan_triwulan=serapan_tw,
        perhatian=perhatian,
        kemajuan=kemajuan_list,
        predikat_sebaran=sebaran,
        risiko=risiko,
        matriks_risiko=matriks_risiko(risiko, skala_r),
        terkunci=terkunci,
        iku_sebaran=[(p, n) for p in skala if (n := sum(1 for b in iku if b.bi.predikat_sd == p))],
        iku_tanpa_capaian=sum(1 for b in iku if b.bi.predikat_sd is None),
        rata_capaian_iku=rata_iku,
        batas_skor=batas_skor(),
        predikat_iku=capaian.predikat(rata_iku, skala),
        jumlah_kemajuan=total,
    )


# --- Drill-down: a program, kegiatan or sub kegiatan --------------------------------------------------


@dataclass(eq=False)
class DasborUnsur:
    """A node of the plan with its budget, indicators, children and (for a sub kegiatan) its evidence."""

    opd: object
    tahun: int
    triwulan: int
    baris: BarisUnsur
    leluhur: list  # [Unsur] from the program down to the parent
    ringkas: RingkasAnggaran
    anak: list  # [RingkasAnggaran]
    data_dukung: dict  # {tw: [DataDukung]}
    data: object = None  # the DataLaporan (its coverage and whether drafts are in)

    @property
    def unsur(self):
        return self.baris.unsur

    @property
    def sub_kegiatan(self):
        return self.unsur.level == Level.SUB_KEGIATAN

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]

    @property
    def data_dukung_per_tw(self):
        return [(tw, ROMAWI[tw], self.data_dukung.get(tw, [])) for tw in range(1, 5)]


def data_unsur(opd, tahun, triwulan, pk, termasuk_draf=False) -> DasborUnsur:
    """The drill-down page of a program, kegiatan or sub kegiatan (a fixed number of queries); 404 otherwise."""
    capaian.cek_triwulan(triwulan)
    data = data_laporan(
        opd, tahun, semester_dari_triwulan(triwulan), sampai_triwulan=triwulan, termasuk_draf=termasuk_draf
    )
    baris = data.per_unsur.get(pk)
    if baris is None or baris.unsur.level not in LEVEL_DRILL:
        raise Http404("Unsur rencana tidak ditemukan.")
    rencana = rencana_penarikan(opd, tahun)
    bukti = defaultdict(list)
    for dd in DataDukung.objects.filter(unsur__opd=opd, unsur__tahun=tahun, unsur_id=pk).order_by(
        "triwulan", "diunggah_pada", "id"
    ):
        bukti[dd.triwulan].append(dd)
    leluhur = []
    induk = data.per_unsur.get(baris.unsur.induk_id)
    while induk is not None and induk.unsur.level in LEVEL_DRILL:
        leluhur.insert(0, induk.unsur)
        induk = data.per_unsur.get(induk.unsur.induk_id)
    anak = [
        ringkas_anggaran(sub_kegiatan_di_bawah(a), triwulan, rencana, baris=a, indikator=a.indikator)
        for a in baris.anak
        if a.unsur.level in LEVEL_DRILL
    ]
    return DasborUnsur(
        opd=opd,
        tahun=tahun,
        triwulan=triwulan,
        baris=baris,
        leluhur=leluhur,
        ringkas=ringkas_anggaran(
            sub_kegiatan_di_bawah(baris), triwulan, rencana, baris=baris, indikator=baris.indikator
        ),
        anak=anak,
        data_dukung=dict(bukti),
        data=data,
    )


# --- Drill-down: one indicator ---------------------------------------------------------------------


@dataclass(eq=False)
class TriwulanIndikator:
    """One triwulan of an indicator: value in and to date, capaian to date, status and notes."""

    triwulan: int
    nilai: Decimal | None
    sd: Decimal | None
    capaian: Decimal | None  # s.d. this TW against the target s.d. this TW (DESIGN.md "Triwulan targets")
    predikat: capaian.Predikat | None
    realisasi: Realisasi | None
    data_dukung: list = field(default_factory=list)
    draf: bool = False  # this triwulan's value is unverified (shown only with "termasuk draf")
    draf_sd: bool = False  # the figure to date holds an unverified value
    target_sd: Decimal | None = None
    target_proporsional: bool = True  # the default target, not a plan: the screen says "proporsional"
    capaian_tahunan: Decimal | None = None  # s.d. this TW against the annual target

    @property
    def romawi(self):
        return ROMAWI[self.triwulan]


@dataclass(eq=False)
class TahunIndikator:
    """One year's plan of the indicator: target and its four triwulan."""

    tahun: int
    indikator: Indikator
    target: list  # [(jumlah, satuan)]
    target_teks: str
    triwulan: list  # [TriwulanIndikator]
    ini: bool


@dataclass(eq=False)
class DasborIndikator:
    """Everything about one indicator: every year and triwulan, targets, notes, evidence, verification."""

    opd: object
    tahun: int
    indikator: Indikator
    leluhur: list
    tahun_list: list  # [TahunIndikator], oldest first
    target_lain: list  # [(tahun, teks)] targets of years without a plan of their own (perjanjian kinerja)
    peristiwa: list  # [PeristiwaVerifikasi], newest first
    cakupan: object = None  # resmi.Cakupan of the values shown
    termasuk_draf: bool = False

    @property
    def unsur_drill(self):
        return self.indikator.unsur.level in LEVEL_DRILL

    @property
    def entri_tersedia(self):
        return self.indikator.unsur.level == Level.SUB_KEGIATAN


def data_indikator(opd, tahun, pk, termasuk_draf=False) -> DasborIndikator:
    """The indicator page: this indicator and the same indicator in the OPD's other years (fixed queries).

    Values count only when verified unless ``termasuk_draf`` (evaluasi.laporan.resmi); statuses show anyway.
    """
    ind = (
        Indikator.objects.select_related("unsur__induk__induk__induk", "unsur__bidang", "bidang")
        .filter(unsur__opd=opd, unsur__tahun=tahun, pk=pk)
        .first()
    )
    if ind is None:
        raise Http404("Indikator tidak ditemukan.")
    u = ind.unsur
    sama = Indikator.objects.filter(unsur__opd=opd, unsur__level=u.level, nama=ind.nama)
    if u.kode:
        sama = sama.filter(unsur__kode=u.kode)
    else:
        sama = sama.filter(unsur__nama=u.nama)
    per_id = {i.pk: i for i in sama.select_related("unsur")}
    per_id[ind.pk] = ind
    filter_sama = {"unsur__opd": opd, "unsur__level": u.level, "nama": ind.nama}
    filter_sama.update({"unsur__kode": u.kode} if u.kode else {"unsur__nama": u.nama})

    def relasi(awalan):
        return {f"{awalan}{k}": v for k, v in filter_sama.items()}

    komponen = defaultdict(list)  # (indikator_id, tahun) -> [(id, jumlah, satuan, teks)]
    rencana_tw = {}  # komponen id -> {tw: planned target}
    for kid, iid, th, teks, jumlah, satuan, *rtw in (
        dengan_target_triwulan(KomponenTarget.objects.filter(**relasi("target__indikator__")))
        .values_list("id", "target__indikator_id", "target__tahun", "target__teks", "jumlah", "satuan", *KOLOM_TW)
        .order_by()
    ):
        komponen[(iid, th)].append((kid, jumlah, satuan, teks))
        rencana_tw[kid] = per_triwulan(rtw)
    realisasi = {
        (r.indikator_id, r.triwulan): r
        for r in Realisasi.objects.filter(**relasi("indikator__")).select_related("diubah_oleh").order_by()
    }
    nilai = defaultdict(dict)  # komponen_id -> {tw: nilai}
    draf = defaultdict(set)  # komponen_id -> {tw with an unverified value}
    cakupan = resmi.Cakupan()
    for kid, tw, v, belum in resmi.pilah_nilai(
        NilaiRealisasi.objects.filter(**relasi("realisasi__indikator__"))
        .values_list(
            "komponen_id",
            "realisasi__indikator_id",
            "realisasi__triwulan",
            "nilai",
            "realisasi__status",
            "realisasi__diubah_pada",
        )
        .order_by(),
        termasuk_draf,
        cakupan,
    ):
        nilai[kid][tw] = v
        if belum:
            draf[kid].add(tw)
    bukti = defaultdict(list)
    if u.level == Level.SUB_KEGIATAN:
        for dd in DataDukung.objects.filter(unsur_id=u.pk).order_by("triwulan", "diunggah_pada", "id"):
            bukti[dd.triwulan].append(dd)
    peristiwa = list(
        PeristiwaVerifikasi.objects.filter(realisasi__indikator=ind)
        .select_related("oleh", "realisasi")
        .order_by("-pada", "-id")
    )
    skala = skala_predikat()
    tahun_list = []
    tahun_plan = set()
    for iid, i in sorted(per_id.items(), key=lambda x: x[1].unsur.tahun):
        th = i.unsur.tahun
        tahun_plan.add(th)
        komp = sorted(komponen.get((iid, th), []))
        target = capaian.jumlahkan(j for _, j, _, _ in komp) if komp else None
        baris_tw = []
        for tw in range(1, 5):
            per_komp = [capaian.gabung_triwulan(nilai.get(kid, {}), i.agregasi, tw) for kid, *_ in komp]
            _, sd = capaian.jumlah_komponen([j for _, j, _, _ in komp], per_komp) if komp else (None, None)
            c, target_sd, sumber = capaian.capaian_sd_triwulan(
                [(j, rencana_tw[kid]) for kid, j, _, _ in komp], per_komp, i.agregasi, tw, i.polaritas, i.metode_negatif
            )
            baris_tw.append(
                TriwulanIndikator(
                    triwulan=tw,
                    nilai=capaian.jumlahkan(nilai.get(kid, {}).get(tw) for kid, *_ in komp),
                    sd=sd,
                    capaian=c,
                    predikat=capaian.predikat(c, skala),
                    target_sd=target_sd,
                    target_proporsional=sumber == capaian.PROPORSIONAL,
                    capaian_tahunan=capaian.capaian(target, sd, i.polaritas, i.metode_negatif),
                    realisasi=realisasi.get((iid, tw)),
                    data_dukung=bukti.get(tw, []) if iid == ind.pk else [],
                    draf=any(tw in draf.get(kid, ()) for kid, *_ in komp),
                    draf_sd=any(t <= tw for kid, *_ in komp for t in draf.get(kid, ())),
                )
            )
        tahun_list.append(
            TahunIndikator(
                tahun=th,
                indikator=i,
                target=[(j, s) for _, j, s, _ in komp],
                target_teks=komp[0][3] if komp else "",
                triwulan=baris_tw,
                ini=iid == ind.pk,
            )
        )
    target_lain = sorted(
        (th, capaian.format_komponen([(j, s) for _, j, s, _ in sorted(k)]) or k[0][3])
        for (iid, th), k in komponen.items()
        if th not in tahun_plan and iid == ind.pk
    )
    leluhur = []
    induk = u.induk
    while induk is not None and induk.level in LEVEL_DRILL:
        leluhur.insert(0, induk)
        induk = induk.induk
    return DasborIndikator(
        opd=opd,
        tahun=tahun,
        indikator=ind,
        leluhur=leluhur,
        tahun_list=tahun_list,
        target_lain=target_lain,
        peristiwa=peristiwa,
        cakupan=cakupan,
        termasuk_draf=termasuk_draf,
    )
