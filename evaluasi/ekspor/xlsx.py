"""Report tables as an XLSX workbook: one sheet per django-tables2 Table, numbers written as numbers.

Any list of (sheet name, Table) becomes one workbook, so the semester report and
Formulir E.81 share this code. Each sheet has title rows (the table's title, then
lines such as the OPD and the period), the header, one row per table row and,
when the table has a ``jumlah`` (the JUMLAH row of the sub kegiatan table), a
totals row. Cell values come from the tables' ``value_*`` methods (via
``BoundRow.get_cell_value``), so the page and the workbook cannot drift apart;
invisible columns (e.g. ``satuan``) are exported too, as ``Table.as_values`` does.

Numbers stay numbers (never text) with Indonesian-looking Excel formats, which
Excel and LibreOffice show with the reader's locale separators (9.054.343.734,
94,27%):

- rupiah columns ``#,##0``;
- capaian and serapan (percent) are written as a fraction with ``#,##0.00%``.
  The fraction is the percentage cut (toward zero) to 6 decimal places, then
  divided by 100: exact to a millionth of a percent, and Excel's 2-place display
  (half away from zero) then always agrees with the page's half-up rounding;
  rounding to 6 places first could turn 90,9949996 into 90,995 and show 91,00%;
- other Decimals (targets, realisasi) with as many decimals as the value has, at
  most 4 (``#,##0`` / ``#,##0.00``…), as the page prints them; not ``#,##0.##``,
  which leaves a dangling separator ("22,") on whole numbers;
- other integers (row numbers, risk scales) in Excel's General format, so a year
  never gets a thousands separator.

Text is always written as a string cell (``data_type = "s"``): text beginning with
``=`` is never stored as a formula, and text beginning with ``= + - @`` also gets
Excel's quote prefix, so editing the cell later keeps it text. The visible text is
unchanged.

Merged cells mirror the page's row spans: a column whose ``td`` attrs hold a
callable ``rowspan`` (``tables._kelompok_attrs``) is a group column; the callable
is evaluated per record exactly as the page does, and a span of n > 1 becomes a
merged range over n rows (the covered cells are left empty).

The workbook is write-only (streamed to temporary files, as pretix does): its
sheets still support merged ranges, frozen panes, print setup and column widths,
provided the sheet layout is set before the first row is appended, which is
possible because a report table is already in memory when it is exported.
"""

from __future__ import annotations

import inspect
import io
from copy import copy
from decimal import ROUND_DOWN, Decimal, localcontext

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Kinds of column, for the number format.
RUPIAH = "rupiah"
PERSEN = "persen"
ANGKA = "angka"
TEKS = "teks"

# The kind of the report tables' columns whose values are numbers of a special kind (by column name).
# A column may also declare its kind itself with a ``jenis_xlsx`` attribute; a caller may override both.
JENIS_KOLOM = {
    "pagu": RUPIAH,
    "realisasi_anggaran": RUPIAH,
    "capaian": PERSEN,
    "serapan": PERSEN,
}

FORMAT_RUPIAH = "#,##0"
FORMAT_PERSEN = "#,##0.00%"
DESIMAL_MAKS = 4  # as capaian.format_jumlah prints quantities
TEMPAT_PERSEN = Decimal("0.000001")  # percent kept to a millionth

LEBAR_MIN = 6
LEBAR_MAKS = 50
LEBAR_JUDUL_KOLOM = 18  # headers wrap beyond this
LEBAR_TEKS_MIN = 12
LEBAR_TOTAL = 180  # characters across a sheet: A4 landscape, fitted to width, at about 80%

AWAS = ("=", "+", "-", "@", "\t", "\r")  # leading characters a spreadsheet may read as a formula

_tipis = Side(style="thin", color="808080")
BINGKAI = Border(left=_tipis, right=_tipis, top=_tipis, bottom=_tipis)
RATA_TEKS = Alignment(wrap_text=True, vertical="top")
RATA_ANGKA = Alignment(horizontal="right", vertical="top")
RATA_BIASA = Alignment()
RATA_TENGAH = Alignment(horizontal="center", vertical="top")
RATA_JUDUL_KOLOM = Alignment(horizontal="center", vertical="center", wrap_text=True)
HURUF_JUDUL = Font(bold=True, size=13)
HURUF_TEBAL = Font(bold=True)
HURUF_MIRING = Font(italic=True)
ISI_JUDUL_KOLOM = PatternFill("solid", fgColor="D9E1F2")
ISI_JUMLAH = PatternFill("solid", fgColor="F2F2F2")


