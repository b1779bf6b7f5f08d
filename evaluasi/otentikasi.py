"""Login throttling with django-axes: who is counted, and the backend that checks it.

Only logins that come with a request (the login form, the admin) are throttled. A login
without one (``manage.py`` commands, the test client's ``login()``) is not a web attempt:
django-axes' own backend refuses those outright, ours lets the next backend decide.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class BackendPembatasMasuk(AxesStandaloneBackend):
    """Refuses a login while its username + address is locked out; never logs anyone in itself."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def alamat_klien(request):
    """The client's address: REMOTE_ADDR, or behind our own proxy (PROKSI_TEPERCAYA) the address it saw.

    nginx appends the address it saw to X-Forwarded-For, so the last entry is the one no client can forge.
    """
    if getattr(settings, "PROKSI_TEPERCAYA", False):
        diteruskan = request.META.get("HTTP_X_FORWARDED_FOR", "")
        terakhir = diteruskan.rsplit(",", 1)[-1].strip()
        if terakhir:
            return terakhir
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"
