"""The 'Rincian' sheet of the plan template: roll-up links (parent indicator ← child indicators).

DESIGN.md "Roll-ups": links are part of the plan, so they travel in the plan workbook. A row names
both indicators by what a person reads (level, nomor, no. indikator), never by a database id, so a
workbook filled on another installation imports by its codes. The template lists the links that
exist (Asal "tautan", Setuju "ya") and, below them, suggestions (Asal "usulan": same satuan, similar
nama, from ``laporan.gulung.usulan_rincian``) with Setuju empty. On import only a "ya" makes a link
and only a "tidak" removes one; an empty Setuju changes nothing, so re-importing a file is a no-op.

The sheet is optional on import (a workbook from before it existed still imports). ``tulis_lembar``
is called by ``templat.buku_rencana``, ``hitung_rincian`` by ``tahunan.hitung_rencana`` after the
indicators are matched, ``lembar_opsional`` by ``baca.baca_buku``.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from evaluasi.ekspor.xlsx import AWAS
from evaluasi.laporan.gulung import CalonRincian, usulan_rincian
from evaluasi.models import Indikator, Unsur

from . import kolom as K  # noqa: N812 - short, as in the other import modules

LEMBAR_RINCIAN = "Rincian"
ASAL_TAUTAN = "tautan"
ASAL_USULAN = "usulan"
UKURAN_BATCH = 500  # links per bulk write
SETUJU = {"ya": True, "y": True, "setuju": True, "tidak": False, "t": False, "tolak": False}

KOLOM_RINCIAN = [
    K.Kolom("induk_level", "Level induk", lebar=12),
    K.Kolom("induk_nomor", "Nomor induk", lebar=8),
    K.Kolom("induk_urutan", "No. indikator induk", K.BULAT, lebar=9),
    K.Kolom("induk_nama", "Indikator induk (keterangan)", lebar=40),
    K.Kolom("anak_level", "Level rincian", lebar=12),
    K.Kolom("anak_nomor", "Nomor rincian", lebar=8),
    K.Kolom("anak_urutan", "No. indikator rincian", K.BULAT, lebar=9),
    K.Kolom("anak_nama", "Indikator rincian (keterangan)", lebar=40),
    K.Kolom("asal", "Asal (tautan/usulan)", lebar=10),
    K.Kolom("setuju", "Setuju (ya/tidak)", isian=True, lebar=10),
]

PETUNJUK = [
    "Lembar 'Rincian': indikator induk (kegiatan, program, sasaran) dan indikator rincian yang membentuknya, "
    "ditulis dengan level, nomor dan no. indikator. Baris 'tautan' sudah tertaut; baris 'usulan' dibuat sistem "
    "(satuan sama, nama mirip) dan baru menjadi tautan bila kolom Setuju diisi 'ya'. Isi 'tidak' untuk melepas "
    "tautan; kosong = tidak diubah. Induk kumulatif yang rinciannya kumulatif dengan satuan sama menampilkan "
    "jumlah rinciannya sebagai realisasi.",
]

Level = Unsur.Level
LEVEL = {**{v: v for v in Level.values}, **{label.lower(): v for v, label in Level.choices}}
_Tautan = Indikator.rincian.through
_JUDUL = Font(bold=True)
_ISI_JUDUL = PatternFill("solid", fgColor="D9E1F2")
_ISI_INPUT = PatternFill("solid", fgColor="FFF2CC")
_RATA = Alignment(wrap_text=True, vertical="top")


def tautan_rencana(opd, tahun) -> list:
    """The links of the plan of (opd, tahun) as (parent id, child id), in the order they were made (one query)."""
    return list(
        _Tautan.objects.filter(from_indikator__unsur__opd=opd, from_indikator__unsur__tahun=tahun)
        .order_by("id")
        .values_list("from_indikator_id", "to_indikator_id")
    )


def _sel(ws, nilai, isian=False, tebal=False):
    c = WriteOnlyCell(ws, value=nilai)
    if isinstance(nilai, str):
        c.data_type = "s"  # names are never formulas
        c.alignment = _RATA
        c.quotePrefix = nilai.startswith(AWAS)  # and stay text when edited in Excel
    if isian:
        c.fill = _ISI_INPUT
    if tebal:
        c.font, c.fill = _JUDUL, _ISI_JUDUL
    return c


def tulis_lembar(wb, opd, tahun, indikator: list, per_unsur: dict) -> None:
    """Write the 'Rincian' sheet: existing links, then suggestions to confirm (one query for the links).

    ``indikator`` are the plan's indicators in template order, ``per_unsur`` its nodes by id.
    """
    ada = tautan_rencana(opd, tahun)
    per_id = {i.id: i for i in indikator}
    calon = [
        CalonRincian(i.id, i.unsur_id, per_unsur[i.unsur_id].induk_id, i.satuan, i.nama)
        for i in indikator
        if i.unsur_id in per_unsur
    ]
    usulan = usulan_rincian(calon, set(ada))
    urutan = {i.id: n for n, i in enumerate(indikator)}
    tautan = sorted((p for p in ada if p[0] in per_id and p[1] in per_id), key=lambda p: urutan[p[0]])
    baris = [(a, b, ASAL_TAUTAN, "ya") for a, b in tautan] + [(a, b, ASAL_USULAN, None) for a, b, _ in usulan]

    ws = wb.create_sheet(LEMBAR_RINCIAN)
    for n, k in enumerate(KOLOM_RINCIAN):
        ws.column_dimensions[K.huruf(n)].width = k.lebar
    ws.freeze_panes = "A2"
    kolom_setuju = K.huruf(len(KOLOM_RINCIAN) - 1)
    dv = DataValidation(type="list", formula1='"ya,tidak"', allow_blank=True)
    dv.add(f"{kolom_setuju}2:{kolom_setuju}{max(len(baris) + 200, 2)}")  # room for links typed by hand
    ws.data_validations.append(dv)
    ws.append([_sel(ws, k.judul, tebal=True) for k in KOLOM_RINCIAN])

    def sisi(iid):
        i = per_id[iid]
        u = per_unsur[i.unsur_id]
        return [_sel(ws, u.get_level_display()), _sel(ws, u.nomor), _sel(ws, i.urutan), _sel(ws, i.nama)]

    for induk, anak, asal, setuju in baris:
        ws.append([*sisi(induk), *sisi(anak), _sel(ws, asal), _sel(ws, setuju, isian=True)])


def lembar_opsional(jenis: str) -> dict:
    """Sheets a workbook of ``jenis`` may carry besides the required ones (name -> columns)."""
    return {LEMBAR_RINCIAN: KOLOM_RINCIAN} if jenis == "rencana" else {}


def _label(level, nomor, urutan):
    return f"{Level(level).label} {nomor} no. {urutan}"


def hitung_rincian(rencana, buku, opd, tahun, akhir, ind_akhir, pk_baru) -> None:
    """Compare the 'Rincian' sheet with the plan's links; record the preview and the writes.

    ``akhir`` maps (level, nomor) to a node's identity after the import and ``ind_akhir`` (node
    identity, no. indikator) to (indicator identity, node identity, no.) — both from
    ``tahunan.hitung_rencana``, so a link may name an indicator the same file creates (negative
    identity, resolved through ``pk_baru`` once the plan's own writes have run).
    """
    lembar = buku.lembar.get(LEMBAR_RINCIAN)
    if not lembar:
        return
    g = rencana.gudang
    lama = g.peta("r_lama")  # (parent pk, child pk) -> True
    for pasangan in tautan_rencana(opd, tahun):
        lama[pasangan] = True
    dilihat = g.peta("r_dilihat")  # (parent identity, child identity) -> row
    tambah, lepas = g.daftar("r_tambah"), g.daftar("r_lepas")

    def cari(b, awalan):
        v = b.nilai
        level = LEVEL.get(v[f"{awalan}_level"].lower())
        nomor, urutan = v[f"{awalan}_nomor"], v[f"{awalan}_urutan"]
        u = akhir.get((level, nomor)) if level else None
        i = ind_akhir.get((u, urutan)) if u is not None and urutan else None
        if i is None:
            peran = "induk" if awalan == "induk" else "rincian"
            rencana.galat.append(
                b.galat(
                    f"indikator {peran} '{v[f'{awalan}_level'] or '?'} {nomor or '?'} no. {urutan or '?'}' tidak ada "
                    "di lembar Indikator maupun di sistem. Tulis level, nomor dan no. indikator persis seperti "
                    "barisnya.",
                    f"{awalan}_nomor",
                    KOLOM_RINCIAN,
                )
            )
            return None
        return i[0], level, nomor, urutan

    for b in lembar:
        teks = b.nilai["setuju"].strip().lower()
        if not teks:
            rencana.tetap += 1  # an unconfirmed suggestion, or a link left as it is
            continue
        setuju = SETUJU.get(teks)
        if setuju is None:
            pesan = "isi 'ya' (tautkan), 'tidak' (lepas) atau kosongkan."
            rencana.galat.append(b.galat(pesan, "setuju", KOLOM_RINCIAN))
            continue
        induk, anak = cari(b, "induk"), cari(b, "anak")
        if induk is None or anak is None:
            continue
        if Unsur.kedalaman(anak[1]) <= Unsur.kedalaman(induk[1]):
            rencana.galat.append(
                b.galat(
                    f"rincian harus berada di level di bawah induknya ({Level(induk[1]).label}).",
                    "anak_level",
                    KOLOM_RINCIAN,
                )
            )
            continue
        kunci = (induk[0], anak[0])
        if kunci in dilihat:
            rencana.galat.append(
                b.galat(f"baris ganda: tautan ini sudah ada di baris {dilihat[kunci]}.", "anak_nomor", KOLOM_RINCIAN)
            )
            continue
        dilihat[kunci] = b.nomor
        ada = kunci[0] > 0 and kunci[1] > 0 and kunci in lama
        objek = f"{_label(*induk[1:])} ← {_label(*anak[1:])}"
        if setuju and not ada:
            tambah.tambah(kunci)
            rencana.catat("buat", b, objek, [["Rincian", "-", "ditautkan"]])
        elif not setuju and ada:
            lepas.tambah(kunci)
            rencana.catat("ubah", b, objek, [["Rincian", "ditautkan", "dilepas"]])
        else:
            rencana.tetap += 1
    if len(tambah) or len(lepas):
        rencana._penulis.append(lambda: _terapkan(pk_baru, tambah, lepas))


def _terapkan(pk_baru, tambah, lepas):
    """Write the confirmed links and remove the refused ones, after the plan's own writes (new pks known)."""

    def pk(identitas):
        return identitas if identitas > 0 else pk_baru[("i", identitas)]

    for batch in tambah.per_batch(UKURAN_BATCH):
        _Tautan.objects.bulk_create(
            [_Tautan(from_indikator_id=pk(a), to_indikator_id=pk(b)) for a, b in batch], ignore_conflicts=True
        )
    per_induk = defaultdict(list)
    for a, b in lepas:
        per_induk[a].append(b)
    for a, anak in per_induk.items():
        _Tautan.objects.filter(from_indikator_id=a, to_indikator_id__in=anak).delete()