# --- Values and cells -------------------------------------------------------------


def pecahan_persen(x) -> Decimal:
    """A percentage as the fraction Excel's ``%`` format expects: 94,2697...% -> 0.94269777."""
    with localcontext(prec=60):  # uncapped capaian may be large
        return x.quantize(TEMPAT_PERSEN, rounding=ROUND_DOWN) / 100


def format_desimal(x: Decimal) -> str:
    """The number format showing ``x`` with its own decimals (at most 4): 22 -> #,##0; 94.87 -> #,##0.00."""
    with localcontext(prec=60):
        eksponen = x.normalize().as_tuple().exponent
    tempat = min(max(0, -eksponen), DESIMAL_MAKS) if isinstance(eksponen, int) else 0
    return FORMAT_RUPIAH + ("." + "0" * tempat if tempat else "")


def isi_sel(nilai, jenis=None):
    """(cell value, number format or None) of a table value of a column of kind ``jenis``; text stays text."""
    if nilai is None:
        return None, None
    if isinstance(nilai, float):
        raise TypeError(f"Nilai float tidak diekspor, gunakan Decimal ({nilai!r}).")
    if isinstance(nilai, bool):
        return ("Ya" if nilai else "Tidak"), None
    if isinstance(nilai, (int, Decimal)) and jenis != TEKS:
        if jenis == PERSEN:
            return pecahan_persen(Decimal(nilai)), FORMAT_PERSEN
        if jenis == RUPIAH:
            return nilai, FORMAT_RUPIAH
        if isinstance(nilai, int):
            return nilai, None
        return nilai, format_desimal(nilai)
    return str(nilai), None


def sel(ws, nilai, jenis=None, *, font=None, fill=None, alignment=None, bingkai=True, gaya=None):
    """A styled write-only cell of a table value; text is always a string cell, never a formula.

    ``font``, ``fill`` and ``alignment`` must be long-lived objects (e.g. module
    constants) when ``gaya``, a dict caching finished styles per sheet, is given:
    setting each style on each cell is most of openpyxl's writing time.
    """
    return _sel(ws, *isi_sel(nilai, jenis), font, fill, alignment, bingkai, gaya)


def _sel(ws, nilai, format_angka, font=None, fill=None, alignment=None, bingkai=True, gaya=None):
    teks = isinstance(nilai, str)
    kutip = teks and nilai.startswith(AWAS)
    alignment = alignment or (RATA_TEKS if teks or nilai is None else RATA_ANGKA)
    kunci = (format_angka, kutip, id(font), id(fill), id(alignment), bingkai)
    simpanan = gaya.get(kunci) if gaya is not None else None
    c = Cell(ws, row=1, column=1, value=nilai, style_array=simpanan[0] if simpanan else None)
    if teks:
        c.data_type = "s"  # openpyxl would store "=..." as a formula and "#N/A" as an error
    if simpanan:
        return c
    if kutip:
        c.quotePrefix = True  # Excel keeps it text when the cell is edited
    if format_angka:
        c.number_format = format_angka
    c.alignment = alignment
    if font:
        c.font = font
    if fill:
        c.fill = fill
    if bingkai:
        c.border = BINGKAI
    if gaya is not None:
        gaya[kunci] = (copy(c._style), (font, fill, alignment))  # keeps the objects alive, so their ids stay theirs
    return c


def _panjang_tampil(nilai, format_angka) -> int:
    """Roughly how many characters a cell takes on screen, for the column width."""
    if nilai is None:
        return 0
    if isinstance(nilai, str):
        return max(len(baris) for baris in nilai.split("\n"))
    if format_angka == FORMAT_PERSEN:
        return len(f"{nilai * 100:,.2f}") + 1
    return len(f"{nilai:,}")


# --- Tables -------------------------------------------------------------------


def _jenis(bound_column, jenis_kolom):
    nama = bound_column.name
    if nama in jenis_kolom:
        return jenis_kolom[nama]
    return getattr(bound_column.column, "jenis_xlsx", None) or JENIS_KOLOM.get(nama)


