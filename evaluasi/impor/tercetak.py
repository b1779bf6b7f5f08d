"""The "Angka Tercetak" sheet of the plan workbook: the figures a previous paper report printed.

Each row names its object by what a person can read (level, nomor, no. indikator; level "Jumlah"
for the OPD's total), the besaran (target, realisasi, capaian, pagu, realisasi anggaran, serapan),
the text exactly as printed and its source. Imported, the rows become ``AngkaTercetak`` and the
data-quality view compares them with the computed figures, so nobody types them into the admin.

The sheet is optional (older templates lack it). Rows are matched on (semester, object, besaran):
a changed text updates the row, a new one is created; nothing is deleted by omission.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell

from evaluasi.models import AngkaTercetak, Indikator, Unsur

from . import kolom as K  # noqa: N812 - short, like the other import modules
from .baca import Buku, Lembar

Level = Unsur.Level
Besaran = AngkaTercetak.Besaran
JUMLAH = "Jumlah"
_LEVEL = {**{v: v for v in Level.values}, **{label.lower(): v for v, label in Level.choices}, "jumlah": JUMLAH}
_BESARAN = {**{v: v for v in Besaran.values}, **{label.lower(): v for v, label in Besaran.choices}}
_BESARAN_UNSUR = {Besaran.PAGU, Besaran.REALISASI_ANGGARAN, Besaran.SERAPAN}


def _sel(ws, nilai):
    c = WriteOnlyCell(ws, value=nilai)
    if isinstance(nilai, str):
        c.data_type = "s"  # printed text stays text: never a formula
    return c


def tulis_lembar(wb, opd, tahun):
    """Append the sheet with the OPD's printed figures of ``tahun`` (2 queries)."""
    ws = wb.create_sheet(K.LEMBAR_TERCETAK)
    for i, k in enumerate(K.KOLOM_TERCETAK):
        ws.column_dimensions[K.huruf(i)].width = k.lebar
    ws.freeze_panes = "A2"
    ws.append([_sel(ws, j) for j in K.judul_kolom(K.KOLOM_TERCETAK)])
    baris = AngkaTercetak.objects.filter(opd=opd, tahun=tahun).select_related("unsur", "indikator__unsur")
    for t in sorted(baris, key=lambda t: (t.semester, t.pk)):
        if t.indikator_id:
            u, urutan = t.indikator.unsur, t.indikator.urutan
        else:
            u, urutan = t.unsur, None
        ws.append(
            [
                _sel(ws, t.semester),
                _sel(ws, u.get_level_display() if u else JUMLAH),
                _sel(ws, u.nomor if u else None),
                _sel(ws, urutan),
                _sel(ws, t.get_besaran_display()),
                _sel(ws, t.teks),
                _sel(ws, t.sumber or None),
            ]
        )


def _objek_buku(buku: Buku):
    """(level, nomor) of the Unsur sheet and (level, nomor, urutan) of the Indikator sheet, read again."""
    unsur, indikator = set(), set()
    for nama, kumpul, kunci in (
        (K.LEMBAR_UNSUR, unsur, lambda n: (_LEVEL.get((n.get("level") or "").lower()), n.get("nomor"))),
        (
            K.LEMBAR_INDIKATOR,
            indikator,
            lambda n: (_LEVEL.get((n.get("level") or "").lower()), n.get("nomor"), n.get("urutan")),
        ),
    ):
        lembar = buku.lembar.get(nama)
        if isinstance(lembar, Lembar):
            for b in lembar:
                kumpul.add(kunci(b.nilai))
    return unsur, indikator


