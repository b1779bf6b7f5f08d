"""Read a filled template: check it is an XLSX laid out like ours, convert every cell, collect ALL errors.

The workbook is opened with openpyxl ``read_only=True`` and its rows are streamed
(``iter_rows(values_only=True)``); cached formula results are read (``data_only``), so a sum typed
in Excel counts as its value. Numbers may be real numbers or Indonesian text ("1.234.567,89",
"Rp 1.234.567"), read by ``capaian.parse_angka``. Nothing here touches the database.

Every read has budgets (``batas.py``): the file is checked before openpyxl opens it, and while its
rows stream (row numbers, time, the length of each text cell); past one, ``BatasTerlampaui``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook

from evaluasi import capaian
from evaluasi.batas_angka import DESIMAL_MAKS, DIGIT_BULAT_MAKS, DIGIT_RUPIAH_MAKS

from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from . import rincian as lembar_rincian
from .batas import Anggaran, BatasTerlampaui, cek_direktori, panjang_kolom, periksa_zip

WAKTU_SETIAP = 256  # rows between two looks at the clock


@dataclass
class Galat:
    """One error, naming where it is (sheet, row, column) and what to do about it."""

    pesan: str
    lembar: str | None = None
    baris: int | None = None
    kolom: str | None = None  # letter
    judul: str | None = None  # header of the column

    def letak(self) -> str:
        bagian = []
        if self.lembar:
            bagian.append(f"Lembar '{self.lembar}'")
        if self.baris:
            bagian.append(f"baris {self.baris}")
        if self.kolom:
            bagian.append(f"kolom {self.kolom}" + (f" ({self.judul})" if self.judul else ""))
        return ", ".join(bagian)

    def __str__(self):
        letak = self.letak()
        return f"{letak}: {self.pesan}" if letak else self.pesan

    def ke_dict(self):
        return {**asdict(self), "teks": str(self)}


@dataclass(slots=True)
class Baris:
    """One data row of a sheet: its row number and its values by column name (already converted)."""

    lembar: str
    nomor: int
    nilai: dict
    triwulan: int | None = None  # names the realisasi columns in messages
    salah: set = field(default_factory=set)  # columns whose cell could not be read (already an error)

    def galat(self, pesan, kolom_nama=None, kolom=None):
        """An error on this row (and a column of it, by name)."""
        if kolom_nama is None:
            return Galat(pesan, self.lembar, self.nomor)
        for i, k in enumerate(kolom or []):
            if k.nama == kolom_nama:
                return Galat(pesan, self.lembar, self.nomor, K.huruf(i), K.judul_kolom([k], self.triwulan)[0])
        return Galat(pesan, self.lembar, self.nomor)


@dataclass
class Buku:
    """What was read: the kind, the meta values, the sheets (streamed rows) and the errors of the reading.

    ``lembar`` maps a sheet name to a ``Lembar``: its rows are NOT held in memory but streamed from the
    read-only workbook when the sheet is iterated, so memory does not grow with the file. The
    errors of a cell (text in a number cell…) are appended to ``tampung`` (``galat`` until the caller
    points it at its own list) the first time the sheet is iterated; ``kuras()`` reads every sheet not
    yet read, so an early refusal still lists every bad cell.
    """

    jenis: str | None = None
    meta: dict = field(default_factory=dict)
    lembar: dict = field(default_factory=dict)  # name -> Lembar (or () when its header is wrong)
    galat: list = field(default_factory=list)
    tampung: list | None = None
    anggaran: Anggaran | None = None

    @property
    def triwulan(self):
        tw = self.meta.get("triwulan")
        return tw if tw in (1, 2, 3, 4) else None

    def kuras(self):
        """Read every sheet not read yet, only for the errors of its cells."""
        for lembar in self.lembar.values():
            if isinstance(lembar, Lembar) and not lembar.dibaca:
                for _ in lembar:
                    pass


class Lembar:
    """One sheet of the workbook whose header was checked; iterating it streams its data rows as ``Baris``.

    Each row is converted (text, numbers) as it is parsed and handed on; nothing is kept, so a sheet
    is meant to be read once (the import keeps what it needs of a row in its scratch store). The
    errors of its cells are reported the first time it is read.
    """

    def __init__(self, ws, nama, kolom, judul_harap, buku: Buku):
        self.ws, self.nama, self.kolom, self.judul_harap, self.buku = ws, nama, kolom, judul_harap, buku
        self.dibaca = False

    def __iter__(self):
        lapor = not self.dibaca
        self.dibaca = True
        tampung = self.buku.tampung if self.buku.tampung is not None else self.buku.galat
        kolom, nama, judul_harap, tw = self.kolom, self.nama, self.judul_harap, self.buku.triwulan
        a = self.buku.anggaran or Anggaran()
        panjang = [panjang_kolom(nama, k.nama, a) for k in kolom]
        n = len(kolom)
        # Only our columns are read, and the sheet's own <dimension> is not trusted (it may claim XFD1048576).
        self.ws.reset_dimensions()
        rows = _baris_utuh(self.ws.iter_rows(min_row=2, max_col=n, values_only=True))
        for nomor, row in enumerate(rows, start=2):
            a.cek_baris(nomor)  # rows missing in the XML are filled in by openpyxl: counted here too
            if nomor % WAKTU_SETIAP == 0:
                a.cek_waktu()
            row = tuple(row[:n]) + (None,) * (n - len(row))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            nilai, salah = {}, set()
            for i, (k, v) in enumerate(zip(kolom, row, strict=True)):
                if k.jenis == K.TEKS:
                    teks = _teks(v)
                    maks, asal = panjang[i]
                    if len(teks) > maks:
                        if lapor:
                            tampung.append(
                                Galat(
                                    f"teks terlalu panjang ({capaian.format_angka(len(teks), 0)} karakter); paling "
                                    f"banyak {capaian.format_angka(maks, 0)} karakter ({asal}). Persingkat isinya.",
                                    nama,
                                    nomor,
                                    K.huruf(i),
                                    judul_harap[i],
                                )
                            )
                        salah.add(k.nama)
                        teks = teks[:maks]
                    nilai[k.nama] = teks
                else:
                    x, pesan = _angka(v, k.jenis)
                    if pesan:
                        if lapor:
                            tampung.append(Galat(pesan, nama, nomor, K.huruf(i), judul_harap[i]))
                        salah.add(k.nama)
                    nilai[k.nama] = x
            yield Baris(nama, nomor, nilai, tw, salah)


class BerkasRusak(Exception):
    """A sheet's XML turned out damaged while its rows were streamed (after the header was read)."""