def _rentang_baris(bound_column):
    """A group column's rowspan per record as a function of the record, or None for an ordinary column.

    The callable in the column's ``td`` attrs is called with the keyword arguments
    it accepts, as django-tables2 calls attrs callables (``record``, ``table``…).
    """
    rowspan = (bound_column.column.attrs or {}).get("td", {}).get("rowspan")
    if not callable(rowspan):
        return None
    parameter = inspect.signature(rowspan).parameters
    semua = any(p.kind == p.VAR_KEYWORD for p in parameter.values())
    tabel = bound_column._table

    def rentang(record):
        kw = {"record": record, "table": tabel, "bound_column": bound_column}
        return rowspan(**(kw if semua else {k: v for k, v in kw.items() if k in parameter}))

    return rentang


def _baris_tabel(tabel, kolom, jenis):
    """Per table row: the cells' (value, number format) and {column index: rowspan} of the group columns."""
    fungsi_rentang = {i: f for i, bc in enumerate(kolom) if (f := _rentang_baris(bc))}
    baris = []
    for row in tabel.rows:
        isi = [isi_sel(row.get_cell_value(bc.name), j) for bc, j in zip(kolom, jenis, strict=True)]
        baris.append((isi, {i: f(row.record) for i, f in fungsi_rentang.items()}))
    return baris


def _baris_jumlah(tabel, kolom, jenis):
    """The totals row of a table with a ``jumlah`` (as the page's tfoot): the numbers it has per column."""
    jumlah = getattr(tabel, "jumlah", None)
    if jumlah is None:
        return None
    isi = []
    for bc, j in zip(kolom, jenis, strict=True):
        v = getattr(jumlah, bc.name, None)
        isi.append(isi_sel(v, j) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else (None, None))
    return isi if any(v is not None for v, _ in isi) else None


