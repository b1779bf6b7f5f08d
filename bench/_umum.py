"""Shared by the bench scripts: Django set-up, the data sizes compared, and the summary line bench/all reads.

Sizes: the seed (Lamongan 2022, one OPD) against the kabupaten (the seed + ``buat_kabupaten_sintetis``:
50 synthetic OPD × 2021–2026, plus one OPD ten times the seed's size, ``sintetis-910``). Data goes
into a throw-away SQLite database in memory unless DATABASE_URL says otherwise, inside a transaction
that is rolled back.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("BENCH_OPD", "50")
# Production settings (DEBUG off: no per-call code hashing, no query log), plain HTTP on 127.0.0.1.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-" + "b" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("LOG_LEVEL", "ERROR")


def siapkan_django():
    import tempfile

    os.environ.setdefault("CACHE_EKSPOR_DIR", tempfile.mkdtemp(prefix="bench-tembolok-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def buat_seed():
    """The seed and a superuser; returns (seed OPD, user)."""
    from django.contrib.auth import get_user_model

    from evaluasi.contoh import muat_contoh
    from evaluasi.models import Opd

    muat_contoh(dengan_pengguna=True)
    admin = get_user_model().objects.create_superuser("bench", password=None)
    return Opd.objects.get(slug="disnaker"), admin


def buat_kabupaten():
    """The kabupaten around the seed; returns the OPD ten times the seed's size."""
    from evaluasi.sintetis import buat_kabupaten_sintetis, buat_opd_sintetis

    mulai = time.perf_counter()
    hasil = buat_kabupaten_sintetis(int(os.environ["BENCH_OPD"]), range(2021, 2027), seed=1)
    besar = buat_opd_sintetis(910, 2022, program=60, kegiatan=3, sub=2)
    print(
        f"# kabupaten: {hasil['opd']} OPD sintetis × 6 tahun ({hasil['indikator']} indikator) "
        f"+ sintetis-910 (10× seed), dibuat dalam {time.perf_counter() - mulai:.0f} s"
    )
    return besar


def klien(user):
    from django.test import Client

    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    return c


def ringkas(ukuran, nilai, tujuan, lulus):
    """One summary row for bench/all: RINGKAS<TAB>what<TAB>value<TAB>goal<TAB>ok."""
    print(f"RINGKAS\t{ukuran}\t{nilai}\t{tujuan}\t{'ya' if lulus else 'TIDAK'}")
