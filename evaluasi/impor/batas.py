"""Budgets of every workbook read: nothing a user uploads may take a server process past a fixed memory
ceiling or past its time.

An XLSX is a zip of XML parts. openpyxl, even read-only, loads some parts whole (the shared strings,
styles, the workbook) and trusts what a sheet says of itself (``<dimension>``). So before openpyxl
sees the file, ``periksa_zip`` walks it once with C-speed tools only:

- the zip's directory: how many members (read from its end record before ``zipfile`` builds one
  object per member), their compression (stored or deflate only, no encryption), their declared
  uncompressed sizes and compression ratios;
- every member decompressed as a stream with a counter (never more than a chunk in memory), so a
  member that says 1 KB but inflates to 1 GB stops at the budget; each XML part is searched for a
  run of characters without a tag (whitespace or text in one cell) longer than any cell may be, for
  DTD/entity declarations (never in Excel's XML), and each worksheet's rows and cell columns are
  counted;
- ``xl/sharedStrings.xml``, which openpyxl keeps whole in a list, is counted as it streams: its
  strings (``<si>``) and an upper bound of their characters (the part's bytes less the markup of
  each string). Bytes, not an XML parser: a parser's callback per string took seconds on a bomb.

While the sheets are read (``baca.Lembar``), row numbers and the time are checked against the same
``Anggaran``; columns beyond our layout are never read (``max_col``) and ``<dimension>`` is ignored.

Each limit is a setting (``disnaker/settings.py``, EVALUASI_IMPOR_MAKS_*); a refusal is
``BatasTerlampaui``, whose message names the setting and its value.
"""

from __future__ import annotations

import re
import struct
import time
import zipfile

from django.conf import settings
from openpyxl.utils import column_index_from_string, get_column_letter

POTONGAN = 1 << 20  # bytes decompressed at a time
BYTE_PER_KARAKTER = 6  # the longest a character can be in XML text ("&quot;"), for the run check

SETELAN = (
    "EVALUASI_IMPOR_MAKS_BYTE_XML",
    "EVALUASI_IMPOR_MAKS_BYTE_BAGIAN",
    "EVALUASI_IMPOR_MAKS_ANGGOTA_ZIP",
    "EVALUASI_IMPOR_MAKS_RASIO_ZIP",
    "EVALUASI_IMPOR_MAKS_SHARED_STRINGS",
    "EVALUASI_IMPOR_MAKS_KARAKTER_SHARED_STRINGS",
    "EVALUASI_IMPOR_MAKS_BARIS",
    "EVALUASI_IMPOR_MAKS_KOLOM",
    "EVALUASI_IMPOR_MAKS_PANJANG_SEL",
    "EVALUASI_IMPOR_MAKS_DETIK",
)


class BatasTerlampaui(Exception):
    """The workbook goes past one of the reading budgets; nothing is kept. ``setelan`` names the limit."""

    def __init__(self, setelan: str, uraian: str):
        self.setelan = setelan
        super().__init__(f"Berkas ditolak: {uraian} (batas {setelan}).")


def angka(n) -> str:
    """A whole number the Indonesian way: 50.000."""
    return f"{int(n):,}".replace(",", ".")


def mb(n) -> str:
    return f"{n / 2**20:,.0f} MB".replace(",", ".")


class Anggaran:
    """The budgets of one read (a snapshot of the settings) and its deadline."""

    def __init__(self):
        for nama in SETELAN:
            setattr(self, nama.removeprefix("EVALUASI_IMPOR_").lower(), int(getattr(settings, nama)))
        self.mulai = time.monotonic()
        self.tenggat = self.mulai + self.maks_detik

    def cek_waktu(self):
        """Refuse once the read has taken longer than EVALUASI_IMPOR_MAKS_DETIK."""
        if time.monotonic() > self.tenggat:
            raise BatasTerlampaui(
                "EVALUASI_IMPOR_MAKS_DETIK", f"pembacaan berkas melebihi {angka(self.maks_detik)} detik"
            )

    def cek_baris(self, nomor: int):
        """Refuse a sheet row past the header plus EVALUASI_IMPOR_MAKS_BARIS data rows."""
        if nomor > self.maks_baris + 1:
            raise BatasTerlampaui(
                "EVALUASI_IMPOR_MAKS_BARIS", f"lebih dari {angka(self.maks_baris)} baris data dalam satu lembar"
            )

    def tolak_panjang(self):
        return BatasTerlampaui(
            "EVALUASI_IMPOR_MAKS_PANJANG_SEL",
            f"ada sel atau teks lebih dari {angka(self.maks_panjang_sel)} karakter",
        )


# ---------------------------------------------------------------- the zip's directory

_EOCD = b"PK\x05\x06"


