"""The downloadable template: the plan of an OPD and year, or the realisasi sheet of one triwulan.

Written with openpyxl's write-only workbook (streamed, so a plan of 10.000 indicators stays
small in memory). The realisasi sheets are protected (no password: it guards against slips, not
against people) with only the input cells unlocked; numbers carry Excel data validation (a decimal
or a whole number ≥ 0). Every data row has the hidden system key in column A (kolom.py).

User text is always a string cell: a name beginning with ``= + - @`` is never stored as a formula
and gets Excel's quote prefix, so editing it later keeps it text. Numbers we write are numbers.
"""

from __future__ import annotations

import io
from collections import defaultdict
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from evaluasi.akses import BAPPEDA, INSPEKTORAT, KEPALA_DINAS, OPERATOR, VERIFIKATOR, peran
from evaluasi.ekspor.xlsx import AWAS, FORMAT_RUPIAH, format_desimal
from evaluasi.laporan.target_tw import KOLOM_TW, dengan_target_triwulan
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Realisasi,
    Unsur,
)

from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from . import rincian as lembar_rincian
from . import tercetak
from .cocok import META_INSTALASI, sidik_instalasi

TERBUKA = Protection(locked=False)
ISI_INPUT = PatternFill("solid", fgColor="FFF2CC")
ISI_JUDUL = PatternFill("solid", fgColor="D9E1F2")
HURUF_TEBAL = Font(bold=True)
RATA_JUDUL = Alignment(wrap_text=True, vertical="center", horizontal="center")
RATA_TEKS = Alignment(wrap_text=True, vertical="top")
FORMAT_TEKS = "@"


def nama_berkas(opd, tahun, triwulan=None) -> str:
    if triwulan:
        return f"templat-realisasi-{opd.slug}-{tahun}-tw{triwulan}.xlsx"
    return f"templat-rencana-{opd.slug}-{tahun}.xlsx"


class _Penulis:
    """Cells with cached styles (setting each style on each cell is most of openpyxl's time)."""

    def __init__(self, ws):
        self.ws = ws
        self.gaya = {}

    def sel(self, nilai, isian=False, jenis=K.TEKS, tebal=False):
        if isinstance(nilai, float):  # pragma: no cover - our data is Decimal/int
            raise TypeError("float tidak ditulis ke templat")
        teks = isinstance(nilai, str)
        kutip = teks and nilai.startswith(AWAS)
        fmt = None
        if jenis == K.RUPIAH:
            fmt = FORMAT_RUPIAH
        elif jenis == K.ANGKA and nilai is not None and not teks:
            fmt = format_desimal(nilai)
        elif jenis == K.TEKS and isian:
            fmt = FORMAT_TEKS  # typed text stays text (Excel would turn "1-2" into a date)
        kunci = (fmt, kutip, isian, tebal)
        c = WriteOnlyCell(self.ws, value=nilai)
        if teks:
            c.data_type = "s"  # never a formula, never an error value
        simpanan = self.gaya.get(kunci)
        if simpanan is not None:
            c._style = copy(simpanan)
            return c
        if kutip:
            c.quotePrefix = True
        if fmt:
            c.number_format = fmt
        if isian:
            c.protection = TERBUKA
            c.fill = ISI_INPUT
        if tebal:
            c.font = HURUF_TEBAL
            c.fill = ISI_JUDUL
            c.alignment = RATA_JUDUL
        elif jenis == K.TEKS:
            c.alignment = RATA_TEKS
        self.gaya[kunci] = copy(c._style)
        return c


def _siapkan_lembar(wb, judul, kolom, jumlah_baris, triwulan=None, lindungi=False):
    """A sheet with its widths, hidden key column, frozen header, validations (before any row)."""
    ws = wb.create_sheet(judul)
    for i, k in enumerate(kolom):
        ws.column_dimensions[K.huruf(i)].width = k.lebar
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = "B2"
    akhir = max(jumlah_baris + 1, 2)
    for i, k in enumerate(kolom):
        if k.jenis not in (K.ANGKA, K.RUPIAH) or not (k.isian or not lindungi):
            continue
        dv = DataValidation(
            type="decimal" if k.jenis == K.ANGKA else "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Isian tidak sah",
            error="Isi angka 0 atau lebih (rupiah tanpa sen), atau kosongkan bila belum ada.",
        )
        dv.add(f"{K.huruf(i)}2:{K.huruf(i)}{akhir}")
        ws.data_validations.append(dv)
    if lindungi:
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # columns may still be widened
        ws.protection.formatRows = False
    p = _Penulis(ws)
    ws.append([p.sel(j, tebal=True) for j in K.judul_kolom(kolom, triwulan)])
    return ws, p


