"""Charts of the dashboard and the report, drawn on the server as SVG by the small code below (no JavaScript, no CDN).

Each chart comes with its numbers as a table (for screen readers, for print and for anyone who
prefers numbers), formatted by ``evaluasi.capaian``. The SVG is embedded as a ``data:`` image, so
several charts on one page never clash over element ids, and WeasyPrint draws the same image in
the PDF. Rendered SVG is cached (cache "default") under the OPD's data version, the parameters
and a hash of the chart's own numbers, so a cached chart is never stale.

Why our own SVG and not a plotting library: four bar/line charts are a few rectangles, lines and
texts; matplotlib spent about half a second on each one (its layout engine and font machinery),
two thirds of a cold report page. Building the SVG text directly takes about a millisecond.

Floats appear only here, at the drawing boundary: coordinates in the SVG. Every number a reader
sees as text is formatted from the Decimal by the rules module. Every text is XML-escaped
(``_teks``), stripped of characters XML forbids and cut to a readable length.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import caches
from django.utils.html import escape

from evaluasi import capaian

# The traffic-light colours of static/evaluasi/laporan.css (.predikat-* and .risiko-*).
WARNA_PREDIKAT = {
    "hijau-tua": "#1e7b34",
    "hijau": "#8fd19e",
    "kuning": "#ffe082",
    "oranye": "#ffb74d",
    "merah": "#e57373",
}
WARNA_RISIKO = {
    "biru": "#90caf9",
    "hijau": "#a5d6a7",
    "kuning": "#fff59d",
    "oranye": "#ffcc80",
    "merah": "#ef9a9a",
}
BIRU = "#1f4e79"
MERAH_RENCANA = "#c0392b"
ABU = "#6b7785"
HITAM = "#1b1b1b"
TEKS_SUMBU = "#333333"
WARNA_TANPA = "#cfd6de"
BATAS_SUMBU_CAPAIAN = Decimal(200)  # bars beyond this are drawn cut, with their value written
DETIK_SIMPAN = 7 * 24 * 3600
VERSI_GAMBAR = 2  # in the cache key: a change of the drawing code never serves an older picture
PANJANG_LABEL = 22  # a longer label (a name typed by a user) is cut with "…"
HURUF = "DejaVu Sans, Verdana, Arial, sans-serif"
PT = 72  # SVG user units per inch: the viewBox is in points, like the earlier matplotlib charts


@dataclass(eq=False)
class Grafik:
    """A chart ready for a page or a PDF: title, SVG as a data URI, and its numbers as a table."""

    nama: str
    judul: str
    svg: str
    alt: str
    kolom: list
    baris: list = field(default_factory=list)

    @property
    def uri(self):
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _f(x):
    """Decimal -> float for a coordinate only (never for a figure shown as text)."""
    return float(x) if x is not None else 0.0


def _tersimpan(nama, kunci_dasar, angka, buat):
    """The SVG from the cache, or drawn and stored; the key includes a hash of the chart's numbers."""
    sidik = hashlib.sha256(repr(angka).encode()).hexdigest()[:16]
    kunci = f"dasbor:grafik:v{VERSI_GAMBAR}:{nama}:{kunci_dasar}:{sidik}"
    cache = caches["default"]
    svg = cache.get(kunci)
    if svg is None:
        svg = buat()
        cache.set(kunci, svg, DETIK_SIMPAN)
    return svg


# --- SVG primitives: each returns one element as text ----------------------------------------------

_TIDAK_SAH_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _bersih(teks, panjang=None):
    """A text fit for SVG: characters XML 1.0 forbids become spaces, cut to ``panjang`` with "…", escaped."""
    teks = _TIDAK_SAH_XML.sub(" ", str(teks)).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if panjang and len(teks) > panjang:
        teks = teks[: panjang - 1].rstrip() + "…"
    return escape(teks)


def _k(x):
    """A coordinate as short text: two decimals at most, no trailing zeros."""
    teks = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if teks == "-0" else teks


def _lebar_teks(teks, ukuran):
    """Rough width of ``teks`` in DejaVu Sans at ``ukuran`` points (for margins only; no font metrics needed)."""
    return len(str(teks)) * ukuran * 0.62


