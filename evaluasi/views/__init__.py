"""Views of the app; thin: scope, call a service, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from evaluasi.akses import opd_terlihat
from evaluasi.models import Unsur


@login_required
@require_safe
def beranda(request):
    """The dashboard of the user's OPD; a user who sees several OPD chooses one (or the kabupaten overview)."""
    from evaluasi.views.dasbor import boleh_lihat_kabupaten, tampil_dasbor

    daftar_opd = list(opd_terlihat(request.user))
    if len(daftar_opd) == 1:
        return tampil_dasbor(request, daftar_opd[0])
    tahun = {}
    for opd_id, th in Unsur.objects.filter(opd__in=daftar_opd).values_list("opd_id", "tahun").distinct():
        tahun.setdefault(opd_id, []).append(th)
    for opd in daftar_opd:
        opd.tahun_rencana = sorted(tahun.get(opd.id, []), reverse=True)
    konteks = {"daftar_opd": daftar_opd, "lihat_kabupaten": boleh_lihat_kabupaten(request.user)}
    return render(request, "evaluasi/beranda.html", konteks)
