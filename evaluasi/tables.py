"""One django-tables2 Table per report table: the page, the PDF and the XLSX render the same class.

Each table has a ``dari_laporan`` (or ``dari_data``) classmethod that turns the
report data service's output into rows, in the document's order. ``render_*``
formats a cell for screen and PDF; ``value_*`` gives the raw number for export.
Rows of an item with several indicators form a group: the item's own cells
carry a rowspan on the group's first row and are marked ``lanjutan`` on the
others (hidden by CSS, merged by the XLSX export).
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from evaluasi import capaian, kewajaran
from evaluasi.laporan import resmi
from evaluasi.laporan.data import BarisIndikator, DataLaporan
from evaluasi.laporan.gulung import KELOMPOK, KETERANGAN_JUMLAH

TEMPLAT = "laporan/_tabel.html"


# Performance: django-tables2 calls every render_* method and every attrs callable (rowspan, class)
# through call_with_appropriate, which runs inspect.signature on each call: per cell, a third of the
# time of a large report. A function's signature never changes, so it is remembered per function
# (bound or not) here; the result is exactly django-tables2's own.
_signature_asli = tables.utils.signature
_signature_memo = {}


def _signature_diingat(fn):
    try:
        kunci = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
        return _signature_memo[kunci]
    except KeyError:
        hasil = _signature_asli(fn)
        if len(_signature_memo) < 4096:
            _signature_memo[kunci] = hasil
        return hasil
    except TypeError:  # an unhashable callable
        return _signature_asli(fn)


tables.utils.signature = _signature_diingat


def _kelompok_attrs(extra="", akhiran=""):
    """Cells of a group's own columns: rowspan on the first row, hidden on the others.

    ``akhiran`` selects another grouping of the same rows (``rentang_sasaran``/``lanjutan_sasaran``).
    """
    rentang, lanjutan = f"rentang{akhiran}", f"lanjutan{akhiran}"
    return {
        "td": {
            "rowspan": lambda record: record.get(rentang, 1) if not record.get(lanjutan) else None,
            "class": lambda record: f"lanjutan {extra}".strip() if record.get(lanjutan) else (extra or None),
        },
    }


def tanda_draf(teks, draf):
    """A figure with the mark of an unverified value (only when drafts were asked for and it holds one)."""
    if not draf:
        return teks
    return format_html('{}<sup class="tanda-draf" title="belum diverifikasi">{}</sup>', teks, resmi.TANDA)


class KolomStatusVerifikasi(tables.Column):
    """Export-only column of a draft output: which row holds an unverified figure (XLSX has no superscript)."""

    def __init__(self, ambil):
        self.ambil = ambil
        super().__init__("Status verifikasi", empty_values=(), orderable=False, visible=False)

    def value(self, record):
        return "memuat angka belum diverifikasi" if self.ambil(record) else "diverifikasi"

    render = value


def _draf_baris(record):
    bi, anggaran = record.get("bi"), record.get("anggaran")
    return bool((bi is not None and bi.draf) or (anggaran is not None and anggaran.anggaran_draf))


def kolom_draf(data, ambil=_draf_baris):
    """``extra_columns`` of a table built from ``data``: the status column when drafts are included."""
    return [("status_verifikasi", KolomStatusVerifikasi(ambil))] if data.termasuk_draf else []


def _kelas_predikat(record):
    bi = record.get("bi")
    p = bi.predikat if bi else None
    return f"angka predikat predikat-{p.warna}" if p else "angka"


def _kelas_predikat_sd(record):
    bi = record.get("bi")
    p = bi.predikat_sd if bi else None
    return f"angka predikat predikat-{p.warna}" if p else "angka"


def tabel_periode(cls, rows, data: DataLaporan):
    """The table; in Semester I with target and capaian s.d. TW II beside the capaian against the annual target.

    DESIGN.md "Triwulan targets": a mid-year report judges against the target s.d. its last triwulan
    (planned, or "proporsional"); the annual capaian stands beside it, labelled. Semester II keeps the
    seed's columns.
    """
    if data.sampai_triwulan == 4:
        return cls(rows, exclude=("target_sd", "capaian_sd"), extra_columns=kolom_draf(data))
    tabel = cls(rows, extra_columns=kolom_draf(data))
    tw = ROMAWI_TW[data.sampai_triwulan]
    tabel.columns["target_sd"].column.verbose_name = f"Target s.d. TW {tw}"
    tabel.columns["capaian_sd"].column.verbose_name = f"Capaian s.d. TW {tw} (thd target s.d. TW {tw})"
    tabel.columns["capaian"].column.verbose_name = "Capaian thd target tahunan"
    return tabel


ROMAWI_TW = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _baris_kelompok(nomor, nama, indikator: list[BarisIndikator], anggaran=None, **lain):
    """Rows of one item: one per indicator (at least one), the item's cells on the first."""
    indikator = indikator or [None]
    rows = []
    for i, bi in enumerate(indikator):
        rows.append(
            {
                "no": nomor,
                "nama": nama,
                "bi": bi,
                "anggaran": anggaran,
                "rentang": len(indikator),
                "lanjutan": i > 0,
                **lain,
            }
        )
    return rows


