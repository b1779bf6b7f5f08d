"""Print the server time and query count of the OPD dashboard, a drill-down page and the kabupaten overview,
at seed size (the Lamongan 2022 OPD alone) and at kabupaten size (50 synthetic OPD × 6 years, 2021–2026).

Run: .venv/bin/python bench/dasbor.py [--opd 50]   (a throw-away SQLite database in memory, or the database
of DATABASE_URL if set, inside a transaction that is rolled back). The synthetic data is made here with
evaluasi.sintetis.buat_opd_sintetis, so the script depends on nothing else.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
# Its own cache of rendered bodies: ``ukur`` clears it, which must not touch the checkout's var/cache.
os.environ.setdefault("CACHE_EKSPOR_DIR", tempfile.mkdtemp(prefix="bench-dasbor-"))

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TAHUN = list(range(2021, 2027))


def ukur(client, url, ulang=3):
    """(queries and ms of the first request with empty caches, mean ms of the next ``ulang``: cached bodies)."""
    caches["default"].clear()
    caches["ekspor"].clear()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        mulai = time.perf_counter()
        r = client.get(url)
        dingin = (time.perf_counter() - mulai) * 1000
    # Counted now: ``captured_queries`` slices the live query log, which the next requests reset.
    kueri = len(ctx.captured_queries)
    assert r.status_code == 200, (url, r.status_code)
    mulai = time.perf_counter()
    for _ in range(ulang):
        client.get(url)
    return kueri, dingin, (time.perf_counter() - mulai) / ulang * 1000


def kueri_terlama(client, url, n=4):
    """The ``n`` slowest queries of one request (with PROFIL=1), to see where the time goes."""
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:n]:
        print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")


def cetak(nama, url, hasil):
    kueri, dingin, hangat = hasil
    print(f"{nama:<44}{kueri:>7}{dingin:>12.1f}{hangat:>12.1f}   {url}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opd", type=int, default=50, help="synthetic OPD of the kabupaten (default 50)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from evaluasi.contoh import muat_contoh
    from evaluasi.models import Opd, Unsur
    from evaluasi.sintetis import buat_opd_sintetis

    with transaction.atomic():
        muat_contoh(dengan_pengguna=False)
        seed = Opd.objects.get(slug="disnaker")
        admin = get_user_model().objects.create_superuser("bench-dasbor", password="x")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(admin)
        program = Unsur.objects.filter(opd=seed, tahun=2022, level="program").order_by("urutan").first()

        print(f"{'halaman':<44}{'kueri':>7}{'ms dingin':>12}{'ms hangat':>12}")
        print("-- ukuran seed (1 OPD, 2022)")
        cetak("dasbor OPD (seed)", "/opd/disnaker/", ukur(client, "/opd/disnaker/"))
        url = f"/opd/disnaker/dasbor/2022/unsur/{program.pk}/"
        cetak("drill-down program (seed)", url, ukur(client, url))
        cetak("ikhtisar kabupaten (1 OPD)", "/kabupaten/", ukur(client, "/kabupaten/"))

        mulai = time.perf_counter()
        for n in range(1, args.opd + 1):
            for th in TAHUN:
                buat_opd_sintetis(500 + n, th, program=6, kegiatan=3, sub=2, seed=th)
        print(
            f"-- ukuran kabupaten ({args.opd} OPD sintetis × {len(TAHUN)} tahun + seed; dibuat dalam "
            f"{time.perf_counter() - mulai:.0f} s)"
        )
        cetak("dasbor OPD (seed, di antara kabupaten)", "/opd/disnaker/", ukur(client, "/opd/disnaker/"))
        cetak("dasbor OPD sintetis (6 tahun)", "/opd/sintetis-501/", ukur(client, "/opd/sintetis-501/"))
        cetak("ikhtisar kabupaten", "/kabupaten/", ukur(client, "/kabupaten/"))
        cetak("ikhtisar kabupaten XLSX", "/kabupaten/xlsx/", ukur(client, "/kabupaten/xlsx/"))
        if os.environ.get("PROFIL"):
            for url in ("/opd/sintetis-501/", "/kabupaten/"):
                print(f"   kueri terlama {url}")
                kueri_terlama(client, url)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
