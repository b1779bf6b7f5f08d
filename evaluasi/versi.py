"""The data version of an OPD: one cheap read for cache keys, one UPDATE to invalidate.

Every service that changes an OPD's data calls ``naikkan_versi(opd)`` (saves through the ORM are
also caught by signals, see evaluasi/apps.py when wired); caches of rendered pages, charts and PDFs
key on ``versi_data(opd)`` so they are never stale.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from evaluasi.models.versi import VersiData


def _opd_id(opd):
    return getattr(opd, "pk", opd)


def naikkan_versi(opd):
    """Mark the OPD's data as changed (inside the caller's transaction: a rollback undoes the bump too)."""
    opd_id = _opd_id(opd)
    if not VersiData.objects.filter(opd_id=opd_id).update(versi=F("versi") + 1, diubah_pada=timezone.now()):
        with transaction.atomic():
            obj, dibuat = VersiData.objects.get_or_create(opd_id=opd_id, defaults={"versi": 1})
        if not dibuat:
            VersiData.objects.filter(opd_id=opd_id).update(versi=F("versi") + 1, diubah_pada=timezone.now())


def versi_data(opd) -> int:
    """The current data version of the OPD (0 if it never changed since the counter existed)."""
    return VersiData.objects.filter(opd_id=_opd_id(opd)).values_list("versi", flat=True).first() or 0
