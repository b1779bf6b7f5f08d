"""Real servers for the load, fault and throughput tests and benches: a private PostgreSQL, gunicorn, clients.

- ``PostgresPribadi``: a throw-away PostgreSQL cluster of our own (initdb in a temporary folder, run as
  the ``postgres`` system user, on a free port, fsync off): it may be stopped and started at will,
  which the shared server on 5432 never may.
- ``Gunicorn``: the app under gunicorn (gunicorn.conf.py) on a free port, with production settings.
- ``siapkan_basis_data``: migrate, load the seed (and optionally a synthetic kabupaten).
- ``kuki_sesi``: a logged-in session cookie for a user, made in the database (no login form, no throttling).
- ``beban``: N threads with keep-alive connections requesting URLs for S seconds: statuses and latencies.

Nothing here is started unless a test or bench asks for it; every process is stopped by its own id.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PY = sys.executable


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bin_postgres(nama):
    """A PostgreSQL server binary (Debian's /usr/lib/postgresql/<versi>/bin), or None."""
    ada = sorted(glob(f"/usr/lib/postgresql/*/bin/{nama}"))
    return ada[-1] if ada else None


def bisa_postgres_pribadi() -> bool:
    """Whether a private cluster can be made here: the binaries, and a non-root user to run them."""
    if not bin_postgres("initdb") or not bin_postgres("pg_ctl"):
        return False
    if os.geteuid() != 0:
        return True
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


class PostgresPribadi:
    """A PostgreSQL cluster in a temporary folder on its own port; ``stop()``/``start()`` at will."""

    def __init__(self, port=None):
        self.port = port or port_bebas()
        self.folder = Path(tempfile.mkdtemp(prefix="pg-pribadi-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._jalankan(bin_postgres("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")

    def _jalankan(self, *perintah, periksa=True):
        if os.geteuid() == 0:
            perintah = ("runuser", "-u", "postgres", "--", *perintah)
        return subprocess.run(perintah, capture_output=True, text=True, check=periksa, timeout=120)

    @property
    def url_server(self):
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def start(self):
        opsi = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._jalankan(bin_postgres("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opsi, "-w", "start")

    def stop(self):
        """Fast shutdown: open connections are cut, as in a real outage."""
        self._jalankan(bin_postgres("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", periksa=False)

    def buat_db(self, nama):
        self._psql(f'CREATE DATABASE "{nama}"')
        return f"{self.url_server}/{nama}"

    def _psql(self, sql):
        psql = bin_postgres("psql") or shutil.which("psql")
        subprocess.run(
            [psql, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-qc", sql],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def hapus(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def env_produksi(database_url, **lain):
    """Production settings for a local run: DEBUG off, plain HTTP, static files from the app folders."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "disnaker.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "uji-beban-" + "q" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        **lain,
    }


def manage(env, *argumen, timeout=900):
    hasil = subprocess.run(
        [PY, "manage.py", *argumen], cwd=BASE, env=env, capture_output=True, text=True, timeout=timeout
    )
    if hasil.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(argumen)} gagal:\n{hasil.stdout}\n{hasil.stderr}")
    return hasil.stdout


def siapkan_basis_data(env, sintetis_opd=0, sintetis_tahun="2021-2026"):
    """Migrate, load the seed and its demo users, and optionally a synthetic kabupaten."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "muat_contoh", "--paksa")
    if sintetis_opd:
        manage(env, "buat_data_sintetis", "--opd", str(sintetis_opd), "--tahun", sintetis_tahun)


SKRIP_SESI = """
import sys, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
import time
for nama in sys.argv[1:]:
    u = get_user_model().objects.get(username=nama)
    s = SessionStore()
    s[SESSION_KEY] = str(u.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    s["_aktif"] = int(time.time())
    s.create()
    print(nama, s.session_key)
"""


def kuki_sesi(env, *username):
    """{username: session key} of logged-in sessions made directly in the database."""
    hasil = subprocess.run(
        [PY, "-c", SKRIP_SESI, *username], cwd=BASE, env=env, capture_output=True, text=True, check=True
    )
    return dict(baris.split() for baris in hasil.stdout.strip().splitlines())


class Gunicorn:
    """The app under gunicorn with gunicorn.conf.py, on a free port; stopped by its own process id."""

    def __init__(self, env, workers=2, port=None):
        self.port = port or port_bebas()
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        gunicorn = str(Path(PY).with_name("gunicorn"))
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers)}
        env.setdefault("GUNICORN_ACCESSLOG", "/dev/null")
        self.proses = subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", "disnaker.wsgi"],
            cwd=BASE,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.tunggu_sehat()

    @property
    def alamat(self):
        return f"http://127.0.0.1:{self.port}"

    def tunggu_sehat(self, batas=90):
        akhir = time.time() + batas
        while time.time() < akhir:
            if self.proses.poll() is not None:
                raise RuntimeError("gunicorn berhenti:\n" + Path(self.log.name).read_text())
            try:
                with urllib.request.urlopen(self.alamat + "/sehat/", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn tidak sehat:\n" + Path(self.log.name).read_text())

    def hentikan(self):
        if self.proses.poll() is None:
            os.killpg(self.proses.pid, signal.SIGTERM)
            try:
                self.proses.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proses.pid, signal.SIGKILL)
                self.proses.wait()

    def teks_log(self):
        return Path(self.log.name).read_text(errors="replace")


@dataclass
class HasilBeban:
    """What a load run saw: (status, seconds, url, start offset) per response and the network errors."""

    detik: float
    respons: list = field(default_factory=list)
    galat: list = field(default_factory=list)
    contoh_5xx: dict = field(default_factory=dict)
    badan_5xx: set = field(default_factory=set)

    @property
    def jumlah(self):
        return len(self.respons)

    @property
    def per_detik(self):
        return self.jumlah / self.detik if self.detik else 0.0

    def persentil(self, p):
        waktu = sorted(r[1] for r in self.respons)
        if not waktu:
            return float("nan")
        return waktu[min(len(waktu) - 1, int(round(p / 100 * (len(waktu) - 1))))]

    def status(self):
        hitung = {}
        for r in self.respons:
            hitung[r[0]] = hitung.get(r[0], 0) + 1
        return hitung

    def ringkas(self, judul=""):
        return (
            f"{judul}{self.jumlah} permintaan dalam {self.detik:.1f} s = {self.per_detik:.1f}/s; "
            f"p50 {self.persentil(50) * 1000:.0f} ms, p99 {self.persentil(99) * 1000:.0f} ms; "
            f"status {self.status()}; galat jaringan {len(self.galat)}"
        )


def beban(alamat, path_list, klien=50, detik=10.0, kuki=None, batas_waktu=120):
    """``klien`` threads, each with its own keep-alive connection, cycling through ``path_list`` for ``detik``.

    ``kuki`` is a list of Cookie header values, one picked per client (round robin).
    """
    host, port = alamat.removeprefix("http://").split(":")
    hasil = HasilBeban(detik=0)
    kunci = threading.Lock()
    mulai = time.perf_counter()
    akhir = mulai + detik

    def kerja(i):
        koneksi = None
        header = {"Cookie": kuki[i % len(kuki)]} if kuki else {}
        n = i
        while time.perf_counter() < akhir:
            path = path_list[n % len(path_list)]
            n += 1
            t0 = time.perf_counter()
            try:
                if koneksi is None:
                    koneksi = http.client.HTTPConnection(host, int(port), timeout=batas_waktu)
                koneksi.request("GET", path, headers=header)
                r = koneksi.getresponse()
                isi = r.read()
                dt = time.perf_counter() - t0
                with kunci:
                    hasil.respons.append((r.status, dt, path, t0 - mulai))
                    if r.status >= 500:
                        hasil.contoh_5xx.setdefault(r.status, isi[:2000].decode(errors="replace"))
                        hasil.badan_5xx.add((r.status, isi.decode(errors="replace")))
                if r.getheader("Connection", "").lower() == "close":
                    koneksi.close()
                    koneksi = None
            except (OSError, http.client.HTTPException) as exc:
                with kunci:
                    hasil.galat.append((type(exc).__name__, path, time.perf_counter() - mulai))
                if koneksi is not None:
                    koneksi.close()
                koneksi = None
                time.sleep(0.05)
        if koneksi is not None:
            koneksi.close()

    benang = [threading.Thread(target=kerja, args=(i,), daemon=True) for i in range(klien)]
    for b in benang:
        b.start()
    for b in benang:
        b.join(detik + batas_waktu + 30)
    hasil.detik = time.perf_counter() - mulai
    return hasil


def median(xs):
    return statistics.median(xs) if xs else float("nan")


@contextlib.contextmanager
def server_produksi(nama_db, workers=2):
    """A private PostgreSQL with a migrated, seeded database and gunicorn on it; both gone afterwards.

    Yields ``(pg, gunicorn, env)``. The caller skips when ``bisa_postgres_pribadi()`` is false.
    """
    pg = PostgresPribadi()
    pg.start()
    g = None
    try:
        env = env_produksi(pg.buat_db(nama_db))
        siapkan_basis_data(env)
        g = Gunicorn(env, workers=workers)
        yield pg, g, env
    finally:
        if g is not None:
            g.hentikan()
        pg.hapus()