def cek_direktori(isi: bytes, a: Anggaran):
    """Count the members from the zip's end record before ``zipfile`` makes an object of each.

    ``zipfile`` walks the central directory by its byte size, not by the count, so both are checked.
    A file without an end record is left to ``zipfile`` (it is not a zip: ``BukanXlsx``).
    """
    if isi[-22:-18] == _EOCD:
        awal = len(isi) - 22
    else:
        awal = isi.rfind(_EOCD, max(0, len(isi) - 65557))
        if awal < 0:
            return
    rekaman = isi[awal : awal + 22]
    if len(rekaman) < 22:
        return
    _, _, _, _, jumlah, ukuran_direktori, _, _ = struct.unpack("<4s4H2LH", rekaman)
    if jumlah > a.maks_anggota_zip or ukuran_direktori > a.maks_anggota_zip * 1024:
        raise BatasTerlampaui(
            "EVALUASI_IMPOR_MAKS_ANGGOTA_ZIP", f"arsip berisi lebih dari {angka(a.maks_anggota_zip)} bagian"
        )


def _jenis_bagian(nama: str) -> str:
    """How a member is budgeted: 'lembar' (streamed sheet), 'string' (shared strings), 'xml' (loaded
    whole by openpyxl or not read at all, small either way), 'lain' (binary: images, printer settings)."""
    kecil = nama.lower()
    if kecil.startswith(("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")) and kecil.endswith(".xml"):
        return "lembar"
    if kecil == "xl/sharedstrings.xml":
        return "string"
    if kecil.endswith((".xml", ".rels", ".vml")):
        return "xml"
    return "lain"