PESAN_RUSAK = "Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang, unggah lagi."


def _baris_utuh(rows):
    """The rows of a sheet; a damaged part of the file becomes ``BerkasRusak`` (the user's file, not our bug)."""
    try:
        yield from rows
    # Anything openpyxl raises while parsing rows is a damaged file: a bad zip, bad XML (a SyntaxError),
    # and attribute values it cannot convert (row r="x", t="s" past the strings, t="d" not a date):
    # ValueError, IndexError, … Our own code does not run inside this generator.
    except Exception as exc:  # noqa: BLE001
        raise BerkasRusak(PESAN_RUSAK) from exc


class BukanXlsx(Exception):
    """The upload is not an XLSX workbook at all (checked before anything is stored)."""


PESAN_BUKAN_XLSX = (
    "Berkas ini bukan buku kerja Excel (.xlsx). Simpan sebagai 'Excel Workbook (.xlsx)' lalu unggah lagi; "
    "berkas .xls lama, .csv dan .ods tidak dapat dibaca."
)


def cek_xlsx(isi: bytes):
    """Raise BukanXlsx unless the bytes are a zip holding xl/workbook.xml (what every .xlsx is).

    The zip's member count is checked first (``BatasTerlampaui``): listing the members makes one object each.
    """
    cek_direktori(isi, Anggaran())
    try:
        with zipfile.ZipFile(io.BytesIO(isi)) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise BukanXlsx(PESAN_BUKAN_XLSX)
    except zipfile.BadZipFile as exc:
        raise BukanXlsx(PESAN_BUKAN_XLSX) from exc