def _teks(x, y, teks, ukuran=8, jangkar="start", warna=HITAM, tebal=False, putar=False, panjang=PANJANG_LABEL):
    """A text whose vertical middle sits at ``y`` (baseline moved down by a third of the size)."""
    atribut = f'x="{_k(x)}" y="{_k(y + ukuran * 0.35)}" font-size="{_k(ukuran)}" fill="{warna}"'
    if jangkar != "start":
        atribut += f' text-anchor="{jangkar}"'
    if tebal:
        atribut += ' font-weight="bold"'
    if putar:
        atribut += f' transform="rotate(-90 {_k(x)} {_k(y)})"'
    return f"<text {atribut}>{_bersih(teks, panjang)}</text>"


def _persegi(x, y, lebar, tinggi, isi, garis=None, tebal_garis=0.5):
    tepi = f' stroke="{garis}" stroke-width="{_k(tebal_garis)}"' if garis else ""
    return (
        f'<rect x="{_k(x)}" y="{_k(y)}" width="{_k(max(lebar, 0))}" height="{_k(max(tinggi, 0))}" fill="{isi}"{tepi}/>'
    )


def _garis(x1, y1, x2, y2, warna=ABU, tebal=0.8, putus=False):
    gaya = ' stroke-dasharray="3.7 1.6"' if putus else ""
    ujung = f'x1="{_k(x1)}" y1="{_k(y1)}" x2="{_k(x2)}" y2="{_k(y2)}"'
    return f'<line {ujung} stroke="{warna}" stroke-width="{_k(tebal)}"{gaya}/>'


def _svg(lebar_inci, tinggi_inci, isi, judul):
    """The SVG document: size in points (as printed), a <title>, and the drawing's elements."""
    lebar, tinggi = lebar_inci * PT, tinggi_inci * PT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_k(lebar)}pt" height="{_k(tinggi)}pt" '
        f'viewBox="0 0 {_k(lebar)} {_k(tinggi)}" font-family="{HURUF}">'
        f"<title>{_bersih(judul)}</title>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(isi) + "</svg>"
    )


def _langkah(puncak, paling_banyak=10):
    """A round tick step (1, 2 or 5 × 10ⁿ) giving at most ``paling_banyak`` intervals up to ``puncak``."""
    skala = 1
    while True:
        for dasar in (1, 2, 5):
            langkah = dasar * skala
            if puncak / langkah <= paling_banyak:
                return langkah
        skala *= 10


def _sumbu_x(kiri, kanan, bawah, maks, label):
    """Bottom axis of a horizontal bar chart: spine, ticks from 0 by a round step, and its label."""
    isi = [_garis(kiri, bawah, kanan, bawah)]
    langkah = _langkah(maks)
    nilai = 0
    while nilai <= maks:
        x = kiri + (kanan - kiri) * nilai / maks
        isi.append(_garis(x, bawah, x, bawah + 3.5))
        isi.append(_teks(x, bawah + 10, nilai, 7.5, "middle", TEKS_SUMBU))
        nilai += langkah
    isi.append(_teks((kiri + kanan) / 2, bawah + 23, label, 8, "middle", panjang=None))
    return isi


# --- The four charts ---------------------------------------------------------------------------


def _batang_mendatar(
    label, nilai, warna, teks_nilai, maks, lebar_inci, tinggi_inci, label_sumbu, judul, garis_100=False
):
    """Horizontal bars, first at the top: labels left, values written after the bars, axis below."""
    lebar = lebar_inci * PT
    tinggi = tinggi_inci * PT
    kiri = 10 + max([_lebar_teks(_bersih_mentah(x), 8) for x in label] + [10])
    kanan, atas, bawah = lebar - 12, 8, tinggi - 34
    pita = (bawah - atas) / max(len(label), 1)
    skala = (kanan - kiri) / maks
    isi = []
    for i, (lbl, v, w, t) in enumerate(zip(label, nilai, warna, teks_nilai, strict=True)):
        tengah = atas + pita * (i + 0.5)
        panjang = skala * v
        isi.append(_persegi(kiri, tengah - pita * 0.4, panjang, pita * 0.8, w, ABU))
        isi.append(_garis(kiri - 3.5, tengah, kiri, tengah))
        isi.append(_teks(kiri - 6, tengah, lbl, 8, "end", TEKS_SUMBU))
        isi.append(_teks(kiri + panjang + 3, tengah, t, 7.5, panjang=None))
    if garis_100:
        x = kiri + skala * 100
        isi.append(_garis(x, atas - 4, x, bawah, BIRU, 1, putus=True))
    isi.append(_garis(kiri, atas - 4, kiri, bawah))
    isi += _sumbu_x(kiri, kanan, bawah, maks, label_sumbu)
    return _svg(lebar_inci, tinggi_inci, isi, judul)


