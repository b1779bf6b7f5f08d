"""Print the time to build the semester report's XLSX at seed size and at 10x seed size.

Run: .venv/bin/python bench/xlsx.py   (uses a throw-away SQLite database in memory,
or the database of DATABASE_URL if set, inside a transaction that is rolled back).
Columns: queries of the whole build, the time of the report data and tables
(``konteks_laporan``), of writing the workbook, the total, and the file size.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def bangun(opd, tahun):
    """(seconds of konteks, seconds of the workbook, bytes) of one report, as the view builds it."""
    from evaluasi.ekspor.xlsx import buat_workbook, ke_bytes
    from evaluasi.laporan.konteks import konteks_laporan
    from evaluasi.views.xlsx import lembar_laporan

    mulai = time.perf_counter()
    konteks = konteks_laporan(opd, tahun, 2, dengan_kualitas=True)
    tengah = time.perf_counter()
    isi = ke_bytes(buat_workbook(lembar_laporan(konteks), [opd.nama, f"Semester II Tahun {tahun}"]))
    return tengah - mulai, time.perf_counter() - tengah, len(isi)


def ukur(opd, tahun, ulang=5):
    connection.queries_log.clear()  # the capture counts within a bounded log
    with CaptureQueriesContext(connection) as ctx:
        bangun(opd, tahun)
    hasil = [bangun(opd, tahun) for _ in range(ulang)]
    konteks = sorted(h[0] for h in hasil)[ulang // 2] * 1000
    xlsx = sorted(h[1] for h in hasil)[ulang // 2] * 1000
    return len(ctx.captured_queries), konteks, xlsx, hasil[0][2]


def main():
    call_command("migrate", verbosity=0)
    from evaluasi.contoh import muat_contoh
    from evaluasi.models import Opd
    from evaluasi.sintetis import buat_opd_sintetis

    with transaction.atomic():
        muat_contoh(dengan_pengguna=False)
        seed = Opd.objects.get(slug="disnaker")
        kali10 = buat_opd_sintetis(910, 2022, program=60, kegiatan=3, sub=2)
        print(f"{'data':<24}{'kueri':>7}{'konteks ms':>12}{'xlsx ms':>10}{'total ms':>10}{'KiB':>8}")
        for nama, opd in (("seed Lamongan 2022", seed), ("sintetis 10x", kali10)):
            kueri, konteks, xlsx, ukuran = ukur(opd, 2022)
            print(f"{nama:<24}{kueri:>7}{konteks:>12.1f}{xlsx:>10.1f}{konteks + xlsx:>10.1f}{ukuran / 1024:>8.0f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