def _teks(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime | date):
        return v.isoformat()
    return str(v).strip()


def _angka(v, jenis):
    """(value, error message or None) of a number cell."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, None
    if isinstance(v, bool):
        return None, "berisi nilai benar/salah, bukan angka. Ketik angka, atau kosongkan sel bila belum ada."
    if isinstance(v, datetime | date):
        return None, "berisi tanggal, bukan angka. Ubah format sel menjadi Angka lalu ketik nilainya."
    if isinstance(v, int):
        x = Decimal(v)
    elif isinstance(v, float):
        x = Decimal(repr(v))
    else:
        try:
            x = capaian.parse_angka(str(v))
        except capaian.AngkaTidakSah:
            return None, (
                f"'{str(v)[:40]}' bukan angka. Ketik angka (mis. 1.234,5 atau Rp 1.234.567), "
                "atau kosongkan sel bila belum ada."
            )
        if x is None:
            return None, None
    try:
        if not x.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        return None, "bukan angka yang sah."
    if x < 0:
        return None, f"tidak boleh negatif ({capaian.format_angka(x, 4, buang_nol=True)}). Ketik 0 atau lebih."
    digit = DIGIT_RUPIAH_MAKS if jenis == K.RUPIAH else DIGIT_BULAT_MAKS
    if abs(x) >= Decimal(10) ** digit:
        return None, f"angka terlalu besar: paling banyak {digit} digit sebelum koma."
    if jenis in (K.RUPIAH, K.BULAT):
        if x != x.to_integral_value():
            what = "rupiah bulat tanpa sen" if jenis == K.RUPIAH else "bilangan bulat"
            return None, f"harus {what} ({capaian.format_angka(x, 4, buang_nol=True)})."
        return int(x), None
    if x != x.quantize(Decimal(1).scaleb(-DESIMAL_MAKS)):
        return None, f"paling banyak {DESIMAL_MAKS} angka di belakang koma; angka tidak dibulatkan diam-diam."
    return x, None


def _sama_judul(tertulis, diharapkan) -> bool:
    a = _teks(tertulis).lower()
    b = diharapkan.lower()
    if a == b:
        return True
    # The realisasi columns name their triwulan; any "Realisasi …" header is accepted there.
    return b.startswith("realisasi") and "tw" in b and a.startswith("realisasi")


def _baca_lembar(ws, nama, kolom, buku: Buku):
    """Check the header row of a sheet; the ``Lembar`` streaming its rows, or None when the header is wrong."""
    ws.reset_dimensions()
    judul = next(ws.iter_rows(min_row=1, max_row=1, max_col=len(kolom), values_only=True), None) or ()
    judul_harap = K.judul_kolom(kolom, buku.triwulan)
    salah = False
    for i, harap in enumerate(judul_harap):
        tertulis = judul[i] if i < len(judul) else None
        if not _sama_judul(tertulis, harap):
            buku.galat.append(
                Galat(
                    f"judul kolom seharusnya '{harap}', tertulis '{_teks(tertulis)}'. Kolom tidak boleh "
                    "ditambah, dihapus atau dipindah: unduh templat terbaru dan salin isian Anda ke sana.",
                    nama,
                    1,
                    K.huruf(i),
                )
            )
            salah = True
    return None if salah else Lembar(ws, nama, kolom, judul_harap, buku)


def baca_buku(isi: bytes, jenis: str | None = None, triwulan: int | None = None) -> Buku:
    """Read the workbook bytes; ``buku.galat`` lists every problem of the file itself.

    ``jenis`` ("rencana"/"realisasi") and ``triwulan`` may be given when the workbook has no meta sheet.
    A file past a reading budget raises ``BatasTerlampaui`` (here, or later while its rows stream).
    """
    buku = Buku(anggaran=Anggaran())
    try:
        cek_xlsx(isi)
        periksa_zip(isi, buku.anggaran)
        wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except BatasTerlampaui:
        raise
    except BukanXlsx as exc:
        buku.galat.append(Galat(str(exc)))
        return buku
    except Exception:  # noqa: BLE001 - any parse failure of a damaged file is the user's file, not our bug
        buku.galat.append(Galat("Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang, unggah lagi."))
        return buku
    # The workbook stays open (read-only, rows streamed on demand) for as long as ``buku`` is used.
    try:
        nama_lembar = wb.sheetnames
        if K.LEMBAR_META in nama_lembar:
            meta = wb[K.LEMBAR_META]
            meta.reset_dimensions()
            for nomor, row in enumerate(meta.iter_rows(max_col=2, values_only=True), start=1):
                buku.anggaran.cek_baris(nomor)
                if row and row[0]:
                    buku.meta[str(row[0]).strip()] = row[1] if len(row) > 1 else None
        if buku.meta.get("tahun") is not None:
            try:
                buku.meta["tahun"] = int(buku.meta["tahun"])
            except (TypeError, ValueError):
                buku.meta["tahun"] = None
        if buku.meta.get("triwulan") is not None:
            try:
                buku.meta["triwulan"] = int(buku.meta["triwulan"])
            except (TypeError, ValueError):
                buku.meta["triwulan"] = None
        if triwulan and not buku.meta.get("triwulan"):
            buku.meta["triwulan"] = triwulan
        buku.jenis = buku.meta.get("jenis") or jenis
        if buku.jenis not in ("rencana", "realisasi"):
            if K.LEMBAR_REALISASI in nama_lembar or K.LEMBAR_ANGGARAN in nama_lembar:
                buku.jenis = "realisasi"
            elif K.LEMBAR_UNSUR in nama_lembar:
                buku.jenis = "rencana"
            else:
                buku.galat.append(
                    Galat(
                        "Berkas tidak berisi lembar templat (Unsur, Indikator, Target — atau Realisasi, Anggaran). "
                        "Unduh templat dari sistem, isi, lalu unggah lagi."
                    )
                )
                return buku
        if buku.jenis == "realisasi" and not buku.triwulan:
            buku.galat.append(Galat("Triwulan berkas tidak diketahui: pilih triwulannya saat mengunggah."))
            return buku
        lembar = K.LEMBAR_RENCANA if buku.jenis == "rencana" else K.LEMBAR_TRIWULAN
        for nama, kolom in lembar.items():
            if nama not in nama_lembar:
                buku.galat.append(Galat(f"Lembar '{nama}' tidak ada. Jangan mengganti nama lembar templat.", nama))
                continue
            buku.lembar[nama] = _baca_lembar(wb[nama], nama, kolom, buku) or ()  # () when its header is wrong
        for nama, kolom in lembar_rincian.lembar_opsional(buku.jenis).items():  # absent in older workbooks
            if nama in nama_lembar:
                buku.lembar[nama] = _baca_lembar(wb[nama], nama, kolom, buku) or ()
        if buku.jenis == "rencana" and K.LEMBAR_TERCETAK in nama_lembar:  # optional (impor/tercetak.py)
            buku.lembar[K.LEMBAR_TERCETAK] = _baca_lembar(
                wb[K.LEMBAR_TERCETAK], K.LEMBAR_TERCETAK, K.KOLOM_TERCETAK, buku
            )
    except BatasTerlampaui:
        wb.close()
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet is the user's file, not our bug
        wb.close()
        buku.galat.append(Galat("Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang, unggah lagi."))
    return buku
