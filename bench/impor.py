"""Import of a synthetic plan of 5.000, 10.000 and 20.000 indicators: time against openpyxl's parse, peak memory.

Run: .venv/bin/python bench/impor.py   (a throw-away SQLite database in memory, or the database of
DATABASE_URL if set, inside a transaction that is rolled back).

For each size: a synthetic OPD (evaluasi/sintetis.py) is made, its plan template exported
(evaluasi/impor/templat.py), the plan deleted, and the workbook imported into the empty plan — every
row is a create, the heaviest case. Printed:
- ``parse s``: openpyxl ``load_workbook(read_only=True)`` iterating every row of every sheet, nothing else;
- ``impor s``: our whole import as the confirm runs it: a first streamed pass that reads, converts,
  validates and compares (``hitung``), then ``tulis``: a second streamed pass that compares again and
  writes in batches of 500 with history (nothing is held between the batches but compact keys);
- ``rasio``: impor / parse (goal: under 3);
- ``baca`` / ``hitung`` / ``tulis``: seconds per stage (``baca`` now only opens the workbook and checks
  the headers: the rows are parsed while ``hitung`` and ``tulis`` stream them);
- ``puncak MiB``: tracemalloc peak of the import (a separate run: tracemalloc slows Python down),
  and of the parse alone for comparison (goal: flat as the file grows; what still grows is openpyxl's
  own shared-string table and the compact keys of the nodes and indicators, a few hundred bytes each).
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

UKURAN = [  # (program, kegiatan, sub, indikator per node): (1 + P + P·K + P·K·S) × I indicators
    (10, 10, 11, 4),  # 4.844 indicators
    (20, 10, 11, 4),  # 9.684 indicators (~10.000)
    (40, 10, 11, 4),  # 19.364 indicators
]


class Batal(Exception):
    pass


def parse_saja(isi: bytes):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return n


def impor(opd, isi, user=None, tahap=None):
    """The import as the confirm runs it (read, compare, write); ``tahap`` collects the seconds per stage."""
    from evaluasi.impor.baca import baca_buku
    from evaluasi.impor.terapkan import hitung

    t0 = time.perf_counter()
    buku = baca_buku(isi)
    t1 = time.perf_counter()
    rencana = hitung(buku, opd, 2022, user)
    assert not rencana.galat, [str(g) for g in rencana.galat[:5]]
    t2 = time.perf_counter()
    rencana.tulis(opd)
    t3 = time.perf_counter()
    if tahap is not None:
        tahap.update(baca=t1 - t0, hitung=t2 - t1, tulis=t3 - t2)
    return rencana


def sekali(fungsi):
    """(seconds, result) of one call inside a savepoint that is rolled back."""
    hasil = {}
    try:
        with transaction.atomic():
            mulai = time.perf_counter()
            hasil["r"] = fungsi()
            hasil["t"] = time.perf_counter() - mulai
            raise Batal
    except Batal:
        pass
    return hasil["t"], hasil["r"]


def puncak(fungsi):
    try:
        with transaction.atomic():
            tracemalloc.start()
            fungsi()
            _, p = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            raise Batal
    except Batal:
        pass
    return p / 1024 / 1024


def main():
    call_command("migrate", verbosity=0)
    from evaluasi.impor.templat import buku_rencana
    from evaluasi.models import Indikator, Unsur
    from evaluasi.sintetis import buat_opd_sintetis

    print(
        f"{'indikator':>9}{'baris':>7}{'KiB':>6}{'parse s':>8}{'impor s':>8}{'rasio':>6}"
        f"{'baca':>6}{'hitung':>7}{'tulis':>6}{'puncak parse MiB':>17}{'puncak impor MiB':>17}"
    )
    try:
        with transaction.atomic():
            for nomor, (program, kegiatan, sub, indikator) in enumerate(UKURAN, start=950):
                opd = buat_opd_sintetis(nomor, 2022, program=program, kegiatan=kegiatan, sub=sub, indikator=indikator)
                n_ind = Indikator.objects.filter(unsur__opd=opd).count()
                isi = buku_rencana(opd, 2022)
                Unsur.objects.filter(opd=opd, tahun=2022).delete()
                t_parse = min(sekali(lambda isi=isi: parse_saja(isi))[0] for _ in range(3))
                tahap = {}
                t_impor, rencana = sekali(lambda opd=opd, isi=isi, tahap=tahap: impor(opd, isi, tahap=tahap))
                assert rencana.dibuat > 2 * n_ind  # every node, indicator and component is created
                p_parse = puncak(lambda isi=isi: parse_saja(isi))
                p_impor = puncak(lambda opd=opd, isi=isi: impor(opd, isi))
                print(
                    f"{n_ind:>9}{parse_saja(isi):>7}{len(isi) // 1024:>6}{t_parse:>8.2f}{t_impor:>8.2f}"
                    f"{t_impor / t_parse:>6.2f}{tahap['baca']:>6.2f}{tahap['hitung']:>7.2f}{tahap['tulis']:>6.2f}"
                    f"{p_parse:>17.1f}{p_impor:>17.1f}"
                )
            raise Batal
    except Batal:
        pass


if __name__ == "__main__":
    main()