def _bersih_mentah(teks):
    """The label as it will be shown (cut), before escaping: for measuring its width."""
    teks = str(teks)
    return teks if len(teks) <= PANJANG_LABEL else teks[:PANJANG_LABEL]


def grafik_capaian_program(program, kunci_dasar=""):
    """Capaian per program (mean of its indicators) against 100%: ``program`` = [(kode, nama, capaian, predikat)]."""
    angka = [(k, c) for k, _, c, _ in program]

    def buat():
        nilai = [c for _, _, c, _ in program]
        puncak = max([Decimal(120)] + [min(c, BATAS_SUMBU_CAPAIAN) for c in nilai if c is not None])
        return _batang_mendatar(
            [k for k, *_ in program],
            [_f(min(c, BATAS_SUMBU_CAPAIAN)) if c is not None else 0.0 for c in nilai],
            [WARNA_PREDIKAT.get(p.warna, WARNA_TANPA) if p else WARNA_TANPA for *_, p in program],
            [capaian.format_persen(c) if c is not None else "belum ada" for c in nilai],
            _f(puncak) * 1.18,
            6.4,
            0.42 * max(len(program), 1) + 0.9,
            "Capaian (%) — garis putus = 100%",
            "Capaian per program",
            garis_100=True,
        )

    svg = _tersimpan("capaian_program", kunci_dasar, angka, buat)
    return Grafik(
        "capaian_program",
        "Capaian per program",
        svg,
        "Grafik batang capaian tiap program terhadap 100%; angkanya ada pada tabel di bawah grafik.",
        ["Program", "Nama", "Capaian", "Predikat"],
        [[k, n, capaian.format_persen(c), p.label if p else "-"] for k, n, c, p in program],
    )


def _gambar_serapan(titik):
    """Cumulative realisasi as columns, the plan as a red line with dots, a legend top left."""
    lebar, tinggi = 5.2 * PT, 2.8 * PT
    kiri, kanan, atas, bawah = 44, lebar - 10, 10, tinggi - 24
    maks = max([105.0] + [_f(s) + 10 for _, s, _ in titik if s is not None])
    pita = (kanan - kiri) / max(len(titik), 1)

    def y(v):
        return bawah - (bawah - atas) * v / maks

    isi = []
    for nilai in range(0, int(maks) + 1, 20):
        isi.append(_garis(kiri - 3.5, y(nilai), kiri, y(nilai)))
        isi.append(_teks(kiri - 6, y(nilai), nilai, 7.5, "end", TEKS_SUMBU))
    isi.append(_teks(12, (atas + bawah) / 2, "Serapan (%)", 8, "middle", putar=True, panjang=None))
    for i, (tw, s, _) in enumerate(titik):
        tengah = kiri + pita * (i + 0.5)
        if s is not None:
            isi.append(_persegi(tengah - pita * 0.275, y(_f(s)), pita * 0.55, bawah - y(_f(s)), BIRU))
            isi.append(_teks(tengah, y(_f(s)) - 6, capaian.format_persen(s), 7.5, "middle", panjang=None))
        isi.append(_garis(tengah, bawah, tengah, bawah + 3.5))
        isi.append(_teks(tengah, bawah + 11, f"TW {capaian_romawi(tw)}", 8, "middle", TEKS_SUMBU))
    rencana = [(kiri + pita * (i + 0.5), y(_f(r))) for i, (_, _, r) in enumerate(titik) if r is not None]
    if rencana:
        isi.append(
            f'<polyline points="{" ".join(f"{_k(x)},{_k(yy)}" for x, yy in rencana)}" fill="none" '
            f'stroke="{MERAH_RENCANA}" stroke-width="2" stroke-linejoin="round"/>'
        )
        isi += [f'<circle cx="{_k(x)}" cy="{_k(yy)}" r="3.5" fill="{MERAH_RENCANA}"/>' for x, yy in rencana]
    isi.append(_garis(kiri, atas - 4, kiri, bawah))
    isi.append(_garis(kiri, bawah, kanan, bawah))
    # Legend, top left inside the plot.
    isi.append(_garis(kiri + 10, atas + 6, kiri + 30, atas + 6, MERAH_RENCANA, 2))
    isi.append(f'<circle cx="{_k(kiri + 20)}" cy="{_k(atas + 6)}" r="3.5" fill="{MERAH_RENCANA}"/>')
    isi.append(_teks(kiri + 36, atas + 6, "Rencana", 7.5, panjang=None))
    isi.append(_persegi(kiri + 12, atas + 15, 16, 6, BIRU))
    isi.append(_teks(kiri + 36, atas + 18, "Realisasi (kumulatif)", 7.5, panjang=None))
    return _svg(5.2, 2.8, isi, "Serapan anggaran per triwulan terhadap rencana")


