"""Login throttling with django-axes: who is counted, and the backend that checks it.

Two counts, each with its own limit (settings AXES_FAILURE_LIMIT and MASUK_GAGAL_MAKS_ALAMAT):
wrong passwords for one username from one address (guessing one account's password), and wrong
passwords from one address whatever the username (password spraying: one guess per account never
reaches the first limit). django-axes compares the largest of its counts with one limit, so
``PenanganPembatasMasuk`` reports the address count as "at the limit" only once it reaches its own,
higher limit: an office behind one NAT address is not locked out by a few typos of its staff.

Only logins that come with a request (the login form, the admin) are throttled. A login
without one (``manage.py`` commands, the test client's ``login()``) is not a web attempt:
django-axes' own backend refuses those outright, ours lets the next backend decide.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

PARAMETER_PENGGUNA_ALAMAT = ["username", "ip_address"]
PARAMETER_ALAMAT = "ip_address"


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


class PenanganPembatasMasuk(AxesDatabaseHandler):
    """django-axes' database handler with a separate, higher limit for the count per address alone."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures that decide a lockout: those of (username, address), or the per-user limit itself
        once the address alone has MASUK_GAGAL_MAKS_ALAMAT failures (why: one limit for both would lock
        a whole office after a handful of typos, or let spraying go on up to it)."""
        per_pengguna = per_alamat = 0
        for parameter, percobaan in zip(
            settings.AXES_LOCKOUT_PARAMETERS, self.get_user_attempts(request, credentials), strict=True
        ):
            jumlah = percobaan.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameter == PARAMETER_ALAMAT:
                per_alamat = jumlah
            else:
                per_pengguna = max(per_pengguna, jumlah)
        if per_alamat >= settings.MASUK_GAGAL_MAKS_ALAMAT:
            request.terkunci_per_alamat = True  # the lockout page says the address, not the account, is locked
            return max(per_pengguna, settings.AXES_FAILURE_LIMIT)
        return per_pengguna

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login, forget that user's failures from this address, not the address's
        count of others (why: an attacker with one valid account must not reset their spraying count)."""
        jumlah = 0
        for parameter, percobaan in zip(
            settings.AXES_LOCKOUT_PARAMETERS, self.filter_user_attempts(request, credentials), strict=True
        ):
            if parameter != PARAMETER_ALAMAT:
                jumlah += percobaan.delete()[0]
        return jumlah