def _realisasi_komponen(bi):
    return [(r, s) for r, (_, s) in zip(bi.realisasi_komponen, bi.target_komponen, strict=False)]


class KolomAngka(tables.Column):
    """A right-aligned figure column."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "angka"}, "th": {"class": "angka"}})
        super().__init__(*args, **kwargs)


class TabelCapaian(tables.Table):
    """Columns shared by the tujuan, IKU, program, kegiatan and sub kegiatan tables."""

    no = tables.Column("No", attrs=_kelompok_attrs("no"), orderable=False)
    nama = tables.Column("Nama", attrs=_kelompok_attrs(), orderable=False)
    indikator = tables.Column("Indikator", accessor="bi", orderable=False)
    target = tables.Column("Target", accessor="bi", orderable=False, attrs={"td": {"class": "kuantitas"}})
    realisasi = tables.Column("Realisasi", accessor="bi", orderable=False, attrs={"td": {"class": "kuantitas"}})
    capaian = tables.Column("Capaian", accessor="bi", orderable=False, attrs={"td": {"class": _kelas_predikat}})
    # Semester I only (kolom_periode): the mid-year judgement beside the capaian against the annual target.
    target_sd = tables.Column("Target s.d. TW", accessor="bi", orderable=False, attrs={"td": {"class": "kuantitas"}})
    capaian_sd = tables.Column(
        "Capaian s.d. TW", accessor="bi", orderable=False, attrs={"td": {"class": _kelas_predikat_sd}}
    )
    capaian_sd.jenis_xlsx = "persen"
    pagu = tables.Column("Anggaran (Rp)", accessor="anggaran", orderable=False, attrs=_kelompok_attrs("angka"))
    realisasi_anggaran = tables.Column(
        "Realisasi (Rp)", accessor="anggaran", orderable=False, attrs=_kelompok_attrs("angka")
    )
    serapan = tables.Column("Capaian Anggaran", accessor="anggaran", orderable=False, attrs=_kelompok_attrs("angka"))
    satuan = tables.Column("Satuan", accessor="bi", visible=False)

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False

    # Screen and PDF ------------------------------------------------------------
    def render_indikator(self, value):
        return value.indikator.nama

    def render_target(self, value):
        return capaian.format_komponen(value.target_komponen)

    def render_realisasi(self, value):
        komponen = [(r, s) for r, (_, s) in zip(value.realisasi_komponen, value.target_komponen, strict=False)]
        if value.jumlah_rincian:  # DESIGN "Roll-ups": the screen says the figure is summed
            return format_html(
                '{}<br><small class="jumlah-rincian">{}</small>',
                tanda_draf(capaian.format_komponen(komponen), value.draf),
                KETERANGAN_JUMLAH,
            )
        return tanda_draf(capaian.format_komponen(komponen), value.draf)

    def render_capaian(self, value):
        return tanda_draf(capaian.format_persen(value.capaian), value.draf)

    def render_target_sd(self, value):
        if value.target_sd is None:
            return "-"
        label = "proporsional" if value.target_sd_proporsional else "rencana aksi"
        return format_html(
            '{}<br><small class="sumber-target">{}</small>',
            capaian.format_jumlah(value.target_sd, value.indikator.satuan),
            label,
        )

    def render_capaian_sd(self, value):
        return capaian.format_persen(value.capaian_sd)

    def render_pagu(self, value):
        if getattr(value, "pagu_berubah", False):  # APBD-P: the pagu in force, and the pagu murni beside it
            return format_html(
                '{}<br><small class="pagu-murni">murni {}</small>',
                capaian.format_rupiah(value.pagu),
                capaian.format_rupiah(value.pagu_murni),
            )
        return capaian.format_rupiah(value.pagu)

    def render_realisasi_anggaran(self, value):
        return tanda_draf(capaian.format_rupiah(value.realisasi_anggaran), value.anggaran_draf)

    def render_serapan(self, value):
        return tanda_draf(capaian.format_persen(value.serapan), value.anggaran_draf)

    def render_satuan(self, value):
        return value.indikator.satuan

    # Export: raw numbers -------------------------------------------------------------
    def value_indikator(self, value):
        return value.indikator.nama if value else ""

    def value_target(self, value):
        if value is None or value.target is None:
            return None
        return value.target if not value.komposit else self.render_target(value)

    def value_realisasi(self, value):
        if value is None or value.realisasi is None:
            return None
        return value.realisasi if not value.komposit else capaian.format_komponen(_realisasi_komponen(value))

    def value_capaian(self, value):
        return value.capaian if value else None

    def value_target_sd(self, value):
        if value is None or value.target_sd is None:
            return None
        sumber = "proporsional" if value.target_sd_proporsional else "rencana aksi"
        return f"{capaian.format_jumlah(value.target_sd, value.indikator.satuan)} ({sumber})"

    def value_capaian_sd(self, value):
        return value.capaian_sd if value else None

    def value_pagu(self, value):
        return value.pagu if value else None

    def value_realisasi_anggaran(self, value):
        return value.realisasi_anggaran if value else None

    def value_serapan(self, value):
        return value.serapan if value else None

    def value_satuan(self, value):
        return value.indikator.satuan if value else ""


class TabelTujuan(TabelCapaian):
    """Capaian indikator tujuan (the OPD's tujuan with the whole budget)."""

    judul = "Capaian Indikator Tujuan"

    class Meta(TabelCapaian.Meta):
        pass

    @classmethod
    def dari_laporan(cls, data: DataLaporan):
        rows = []
        for i, t in enumerate(data.tujuan, 1):
            rows += _baris_kelompok(f"{i}.", t.unsur.nama, t.indikator, t)
        tabel = tabel_periode(cls, rows, data)
        tabel.columns["nama"].column.verbose_name = "Tujuan"
        return tabel


class TabelIku(TabelCapaian):
    """Capaian IKU per sasaran strategis: each sasaran's IKU, then the IKU of its programs."""

    judul = "Capaian Indikator Kinerja Utama"

    @classmethod
    def dari_laporan(cls, data: DataLaporan):
        nomor = {s.unsur.id: f"{i}." for i, s in enumerate(data.sasaran, 1)}
        per_sasaran = {}
        for b in data.iku:
            per_sasaran.setdefault(b.sasaran.unsur.id, []).append(b)
        rows = []
        for sid, daftar in per_sasaran.items():
            for i, b in enumerate(daftar):
                rows.append(
                    {
                        "no": nomor[sid],
                        "nama": b.sasaran.unsur.nama,
                        "bi": b.indikator,
                        "anggaran": b.pemilik if b.tampil_anggaran else None,
                        "rentang": len(daftar),
                        "lanjutan": i > 0,
                    }
                )
        tabel = tabel_periode(cls, rows, data)
        return tabel

    # The budget belongs to each program's first IKU, not to the sasaran group.
    pagu = tables.Column("Anggaran (Rp)", accessor="anggaran", orderable=False, attrs={"td": {"class": "angka"}})
    realisasi_anggaran = tables.Column(
        "Realisasi (Rp)", accessor="anggaran", orderable=False, attrs={"td": {"class": "angka"}}
    )
    serapan = tables.Column("Capaian Anggaran", accessor="anggaran", orderable=False, attrs={"td": {"class": "angka"}})

    class Meta(TabelCapaian.Meta):
        sequence = (
            "no",
            "nama",
            "indikator",
            "target",
            "realisasi",
            "capaian",
            "target_sd",
            "capaian_sd",
            "pagu",
            "realisasi_anggaran",
            "serapan",
        )


def _tabel_level(level_atribut, judul_tabel, judul_nama, dengan_jumlah=False):
    class Tabel(TabelCapaian):
        judul = judul_tabel

        class Meta(TabelCapaian.Meta):
            pass

        @classmethod
        def dari_laporan(cls, data: DataLaporan):
            rows = []
            for b in getattr(data, level_atribut):
                rows += _baris_kelompok(b.unsur.nomor, b.unsur.nama, b.indikator, b)
            tabel = tabel_periode(cls, rows, data)
            tabel.columns["nama"].column.verbose_name = judul_nama
            tabel.jumlah = data.jumlah if dengan_jumlah else None
            return tabel

    Tabel.__name__ = f"Tabel{judul_nama.replace(' ', '')}"
    return Tabel


TabelProgram = _tabel_level("program", "Program", "Program")
TabelKegiatan = _tabel_level("kegiatan", "Kegiatan", "Kegiatan")
TabelSubKegiatan = _tabel_level("sub_kegiatan", "Sub Kegiatan", "Sub Kegiatan", dengan_jumlah=True)


class TabelTargetIku(tables.Table):
    """Target IKU with definisi operasional and formula, grouped by the level of the indicator."""

    judul = "Target Indikator Kinerja Utama"
    kelompok = tables.Column("Kelompok", visible=False)
    indikator = tables.Column("Indikator", accessor="bi")
    definisi = tables.Column("Definisi Operasional & Formula", accessor="bi")
    target = tables.Column("Target Kinerja", accessor="bi", attrs={"td": {"class": "kuantitas"}})
    realisasi = tables.Column("Realisasi", accessor="bi", attrs={"td": {"class": "kuantitas"}})
    satuan = tables.Column("Satuan", accessor="bi", visible=False)

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False

    LABEL = {
        "tujuan_rpjmd": "Indikator Tujuan RPJMD",
        "sasaran_rpjmd": "Indikator Sasaran RPJMD",
        "tujuan_pd": "Indikator Tujuan PD",
        "sasaran_pd": "Indikator Sasaran PD",
        "program": "Indikator Program PD",
    }

    @classmethod
    def dari_laporan(cls, data: DataLaporan):
        rows = []
        for level, label in cls.LABEL.items():
            for b in data.per_level[level]:
                for bi in b.indikator:
                    if bi.indikator.iku:
                        rows.append({"kelompok": label, "bi": bi})
        # a sub-heading row starts each level
        terakhir = None
        for r in rows:
            r["judul_kelompok"] = r["kelompok"] if r["kelompok"] != terakhir else ""
            terakhir = r["kelompok"]
        return cls(rows, extra_columns=kolom_draf(data))

    def render_indikator(self, value):
        return value.indikator.nama

    def render_definisi(self, value):
        from evaluasi.laporan.formula import formula_html

        return formula_html(value.indikator.definisi, value.indikator.formula)

    def render_target(self, value):
        return capaian.format_komponen(value.target_komponen)

    def render_realisasi(self, value):
        return tanda_draf(capaian.format_komponen(_realisasi_komponen(value)), value.draf)

    def value_indikator(self, value):
        return value.indikator.nama

    def value_definisi(self, value):
        from evaluasi.laporan.formula import latex_ke_teks

        ind = value.indikator
        return f"{ind.definisi}\n{latex_ke_teks(ind.formula)}".strip()

    def value_target(self, value):
        return value.target if not value.komposit else self.render_target(value)

    def value_realisasi(self, value):
        if value.realisasi is None:
            return None
        return value.realisasi if not value.komposit else capaian.format_komponen(_realisasi_komponen(value))

    def render_satuan(self, value):
        return value.indikator.satuan

    def value_satuan(self, value):
        return value.indikator.satuan


class TabelPerjanjianKinerja(tables.Table):
    """Perjanjian kinerja of the next year: each sasaran strategis, its IKU and next year's target."""

    judul = "Perjanjian Kinerja Tahun Berikutnya"
    no = tables.Column("No", attrs=_kelompok_attrs("no"))
    sasaran = tables.Column("Sasaran Strategis", attrs=_kelompok_attrs())
    indikator = tables.Column("Indikator Kinerja", accessor="bi")
    target = tables.Column("Target", accessor="bi", attrs={"td": {"class": "kuantitas"}})

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False

    @classmethod
    def dari_laporan(cls, data: DataLaporan):
        rows = []
        for i, s in enumerate(data.sasaran, 1):
            daftar = [b.indikator for b in data.iku if b.sasaran is s and b.indikator.target_berikut]
            for j, bi in enumerate(daftar):
                rows.append(
                    {"no": str(i), "sasaran": s.unsur.nama, "bi": bi, "rentang": len(daftar), "lanjutan": j > 0}
                )
        return cls(rows)

    def render_indikator(self, value):
        return value.indikator.nama

    def render_target(self, value):
        return capaian.format_komponen(value.target_berikut)

    def value_indikator(self, value):
        return value.indikator.nama

    def value_target(self, value):
        if len(value.target_berikut) == 1:
            return value.target_berikut[0][0]
        return capaian.format_komponen(value.target_berikut)


class TabelRisiko(tables.Table):
    """Register risiko in its 15 numbered columns (the document's order; sortable on screen)."""

    judul = "Register Risiko"
    no = tables.Column("(1) No", accessor="kelompok", orderable=False)
    sasaran = tables.Column("(2) Tujuan/Sasaran Strategis", accessor="program_teks", orderable=False)
    indikator = tables.Column("(3) Indikator Kinerja", accessor="indikator_kinerja", orderable=False)
    uraian = tables.Column("(4) Uraian Risiko")
    kode = tables.Column("(5) Kode Risiko")
    pemilik = tables.Column("(6) Pemilik")
    sebab = tables.Column("(7) Uraian Sebab", orderable=False)
    sumber = tables.Column("(8) Sumber Sebab")
    kendali = tables.Column("(9) C/UC")
    dampak = tables.Column("(10) Uraian Dampak", orderable=False)
    pihak_terkena = tables.Column("(11) Pihak yang Terkena")
    skala_dampak = tables.Column("(12) Skala Dampak", attrs={"td": {"class": "angka"}})
    skala_kemungkinan = tables.Column("(13) Skala Kemungkinan", attrs={"td": {"class": "angka"}})
    nilai = tables.Column(
        "(14) Nilai Risiko",
        empty_values=(),
        order_by=("skala_dampak", "skala_kemungkinan"),
        attrs={"td": {"class": lambda record: f"angka risiko-{capaian.level_risiko(record.nilai).warna}"}},
    )
    rencana_tindak_pengendalian = tables.Column("(15) Rencana Tindak Pengendalian", orderable=False)

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan tabel-risiko"}

    def render_nilai(self, record):
        return f"{record.nilai} ({capaian.level_risiko(record.nilai).label})"

    def value_nilai(self, record):
        return record.nilai


class TabelPemantauan(tables.Table):
    """Rancangan pemantauan atas pengendalian intern (RTP)."""

    judul = "Rancangan Pemantauan atas Pengendalian Intern"
    urutan = tables.Column("No")
    kegiatan = tables.Column("Kegiatan Pengendalian yang Dibutuhkan")
    metode = tables.Column("Bentuk/Metode Pemantauan yang Diperlukan")
    penanggung_jawab = tables.Column("Penanggung Jawab Pemantauan")
    rencana_waktu = tables.Column("Rencana Waktu Pelaksanaan Pemantauan")
    realisasi_waktu = tables.Column("Realisasi Waktu Pelaksanaan Pemantauan")
    keterangan = tables.Column("Keterangan", default="")

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False


class TabelProgramPrioritas(tables.Table):
    """Programs of this year and the next, and the next year's priority programs."""

    judul = "Program Prioritas"
    no = tables.Column("No")
    tahun_lalu = tables.Column("Program Tahun Ini", default="")
    tahun_ini = tables.Column("Program Tahun Berikutnya", default="")
    prioritas = tables.Column("Program Prioritas", default="")

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False

    @classmethod
    def dari_data(cls, daftar, tahun):
        per_jenis = {}
        for p in daftar:
            per_jenis.setdefault(p.jenis, []).append(p.nama)
        n = max((len(v) for v in per_jenis.values()), default=0)
        rows = [
            {"no": i + 1, **{j: (per_jenis.get(j, []) + [""] * n)[i] for j in ("tahun_lalu", "tahun_ini", "prioritas")}}
            for i in range(n)
        ]
        tabel = cls(rows)
        tabel.columns["tahun_lalu"].column.verbose_name = f"Program Tahun {tahun - 1}"
        tabel.columns["tahun_ini"].column.verbose_name = f"Program Tahun {tahun}"
        tabel.columns["prioritas"].column.verbose_name = f"Program Prioritas Tahun {tahun}"
        return tabel


class TabelKegiatanPrioritas(tables.Table):
    judul = "Program – Kegiatan Prioritas"
    program = tables.Column("Program")
    kegiatan = tables.Column("Kegiatan")
    sub_kegiatan = tables.Column("Sub Kegiatan")
    indikator = tables.Column("Indikator")

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False


class TabelRencanaAksi(tables.Table):
    judul = "Rencana Aksi"
    sub_kegiatan = tables.Column("Sub Kegiatan")
    aksi = tables.Column("Aksi")
    target = tables.Column("Target")

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}
        orderable = False


