"""The navigation bar: links each role can use, without a query of its own.

Roles are read from what the view already loaded (``evaluasi.akses.peran`` caches them on the
user); a page whose view never asked shows only the links that need no role, so adding the bar
never changes a page's query count.
"""

from django import template
from django.urls import reverse

from evaluasi.akses import BAPPEDA, INSPEKTORAT, KEPALA_DINAS, OPERATOR, VERIFIKATOR

register = template.Library()

# (URL name, label, roles that may use it, needs OPD and year)
TAUTAN = [
    ("laporan", "Laporan", None, True),
    ("daftar_kerja", "Daftar kerja", {OPERATOR, VERIFIKATOR, BAPPEDA}, True),
    ("verifikasi_antrean", "Verifikasi", {VERIFIKATOR, BAPPEDA}, True),
    ("kunci_periode", "Kunci periode", {VERIFIKATOR, BAPPEDA}, True),
    ("impor_unggah", "Impor", {VERIFIKATOR, BAPPEDA}, True),
    ("audit_daftar", "Jejak audit", {INSPEKTORAT, BAPPEDA, KEPALA_DINAS}, True),
    ("kabupaten", "Kabupaten", {BAPPEDA, INSPEKTORAT}, False),
]


@register.inclusion_tag("dasbor/_navigasi.html", takes_context=True)
def navigasi(context):
    """Links for the current user; OPD links only on pages that show an OPD and a year."""
    request = context.get("request")
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"tautan": []}
    peran = getattr(user, "_peran", None)
    opd, tahun = context.get("opd"), context.get("tahun")
    slug = getattr(opd, "slug", None)
    tautan = [("Dasbor", reverse("dasbor_opd", args=[slug]) if slug else "/")]
    for nama, label, boleh, perlu_opd in TAUTAN:
        if boleh is not None and not (user.is_superuser or (peran is not None and peran & boleh)):
            continue
        if perlu_opd and not (slug and isinstance(tahun, int)):
            continue
        if nama == "laporan":
            url = reverse(nama, args=[slug, tahun, 2])
        elif perlu_opd:
            url = reverse(nama, args=[slug, tahun])
        else:
            url = reverse(nama)
        tautan.append((label, url))
    path = request.path if request else ""
    return {"tautan": [(label, url, url == path) for label, url in tautan]}