def _cek_anggota(infos, a: Anggaran):
    """Declared sizes, methods, ratios, before anything is decompressed."""
    if len(infos) > a.maks_anggota_zip:
        raise BatasTerlampaui(
            "EVALUASI_IMPOR_MAKS_ANGGOTA_ZIP", f"arsip berisi lebih dari {angka(a.maks_anggota_zip)} bagian"
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BatasTerlampaui(
                "EVALUASI_IMPOR_MAKS_RASIO_ZIP",
                f"bagian '{info.filename[:80]}' dikompresi dengan cara yang tidak dipakai Excel (terenkripsi atau "
                "bukan deflate)",
            )
        total += info.file_size
        _cek_ukuran(info, info.file_size, total, a)


def _cek_ukuran(info, ukuran: int, total: int, a: Anggaran):
    """One member's (declared or counted) uncompressed size against the budgets."""
    if total > a.maks_byte_xml:
        raise BatasTerlampaui(
            "EVALUASI_IMPOR_MAKS_BYTE_XML", f"isi berkas setelah dibuka lebih dari {mb(a.maks_byte_xml)}"
        )
    if _jenis_bagian(info.filename) == "xml" and ukuran > a.maks_byte_bagian:
        raise BatasTerlampaui(
            "EVALUASI_IMPOR_MAKS_BYTE_BAGIAN",
            f"bagian '{info.filename[:80]}' setelah dibuka lebih dari {mb(a.maks_byte_bagian)}",
        )
    # Deflate packs XML 5–50×; only a run of the same bytes (a bomb) packs near its limit of ~1.000×.
    if ukuran > POTONGAN and ukuran > a.maks_rasio_zip * max(info.compress_size, 1):
        raise BatasTerlampaui(
            "EVALUASI_IMPOR_MAKS_RASIO_ZIP",
            f"bagian '{info.filename[:80]}' mengembang lebih dari {angka(a.maks_rasio_zip)} kali saat dibuka",
        )


# ---------------------------------------------------------------- the XML of each member

_DTD = (b"<!DOCTYPE", b"<!ENTITY")
MARKAH_STRING = len(b"<si><t></t></si>")  # the least markup of one shared string


class _PemindaiXml:
    """Checks a member's XML chunk by chunk at C speed (bytes.count, re), keeping only a short tail.

    The text after the last ``<`` of a chunk is carried to the next one, so every tag is seen whole
    and a run without ``<`` is measured across chunks.
    """

    def __init__(self, info, jenis, a: Anggaran):
        self.info, self.jenis, self.a = info, jenis, a
        self.maks_run = a.maks_panjang_sel * BYTE_PER_KARAKTER
        self.run = re.compile(rb"<[^<]{%d}" % self.maks_run)
        huruf = len(get_column_letter(a.maks_kolom))
        # Cell references (r="AB12": only cells have an r attribute starting with a letter) whose column
        # has at least as many letters as the last allowed one; checked exactly after.
        self.kolom = re.compile(rb' r="([A-Z]{%d,3})[0-9]' % huruf)
        self.sisa = b""
        self.pertama = True
        self.baris = self.string = self.byte = 0

    def makan(self, potongan: bytes, akhir=False):
        data = self.sisa + potongan
        if self.pertama and data:
            lt = data.find(b"<")
            if (lt < 0 and len(data) > self.maks_run) or lt > self.maks_run:
                raise self.a.tolak_panjang()
            if lt >= 0:
                self.pertama = False
        potong = len(data) if akhir else data.rfind(b"<")
        if potong <= 0:
            potong = 0
        bagian, self.sisa = data[:potong], data[potong:]
        if len(self.sisa) > self.maks_run:
            raise self.a.tolak_panjang()
        if not bagian:
            return
        if self.run.search(bagian):
            raise self.a.tolak_panjang()
        for d in _DTD:
            if d in bagian:
                raise BatasTerlampaui(
                    "EVALUASI_IMPOR_MAKS_BYTE_BAGIAN",
                    f"bagian '{self.info.filename[:80]}' berisi deklarasi DTD/entitas XML (tidak pernah dibuat Excel)",
                )
        if self.jenis == "string":
            self._hitung_string(bagian)
        elif self.jenis == "lembar":
            # Rows with a namespace prefix (<x:row>) are not counted here; openpyxl's stream is (baca.Lembar).
            self.baris += bagian.count(b"<row") - bagian.count(b"<rowBreaks")
            # The header row plus the data rows; a sheet of ours has a few more only when a user added some.
            if self.baris > self.a.maks_baris + 1:
                raise BatasTerlampaui(
                    "EVALUASI_IMPOR_MAKS_BARIS",
                    f"lebih dari {angka(self.a.maks_baris)} baris data dalam satu lembar",
                )
            lebar = self.kolom.findall(bagian)
            if lebar:
                for h in set(lebar):
                    if column_index_from_string(h.decode()) > self.a.maks_kolom:
                        raise BatasTerlampaui(
                            "EVALUASI_IMPOR_MAKS_KOLOM",
                            f"ada sel di luar kolom {angka(self.a.maks_kolom)} "
                            f"({get_column_letter(self.a.maks_kolom)}), mis. kolom {h.decode()}",
                        )

    def _hitung_string(self, bagian: bytes):
        a = self.a
        self.string += bagian.count(b"<si>") + bagian.count(b":si>")
        self.byte += len(bagian)
        if self.string > a.maks_shared_strings:
            raise BatasTerlampaui(
                "EVALUASI_IMPOR_MAKS_SHARED_STRINGS",
                f"lebih dari {angka(a.maks_shared_strings)} teks berbeda (shared strings)",
            )
        if self.byte - MARKAH_STRING * self.string > a.maks_karakter_shared_strings:
            raise BatasTerlampaui(
                "EVALUASI_IMPOR_MAKS_KARAKTER_SHARED_STRINGS",
                f"teks berbeda (shared strings) berjumlah lebih dari {angka(a.maks_karakter_shared_strings)} karakter",
            )


def periksa_zip(isi: bytes, a: Anggaran):
    """Check the whole workbook against the budgets before openpyxl opens it; ``BatasTerlampaui`` if not.

    A file that is not a zip at all raises ``zipfile.BadZipFile``; a damaged member raises what
    ``zipfile``/``zlib`` raise (the caller reports the file as damaged).
    """
    import io

    cek_direktori(isi, a)
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        infos = z.infolist()
        _cek_anggota(infos, a)
        total = 0
        for info in infos:
            jenis = _jenis_bagian(info.filename)
            pemindai = _PemindaiXml(info, jenis, a) if jenis != "lain" else None
            ukuran = 0
            with z.open(info) as f:
                while True:
                    a.cek_waktu()
                    potongan = f.read(POTONGAN)
                    ukuran += len(potongan)
                    _cek_ukuran(info, ukuran, total + ukuran, a)
                    if pemindai is not None:
                        pemindai.makan(potongan, akhir=not potongan)
                    if not potongan:
                        break
            total += ukuran


# ---------------------------------------------------------------- cell length

# Text columns stored in a CharField: no longer than the field (other text: EVALUASI_IMPOR_MAKS_PANJANG_SEL,
# the form's limit for the notes).
_MEDAN = {
    ("Unsur", "nomor"): ("Unsur", "nomor"),
    ("Unsur", "induk_nomor"): ("Unsur", "nomor"),
    ("Unsur", "kode"): ("Unsur", "kode"),
    ("Indikator", "nomor"): ("Unsur", "nomor"),
    ("Indikator", "kunci_indikator"): ("Indikator", "kunci"),
    ("Indikator", "satuan"): ("Indikator", "satuan"),
    ("Target", "nomor"): ("Unsur", "nomor"),
    ("Target", "satuan"): ("KomponenTarget", "satuan"),
    ("Target", "teks"): ("Target", "teks"),
    ("Realisasi", "nomor"): ("Unsur", "nomor"),
    ("Anggaran", "nomor"): ("Unsur", "nomor"),
    ("Anggaran", "kode"): ("Unsur", "kode"),
}


def panjang_kolom(lembar: str, kolom: str, a: Anggaran) -> tuple[int, str]:
    """(most characters, what sets it) of a text cell of a sheet's column."""
    medan = _MEDAN.get((lembar, kolom))
    if medan is not None:
        from django.apps import apps

        f = apps.get_model("evaluasi", medan[0])._meta.get_field(medan[1])
        if f.max_length and f.max_length < a.maks_panjang_sel:
            return f.max_length, f"panjang kolom {f.verbose_name} di sistem"
    return a.maks_panjang_sel, "batas EVALUASI_IMPOR_MAKS_PANJANG_SEL"
