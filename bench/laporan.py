"""Print query count and time of the report data service and of the HTML report page, seed vs 10x seed.

Run: .venv/bin/python bench/laporan.py   (uses a throw-away SQLite database in memory,
or the database of DATABASE_URL if set, inside a transaction that is rolled back).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("CACHE_EKSPOR_DIR", __import__("tempfile").mkdtemp(prefix="bench-laporan-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def ukur(opd, tahun, ulang=5):
    from evaluasi.laporan.data import data_laporan

    connection.queries_log.clear()  # the capture counts within a bounded log
    with CaptureQueriesContext(connection) as ctx:
        data_laporan(opd, tahun, 2)
    mulai = time.perf_counter()
    for _ in range(ulang):
        data_laporan(opd, tahun, 2)
    return len(ctx.captured_queries), (time.perf_counter() - mulai) / ulang * 1000


def ukur_halaman(client, opd, tahun, ulang=3):
    from django.core.cache import caches

    url = f"/opd/{opd.slug}/laporan/{tahun}/semester/2/"
    caches["ekspor"].clear()  # the first request renders the report body; the timed ones are served cached
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    mulai = time.perf_counter()
    for _ in range(ulang):
        client.get(url)
    return len(ctx.captured_queries), (time.perf_counter() - mulai) / ulang * 1000


def main():
    call_command("migrate", verbosity=0)
    from evaluasi.contoh import muat_contoh
    from evaluasi.models import Opd
    from evaluasi.sintetis import buat_opd_sintetis

    with transaction.atomic():
        muat_contoh(dengan_pengguna=False)
        seed = Opd.objects.get(slug="disnaker")
        kali1 = buat_opd_sintetis(901, 2022, program=6, kegiatan=3, sub=2)
        kali10 = buat_opd_sintetis(910, 2022, program=60, kegiatan=3, sub=2)
        from django.contrib.auth import get_user_model
        from django.test import Client

        admin = get_user_model().objects.create_superuser("bench", password="x")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(admin)
        print(f"{'data':<22}{'kueri data':>11}{'ms data':>9}{'kueri HTML':>12}{'ms HTML (tembolok)':>20}")
        for nama, opd in (("seed Lamongan 2022", seed), ("sintetis 1x", kali1), ("sintetis 10x", kali10)):
            kueri, ms = ukur(opd, 2022)
            kueri_html, ms_html = ukur_halaman(client, opd, 2022)
            print(f"{nama:<22}{kueri:>11}{ms:>9.1f}{kueri_html:>12}{ms_html:>20.1f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
