"""Who may see what: every query of a view goes through these helpers, so scope is applied once.

Roles are Django groups (DESIGN.md "Who uses it"). Bappeda/Admin and Inspektorat
see every OPD; everyone else sees only the OPD of their profile. An object outside
a user's scope is a 404, never a 403, so its existence is not revealed.
"""

from django.http import Http404

from evaluasi.models import Opd

BAPPEDA = "Bappeda/Admin"
INSPEKTORAT = "Inspektorat"
KEPALA_DINAS = "Kepala Dinas"
VERIFIKATOR = "Verifikator"
OPERATOR = "Operator Bidang"


def peran(user):
    """The names of the user's groups (cached on the user object for the request)."""
    if not hasattr(user, "_peran"):
        user._peran = frozenset(user.groups.values_list("name", flat=True)) if user.is_authenticated else frozenset()
    return user._peran


def lihat_semua_opd(user):
    return user.is_superuser or bool(peran(user) & {BAPPEDA, INSPEKTORAT})


def opd_terlihat(user):
    """Queryset of the OPD a user may see."""
    if lihat_semua_opd(user):
        return Opd.objects.all()
    profil = getattr(user, "pengguna", None)
    if profil is None or profil.opd_id is None:
        return Opd.objects.none()
    return Opd.objects.filter(pk=profil.opd_id)


def ambil_opd(user, slug):
    """The OPD with this slug if the user may see it, else 404."""
    opd = opd_terlihat(user).filter(slug=slug).first()
    if opd is None:
        raise Http404("Perangkat daerah tidak ditemukan.")
    return opd


def lihat_kualitas_data(user):
    """The data-quality findings are for verifikator, Kepala Dinas, Inspektorat and Bappeda."""
    return user.is_superuser or bool(peran(user) & {BAPPEDA, INSPEKTORAT, KEPALA_DINAS, VERIFIKATOR})


def kelola_opd(user, opd) -> bool:
    """Whether the user runs this OPD's data: Bappeda/Admin (every OPD) or the OPD's own verifikator.

    They change every sub kegiatan, verify, return, reopen, lock, import and manage the plan; one
    rule, so the entry form, verification, import and plan copy cannot drift apart.
    """
    if not user.is_authenticated:
        return False
    r = peran(user)
    if user.is_superuser or BAPPEDA in r:
        return True
    profil = getattr(user, "pengguna", None)
    return VERIFIKATOR in r and profil is not None and profil.opd_id == getattr(opd, "pk", opd)