def lebar_kolom(header, baris) -> list:
    """Column widths (in characters) from the header and rows of (value, format): as wide as most of the content.

    When the natural widths exceed ``LEBAR_TOTAL``, every column gives up what it
    can spare (text and headers wrap; numbers must fit, or Excel shows ####) in
    proportion, so a landscape page fitted to width stays readable.
    """
    alami, minimum = [], []
    for i, kepala in enumerate(header):
        panjang, angka, ada_teks = [], 0, False
        for b in baris:
            nilai, format_angka = b[i]
            if nilai is None:
                continue
            panjang.append(_panjang_tampil(nilai, format_angka))
            if isinstance(nilai, str):
                ada_teks = True
            else:
                angka = max(angka, panjang[-1])
        biasa = sorted(panjang)[len(panjang) * 9 // 10] if panjang else 0  # text wraps: a few long cells may
        kata = max((len(k) for k in kepala.split()), default=0)
        lebar = max(angka, biasa, kata, min(len(kepala), LEBAR_JUDUL_KOLOM)) + 2
        alami.append(min(max(lebar, LEBAR_MIN), LEBAR_MAKS))
        # what a column cannot give up: its numbers, the header's longest word, a readable text width
        minimum.append(min(alami[-1], max(LEBAR_MIN, kata + 2, angka + 2, LEBAR_TEKS_MIN if ada_teks else 0)))
    lebih = sum(alami) - LEBAR_TOTAL
    lentur = sum(a - m for a, m in zip(alami, minimum, strict=True))
    if lebih <= 0 or not lentur:
        return alami
    faktor = min(1, lebih / lentur)
    return [round(a - (a - m) * faktor, 1) for a, m in zip(alami, minimum, strict=True)]


def nama_lembar(nama: str, sudah: set) -> str:
    """A valid sheet name not in ``sudah`` (lower case): no []:*?/\\ characters, at most 31 characters."""
    bersih = "".join("-" if ch in "[]:*?/\\" else ch for ch in nama).strip("' ") or "Lembar"
    bersih = bersih[:31]
    hasil, n = bersih, 2
    while hasil.lower() in sudah:
        akhiran = f" ({n})"
        hasil, n = bersih[: 31 - len(akhiran)] + akhiran, n + 1
    return hasil


def _rentang_sel(kolom_awal, baris_awal, kolom_akhir, baris_akhir):
    return CellRange(min_col=kolom_awal, min_row=baris_awal, max_col=kolom_akhir, max_row=baris_akhir)


def tulis_lembar(wb, nama, tabel, keterangan=(), judul=None, jenis_kolom=None):
    """Write one table as a sheet of the write-only workbook ``wb`` and return the sheet.

    ``judul`` is the title row (default ``tabel.judul``), ``keterangan`` further
    lines above the header (OPD, period), ``jenis_kolom`` maps column names to
    RUPIAH / PERSEN / ANGKA / TEKS where the defaults do not fit. More rows can be
    appended to the returned sheet (e.g. closing rows of a form, with ``sel``)
    until the workbook is saved.
    """
    jenis_kolom = jenis_kolom or {}
    ws = wb.create_sheet(nama_lembar(nama, {n.lower() for n in wb.sheetnames}))

    kolom = [bc for bc in tabel.columns.iterall() if not bc.column.exclude_from_export]
    jenis = [_jenis(bc, jenis_kolom) for bc in kolom]
    header = [str(bc.header) for bc in kolom]
    baris = _baris_tabel(tabel, kolom, jenis)
    jumlah = _baris_jumlah(tabel, kolom, jenis)
    judul_baris = [judul or getattr(tabel, "judul", "") or nama, *keterangan]
    baris_header = len(judul_baris) + 1

    # Layout first: a write-only sheet writes it before its first row.
    for i, lebar in enumerate(lebar_kolom(header, [isi for isi, _ in baris] + ([jumlah] if jumlah else [])), 1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    ws.freeze_panes = f"A{baris_header + 1}"
    ws.print_title_rows = f"{baris_header}:{baris_header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4

    gaya = {}
    for i, teks in enumerate(judul_baris):
        huruf = HURUF_JUDUL if i == 0 else None
        ws.append([sel(ws, teks, TEKS, font=huruf, alignment=RATA_BIASA, bingkai=False, gaya=gaya)])
    ws.append(
        [
            sel(ws, k, TEKS, font=HURUF_TEBAL, fill=ISI_JUDUL_KOLOM, alignment=RATA_JUDUL_KOLOM, gaya=gaya)
            for k in header
        ]
    )

    gabungan = []  # merged ranges, handed to the sheet at the end (adding them one by one is quadratic)
    nomor = baris_header
    tertutup = {}  # column index -> last row covered by a merged range above
    for isi, rentang in baris:
        nomor += 1
        sel_baris = []
        for i, (nilai, format_angka) in enumerate(isi):
            if tertutup.get(i, 0) >= nomor:
                nilai = format_angka = None  # inside a merged range: only its first cell holds the value
            elif (rentang.get(i) or 1) > 1:
                tertutup[i] = nomor + rentang[i] - 1
                gabungan.append(_rentang_sel(i + 1, nomor, i + 1, tertutup[i]))
            sel_baris.append(_sel(ws, nilai, format_angka, gaya=gaya))
        ws.append(sel_baris)
    if not baris:
        nomor += 1
        kosong = [_sel(ws, None, None, gaya=gaya) for _ in kolom[1:]]  # bordered, under the merge
        ws.append([sel(ws, "Belum ada data.", TEKS, font=HURUF_MIRING, gaya=gaya), *kosong])
        if len(kolom) > 1:
            gabungan.append(_rentang_sel(1, nomor, len(kolom), nomor))
    if jumlah:
        nomor += 1
        pertama = next(i for i, (v, _) in enumerate(jumlah) if v is not None)
        isi = [_sel(ws, v, f, font=HURUF_TEBAL, fill=ISI_JUMLAH, gaya=gaya) for v, f in jumlah]
        isi[0] = sel(ws, "JUMLAH", TEKS, font=HURUF_TEBAL, fill=ISI_JUMLAH, alignment=RATA_TENGAH, gaya=gaya)
        ws.append(isi)
        if pertama > 1:
            gabungan.append(_rentang_sel(1, nomor, pertama, nomor))
    ws.merged_cells = MultiCellRange([*ws.merged_cells.ranges, *gabungan])
    return ws


def buat_workbook(lembar, keterangan=(), jenis_kolom=None) -> Workbook:
    """A write-only workbook with one sheet per (sheet name, Table) of ``lembar``, in order.

    Save it once, e.g. with ``ke_bytes``; sheets can be added with ``tulis_lembar`` before that.
    """
    wb = Workbook(write_only=True)
    for nama, tabel in lembar:
        tulis_lembar(wb, nama, tabel, keterangan, jenis_kolom=jenis_kolom)
    return wb


def ke_bytes(wb: Workbook) -> bytes:
    """The saved workbook as bytes (a write-only workbook can be saved only once)."""
    berkas = io.BytesIO()
    wb.save(berkas)
    return berkas.getvalue()
