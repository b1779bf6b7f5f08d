"""gunicorn settings for e-Evaluasi Kinerja: `gunicorn -c gunicorn.conf.py disnaker.wsgi`.

Everything an operator tunes comes from the environment (docs/deploy.md):

- GUNICORN_BIND     default 127.0.0.1:8000 (nginx in front; never expose gunicorn directly)
- GUNICORN_WORKERS  default 2 × CPU + 1
- GUNICORN_THREADS  default 1 (sync workers: the PDF export is CPU-bound)
- GUNICORN_TIMEOUT  default 120 s: a first PDF of a large OPD takes a few seconds, a kabupaten export more
- GUNICORN_MAX_REQUESTS  default 1000 (+ jitter): recycles workers, bounding WeasyPrint's memory
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# Load the app once in the master, then fork: faster start, shared memory for the code.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# gunicorn's control socket (one fixed path per user) is not used: systemd manages the process.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "0") != "1"
# nginx sets X-Forwarded-Proto; trust it only from the local proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on stderr (journald): the access log as JSON lines like the app's own (disnaker/settings.py).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = (
    '{"waktu": "%(t)s", "logger": "gunicorn.access", "alamat": "%(h)s", "metode": "%(m)s", "path": "%(U)s", '
    '"query": "%(q)s", "status": %(s)s, "bita": "%(B)s", "durasi_us": %(D)s, "agen": "%(a)s"}'
)


def post_fork(server, worker):
    # Database connections must never be shared across forked workers (preload_app).
    from django.db import connections

    for koneksi in connections.all(initialized_only=True):
        koneksi.close()
