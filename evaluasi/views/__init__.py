"""Views of the app; thin: scope, call a service, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from evaluasi.models import Opd


@login_required
def beranda(request):
    """Start page until the dashboard lands: the OPD the user may see, and where to go."""
    profil = getattr(request.user, "pengguna", None)
    if profil is not None and profil.opd_id:
        daftar_opd = Opd.objects.filter(pk=profil.opd_id)
    else:
        daftar_opd = Opd.objects.all()
    return render(request, "evaluasi/beranda.html", {"daftar_opd": daftar_opd})
