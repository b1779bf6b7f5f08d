"""Import of a synthetic plan of 5.000, 10.000 and 20.000 indicators: time against openpyxl's parse, peak memory.

Run: .venv/bin/python bench/impor.py   (a throw-away SQLite file; with DATABASE_URL set, that
database, where the synthetic OPD stay: use an empty one). Every import runs inside a transaction
that is rolled back. Production settings (DEBUG off).

For each size a synthetic OPD (evaluasi/sintetis.py) is made, its plan template exported
(evaluasi/impor/templat.py), and an empty twin OPD with the same slug and bidang codes made to
import it into. Then, each in a fresh Python process so one measure cannot inflate another:
- ``parse s``: openpyxl ``load_workbook(read_only=True)`` iterating every row of every sheet, nothing else
  (best of 3);
- ``impor s``: our whole import as the confirm runs it, into the emptied plan (every row a create,
  the most writes): read and compare once (``hitung``), then ``tulis`` replays the recorded writes in
  batches of 500 with history; ``rasio`` = impor / parse (goal: under 3);
- ``ulang s``: the same file imported again over the plan it made (every row "tetap": the most data
  to compare with);
- ``tm MiB``: tracemalloc peak of the import (Python objects), for the parse alone, the import and
  the re-import;
- ``RSS MiB``: growth of the process's peak resident memory during the import (VmHWM after, reset
  just before, minus VmRSS before): Python and C alike, including SQLite's page caches and openpyxl.
Goal for memory: flat as the file grows (read-only reading, every cross-row key in the on-disk
scratch store of evaluasi/impor/gudang.py, writes in batches).
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DEBUG", "0")  # production: no query log growing with every statement
os.environ.setdefault("SECRET_KEY", "bench-impor-bukan-rahasia")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

UKURAN = [  # (program, kegiatan, sub, indikator per node): (1 + P + P·K + P·K·S) × I indicators
    (10, 10, 11, 4),  # 4.844 indicators
    (20, 10, 11, 4),  # 9.684 indicators (~10.000)
    (40, 10, 11, 4),  # 19.364 indicators
]


class Batal(Exception):
    pass


def _status_mib(nama):
    """A memory line of /proc/self/status (VmRSS: now; VmHWM: peak of this process image), in MiB."""
    with open("/proc/self/status") as f:
        for baris in f:
            if baris.startswith(nama + ":"):
                return int(baris.split()[1]) / 1024
    raise LookupError(nama)


def _mulai_rss():
    """Reset the peak to the current RSS (Linux clear_refs 5) and return the current RSS.

    Not ru_maxrss: Linux carries the parent's peak across fork and exec, so a child of a big
    process would report the parent's size.
    """
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return _status_mib("VmRSS")


def parse_saja(isi: bytes):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return n


def impor(opd, isi, tahap=None, ulang=False, awal=None):
    """The import as the confirm runs it, in a transaction rolled back; ``tahap`` gets seconds per stage.

    ``ulang``: the file is first imported unmeasured, then measured again over the plan it made.
    ``awal`` is called right before the measured import (to start tracemalloc or read the RSS).
    """
    from django.db import transaction

    from evaluasi.impor.baca import baca_buku
    from evaluasi.impor.terapkan import hitung

    def sekali():
        t0 = time.perf_counter()
        rencana = hitung(baca_buku(isi), opd, 2022, None)
        assert not rencana.galat, [str(g) for g in rencana.galat[:5]]
        t1 = time.perf_counter()
        rencana.tulis(opd)
        t2 = time.perf_counter()
        return rencana, t1 - t0, t2 - t1

    try:
        with transaction.atomic():
            if ulang:
                sekali()
            if awal is not None:
                awal()
            rencana, hitung_s, tulis_s = sekali()
            if tahap is not None:
                tahap.update(t=hitung_s + tulis_s, hitung=hitung_s, tulis=tulis_s)
                tahap.update(dibuat=rencana.dibuat, tetap=rencana.tetap)
            raise Batal
    except Batal:
        pass


def anak(ukur, slug, berkas):
    """One measure in this fresh process; prints a JSON figure."""
    import django

    django.setup()
    from evaluasi.models import Opd

    isi = Path(berkas).read_bytes()
    opd = Opd.objects.get(slug=slug)
    if ukur == "parse":
        hasil = min(_waktu(lambda: parse_saja(isi)) for _ in range(3))
    elif ukur in ("impor", "ulang"):
        hasil = {}
        impor(opd, isi, hasil, ulang=ukur == "ulang")
    elif ukur == "tm_parse":
        parse_saja(_kecil())  # warm up: openpyxl imported before measuring
        tracemalloc.start()
        parse_saja(isi)
        hasil = tracemalloc.get_traced_memory()[1] / 2**20
    elif ukur in ("tm_impor", "tm_ulang"):
        impor(opd, isi, ulang=ukur == "tm_ulang", awal=tracemalloc.start)
        hasil = tracemalloc.get_traced_memory()[1] / 2**20
    elif ukur == "rss":
        parse_saja(_kecil())  # warm up: every module imported before the baseline
        sebelum = {}
        impor(opd, isi, awal=lambda: sebelum.update(rss=_mulai_rss()))
        hasil = _status_mib("VmHWM") - sebelum["rss"]
    print(json.dumps(hasil))


def _kecil():
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def _waktu(fungsi):
    mulai = time.perf_counter()
    fungsi()
    return time.perf_counter() - mulai


def _ukur(ukur, slug, berkas, env):
    keluar = subprocess.run(
        [sys.executable, __file__, "--anak", ukur, slug, berkas], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(keluar.stdout.strip().splitlines()[-1])


def main():
    sementara = tempfile.mkdtemp(prefix="bench-impor-")
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{sementara}/bench.sqlite3")
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    import django

    django.setup()
    from django.core.management import call_command

    from evaluasi.impor.templat import buku_rencana
    from evaluasi.models import Bidang, Indikator, Opd
    from evaluasi.sintetis import buat_opd_sintetis

    call_command("migrate", verbosity=0)
    print(
        f"{'indikator':>9}{'baris':>7}{'KiB':>6}{'parse s':>8}{'impor s':>8}{'rasio':>6}{'hitung':>7}{'tulis':>6}"
        f"{'ulang s':>8}{'tm parse':>9}{'tm impor':>9}{'tm ulang':>9}{'RSS impor':>10}   (MiB)"
    )
    try:
        for nomor, (program, kegiatan, sub, indikator) in enumerate(UKURAN, start=950):
            sumber = buat_opd_sintetis(nomor, 2022, program=program, kegiatan=kegiatan, sub=sub, indikator=indikator)
            isi = buku_rencana(sumber, 2022)
            n_ind = Indikator.objects.filter(unsur__opd=sumber, unsur__tahun=2022).count()
            # The file goes into an empty twin (same slug and bidang codes): deleting a plan this size
            # would take minutes (every deleted row bumps the data version through its signal).
            slug = sumber.slug
            Opd.objects.filter(pk=sumber.pk).update(slug=f"{slug}-asal")
            kembar = Opd.objects.create(slug=slug, nama=f"{sumber.nama} (kembar kosong)", kabupaten=sumber.kabupaten)
            Bidang.objects.bulk_create(
                Bidang(opd=kembar, kode=b.kode, nama=b.nama, urutan=b.urutan) for b in sumber.bidang.all()
            )
            berkas = f"{sementara}/{slug}.xlsx"
            Path(berkas).write_bytes(isi)
            u = {k: _ukur(k, slug, berkas, env) for k in ("parse", "impor", "ulang", "tm_parse", "tm_impor")}
            u |= {k: _ukur(k, slug, berkas, env) for k in ("tm_ulang", "rss")}
            assert u["impor"]["dibuat"] > 2 * n_ind and u["ulang"]["dibuat"] == 0, u
            print(
                f"{n_ind:>9}{parse_saja(isi):>7}{len(isi) // 1024:>6}{u['parse']:>8.2f}{u['impor']['t']:>8.2f}"
                f"{u['impor']['t'] / u['parse']:>6.2f}{u['impor']['hitung']:>7.2f}{u['impor']['tulis']:>6.2f}"
                f"{u['ulang']['t']:>8.2f}{u['tm_parse']:>9.1f}{u['tm_impor']:>9.1f}{u['tm_ulang']:>9.1f}"
                f"{u['rss']:>10.1f}",
                flush=True,
            )
    finally:
        shutil.rmtree(sementara)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--anak":
        anak(*sys.argv[2:5])
    else:
        main()
