"""Operations: health check for the load balancer (issue 7).

``/sehat/`` is the one deliberate exception to "login on every page": a load balancer or a
monitor cannot log in. It says only whether this app server can reach its database (200 or
503, a tiny JSON body), never any data; it is exempt from the HTTPS redirect (settings).
"""

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from evaluasi.middleware import COBA_LAGI_DETIK, GALAT_DB


@never_cache
@require_safe
def sehat(request):
    """200 {"status": "ok"} when a `SELECT 1` answers, else 503 {"status": "basis data tidak terjangkau"}."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except GALAT_DB:
        response = JsonResponse({"status": "basis data tidak terjangkau"}, status=503)
        response["Retry-After"] = str(COBA_LAGI_DETIK)
        return response
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("sehat/", sehat, name="sehat"),
]