class TabelTemuan(tables.Table):
    """Data-quality findings: where printed or stored figures disagree with the computed ones."""

    judul = "Kualitas Data"
    jenis = tables.Column("Jenis")
    objek = tables.Column("Baris")
    pesan = tables.Column("Temuan", orderable=False)
    tercetak = tables.Column("Tertulis", orderable=False)
    dihitung = tables.Column("Hasil Hitung", orderable=False)
    kelompok = tables.Column("Kelompok")  # dokumen vs hitungan / isian tidak konsisten (laporan/gulung.py)

    class Meta:
        template_name = TEMPLAT
        attrs = {"class": "tabel-laporan"}

    JENIS = {
        "capaian": "Capaian tercetak berbeda",
        "satuan": "Satuan tidak konsisten",
        "rincian": "Induk ≠ jumlah rincian",
        "anggaran": "Anggaran tercetak berbeda",
        "target_nol": "Target 0 / kosong",
        "realisasi": "Realisasi tercetak ≠ jumlah rincian",
        **kewajaran.LABEL,
    }

    def render_jenis(self, value):
        return self.JENIS.get(value, value)

    def render_kelompok(self, value):
        return KELOMPOK.get(value, (value,))[0]

    def value_kelompok(self, value):
        return self.render_kelompok(value)


