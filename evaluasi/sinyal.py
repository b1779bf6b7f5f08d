"""Signals: every saved or deleted row of an OPD's data bumps that OPD's data version.

Caches of rendered reports and PDFs key on the version (evaluasi/versi.py), so they are exact
only if every write bumps it. Services may call ``naikkan_versi`` themselves; these receivers
catch every other save through the ORM (admin, imports, the seed loader, shell). ``bulk_create``,
``QuerySet.update`` and raw SQL send no signals: code that writes that way calls
``naikkan_versi(opd)`` itself (evaluasi/sintetis.py does).

Cheap: the OPD is found through related objects already loaded on the instance where possible,
otherwise with one indexed query; the bump is one UPDATE, inside the caller's transaction.
"""

import threading
import time
from contextlib import contextmanager

from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from evaluasi import models as m
from evaluasi.middleware import SesiMenganggurMiddleware
from evaluasi.models.versi import VersiData
from evaluasi.versi import naikkan_versi

# Model → path of foreign keys from it to the OPD (the last step is the OPD itself).
JALUR_OPD = {
    m.Opd: (),
    m.Bidang: ("opd",),
    m.Unsur: ("opd",),
    m.KunciPeriode: ("opd",),
    m.AngkaTercetak: ("opd",),
    m.Indikator: ("unsur", "opd"),
    m.Anggaran: ("unsur", "opd"),
    m.DataDukung: ("unsur", "opd"),
    m.Target: ("indikator", "unsur", "opd"),
    m.Realisasi: ("indikator", "unsur", "opd"),
    m.AnggaranTriwulan: ("anggaran", "unsur", "opd"),
    m.KomponenTarget: ("target", "indikator", "unsur", "opd"),
    m.NilaiRealisasi: ("realisasi", "indikator", "unsur", "opd"),
    **{
        model: ("opd",)
        for model in (
            m.IsuStrategis,
            m.Risiko,
            m.PemantauanPengendalian,
            m.SasaranKinerja,
            m.ProsesBisnis,
            m.ProgramPrioritas,
            m.KegiatanPrioritas,
            m.RencanaAksi,
            m.Inovasi,
            m.Dokumentasi,
        )
    },
}

_lokal = threading.local()


@contextmanager
def tanpa_versi():
    """Bulk writers (synthetic data, restore) suspend the per-row bump and call naikkan_versi once."""
    _lokal.ditangguhkan = getattr(_lokal, "ditangguhkan", 0) + 1
    try:
        yield
    finally:
        _lokal.ditangguhkan -= 1


def opd_dari(instance):
    """The OPD id of a row of this model: through loaded relations, else one query on the remaining path."""
    jalur = JALUR_OPD[type(instance)]
    if not jalur:
        return instance.pk
    obj = instance
    for i, langkah in enumerate(jalur):
        field = obj._meta.get_field(langkah)
        id_induk = getattr(obj, field.attname)
        if id_induk is None:
            return None
        if i == len(jalur) - 1:
            return id_induk
        if field.is_cached(obj):
            obj = getattr(obj, langkah)
            continue
        sisa = "__".join(jalur[i + 1 :])
        return field.related_model.objects.filter(pk=id_induk).values_list(sisa, flat=True).first()
    return None


def _berubah(sender, instance, **kwargs):
    if kwargs.get("raw") or getattr(_lokal, "ditangguhkan", 0):  # loaddata, or a bulk writer bumps itself
        return
    opd_id = opd_dari(instance)
    if opd_id is not None:
        naikkan_versi(opd_id)


def _terhapus(sender, instance, **kwargs):
    """A deleted row bumps an existing version only: while a whole OPD is deleted its version row may
    already be gone, and must not be re-created for an OPD about to disappear (an OPD without a
    version row is never served from a cache)."""
    if getattr(_lokal, "ditangguhkan", 0):
        return
    opd_id = opd_dari(instance)
    if opd_id is not None:
        VersiData.objects.filter(opd_id=opd_id).update(versi=F("versi") + 1, diubah_pada=timezone.now())


def _rincian_berubah(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, m.Indikator):
        _berubah(m.Indikator, instance)


def _tandai_masuk(sender, request, user, **kwargs):
    """Logging in counts as activity: the first pages after it need no session write."""
    if request is not None and hasattr(request, "session"):
        request.session[SesiMenganggurMiddleware.KUNCI] = int(time.time())


def hubungkan():
    """Connect the receivers (called once from EvaluasiConfig.ready)."""
    for model in JALUR_OPD:
        uid = f"versi-{model._meta.label_lower}"
        post_save.connect(_berubah, sender=model, dispatch_uid=uid + "-simpan", weak=False)
        if model is not m.Opd:
            post_delete.connect(_terhapus, sender=model, dispatch_uid=uid + "-hapus", weak=False)
    m2m_changed.connect(_rincian_berubah, sender=m.Indikator.rincian.through, dispatch_uid="versi-rincian")
    user_logged_in.connect(_tandai_masuk, dispatch_uid="sesi-tandai-masuk")
