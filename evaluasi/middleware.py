"""Middleware of the deployment: a friendly 503 while the database is unreachable or busy, and idle sessions.

``DatabaseTakTerjangkauMiddleware`` is the outermost middleware. Django turns an exception into a
500 response inside each middleware layer, so the outermost one never sees the exception itself;
instead, the ``got_request_exception`` signal (sent for every such exception, with the exception
still being handled) marks the request when the exception is a database connection error, and
the middleware replaces that 500 with the 503 page. A view's own exception is caught earlier, in
``process_exception``. Either way the user sees templates/503.html with Retry-After, never a
traceback, and the error is logged once.

Two different 503s: a database that cannot be reached ("tidak dapat dihubungi"), and one that is there
but busy — a write that could not get SQLite's lock within its busy timeout ("database is locked"),
or a PostgreSQL lock timeout, deadlock or serialization failure. Telling a user on SQLite that the
database is unreachable while it only waits for another writer sends them to the wrong person.
"""

import logging
import sys
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader

log = logging.getLogger("evaluasi.operasi")

GALAT_DB = (OperationalError, InterfaceError)
COBA_LAGI_DETIK = 30
COBA_LAGI_SIBUK_DETIK = 5
# SQLite: SQLITE_BUSY ("database is locked") after the busy timeout, SQLITE_LOCKED ("database table is
# locked") between connections sharing a cache. PostgreSQL (SQLSTATE of the driver's error):
# lock_not_available, deadlock_detected, serialization_failure.
PESAN_SQLITE_SIBUK = ("database is locked", "database table is locked", "database schema is locked")
KODE_PG_SIBUK = {"55P03", "40P01", "40001"}


def basis_data_sibuk(exc) -> bool:
    """Whether a database error means "busy, try again" (a lock not obtained), not "unreachable"."""
    if not isinstance(exc, OperationalError):
        return False
    asal = exc.__cause__ or exc
    if getattr(asal, "pgcode", None) in KODE_PG_SIBUK:
        return True
    pesan = str(exc).lower()
    return any(p in pesan for p in PESAN_SQLITE_SIBUK)


def halaman_503(sibuk=False):
    """The 503 page (rendered without the request or the database: it must work while both are gone).

    ``sibuk``: the database answered but a lock could not be had in time; the page says the system is
    busy and asks to retry sooner, instead of saying the database cannot be reached.
    """
    coba_lagi = COBA_LAGI_SIBUK_DETIK if sibuk else COBA_LAGI_DETIK
    try:
        isi = loader.get_template("503.html").render({"coba_lagi": coba_lagi, "sibuk": sibuk})
    except Exception:  # a missing or broken template must not turn the 503 into a 500
        judul = "Sistem sedang sibuk" if sibuk else "Layanan sedang tidak tersedia"
        isi = f"<h1>{judul}</h1><p>Silakan coba lagi beberapa saat lagi.</p>"
    response = HttpResponse(isi, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(coba_lagi)
    response["Cache-Control"] = "no-store"
    return response


def _catat(request, exception):
    if basis_data_sibuk(exception):
        log.warning("Basis data sibuk (kunci tidak didapat): %s", exception, extra={"path": request.path})
    else:
        log.error("Basis data tidak terjangkau: %s", exception, extra={"path": request.path})


@receiver(got_request_exception)
def _tandai_galat_db(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, GALAT_DB):
        request._db_tak_terjangkau = True
        request._db_sibuk = basis_data_sibuk(exc)


class DatabaseTakTerjangkauMiddleware:
    """OperationalError / InterfaceError anywhere in the request → 503 page with Retry-After (busy or unreachable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_db_tak_terjangkau", False) and response.status_code >= 500:
            return halaman_503(sibuk=getattr(request, "_db_sibuk", False))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, GALAT_DB):
            _catat(request, exception)
            return halaman_503(sibuk=basis_data_sibuk(exception))
        return None


class SesiMenganggurMiddleware:
    """Ends a session after SESSION_COOKIE_AGE without activity: activity moves the expiry forward.

    The expiry is refreshed at most every SESI_SEGARKAN_DETIK, not on every request
    (SESSION_SAVE_EVERY_REQUEST would write the session row on every page view); logging in
    sets the first mark (evaluasi/sinyal.py), so the first page after it writes nothing.
    """

    KUNCI = "_aktif"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sesi = getattr(request, "session", None)
        if sesi is not None and sesi.session_key:
            sekarang = int(time.time())
            try:
                terakhir = int(sesi.get(self.KUNCI, 0))
            except (TypeError, ValueError):
                terakhir = 0
            if sekarang - terakhir >= getattr(settings, "SESI_SEGARKAN_DETIK", 600):
                sesi[self.KUNCI] = sekarang  # marks the session modified: saved with a new expiry
        return self.get_response(request)