def _meta(wb, jenis, opd, tahun, triwulan=None):
    ws = wb.create_sheet(K.LEMBAR_META)
    ws.sheet_state = "hidden"
    ws.append(["jenis", jenis])
    ws.append(["opd", opd.slug])
    ws.append(["tahun", tahun])
    ws.append(["triwulan", triwulan])
    ws.append(["format", 1])
    ws.append([META_INSTALASI, sidik_instalasi()])  # whose ids the hidden keys are (cocok.py)


PETUNJUK_UMUM = [
    "Cara mengisi templat ini",
    "",
    "1. Jangan mengubah nama lembar, urutan kolom, atau baris judul (baris 1).",
    "2. Baris dikenali dari yang tertulis: level dan nomor unsur, no. indikator, komponen (lembar Anggaran: nomor "
    "sub kegiatan). Jangan mengubahnya pada baris yang sudah ada; namanya boleh diubah. Kolom A tersembunyi "
    "berisi kunci sistem yang hanya memeriksa: bila kunci itu menunjuk baris lain dari yang tertulis, impor "
    "ditolak dan galatnya menyebut keduanya.",
    "3. Angka boleh diketik sebagai angka biasa, atau sebagai teks bergaya Indonesia: 1.234.567,89 atau "
    "Rp 1.234.567. Titik = pemisah ribuan, koma = desimal. Tidak boleh negatif.",
    "4. Sel kosong berarti belum diisi (ditampilkan '-' di laporan), bukan 0. Ketik 0 bila memang nol.",
    "5. Unggah berkas yang sudah diisi di halaman Impor XLSX. Sebelum apa pun ditulis, sistem menampilkan "
    "pratinjau: apa yang dibuat, diubah (lama → baru), tetap, dan semua galat dengan lembar, baris dan kolomnya "
    "(bila lebih dari 1.000, seribu yang pertama ditampilkan beserta jumlah seluruhnya).",
    "6. Satu galat saja membuat tidak ada yang ditulis. Perbaiki semua galat yang ditampilkan, lalu unggah lagi.",
    "7. Mengimpor berkas yang sama dua kali tidak mengubah apa pun pada kali kedua.",
]

PETUNJUK_REALISASI = [
    "",
    "Lembar 'Realisasi': satu baris per komponen target indikator. Isi sel berwarna kuning: realisasi triwulan "
    "(untuk indikator kumulatif: capaian DALAM triwulan ini; untuk posisi akhir: nilai PADA akhir triwulan), "
    "faktor pendorong, faktor penghambat dan tindak lanjut (di baris pertama tiap indikator).",
    "Lembar 'Anggaran': isi realisasi anggaran triwulan ini dalam rupiah bulat. Jumlah setahun tidak boleh "
    "melebihi pagu berlaku.",
    "Sel lain dikunci (tanpa kata sandi) agar rencana tidak berubah tanpa sengaja.",
    "Realisasi yang sudah diajukan atau diverifikasi harus dikembalikan/dibuka verifikator sebelum dapat diubah.",
    "Operator bidang hanya dapat mengimpor baris bidangnya sendiri.",
]

PETUNJUK_RENCANA = [
    "",
    "Lembar 'Unsur': satu baris per unsur kaskade (Misi, Tujuan RPJMD, Sasaran RPJMD, Tujuan PD, Sasaran PD, "
    "Program, Kegiatan, Sub Kegiatan). Induk ditulis dengan level dan nomornya. Pagu murni dan pagu perubahan "
    "(APBD-P) hanya pada Sub Kegiatan; laporan memakai pagu terakhir.",
    "Lembar 'Indikator': satu baris per indikator; 'No. indikator' = urutannya di dalam unsurnya.",
    "Lembar 'Target': satu baris per komponen target (mis. '248 box nasi' dan '248 box snack' = 2 baris). "
    "Tahun target = tahun rencana, atau tahun berikutnya (perjanjian kinerja).",
    "Target TW I–IV (rencana aksi, boleh kosong): untuk indikator kumulatif, jumlah yang direncanakan DALAM "
    "triwulan itu; untuk posisi akhir, nilai yang direncanakan PADA akhir triwulan. Kosong berarti tidak "
    "direncanakan (bukan 0). Target s.d. TW n memakai rencana bila TW I s.d. n terisi semua (kumulatif) atau "
    "TW n terisi (posisi akhir); selain itu target proporsional (kumulatif: target tahunan × n/4; posisi "
    "akhir: target tahunan).",
    "Baris yang tidak ada di berkas tidak dihapus dari sistem.",
    *lembar_rincian.PETUNJUK,
]