def hitung_tercetak(rencana, buku: Buku, opd, tahun):
    """Compare the sheet with the stored printed figures; record changes and errors, queue the writes."""
    lembar = buku.lembar.get(K.LEMBAR_TERCETAK)
    if not isinstance(lembar, Lembar):
        return
    unsur = {
        (lv, nomor): pk
        for pk, lv, nomor in Unsur.objects.filter(opd=opd, tahun=tahun).values_list("pk", "level", "nomor")
    }
    indikator = {
        (lv, nomor, urutan): pk
        for pk, lv, nomor, urutan in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).values_list(
            "pk", "unsur__level", "unsur__nomor", "urutan"
        )
    }
    ada = {
        (t.semester, t.unsur_id, t.indikator_id, t.besaran): t
        for t in AngkaTercetak.objects.filter(opd=opd, tahun=tahun)
    }
    dari_buku = None
    tunda = []  # (aksi, semester, objek key, besaran, teks, sumber, AngkaTercetak | None)
    dilihat = set()
    kolom = K.KOLOM_TERCETAK
    for b in lembar:
        n = b.nilai
        galat = len(rencana.galat)
        semester = n.get("semester") or 2
        if semester not in (1, 2):
            rencana.galat.append(b.galat("Semester harus 1 atau 2.", "semester", kolom))
        level = _LEVEL.get((n.get("level") or "").strip().lower())
        besaran = _BESARAN.get((n.get("besaran") or "").strip().lower())
        teks = (n.get("teks") or "").strip()
        nomor, urutan = (n.get("nomor") or "").strip(), n.get("urutan")
        if level is None:
            rencana.galat.append(b.galat(f"Level '{n.get('level') or ''}' tidak dikenal.", "level", kolom))
        if besaran is None:
            pilihan = ", ".join(lbl.lower() for _, lbl in Besaran.choices)
            rencana.galat.append(
                b.galat(f"Besaran '{n.get('besaran') or ''}' tidak dikenal ({pilihan}).", "besaran", kolom)
            )
        if not teks:
            rencana.galat.append(b.galat("Teks tercetak kosong.", "teks", kolom))
        if len(rencana.galat) > galat:
            continue
        if level == JUMLAH or urutan is None:
            kunci = ("u", None if level == JUMLAH else (level, nomor))
            if besaran not in _BESARAN_UNSUR:
                rencana.galat.append(
                    b.galat("Tanpa no. indikator hanya pagu, realisasi anggaran atau serapan.", "besaran", kolom)
                )
                continue
            pk = None if level == JUMLAH else unsur.get((level, nomor))
            dikenal = level == JUMLAH or pk is not None
            kunci_ada = (semester, pk, None, besaran)
        else:
            kunci = ("i", (level, nomor, urutan))
            pk = indikator.get((level, nomor, urutan))
            dikenal = pk is not None
            kunci_ada = (semester, None, pk, besaran)
        if not dikenal:  # perhaps created by this very workbook
            if dari_buku is None:
                dari_buku = _objek_buku(buku)
            ada_di_buku = kunci[1] in (dari_buku[0] if kunci[0] == "u" else dari_buku[1])
            if not ada_di_buku:
                rencana.galat.append(
                    b.galat(
                        f"{n.get('level')} {nomor}{f' indikator {urutan}' if kunci[0] == 'i' else ''} tidak ada di "
                        "rencana (lembar Unsur/Indikator) maupun data tersimpan.",
                        "nomor",
                        kolom,
                    )
                )
                continue
        if (semester, kunci, besaran) in dilihat:
            rencana.galat.append(
                b.galat("Baris ganda: objek dan besaran yang sama sudah ada di atas.", "besaran", kolom)
            )
            continue
        dilihat.add((semester, kunci, besaran))
        sumber = (n.get("sumber") or "").strip()
        lama = ada.get(kunci_ada) if dikenal else None
        objek = f"{n.get('level')} {nomor}{f' indikator {urutan}' if kunci[0] == 'i' else ''} — {besaran}"
        if lama is None:
            rencana.catat("buat", b, objek, [["teks tercetak", "-", teks]])
            tunda.append((semester, kunci, besaran, teks, sumber, None))
        elif (lama.teks, lama.sumber) != (teks, sumber):
            rencana.catat("ubah", b, objek, [["teks tercetak", lama.teks, teks], ["sumber", lama.sumber, sumber]])
            tunda.append((semester, kunci, besaran, teks, sumber, lama))
        else:
            rencana.tetap += 1
    if tunda:
        rencana._penulis.append(lambda: _tulis(opd, tahun, tunda))


def _tulis(opd, tahun, tunda):
    """Write the queued rows after the plan's own writes (objects created by the workbook exist by then)."""
    unsur = {
        (lv, nomor): pk
        for pk, lv, nomor in Unsur.objects.filter(opd=opd, tahun=tahun).values_list("pk", "level", "nomor")
    }
    indikator = {
        (lv, nomor, urutan): pk
        for pk, lv, nomor, urutan in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).values_list(
            "pk", "unsur__level", "unsur__nomor", "urutan"
        )
    }
    baru, ubah = [], []
    for semester, kunci, besaran, teks, sumber, lama in tunda:
        if lama is not None:
            lama.teks, lama.sumber = teks, sumber
            ubah.append(lama)
            continue
        jenis, objek = kunci
        t = AngkaTercetak(opd=opd, tahun=tahun, semester=semester, besaran=besaran, teks=teks, sumber=sumber)
        if jenis == "i":
            t.indikator_id = indikator[objek]
        elif objek is not None:
            t.unsur_id = unsur[objek]
        baru.append(t)
    AngkaTercetak.objects.bulk_create(baru)
    AngkaTercetak.objects.bulk_update(ubah, ["teks", "sumber"])
