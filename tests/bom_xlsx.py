"""Hostile workbooks for the attack suite (tests/test_serangan_xlsx.py) and bench/serangan.py (no tests here).

Each generator writes the zip members directly with ``zipfile`` (never openpyxl), streaming the big
XML so that a million rows or a gigabyte of whitespace is made in a second or two and never held in
memory. The workbooks are realisasi workbooks of ``disnaker`` 2022 triwulan 2 laid out like our
template (Meta, Realisasi, Anggaran with the right headers), so each attack reaches the part of the
reader it aims at. Every generator returns the file's bytes.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from xml.sax.saxutils import escape

from evaluasi.impor import kolom as K  # noqa: N812

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
LEMBAR = ("Meta", "Realisasi", "Anggaran")
MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(LEMBAR) + 1)
    )
    + '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets>'
    + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(LEMBAR, start=1))
    + "</sheets></workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(LEMBAR) + 1)
    )
    + f'<Relationship Id="rId{len(LEMBAR) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SST_KOSONG = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="0" uniqueCount="0"></sst>'


def sel(kolom: int, baris: int, nilai) -> str:
    """One cell: a number, or an inline string."""
    ref = f"{K.huruf(kolom)}{baris}"
    if isinstance(nilai, int | float):
        return f'<c r="{ref}"><v>{nilai}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(nilai))}</t></is></c>'


def baris(nomor: int, nilai) -> str:
    isi = "".join(sel(i, nomor, v) for i, v in enumerate(nilai) if v is not None)
    return f'<row r="{nomor}">{isi}</row>'


def lembar(isi_baris: str, dimensi: str | None = None) -> str:
    dim = f'<dimension ref="{dimensi}"/>' if dimensi else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{isi_baris}</sheetData></worksheet>'


def judul(kolom, triwulan=2) -> str:
    return baris(1, K.judul_kolom(kolom, triwulan))


def meta(opd="disnaker", tahun=2022, triwulan=2) -> str:
    nilai = [("jenis", "realisasi"), ("opd", opd), ("tahun", tahun), ("triwulan", triwulan)]
    return lembar("".join(baris(i, v) for i, v in enumerate(nilai, start=1)))


def baris_realisasi(nomor: int, faktor_pendorong="") -> list:
    """A data row of the Realisasi sheet naming no existing row (the attacks never get that far)."""
    return ["", "sub_kegiatan", str(9000 + nomor % 1000), "x", 1, "x", 1, 1, "", 1, faktor_pendorong, "", "", ""]


def buku(
    realisasi: str | None = None, anggaran: str | None = None, sst: str = SST_KOSONG, tambahan=(), tingkat=1
) -> bytes:
    """A realisasi workbook; ``realisasi``/``anggaran`` replace the sheets' XML, ``tambahan`` (name, bytes|iter).

    ``tingkat`` is zlib's level: 1 (fast) packs a run of spaces ~100×, 9 (slow) ~1.000×.
    """
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED, compresslevel=tingkat) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", meta())
        _tulis(z, "xl/worksheets/sheet2.xml", realisasi or lembar(judul(K.KOLOM_REALISASI)))
        _tulis(z, "xl/worksheets/sheet3.xml", anggaran or lembar(judul(K.KOLOM_ANGGARAN)))
        _tulis(z, "xl/sharedStrings.xml", sst)
        for nama, isi in tambahan:
            _tulis(z, nama, isi)
    return keluaran.getvalue()


def _tulis(z, nama, isi):
    """A member from a str/bytes or from an iterator of bytes chunks (streamed: big members never in memory)."""
    if isinstance(isi, str | bytes):
        z.writestr(nama, isi)
        return
    with z.open(nama, "w", force_zip64=True) as f:
        for potongan in isi:
            f.write(potongan)


# ---------------------------------------------------------------- the bombs


def _ulang(awal: str, unit: bytes, jumlah: int, akhir: str, per=1 << 16):
    """``awal``, then ``unit`` × ``jumlah`` in chunks, then ``akhir`` (bytes chunks)."""
    yield awal.encode()
    blok = unit * per
    sisa = jumlah
    while sisa >= per:
        yield blok
        sisa -= per
    yield unit * sisa
    yield akhir.encode()


def shared_strings(jumlah: int) -> bytes:
    """``jumlah`` distinct tiny shared strings (20 million took a server process to 3 GB)."""

    def potongan():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{jumlah}" uniqueCount="{jumlah}">'.encode()
        per = 50_000
        for awal in range(0, jumlah, per):
            yield "".join(f"<si><t>{i:x}</t></si>" for i in range(awal, min(jumlah, awal + per))).encode()
        yield b"</sst>"

    return buku(sst=potongan())


def spasi(byte: int, tingkat=1) -> bytes:
    """``byte`` bytes of whitespace inside <sheetData> of the Realisasi sheet (1 GiB in a 1 MB file)."""
    awal = lembar(judul(K.KOLOM_REALISASI)).split("</sheetData>")[0]
    return buku(realisasi=_ulang(awal, b" ", byte, "</sheetData></worksheet>"), tingkat=tingkat)


def baris_banyak(jumlah: int, dimensi: str | None = None) -> bytes:
    """``jumlah`` data rows in the Realisasi sheet (a million took 98 s), optionally a lying <dimension>."""

    def potongan():
        yield lembar(judul(K.KOLOM_REALISASI), dimensi).split("</sheetData>")[0].encode()
        # One row's XML with its number as a placeholder: a million rows in a second or two.
        pola = baris(999_999_999, baris_realisasi(0)).replace("%", "%%").replace("999999999", "%(n)d")
        per = 10_000
        for awal in range(2, jumlah + 2, per):
            yield "".join([pola % {"n": n} for n in range(awal, min(jumlah + 2, awal + per))]).encode()
        yield b"</sheetData></worksheet>"

    return buku(realisasi=potongan())


def baris_loncat(nomor=1_048_576) -> bytes:
    """One data row at row ``nomor``: openpyxl fills every missing row in between."""
    return buku(realisasi=lembar(judul(K.KOLOM_REALISASI) + baris(nomor, baris_realisasi(nomor))))


def dimensi_saja(data=3) -> bytes:
    """A normal small sheet claiming ``A1:XFD1048576``: must read as fast as without the claim."""
    isi = judul(K.KOLOM_REALISASI) + "".join(baris(n, baris_realisasi(n)) for n in range(2, data + 2))
    return buku(realisasi=lembar(isi, "A1:XFD1048576"))


KATA = "kinerja realisasi target anggaran program kegiatan pelatihan tenaga kerja dinas bidang capaian".split()


def teks_acak(karakter: int, seed=1) -> str:
    """Words in random order: text that packs like prose (~4×), not like a run of one letter."""
    rnd = random.Random(seed)
    kata = rnd.choices(KATA, k=karakter // 7 + 1)
    return " ".join(kata)[: karakter - 1] + "x"  # exactly ``karakter``, nothing to strip at the ends


def sel_raksasa(karakter: int, shared=False) -> bytes:
    """A 'faktor pendorong' of ``karakter`` characters (20 MB was stored, then the E.81 PDF took 119 s)."""
    teks = teks_acak(karakter)
    if shared:
        sst = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1"><si><t>{teks}</t></si></sst>'
        isi = judul(K.KOLOM_REALISASI) + baris(2, baris_realisasi(2)).replace(
            "</row>", '<c r="K2" t="s"><v>0</v></c></row>'
        )
        return buku(realisasi=lembar(isi), sst=sst)
    return buku(realisasi=lembar(judul(K.KOLOM_REALISASI) + baris(2, baris_realisasi(2, teks))))


def kolom_jauh(kolom="XFD") -> bytes:
    """A data cell far right of our layout."""
    isi = judul(K.KOLOM_REALISASI) + baris(2, baris_realisasi(2)).replace(
        "</row>", f'<c r="{kolom}2" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return buku(realisasi=lembar(isi))


# ---------------------------------------------------------------- junk and odd zips


def acak(byte=4096, seed=1) -> bytes:
    return random.Random(seed).randbytes(byte)


def zip_tanpa_workbook() -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w") as z:
        z.writestr("isi.txt", "bukan buku kerja")
    return keluaran.getvalue()


def anggota_banyak(jumlah: int) -> bytes:
    """A workbook padded with ``jumlah`` empty members (each makes an object when the zip is listed)."""
    return buku(tambahan=[(f"xl/media/k{i}.bin", b"") for i in range(jumlah)])


def metode_aneh() -> bytes:
    """A member packed with LZMA (valid zip, never in an XLSX)."""
    keluaran = io.BytesIO(buku())
    with zipfile.ZipFile(keluaran, "a") as z:
        z.writestr(zipfile.ZipInfo("xl/media/aneh.xml"), b"<a/>" * 1000, compress_type=zipfile.ZIP_LZMA)
    return keluaran.getvalue()


def gaya_besar(byte: int) -> bytes:
    """xl/styles.xml (read whole by openpyxl) of ``byte`` bytes."""
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    awal = f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><cellXfs count="1">'
    return buku(tambahan=[("xl/styles.xml", _ulang(awal, xf, byte // len(xf) + 1, "</cellXfs></styleSheet>"))])


def entitas() -> bytes:
    """A billion-laughs DTD in the shared strings (never written by Excel)."""
    lol = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    sst = f'<?xml version="1.0" encoding="UTF-8"?>{lol}]><sst {NS}><si><t>&i;</t></si></sst>'
    return buku(sst=sst)


def ukuran_bohong(isi: bytes, nama="xl/worksheets/sheet2.xml", ukuran=100) -> bytes:
    """The declared uncompressed size of a member rewritten (local header and central directory) to ``ukuran``."""
    data = bytearray(isi)
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        info = z.getinfo(nama)
    if info.file_size >= 0xFFFFFFFF or info.extra:
        raise ValueError("zip64 member: make it small")
    lokal = info.header_offset
    struct.pack_into("<L", data, lokal + 22, ukuran)
    awal = 0
    while True:
        pusat = bytes(data).find(b"PK\x01\x02", awal)
        if pusat < 0:
            break
        panjang_nama = struct.unpack_from("<H", data, pusat + 28)[0]
        if bytes(data[pusat + 46 : pusat + 46 + panjang_nama]).decode() == nama:
            struct.pack_into("<L", data, pusat + 24, ukuran)
            break
        awal = pusat + 4
    return bytes(data)


def terpotong(isi: bytes, sisa=0.6) -> bytes:
    return isi[: int(len(isi) * sisa)]