def _petunjuk(wb, opd, tahun, triwulan=None):
    ws = wb.create_sheet(K.LEMBAR_PETUNJUK)
    ws.column_dimensions["A"].width = 120
    p = _Penulis(ws)
    judul = (
        f"Templat realisasi TW {K.ROMAWI[triwulan]} {tahun} — {opd.nama}"
        if triwulan
        else f"Templat rencana {tahun} — {opd.nama}"
    )
    ws.append([p.sel(judul, tebal=True)])
    for baris in PETUNJUK_UMUM + (PETUNJUK_REALISASI if triwulan else PETUNJUK_RENCANA):
        ws.append([p.sel(baris)])


def bidang_operator(user):
    """The bidang an operator is limited to, or None for roles that see the whole OPD."""
    if user is None:  # the management command without --pengguna: the whole OPD
        return None
    r = peran(user)
    if user.is_superuser or r & {BAPPEDA, VERIFIKATOR, KEPALA_DINAS, INSPEKTORAT}:
        return None
    profil = getattr(user, "pengguna", None)
    if OPERATOR in r and profil is not None and profil.bidang_id is not None:
        return profil.bidang_id
    return -1  # nothing


def _unsur(opd, tahun):
    unsur = list(Unsur.objects.filter(opd=opd, tahun=tahun).select_related("bidang").order_by("urutan", "id"))
    return unsur, {u.id: u for u in unsur}


def _teks(x):
    return x if x else None


def buku_rencana(opd, tahun) -> bytes:
    """The plan workbook of (opd, tahun): Unsur, Indikator and Target sheets (this year and the next)."""
    unsur, per_id = _unsur(opd, tahun)
    indikator = list(
        Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).select_related("bidang").order_by("urutan", "id")
    )
    ind_per_unsur = defaultdict(list)
    for i in indikator:
        ind_per_unsur[i.unsur_id].append(i)
    komponen = defaultdict(list)
    for k in (
        dengan_target_triwulan(
            KomponenTarget.objects.filter(
                target__indikator__unsur__opd=opd,
                target__indikator__unsur__tahun=tahun,
                target__tahun__in=[tahun, tahun + 1],
            )
        )
        .select_related("target")
        .order_by("target__tahun", "urutan", "id")
    ):
        komponen[k.target.indikator_id].append(k)
    anggaran = {a.unsur_id: a for a in Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun)}

    wb = Workbook(write_only=True)
    _petunjuk(wb, opd, tahun)
    ws, p = _siapkan_lembar(wb, K.LEMBAR_UNSUR, K.KOLOM_UNSUR, len(unsur))
    for u in unsur:
        induk = per_id.get(u.induk_id)
        a = anggaran.get(u.id)
        ws.append(
            [
                p.sel(f"U{u.pk}"),
                p.sel(u.get_level_display()),
                p.sel(u.nomor),
                p.sel(induk.get_level_display() if induk else None),
                p.sel(induk.nomor if induk else None),
                p.sel(_teks(u.kode)),
                p.sel(u.nama),
                p.sel(_teks(u.sasaran)),
                p.sel(u.bidang.kode if u.bidang_id else None),
                p.sel(a.pagu_murni if a else None, jenis=K.RUPIAH),
                p.sel(a.pagu_perubahan if a else None, jenis=K.RUPIAH),
            ]
        )
    urut_ind = [i for u in unsur for i in ind_per_unsur.get(u.id, [])]
    ws, p = _siapkan_lembar(wb, K.LEMBAR_INDIKATOR, K.KOLOM_INDIKATOR, len(urut_ind))
    for i in urut_ind:
        u = per_id[i.unsur_id]
        ws.append(
            [
                p.sel(f"I{i.pk}"),
                p.sel(u.get_level_display()),
                p.sel(u.nomor),
                p.sel(i.urutan, jenis=K.BULAT),
                p.sel(_teks(i.kunci)),
                p.sel(i.nama),
                p.sel(_teks(i.satuan)),
                p.sel(i.polaritas),
                p.sel(i.metode_negatif),
                p.sel(i.agregasi),
                p.sel("Ya" if i.iku else "Tidak"),
                p.sel(_teks(i.level_pk)),
                p.sel(i.bidang.kode if i.bidang_id else None),
                p.sel(_teks(i.definisi)),
                p.sel(_teks(i.formula)),
                p.sel(_teks(i.catatan)),
            ]
        )
    jumlah = sum(len(komponen.get(i.id, [])) for i in urut_ind)
    ws, p = _siapkan_lembar(wb, K.LEMBAR_TARGET, K.KOLOM_TARGET, jumlah)
    for i in urut_ind:
        u = per_id[i.unsur_id]
        for k in komponen.get(i.id, []):
            ws.append(
                [
                    p.sel(f"K{k.pk}"),
                    p.sel(u.get_level_display()),
                    p.sel(u.nomor),
                    p.sel(i.urutan, jenis=K.BULAT),
                    p.sel(i.nama),
                    p.sel(k.target.tahun, jenis=K.BULAT),
                    p.sel(k.urutan, jenis=K.BULAT),
                    p.sel(k.jumlah, jenis=K.ANGKA),
                    p.sel(_teks(k.satuan)),
                    p.sel(_teks(k.target.teks)),
                    *(p.sel(getattr(k, nama), jenis=K.ANGKA) for nama in KOLOM_TW),
                ]
            )
    lembar_rincian.tulis_lembar(wb, opd, tahun, urut_ind, per_id)  # roll-up links and suggestions
    tercetak.tulis_lembar(wb, opd, tahun)
    _meta(wb, "rencana", opd, tahun)
    return _simpan(wb)


