"""An XLSX import killed half-way leaves nothing half-written (issue 7, "Faults").

A real ``manage.py impor_xlsx`` process imports a synthetic plan of ~4.800 indicators into a SQLite
file and is killed with SIGKILL while its write transaction is open: the rollback journal left
behind proves the kill landed mid-write. Opening the database afterwards rolls the transaction
back, and not a single row of the plan is there; running the same import again completes it.
"""

import os
import signal
import sqlite3
import subprocess
import time

from tests.pelayan import BASE, PY

SIAPKAN = """
import sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from evaluasi.impor.templat import buku_rencana
from evaluasi.models import Unsur
from evaluasi.sintetis import buat_opd_sintetis
get_user_model().objects.create_superuser("admin", "", "kata-sandi-uji-1")
opd = buat_opd_sintetis(77, 2022, program=10, kegiatan=10, sub=11, indikator=4)
open(sys.argv[1], "wb").write(buku_rencana(opd, 2022))
Unsur.objects.filter(opd=opd, tahun=2022).delete()
"""


def _hitung(db, tabel):
    with sqlite3.connect(db) as c:
        return c.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0]


def test_impor_dibunuh_di_tengah_tidak_menulis_apa_pun(tmp_path):
    db = tmp_path / "impor.sqlite3"
    xlsx = tmp_path / "rencana.xlsx"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "disnaker.settings",
        "DATABASE_URL": f"sqlite:///{db}",
        "PRIBADI_ROOT": str(tmp_path / "pribadi"),
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run([PY, "-c", SIAPKAN, str(xlsx)], cwd=BASE, env=env, check=True, timeout=600)
    assert _hitung(db, "evaluasi_unsur") == 0

    # The synthetic plan has targets above 100 for "%" indicators: plausibility warnings, confirmed here.
    perintah = [PY, "manage.py", "impor_xlsx", str(xlsx), "--opd", "sintetis-77", "--tahun", "2022"]
    perintah += ["--konfirmasi-kewajaran", "Data sintetis untuk uji."]
    # SQLite runs in WAL mode (settings): the apply transaction's writes append frames to the -wal file.
    wal = db.with_name(db.name + "-wal")
    keluaran = tmp_path / "keluaran.txt"
    with keluaran.open("w") as berkas_keluaran:
        proses = subprocess.Popen(
            [*perintah, "--pengguna", "admin"], cwd=BASE, env=env, stdout=berkas_keluaran, stderr=subprocess.STDOUT
        )
    try:
        # The preview is printed once it is committed; the apply transaction follows. Its first write
        # changes the -wal file: then the process is inside the writes of the plan.
        akhir = time.time() + 300
        while "Pratinjau" not in keluaran.read_text() and proses.poll() is None and time.time() < akhir:
            time.sleep(0.01)
        sesudah_pratinjau = wal.stat().st_mtime_ns if wal.exists() else 0
        while proses.poll() is None and time.time() < akhir:
            if wal.exists() and wal.stat().st_mtime_ns != sesudah_pratinjau:
                break
            time.sleep(0.005)
        time.sleep(0.05)  # inside the writes of the plan (they take about a second)
        assert proses.poll() is None, "the import ended before it could be killed"
        proses.send_signal(signal.SIGKILL)
    finally:
        proses.wait(30)
    assert proses.returncode == -signal.SIGKILL
    assert wal.exists(), "no write-ahead log when killed: the apply transaction had not begun writing"

    # Opening the database rolls the killed transaction back: nothing of the plan is there (the
    # synthetic OPD is the only one in this database, so every plan table must be empty).
    with sqlite3.connect(db) as c:
        for tabel in ("evaluasi_unsur", "evaluasi_indikator", "evaluasi_target", "evaluasi_komponentarget"):
            assert c.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0] == 0, tabel
        assert c.execute("SELECT count(*) FROM evaluasi_anggaran").fetchone()[0] == 0
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # The same file again completes the import.
    ulang = subprocess.run(
        [*perintah, "--pengguna", "admin"], cwd=BASE, env=env, capture_output=True, text=True, timeout=600
    )
    assert ulang.returncode == 0, ulang.stderr
    assert "Diterapkan" in ulang.stdout
    assert (_hitung(db, "evaluasi_unsur"), _hitung(db, "evaluasi_indikator")) == (1212, 4844)