def grafik_serapan_triwulan(titik, kunci_dasar=""):
    """Cumulative serapan per triwulan against the plan: ``titik`` = [(tw, serapan, rencana)]."""
    angka = list(titik)
    svg = _tersimpan("serapan_triwulan", kunci_dasar, angka, lambda: _gambar_serapan(titik))
    return Grafik(
        "serapan_triwulan",
        "Serapan anggaran per triwulan terhadap rencana",
        svg,
        "Grafik serapan anggaran kumulatif per triwulan (batang) dan rencananya (garis); angkanya ada pada tabel.",
        ["Triwulan", "Serapan s.d. triwulan", "Rencana s.d. triwulan"],
        [[f"TW {capaian_romawi(tw)}", capaian.format_persen(s), capaian.format_persen(r)] for tw, s, r in titik],
    )


def grafik_sebaran_predikat(sebaran, kunci_dasar=""):
    """How many indicators fall in each predikat: ``sebaran`` = [(Predikat, jumlah)], best first."""
    angka = [(p.label, n) for p, n in sebaran]

    def buat():
        nilai = [n for _, n in sebaran]
        return _batang_mendatar(
            [p.label for p, _ in sebaran],
            [float(n) for n in nilai],
            [WARNA_PREDIKAT.get(p.warna, WARNA_TANPA) for p, _ in sebaran],
            [capaian.format_angka(n, 0) for n in nilai],
            max([1, *nilai]) * 1.2,
            5.2,
            2.4,
            "Jumlah indikator",
            "Sebaran predikat capaian indikator",
        )

    svg = _tersimpan("sebaran_predikat", kunci_dasar, angka, buat)
    return Grafik(
        "sebaran_predikat",
        "Sebaran predikat capaian indikator",
        svg,
        "Grafik jumlah indikator per predikat capaian; angkanya ada pada tabel.",
        ["Predikat", "Jumlah indikator"],
        [[p.label, str(n)] for p, n in sebaran],
    )


def _gambar_peta_risiko(matriks):
    """Square cells coloured by risk level, kemungkinan 5 at the top; each cell its score and its count of risks."""
    lebar, tinggi = 4.0 * PT, 3.8 * PT
    kiri, atas = 48, 8
    sisi = min(lebar - kiri - 10, tinggi - atas - 36) / 5
    bawah = atas + sisi * len(matriks)
    isi = []
    for r, b in enumerate(matriks):  # rows kemungkinan 5..1 (evaluasi.dasbor.data.matriks_risiko)
        y = atas + sisi * r
        for c, s in enumerate(b["sel"]):
            x = kiri + sisi * c
            isi.append(_persegi(x, y, sisi, sisi, WARNA_RISIKO.get(s["level"].warna, WARNA_TANPA), "#ffffff", 1.5))
            isi.append(_teks(x + 6, y + 10, s["nilai"], 7.5, warna=TEKS_SUMBU))
            if s["kode"]:
                isi.append(_teks(x + sisi / 2, y + sisi * 0.55, f"{len(s['kode'])} risiko", 8.5, "middle", tebal=True))
        isi.append(_garis(kiri - 3.5, y + sisi / 2, kiri, y + sisi / 2))
        isi.append(_teks(kiri - 7, y + sisi / 2, b["kemungkinan"], 9, "end", TEKS_SUMBU))
    for c in range(5):
        x = kiri + sisi * (c + 0.5)
        isi.append(_garis(x, bawah, x, bawah + 3.5))
        isi.append(_teks(x, bawah + 11, c + 1, 9, "middle", TEKS_SUMBU))
    isi.append(_garis(kiri, atas, kiri, bawah))
    isi.append(_garis(kiri, bawah, kiri + sisi * 5, bawah))
    isi.append(_teks(kiri + sisi * 2.5, bawah + 25, "Dampak", 9, "middle", panjang=None))
    isi.append(_teks(14, (atas + bawah) / 2, "Kemungkinan", 9, "middle", putar=True, panjang=None))
    return _svg(4.0, 3.8, isi, "Peta risiko 5×5")


