"""The layout of the template workbook, shared by the writer (templat.py) and the reader (baca.py).

Each sheet has its header on row 1 and one data row per line from row 2. A row is found by what a
person reads on it (level + nomor, the indicator's number inside its node, the component's number).
Column A holds a hidden system key (``U<pk>``, ``I<pk>``, ``K<pk>``) that only cross-checks it: a
key naming another row of the plan is an error, one naming nothing is ignored (see cocok.py).
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of cell.
TEKS = "teks"
ANGKA = "angka"  # Decimal >= 0
RUPIAH = "rupiah"  # whole rupiah >= 0
BULAT = "bulat"  # a small whole number (nomor indikator, komponen ke, tahun)


@dataclass(frozen=True)
class Kolom:
    nama: str  # identifier used in the code
    judul: str  # header text in the workbook
    jenis: str = TEKS
    isian: bool = False  # an input cell (unlocked on protected sheets)
    lebar: int = 14


KUNCI = Kolom("kunci", "Kunci sistem (jangan diubah)", lebar=8)

LEMBAR_META = "Meta"
LEMBAR_PETUNJUK = "Petunjuk"
LEMBAR_UNSUR = "Unsur"
LEMBAR_INDIKATOR = "Indikator"
LEMBAR_TARGET = "Target"
LEMBAR_REALISASI = "Realisasi"
LEMBAR_ANGGARAN = "Anggaran"

KOLOM_UNSUR = [
    KUNCI,
    Kolom("level", "Level", lebar=14),
    Kolom("nomor", "Nomor", lebar=8),
    Kolom("induk_level", "Level induk", lebar=14),
    Kolom("induk_nomor", "Nomor induk", lebar=8),
    Kolom("kode", "Kode", lebar=18),
    Kolom("nama", "Nama", lebar=50),
    Kolom("sasaran", "Sasaran", lebar=30),
    Kolom("bidang", "Bidang (kode)", lebar=14),
    Kolom("pagu_murni", "Pagu murni (Rp)", RUPIAH, lebar=18),
    Kolom("pagu_perubahan", "Pagu perubahan (Rp)", RUPIAH, lebar=18),
]

KOLOM_INDIKATOR = [
    KUNCI,
    Kolom("level", "Level unsur", lebar=14),
    Kolom("nomor", "Nomor unsur", lebar=8),
    Kolom("urutan", "No. indikator", BULAT, lebar=8),
    Kolom("kunci_indikator", "Kunci indikator", lebar=12),
    Kolom("nama", "Nama indikator", lebar=50),
    Kolom("satuan", "Satuan", lebar=12),
    Kolom("polaritas", "Polaritas (positif/negatif)", lebar=12),
    Kolom("metode_negatif", "Rumus negatif (selisih/rasio)", lebar=12),
    Kolom("agregasi", "Agregasi (kumulatif/posisi_akhir)", lebar=14),
    Kolom("iku", "IKU (Ya/Tidak)", lebar=8),
    Kolom("level_pk", "Level PK (bupati/kadis/kabid/jafung)", lebar=12),
    Kolom("bidang", "Bidang (kode, bila beda dari unsur)", lebar=14),
    Kolom("definisi", "Definisi operasional", lebar=30),
    Kolom("formula", "Formula", lebar=20),
    Kolom("catatan", "Catatan", lebar=20),
]

KOLOM_TARGET = [
    KUNCI,
    Kolom("level", "Level unsur", lebar=14),
    Kolom("nomor", "Nomor unsur", lebar=8),
    Kolom("urutan", "No. indikator", BULAT, lebar=8),
    Kolom("nama_indikator", "Nama indikator (keterangan)", lebar=40),
    Kolom("tahun", "Tahun target", BULAT, lebar=8),
    Kolom("komponen", "Komponen ke", BULAT, lebar=8),
    Kolom("jumlah", "Jumlah", ANGKA, lebar=12),
    Kolom("satuan", "Satuan komponen", lebar=16),
    Kolom("teks", "Teks target (seperti di dokumen)", lebar=24),
    # Rencana aksi: kumulatif, the amount planned IN the triwulan; posisi akhir, the level AT its end.
    Kolom("target_tw1", "Target TW I", ANGKA, lebar=10),
    Kolom("target_tw2", "Target TW II", ANGKA, lebar=10),
    Kolom("target_tw3", "Target TW III", ANGKA, lebar=10),
    Kolom("target_tw4", "Target TW IV", ANGKA, lebar=10),
]

KOLOM_REALISASI = [
    KUNCI,
    Kolom("level", "Level unsur", lebar=12),
    Kolom("nomor", "Nomor unsur", lebar=8),
    Kolom("nama_unsur", "Unsur", lebar=34),
    Kolom("urutan", "No. indikator", BULAT, lebar=8),
    Kolom("nama_indikator", "Indikator", lebar=40),
    Kolom("komponen", "Komponen ke", BULAT, lebar=8),
    Kolom("target", "Target", ANGKA, lebar=12),
    Kolom("satuan", "Satuan", lebar=12),
    Kolom("nilai", "Realisasi triwulan", ANGKA, isian=True, lebar=14),
    Kolom("faktor_pendorong", "Faktor pendorong", isian=True, lebar=30),
    Kolom("faktor_penghambat", "Faktor penghambat", isian=True, lebar=30),
    Kolom("tindak_lanjut", "Tindak lanjut", isian=True, lebar=30),
    Kolom("status", "Status (keterangan)", lebar=12),
]

KOLOM_ANGGARAN = [
    KUNCI,
    Kolom("nomor", "Nomor sub kegiatan", lebar=8),
    Kolom("kode", "Kode", lebar=18),
    Kolom("nama", "Sub kegiatan", lebar=44),
    Kolom("pagu_murni", "Pagu murni (Rp)", RUPIAH, lebar=16),
    Kolom("pagu_perubahan", "Pagu perubahan (Rp)", RUPIAH, lebar=16),
    Kolom("pagu", "Pagu berlaku (Rp)", RUPIAH, lebar=16),
    Kolom("triwulan_lain", "Realisasi triwulan lain (Rp)", RUPIAH, lebar=16),
    Kolom("realisasi", "Realisasi anggaran triwulan (Rp)", RUPIAH, isian=True, lebar=18),
]

# Optional sheet of the plan workbook (evaluasi/impor/tercetak.py): figures a paper report printed.
LEMBAR_TERCETAK = "Angka Tercetak"
KOLOM_TERCETAK = [
    Kolom("semester", "Semester", BULAT, lebar=9),
    Kolom("level", "Level (atau Jumlah)", lebar=14),
    Kolom("nomor", "Nomor unsur", lebar=8),
    Kolom("urutan", "No. indikator", BULAT, lebar=8),
    Kolom("besaran", "Besaran", lebar=16),
    Kolom("teks", "Teks tercetak", lebar=24),
    Kolom("sumber", "Sumber", lebar=30),
]

LEMBAR_RENCANA = {LEMBAR_UNSUR: KOLOM_UNSUR, LEMBAR_INDIKATOR: KOLOM_INDIKATOR, LEMBAR_TARGET: KOLOM_TARGET}
LEMBAR_TRIWULAN = {LEMBAR_REALISASI: KOLOM_REALISASI, LEMBAR_ANGGARAN: KOLOM_ANGGARAN}

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def huruf(indeks: int) -> str:
    """Column letter of a 0-based column index (A, B, … Z, AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(indeks + 1)


def judul_kolom(kolom: list, triwulan: int | None = None) -> list:
    """The header texts of a sheet; the realisasi headers name the triwulan."""
    hasil = []
    for k in kolom:
        judul = k.judul
        if triwulan and k.nama in ("nilai", "realisasi"):
            judul = judul.replace("triwulan", f"TW {ROMAWI[triwulan]}")
        hasil.append(judul)
    return hasil