def buku_realisasi(opd, tahun, triwulan, user) -> bytes:
    """The realisasi workbook of one triwulan, pre-filled with what is entered; an operator gets their bidang."""
    unsur, per_id = _unsur(opd, tahun)
    bidang = bidang_operator(user)
    # An indicator belongs to its own bidang where set, else to its node's (as on the entry form).
    indikator = [
        i
        for i in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).order_by("urutan", "id")
        if bidang is None or (i.bidang_id or per_id[i.unsur_id].bidang_id) == bidang
    ]
    ind_per_unsur = defaultdict(list)
    for i in indikator:
        ind_per_unsur[i.unsur_id].append(i)
    komponen = defaultdict(list)
    for kid, iid, urutan, jumlah, satuan in (
        KomponenTarget.objects.filter(
            target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun, target__tahun=tahun
        )
        .order_by("urutan", "id")
        .values_list("id", "target__indikator_id", "urutan", "jumlah", "satuan")
    ):
        komponen[iid].append((kid, urutan, jumlah, satuan))
    realisasi = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun, triwulan=triwulan)
    }
    nilai = dict(
        NilaiRealisasi.objects.filter(
            realisasi__indikator__unsur__opd=opd, realisasi__indikator__unsur__tahun=tahun, realisasi__triwulan=triwulan
        ).values_list("komponen_id", "nilai")
    )
    anggaran = {a.unsur_id: a for a in Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun)}
    per_tw = defaultdict(dict)
    for uid, tw, rp in AnggaranTriwulan.objects.filter(
        anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun
    ).values_list("anggaran__unsur_id", "triwulan", "realisasi"):
        per_tw[uid][tw] = rp

    wb = Workbook(write_only=True)
    _petunjuk(wb, opd, tahun, triwulan)
    baris = [(per_id[i.unsur_id], i, k) for u in unsur for i in ind_per_unsur.get(u.id, []) for k in komponen[i.id]]
    ws, p = _siapkan_lembar(wb, K.LEMBAR_REALISASI, K.KOLOM_REALISASI, len(baris), triwulan, lindungi=True)
    sebelumnya = None
    for u, i, (kid, urutan, jumlah, satuan) in baris:
        r = realisasi.get(i.id)
        pertama = i.id != sebelumnya
        sebelumnya = i.id
        catatan = [
            p.sel(_teks(getattr(r, nama, "")) if pertama else None, isian=pertama)
            for nama in ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
        ]
        ws.append(
            [
                p.sel(f"K{kid}"),
                p.sel(u.get_level_display()),
                p.sel(u.nomor),
                p.sel(u.nama),
                p.sel(i.urutan, jenis=K.BULAT),
                p.sel(i.nama),
                p.sel(urutan, jenis=K.BULAT),
                p.sel(jumlah, jenis=K.ANGKA),
                p.sel(_teks(satuan)),
                p.sel(nilai.get(kid), isian=True, jenis=K.ANGKA),
                *catatan,
                p.sel(r.get_status_display() if r else None),
            ]
        )
    subs = [
        u
        for u in unsur
        if u.level == Unsur.Level.SUB_KEGIATAN and u.id in anggaran and (bidang is None or u.bidang_id == bidang)
    ]
    ws, p = _siapkan_lembar(wb, K.LEMBAR_ANGGARAN, K.KOLOM_ANGGARAN, len(subs), triwulan, lindungi=True)
    for u in subs:
        a = anggaran[u.id]
        lain = [v for tw, v in per_tw[u.id].items() if tw != triwulan and v is not None]
        ws.append(
            [
                p.sel(f"U{u.pk}"),
                p.sel(u.nomor),
                p.sel(_teks(u.kode)),
                p.sel(u.nama),
                p.sel(a.pagu_murni, jenis=K.RUPIAH),
                p.sel(a.pagu_perubahan, jenis=K.RUPIAH),
                p.sel(a.pagu, jenis=K.RUPIAH),
                p.sel(sum(lain) if lain else None, jenis=K.RUPIAH),
                p.sel(per_tw[u.id].get(triwulan), isian=True, jenis=K.RUPIAH),
            ]
        )
    _meta(wb, "realisasi", opd, tahun, triwulan)
    return _simpan(wb)


def _simpan(wb) -> bytes:
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
