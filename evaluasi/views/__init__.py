"""Views of the app; thin: scope, call a service, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from evaluasi.akses import opd_terlihat
from evaluasi.models import Unsur


@login_required
@require_safe
def beranda(request):
    """Start page until the dashboard lands: the OPD the user may see and their reports per year."""
    daftar_opd = list(opd_terlihat(request.user))
    tahun = {}
    for opd_id, th in Unsur.objects.filter(opd__in=daftar_opd).values_list("opd_id", "tahun").distinct():
        tahun.setdefault(opd_id, []).append(th)
    for opd in daftar_opd:
        opd.tahun_rencana = sorted(tahun.get(opd.id, []), reverse=True)
    return render(request, "evaluasi/beranda.html", {"daftar_opd": daftar_opd})