class KolomE81(tables.Column):
    """A column of Formulir E.81 computed from the row by ``ambil(record)``; K on every row, Rp on a unit's first."""

    def __init__(self, judul, ambil, jenis="k", draf=None, **kwargs):
        self.ambil, self.jenis, self.draf = ambil, jenis, draf  # draf(record): holds an unverified value
        self.jenis_xlsx = {"rp": "rupiah", "persen": "persen", "persen-rp": "persen"}.get(jenis)
        if jenis in ("rp", "persen-rp"):
            attrs = _kelompok_attrs("angka")
        else:
            attrs = {"td": {"class": "kuantitas" if jenis == "k" else "angka"}}
        super().__init__(judul, empty_values=(), orderable=False, attrs=attrs, **kwargs)

    def render(self, record):
        nilai = self.ambil(record)
        if self.jenis == "rp":
            teks = capaian.format_rupiah(nilai)
        elif self.jenis in ("persen", "persen-rp"):
            teks = capaian.format_persen(nilai)
        else:
            teks = capaian.format_jumlah(nilai, record.bi.indikator.satuan if record.bi else "")
        return tanda_draf(teks, nilai is not None and self.draf is not None and self.draf(record))

    def value(self, record):
        return self.ambil(record)


def _k(fungsi):
    """K (kinerja) from the row's indicator, None on a unit without indicators."""
    return lambda r: fungsi(r.bi) if r.bi is not None else None


