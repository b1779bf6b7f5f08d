"""Settings for e-Evaluasi Kinerja.

Everything that differs between a laptop demo and production comes from
environment variables, with defaults that are safe for a local demo:

- ``DATABASE_URL``  default: a SQLite file ``db.sqlite3`` in the project;
  production: ``postgres://user:pass@host:5432/name``.
- ``SECRET_KEY``    required when ``DEBUG`` is off.
- ``DEBUG``         default on for the demo; ``0`` in production.
- ``ALLOWED_HOSTS`` comma separated, default ``127.0.0.1,localhost``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.environ.get(name, str(int(default))).lower() in ("1", "true", "yes", "on")


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
    "evaluasi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Evidence files and imported workbooks: no base URL, served only through scoped views.
    "pribadi": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIBADI_ROOT), "base_url": None},
    },
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Rules of computation that a kabupaten may configure (see evaluasi/capaian.py).
# None keeps the defaults of DESIGN.md.
EVALUASI_PREDIKAT = None  # e.g. [("100", "Sangat Berhasil", "hijau"), ...]
EVALUASI_LEVEL_RISIKO = None

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

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
