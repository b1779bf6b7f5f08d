"""Charts of the dashboard and the report, drawn on the server as SVG with matplotlib (no JavaScript, no CDN).

Each chart comes with its numbers as a table (for screen readers, for print and for anyone who
prefers numbers), formatted by ``evaluasi.capaian``. The SVG is embedded as a ``data:`` image, so
several charts on one page never clash over element ids, and WeasyPrint draws the same image in
the PDF. Rendered SVG is cached (cache "default") under the OPD's data version, the parameters
and a hash of the chart's own numbers, so a cached chart is never stale.

Floats appear only here, at the drawing boundary: coordinates for matplotlib. Every number a
reader sees as text is formatted from the Decimal by the rules module.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import caches

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
ABU = "#6b7785"
WARNA_TANPA = "#cfd6de"
BATAS_SUMBU_CAPAIAN = Decimal(200)  # bars beyond this are drawn cut, with their value written
DETIK_SIMPAN = 7 * 24 * 3600


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


def _gambar(buat, lebar, tinggi):
    """Draw with ``buat(fig)`` on a new matplotlib Figure (no pyplot: thread-safe) and return the SVG text."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    gaya = {
        "svg.fonttype": "none",  # text stays text: small, searchable, printed sharp
        "svg.hashsalt": "e-evaluasi",  # deterministic ids, so equal charts give equal bytes
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": ABU,
        "axes.labelcolor": "#1b1b1b",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
    }
    with rc_context(gaya):
        fig = Figure(figsize=(lebar, tinggi), layout="constrained")
        buat(fig)
        keluaran = io.StringIO()
        fig.savefig(keluaran, format="svg", metadata={"Date": None, "Creator": None})
    return keluaran.getvalue()


def _tersimpan(nama, kunci_dasar, angka, buat):
    """The SVG from the cache, or drawn and stored; the key includes a hash of the chart's numbers."""
    sidik = hashlib.sha256(repr(angka).encode()).hexdigest()[:16]
    kunci = f"dasbor:grafik:{nama}:{kunci_dasar}:{sidik}"
    cache = caches["default"]
    svg = cache.get(kunci)
    if svg is None:
        svg = buat()
        cache.set(kunci, svg, DETIK_SIMPAN)
    return svg


# --- The four charts ---------------------------------------------------------------------------


def grafik_capaian_program(program, kunci_dasar=""):
    """Capaian per program (mean of its indicators) against 100%: ``program`` = [(kode, nama, capaian, predikat)]."""
    angka = [(k, c) for k, _, c, _ in program]

    def buat():
        def gambar(fig):
            ax = fig.subplots()
            label = [k for k, *_ in program][::-1]
            nilai = [c for _, _, c, _ in program][::-1]
            warna = [WARNA_PREDIKAT.get(p.warna, WARNA_TANPA) if p else WARNA_TANPA for *_, p in program][::-1]
            puncak = max([Decimal(120)] + [min(c, BATAS_SUMBU_CAPAIAN) for c in nilai if c is not None])
            lebar = [_f(min(c, BATAS_SUMBU_CAPAIAN)) if c is not None else 0.0 for c in nilai]
            ax.barh(label, lebar, color=warna, edgecolor=ABU, linewidth=0.5)
            ax.axvline(100, color=BIRU, linestyle="--", linewidth=1)
            for i, c in enumerate(nilai):
                teks = capaian.format_persen(c) if c is not None else "belum ada"
                x = _f(min(c, BATAS_SUMBU_CAPAIAN)) if c is not None else 0.0
                ax.text(x + _f(puncak) * 0.01, i, teks, va="center", fontsize=8)
            ax.set_xlim(0, _f(puncak) * 1.18)
            ax.set_xlabel("Capaian (%) — garis putus = 100%")

        return _gambar(gambar, 6.4, 0.42 * max(len(program), 1) + 0.9)

    svg = _tersimpan("capaian_program", kunci_dasar, angka, buat)
    return Grafik(
        "capaian_program",
        "Capaian per program",
        svg,
        "Grafik batang capaian tiap program terhadap 100%; angkanya ada pada tabel di bawah grafik.",
        ["Program", "Nama", "Capaian", "Predikat"],
        [[k, n, capaian.format_persen(c), p.label if p else "-"] for k, n, c, p in program],
    )