def grafik_peta_risiko(matriks, kunci_dasar=""):
    """The 5×5 risk heat map (kemungkinan × dampak) with the number of risks in each cell."""
    angka = [[(s["nilai"], s["level"].label, tuple(s["kode"])) for s in b["sel"]] for b in matriks]
    svg = _tersimpan("peta_risiko", kunci_dasar, angka, lambda: _gambar_peta_risiko(matriks))
    baris = [
        [
            f"{b['kemungkinan']} ({b['kriteria']})",
            str(dampak),
            str(s["nilai"]),
            s["level"].label,
            ", ".join(s["kode"]),
        ]
        for b in matriks
        for dampak, s in enumerate(b["sel"], 1)
        if s["kode"]
    ]
    return Grafik(
        "peta_risiko",
        "Peta risiko 5×5",
        svg,
        "Peta panas risiko, kemungkinan terhadap dampak; risiko tiap sel tercantum pada tabel.",
        ["Kemungkinan", "Dampak", "Nilai", "Level", "Risiko"],
        baris,
    )


def capaian_romawi(tw):
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[tw]


# --- For pages and the PDF report --------------------------------------------------------------


def program_untuk_grafik(ringkasan):
    """[(kode, nama, capaian, predikat)] of program summaries (RingkasAnggaran) for the capaian chart."""
    return [(f"P{r.unsur.nomor}", r.unsur.nama, r.capaian, r.predikat) for r in ringkasan]


def grafik_dasbor(dasbor, versi):
    """The four charts of an OPD dashboard (``versi``: the OPD's data version, read once by the caller)."""
    bidang = dasbor.bidang_terpilih.pk if dasbor.bidang_terpilih else ""
    dasar = f"{dasbor.opd.pk}:{versi}:{dasbor.tahun}:{dasbor.triwulan}:{bidang}"
    return [
        grafik_capaian_program(program_untuk_grafik(dasbor.program), dasar),
        grafik_serapan_triwulan(dasbor.serapan_triwulan, dasar),
        grafik_sebaran_predikat(dasbor.predikat_sebaran, dasar),
        grafik_peta_risiko(dasbor.matriks_risiko, dasar),
    ]


def grafik_laporan(data, risiko=None, rencana=None, matriks=None):
    """The same four charts for the semester report (page or PDF) from its DataLaporan.

    Risks come as rows (``risiko``) or as the report's ready 5×5 ``matriks`` (laporan.konteks.matriks_risiko);
    ``rencana`` is the anggaran kas ({sub kegiatan id: {tw: rupiah}}, ``evaluasi.dasbor.data.rencana_penarikan``),
    without it the plan is the default curve. No query at all: the cache key is the charts' own numbers,
    so adding the charts to a report never changes its query count.
    """
    from evaluasi.dasbor.data import matriks_risiko, ringkas_anggaran, skala_risiko, sub_kegiatan_di_bawah
    from evaluasi.laporan.data import skala_predikat

    rencana = rencana or {}
    tw = data.sampai_triwulan
    program = [
        ringkas_anggaran(sub_kegiatan_di_bawah(p), tw, rencana, baris=p, indikator=p.indikator) for p in data.program
    ]
    subs = data.sub_kegiatan
    pagu = data.jumlah.pagu
    titik = []
    for t in range(1, 5):
        realisasi = capaian.jumlah_rupiah(s.anggaran_triwulan.get(x) for s in subs for x in range(1, t + 1))
        rencana_rp = capaian.jumlahkan(
            capaian.rencana_rupiah_kumulatif(t, s.pagu, rencana.get(s.unsur.id)) for s in subs
        )
        titik.append(
            (
                t,
                capaian.serapan(pagu, realisasi) if pagu and t <= tw else None,
                capaian.serapan(pagu, rencana_rp) if pagu and rencana_rp is not None else None,
            )
        )
    skala = skala_predikat()
    semua = list(data.per_indikator.values())
    sebaran = [(p, sum(1 for bi in semua if bi.predikat == p)) for p in skala]
    if matriks is None:
        matriks = matriks_risiko(risiko or [], skala_risiko())
    dasar = f"laporan:{data.opd.pk}:{data.tahun}:{tw}"
    return [
        grafik_capaian_program(program_untuk_grafik(program), dasar),
        grafik_serapan_triwulan(titik, dasar),
        grafik_sebaran_predikat(sebaran, dasar),
        grafik_peta_risiko(matriks, dasar),
    ]
