"""Middleware of the deployment: a friendly 503 while the database is unreachable, and idle sessions.

``DatabaseTakTerjangkauMiddleware`` is the outermost middleware. Django turns an exception into a
500 response inside each middleware layer, so the outermost one never sees the exception itself;
instead, the ``got_request_exception`` signal (sent for every such exception, with the exception
still being handled) marks the request when the exception is a database connection error, and
the middleware replaces that 500 with the 503 page. A view's own exception is caught earlier, in
``process_exception``. Either way the user sees templates/503.html with Retry-After, never a
traceback, and the error is logged once.
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


def halaman_503():
    """The 503 page (rendered without the request or the database: it must work while both are gone)."""
    try:
        isi = loader.get_template("503.html").render({"coba_lagi": COBA_LAGI_DETIK})
    except Exception:  # a missing or broken template must not turn the 503 into a 500
        isi = "<h1>Layanan sedang tidak tersedia</h1><p>Silakan coba lagi beberapa saat lagi.</p>"
    response = HttpResponse(isi, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(COBA_LAGI_DETIK)
    response["Cache-Control"] = "no-store"
    return response


@receiver(got_request_exception)
def _tandai_galat_db(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, GALAT_DB):
        request._db_tak_terjangkau = True


class DatabaseTakTerjangkauMiddleware:
    """OperationalError / InterfaceError anywhere in the request → 503 page with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_db_tak_terjangkau", False) and response.status_code >= 500:
            return halaman_503()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, GALAT_DB):
            log.error("Basis data tidak terjangkau: %s", exception, extra={"path": request.path})
            return halaman_503()
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