def grafik_serapan_triwulan(titik, kunci_dasar=""):
    """Cumulative serapan per triwulan against the plan: ``titik`` = [(tw, serapan, rencana)]."""
    angka = list(titik)

    def buat():
        def gambar(fig):
            ax = fig.subplots()
            label = [f"TW {capaian_romawi(tw)}" for tw, _, _ in titik]
            ax.bar(label, [_f(s) for _, s, _ in titik], color=BIRU, width=0.55, label="Realisasi (kumulatif)")
            ax.plot(
                label,
                [_f(r) for _, _, r in titik],
                color="#c0392b",
                marker="o",
                linewidth=2,
                label="Rencana",
            )
            for i, (_, s, _) in enumerate(titik):
                if s is not None:
                    ax.text(i, _f(s) + 2, capaian.format_persen(s), ha="center", fontsize=8)
            ax.set_ylim(0, max(105.0, *[_f(s) + 10 for _, s, _ in titik]))
            ax.set_ylabel("Serapan (%)")
            ax.legend(loc="upper left", frameon=False, fontsize=8)

        return _gambar(gambar, 5.2, 2.8)

    svg = _tersimpan("serapan_triwulan", kunci_dasar, angka, buat)
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
        def gambar(fig):
            ax = fig.subplots()
            label = [p.label for p, _ in sebaran][::-1]
            nilai = [n for _, n in sebaran][::-1]
            ax.barh(
                label,
                nilai,
                color=[WARNA_PREDIKAT.get(p.warna, WARNA_TANPA) for p, _ in sebaran][::-1],
                edgecolor=ABU,
                linewidth=0.5,
            )
            for i, n in enumerate(nilai):
                ax.text(n + 0.2, i, str(n), va="center", fontsize=8)
            ax.set_xlim(0, max([1, *nilai]) * 1.2)
            ax.set_xlabel("Jumlah indikator")

        return _gambar(gambar, 5.2, 2.4)

    svg = _tersimpan("sebaran_predikat", kunci_dasar, angka, buat)
    return Grafik(
        "sebaran_predikat",
        "Sebaran predikat capaian indikator",
        svg,
        "Grafik jumlah indikator per predikat capaian; angkanya ada pada tabel.",
        ["Predikat", "Jumlah indikator"],
        [[p.label, str(n)] for p, n in sebaran],
    )


def grafik_peta_risiko(matriks, kunci_dasar=""):
    """The 5×5 risk heat map (kemungkinan × dampak) with the number of risks in each cell."""
    angka = [[(s["nilai"], s["level"].label, tuple(s["kode"])) for s in b["sel"]] for b in matriks]

    def buat():
        def gambar(fig):
            from matplotlib.patches import Rectangle

            ax = fig.subplots()
            for y, b in enumerate(reversed(matriks)):  # kemungkinan 1 at the bottom
                for x, s in enumerate(b["sel"]):
                    ax.add_patch(
                        Rectangle(
                            (x, y), 1, 1, facecolor=WARNA_RISIKO.get(s["level"].warna, WARNA_TANPA), edgecolor="white"
                        )
                    )
                    ax.text(x + 0.08, y + 0.8, str(s["nilai"]), fontsize=7, color="#333333")
                    if s["kode"]:
                        ax.text(
                            x + 0.5,
                            y + 0.42,
                            f"{len(s['kode'])} risiko",
                            ha="center",
                            va="center",
                            fontsize=8,
                            fontweight="bold",
                        )
            ax.set_xlim(0, 5)
            ax.set_ylim(0, 5)
            ax.set_xticks([i + 0.5 for i in range(5)], [str(i) for i in range(1, 6)])
            ax.set_yticks([i + 0.5 for i in range(5)], [str(i) for i in range(1, 6)])
            ax.set_xlabel("Dampak")
            ax.set_ylabel("Kemungkinan")
            ax.set_aspect("equal")

        return _gambar(gambar, 4.0, 3.8)

    svg = _tersimpan("peta_risiko", kunci_dasar, angka, buat)
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
