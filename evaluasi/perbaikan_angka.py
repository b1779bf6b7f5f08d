"""Find, and on request repair, stored numbers beyond the limits of evaluasi.batas_angka (current and history tables).

Why raw SQL: on SQLite, Django's converter of a DecimalField raises ``InvalidOperation`` while reading a
value with more digits than the column states, so the ORM cannot even load such a row (and a tolerant
read would mean patching Django). Rows written before the limits existed, or restored from an old
backup, are found here by their raw value.

What the repair does, for an auditor: each value is written to ``PerbaikanAngka`` exactly as the
database held it, then replaced by empty (NULL) where the column allows it, else by 0, with a log line.
No number is changed without that record. The system check (``manage.py check --database default``)
lists every such row; ``manage.py perbaiki_angka`` lists them too and repairs with ``--terapkan``.
"""

import logging
from dataclasses import dataclass

from evaluasi.batas_angka import DIGIT_BULAT_MAKS, RUPIAH_MAKS

log = logging.getLogger("evaluasi.perbaikan_angka")

JUMLAH = "jumlah"
RUPIAH = "rupiah"

# (model table, column, NULL allowed, kind); each with its django-simple-history table.
_KOLOM = [
    ("evaluasi_komponentarget", "jumlah", False, JUMLAH),
    ("evaluasi_nilairealisasi", "nilai", True, JUMLAH),
    ("evaluasi_anggaran", "pagu_murni", False, RUPIAH),
    ("evaluasi_anggaran", "pagu_perubahan", True, RUPIAH),
    ("evaluasi_anggarantriwulan", "rencana_penarikan", True, RUPIAH),
    ("evaluasi_anggarantriwulan", "realisasi", True, RUPIAH),
]
KOLOM = [(t, "id", k, n, j) for t, k, n, j in _KOLOM] + [
    (t.replace("evaluasi_", "evaluasi_historical"), "history_id", k, n, j) for t, k, n, j in _KOLOM
]

ALASAN = {
    JUMLAH: f"Lebih dari {DIGIT_BULAT_MAKS} digit sebelum koma: tidak dapat disimpan tepat (batas_angka).",
    RUPIAH: "Lebih dari 15 digit rupiah (batas_angka).",
}


@dataclass(frozen=True)
class Temuan:
    """One stored value beyond the limits: where it is and its raw text."""

    tabel: str
    kolom_pk: str
    baris: int
    kolom: str
    nilai_tersimpan: str
    boleh_kosong: bool
    jenis: str

    def __str__(self):
        return f"{self.tabel} {self.kolom_pk}={self.baris} kolom {self.kolom} = {self.nilai_tersimpan}"


def _sql_cari(connection, tabel, kolom_pk, kolom, jenis):
    q = connection.ops.quote_name
    k = q(kolom)
    if jenis == JUMLAH:
        syarat, batas = f"abs({k}) >= %s", 10**DIGIT_BULAT_MAKS
    else:
        syarat, batas = f"abs({k}) > %s", RUPIAH_MAKS
    if connection.vendor == "sqlite":
        # A value stored as TEXT (not a number at all) cannot be read either.
        syarat = f"({syarat} OR typeof({k}) NOT IN ('integer', 'real'))"
    sql = (
        f"SELECT {q(kolom_pk)}, CAST({k} AS TEXT) FROM {q(tabel)} "
        f"WHERE {k} IS NOT NULL AND {syarat} ORDER BY {q(kolom_pk)}"
    )
    return sql, [batas]


def cari(connection):
    """Every stored value beyond the limits, in every numeric column and its history (raw SQL, never the ORM)."""
    ada = set(connection.introspection.table_names())
    temuan = []
    with connection.cursor() as cur:
        for tabel, kolom_pk, kolom, boleh_kosong, jenis in KOLOM:
            if tabel not in ada:
                continue
            cur.execute(*_sql_cari(connection, tabel, kolom_pk, kolom, jenis))
            for pk, teks in cur.fetchall():
                temuan.append(Temuan(tabel, kolom_pk, pk, kolom, str(teks)[:200], boleh_kosong, jenis))
    return temuan


def perbaiki(connection, model_catatan):
    """Record each value found in ``model_catatan`` (PerbaikanAngka), then replace it by NULL (or 0); returns them.

    ``model_catatan`` is passed in so a migration can give its historical model.
    """
    q = connection.ops.quote_name
    temuan = cari(connection)
    with connection.cursor() as cur:
        for t in temuan:
            pengganti = None if t.boleh_kosong else 0
            model_catatan.objects.using(connection.alias).create(
                tabel=t.tabel,
                baris=t.baris,
                kolom=t.kolom,
                nilai_tersimpan=t.nilai_tersimpan,
                diganti_dengan="kosong" if pengganti is None else "0",
                alasan=ALASAN[t.jenis],
            )
            cur.execute(f"UPDATE {q(t.tabel)} SET {q(t.kolom)} = %s WHERE {q(t.kolom_pk)} = %s", [pengganti, t.baris])
            log.warning(
                "Angka di luar batas diperbaiki: %s -> %s (tercatat di PerbaikanAngka)",
                t,
                "kosong" if pengganti is None else "0",
            )
    return temuan


def cek_angka_tersimpan(app_configs=None, databases=None, **kwargs):
    """System check (database tag): a Warning per stored value beyond the limits, naming table, row and value.

    A Warning, not an Error: ``migrate`` runs database checks first, and an Error there would stop the
    very migration that repairs the rows.
    """
    from django.core.checks import Warning as Peringatan
    from django.db import DatabaseError, connections

    hasil = []
    for alias in databases or []:
        try:
            temuan = cari(connections[alias])
        except DatabaseError:  # tables not created yet
            continue
        for t in temuan:
            hasil.append(
                Peringatan(
                    f"Angka tersimpan di luar batas ({alias}): {t}. Baris ini membuat halaman OPD-nya gagal dibaca.",
                    hint="Jalankan `manage.py perbaiki_angka --terapkan` (nilai lama dicatat di PerbaikanAngka), "
                    "lalu isi ulang angka yang benar.",
                    id="evaluasi.W001",
                )
            )
    return hasil
