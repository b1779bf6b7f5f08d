"""Settings for e-Evaluasi Kinerja.

Everything that differs between a laptop demo and production comes from
environment variables, with defaults that are safe for a local demo:

- ``DATABASE_URL``  default: a SQLite file ``db.sqlite3`` in the project;
  production: ``postgres://user:pass@host:5432/name``.
- ``SECRET_KEY``    required when ``DEBUG`` is off.
- ``DEBUG``         default on for the demo; ``0`` in production.
- ``ALLOWED_HOSTS`` comma separated, default ``127.0.0.1,localhost``.

Production settings (sessions, login throttling, logging, storage, static files, caches) are
documented where they are set below and, for an operator, in docs/deploy.md.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.environ.get(name, str(int(default))).lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, str(default)))


def envlist(name, default):
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY wajib diisi bila DEBUG=0.")
    # Demo-only key: never used in production because DEBUG=0 requires SECRET_KEY.
    SECRET_KEY = "django-insecure-demo-hanya-untuk-laptop"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "simple_history",
    "axes",
    "evaluasi",
]

MIDDLEWARE = [
    # Outermost: a database that cannot be reached becomes the friendly 503 page, never a traceback.
    "evaluasi.middleware.DatabaseTakTerjangkauMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (settings: CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "evaluasi.middleware.SesiMenganggurMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "disnaker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "disnaker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

# SQLite (the laptop/demo default, never PostgreSQL): concurrent writers wait for each other instead of
# failing at once. WAL lets readers go on while one writes; IMMEDIATE takes the write lock when a
# transaction begins, so a waiting writer uses the busy timeout (a deferred one that must upgrade its
# lock fails without waiting); "timeout" is that busy timeout in seconds (SQLITE_TUNGGU_DETIK, default 5).
# A write that still gets no lock is the 503 "Sistem sedang sibuk" page (evaluasi.middleware).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_TUNGGU_DETIK", "5")),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("SANDI_MIN_PANJANG", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Evidence files (data dukung) live outside the web root and are served by a view
# that checks the user's scope.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
PRIBADI_ROOT = Path(os.environ.get("PRIBADI_ROOT", BASE_DIR / "var" / "pribadi"))
DATA_DUKUNG_MAKS_MB = int(os.environ.get("DATA_DUKUNG_MAKS_MB", "10"))
# Budgets of every workbook read (evaluasi/impor/batas.py): a file past any of them is refused with a
# message naming the limit, before anything is stored. Together they keep a server process reading an
# upload of IMPOR_UKURAN_MAKS (10 MB) under ~250 MB and within its time (well under GUNICORN_TIMEOUT).
EVALUASI_IMPOR_MAKS_BYTE_XML = envint("EVALUASI_IMPOR_MAKS_BYTE_XML", 100 * 1024 * 1024)  # all parts, unzipped
EVALUASI_IMPOR_MAKS_BYTE_BAGIAN = envint("EVALUASI_IMPOR_MAKS_BYTE_BAGIAN", 4 * 1024 * 1024)  # a part read whole
EVALUASI_IMPOR_MAKS_ANGGOTA_ZIP = envint("EVALUASI_IMPOR_MAKS_ANGGOTA_ZIP", 1000)  # parts in the zip
EVALUASI_IMPOR_MAKS_RASIO_ZIP = envint("EVALUASI_IMPOR_MAKS_RASIO_ZIP", 500)  # unzipped ÷ zipped, parts > 1 MB
EVALUASI_IMPOR_MAKS_SHARED_STRINGS = envint("EVALUASI_IMPOR_MAKS_SHARED_STRINGS", 500_000)  # distinct texts
EVALUASI_IMPOR_MAKS_KARAKTER_SHARED_STRINGS = envint("EVALUASI_IMPOR_MAKS_KARAKTER_SHARED_STRINGS", 10_000_000)
EVALUASI_IMPOR_MAKS_BARIS = envint("EVALUASI_IMPOR_MAKS_BARIS", 50_000)  # data rows of one sheet
EVALUASI_IMPOR_MAKS_KOLOM = envint("EVALUASI_IMPOR_MAKS_KOLOM", 100)  # no cell right of column CV
EVALUASI_IMPOR_MAKS_PANJANG_SEL = envint("EVALUASI_IMPOR_MAKS_PANJANG_SEL", 5000)  # characters; the form's limit
EVALUASI_IMPOR_MAKS_DETIK = envint("EVALUASI_IMPOR_MAKS_DETIK", 60)  # reading and comparing one file
# Static files: hashed, compressed names (whitenoise) in production, after `collectstatic`.
# STATIC_MANIFEST=0 keeps plain names (a production-like run without collectstatic, e.g. the load tests).
STATIC_MANIFEST = envbool("STATIC_MANIFEST", not DEBUG)
# Evidence storage: any Django storage class (PRIBADI_BACKEND, e.g. an S3 storage of django-storages)
# with its options as JSON (PRIBADI_OPSI); by default files on disk under PRIBADI_ROOT.
PRIBADI_BACKEND = os.environ.get("PRIBADI_BACKEND", "django.core.files.storage.FileSystemStorage")
PRIBADI_OPSI = json.loads(os.environ.get("PRIBADI_OPSI", "{}")) or {"location": str(PRIBADI_ROOT), "base_url": None}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # Evidence files and imported workbooks: no base URL, served only through scoped views.
    "pribadi": {"BACKEND": PRIBADI_BACKEND, "OPTIONS": PRIBADI_OPSI},
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Rules of computation that a kabupaten may configure (see evaluasi/capaian.py).
# None keeps the defaults of DESIGN.md.
EVALUASI_PREDIKAT = None  # e.g. [("100", "Sangat Berhasil", "hijau"), ...]
EVALUASI_LEVEL_RISIKO = None
# Cap of each capaian when an average or ranking uses it as a score (dashboard headline, /kabupaten/,
# any rata-rata that is not a regulation form's own column): DESIGN.md "Averages and rankings", default 100,
# so one mis-specified 2.300% indicator cannot top a ranking. Each capaian itself stays uncapped.
# None would average uncapped capaian.
EVALUASI_BATAS_SKOR_CAPAIAN = 100
EVALUASI_MARGIN_SERAPAN = 10  # dashboard: a sub kegiatan whose serapan lags its plan by more points needs attention
# Formulas: beyond these an indicator's formula is shown as its plain text (never a 500 on a report).
EVALUASI_FORMULA_PANJANG_MAKS = 2000  # characters
EVALUASI_FORMULA_KEDALAMAN_MAKS = 20  # nesting of { }

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # The load balancer's health check may come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]

# Secure headers in every mode (cheap, and the tests check them).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4; Django 5.2 has no CSP of its own). Scripts, styles, fonts and
# requests only from our own origin: no inline <script>, no on…= handler attributes, no inline <style>
# and no style="…" attributes (the templates link static/evaluasi/*.css and *.js instead), so neither
# script-src nor style-src needs 'unsafe-inline'. img-src allows data: for the charts, which are SVG
# images inlined as data URIs (evaluasi/dasbor/grafik.py). The Django admin's change list adds one
# inline <style> when it has no actions; blocking it only widens a column. PDFs are rendered on the
# server by WeasyPrint, which a CSP does not concern. Evidence downloads set a stricter policy of
# their own (evaluasi/views/alur.py), which the middleware leaves in place.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sessions end after SESI_MENGANGGUR_DETIK of inactivity (default 2 hours): every request refreshes
# the expiry, at most every SESI_SEGARKAN_DETIK (a twelfth of it, at most 10 minutes; see
# evaluasi.middleware.SesiMenganggurMiddleware), so an active user stays in without a session
# write on every request. A session thus ends between 11/12 of the idle time and the idle time.
SESSION_COOKIE_AGE = envint("SESI_MENGANGGUR_DETIK", 2 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESI_TUTUP_PERAMBAN", False)
SESI_SEGARKAN_DETIK = min(600, SESSION_COOKIE_AGE // 12)

# Login throttling (django-axes, evaluasi/otentikasi.py): after AXES_FAILURE_LIMIT (MASUK_GAGAL_MAKS, 5)
# wrong passwords for one username from one address, that pair is locked for AXES_COOLOFF_TIME hours;
# after MASUK_GAGAL_MAKS_ALAMAT (30) wrong passwords from one address whatever the usernames (password
# spraying), every login from that address is. Failures count while newer than the cool-off; tries
# made while locked out are refused and not counted (they neither extend the lock nor fill the
# address count). The page (registration/terkunci.html) says so in Indonesian.
AUTHENTICATION_BACKENDS = [
    "evaluasi.otentikasi.BackendPembatasMasuk",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("MASUK_GAGAL_MAKS", 5)
AXES_COOLOFF_TIME = float(os.environ.get("MASUK_JEDA_JAM", "0.25"))  # hours
MASUK_GAGAL_MAKS_ALAMAT = envint("MASUK_GAGAL_MAKS_ALAMAT", 30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "evaluasi.otentikasi.PenanganPembatasMasuk"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "evaluasi.otentikasi.alamat_klien"
# Behind our own nginx (PROKSI_TEPERCAYA=1) the client's address is the last X-Forwarded-For entry.
PROKSI_TEPERCAYA = envbool("PROKSI_TEPERCAYA", False)

# Logging: JSON lines on stderr in production (one object per event: time, level, logger,
# message, and the exception if any), readable text while developing. LOG_FORMAT=json|teks.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "evaluasi.log.FormatJson"},
        "teks": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"galat_db": {"()": "evaluasi.log.TanpaJejakGalatDb"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "teks" if DEBUG else "json"),
            "filters": ["galat_db"],
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Caches. "ekspor" holds generated PDFs on disk, shared by every worker process. Its keys are
# hashes of the content (evaluasi/ekspor/pdf.py), so an entry can never be stale; the timeout
# and the entry limit only free disk space. CACHE_EKSPOR_DIR, CACHE_EKSPOR_DETIK and
# CACHE_EKSPOR_MAKS override the defaults (var/cache/ekspor, 30 days, 500 files).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ekspor": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_EKSPOR_DIR", str(BASE_DIR / "var" / "cache" / "ekspor")),
        "TIMEOUT": int(os.environ.get("CACHE_EKSPOR_DETIK", str(30 * 24 * 3600))),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_EKSPOR_MAKS", "500"))},
    },
}