def _draf_k(tw=None):
    """Whether the row's indicator holds an unverified value (in triwulan ``tw``, or in any)."""
    return lambda r: r.bi is not None and (tw in r.bi.draf_triwulan if tw else r.bi.draf)


def _draf_rp(tw=None):
    """Whether the row's unit holds an unverified realisasi anggaran (in triwulan ``tw``, or in any)."""
    return lambda r: tw in r.unsur.anggaran_draf if tw else bool(r.unsur.anggaran_draf)


def _kolom_e81():
    kolom = {
        "no": tables.Column("(1) No", accessor="nomor", attrs=_kelompok_attrs("no"), orderable=False),
        "sasaran": tables.Column(
            "(2) Sasaran", accessor="sasaran__unsur__nama", attrs=_kelompok_attrs("", "_sasaran"), orderable=False
        ),
        "nama": tables.Column(
            "(3) Program/Kegiatan/Sub Kegiatan", accessor="unsur", attrs=_kelompok_attrs(), orderable=False
        ),
        "indikator": tables.Column("(4) Indikator", accessor="bi", orderable=False, default="-"),
        "renstra_k": KolomE81("(5) Target Renstra K", lambda r: r.target_renstra),
        "renstra_rp": KolomE81("(5) Target Renstra Rp", lambda r: None, "rp"),
        "lalu_k": KolomE81("(6) Realisasi Renstra s.d. tahun lalu K", lambda r: None),
        "lalu_rp": KolomE81("(6) Realisasi Renstra s.d. tahun lalu Rp", lambda r: None, "rp"),
        "target_k": KolomE81("(7) Target Renja K", _k(lambda b: b.target)),
        "target_rp": KolomE81("(7) Target Renja Rp", lambda r: r.unsur.pagu, "rp"),
    }
    for tw, romawi in ((1, "I"), (2, "II"), (3, "III"), (4, "IV")):
        kolom[f"tw{tw}_k"] = KolomE81(
            f"({7 + tw}) Realisasi TW {romawi} K", _k(lambda b, tw=tw: b.per_triwulan.get(tw)), draf=_draf_k(tw)
        )
        kolom[f"tw{tw}_rp"] = KolomE81(
            f"({7 + tw}) Realisasi TW {romawi} Rp",
            lambda r, tw=tw: r.unsur.anggaran_triwulan.get(tw),
            "rp",
            draf=_draf_rp(tw),
        )
    kolom |= {
        "tahun_k": KolomE81("(12) Realisasi tahun K", _k(lambda b: b.realisasi), draf=_draf_k()),
        "tahun_rp": KolomE81("(12) Realisasi tahun Rp", lambda r: r.unsur.realisasi_anggaran, "rp", draf=_draf_rp()),
        "capaian_k": KolomE81("(13) Capaian tahun K", _k(lambda b: b.capaian), "persen", draf=_draf_k()),
        "capaian_rp": KolomE81("(13) Capaian tahun Rp", lambda r: r.unsur.serapan, "persen-rp", draf=_draf_rp()),
        "sd_k": KolomE81("(14) Realisasi Renstra s.d. tahun ini K", _k(lambda b: b.realisasi), draf=_draf_k()),
        "sd_rp": KolomE81(
            "(14) Realisasi Renstra s.d. tahun ini Rp", lambda r: r.unsur.realisasi_anggaran, "rp", draf=_draf_rp()
        ),
        "renstra_capaian_k": KolomE81("(15) Capaian Renstra K", lambda r: r.capaian_renstra, "persen", draf=_draf_k()),
        "renstra_capaian_rp": KolomE81("(15) Capaian Renstra Rp", lambda r: None, "persen-rp"),
        "unit": tables.Column(
            "(16) Unit Penanggung Jawab", accessor="unsur", attrs=_kelompok_attrs(), orderable=False, default="-"
        ),
        "keterangan": tables.Column("(17) Keterangan", accessor="bi", orderable=False, default=""),
    }
    return kolom


class TabelE81Dasar(tables.Table):
    class Meta:
        template_name = "laporan/_tabel_e81.html"
        attrs = {"class": "tabel-laporan tabel-e81"}
        orderable = False

    def render_nama(self, value):
        return f"{value.unsur.get_level_display()}: {value.unsur.nama}"

    def value_nama(self, value):
        return self.render_nama(value)

    def render_indikator(self, value):
        return value.indikator.nama

    def value_indikator(self, value):
        return value.indikator.nama if value else ""

    def render_unit(self, value):
        bidang = value.unsur.bidang
        return bidang.nama if bidang else "-"

    def value_unit(self, value):
        return self.render_unit(value)

    def render_keterangan(self, value):
        return value.indikator.catatan

    def value_keterangan(self, value):
        return value.indikator.catatan if value else ""


TabelE81 = type(
    "TabelE81",
    (TabelE81Dasar,),
    {**_kolom_e81(), "Meta": TabelE81Dasar.Meta, "__module__": __name__, "judul": "Formulir E.81"},
)
