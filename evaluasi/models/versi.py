"""A data version per OPD: bumped on every change of its data, so caches of rendered output can key on it."""

from django.db import models

from .organisasi import Opd


class VersiData(models.Model):
    """Counter of changes to one OPD's data (plan, realisasi, budget, locks); see evaluasi/versi.py."""

    opd = models.OneToOneField(
        Opd, on_delete=models.CASCADE, related_name="versi_data", verbose_name="perangkat daerah"
    )
    versi = models.PositiveBigIntegerField("versi", default=0)
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)

    class Meta:
        verbose_name = "versi data"
        verbose_name_plural = "versi data"

    def __str__(self):
        return f"{self.opd} v{self.versi}"
