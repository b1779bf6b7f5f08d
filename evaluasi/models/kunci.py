"""Period locks: once a verifikator locks an OPD's triwulan, its realisasi can no longer be changed."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .organisasi import Opd
from .realisasi import PESAN_TRIWULAN, TRIWULAN_SAH, field_triwulan
from .rencana import TAHUN_SAH


class KunciPeriode(models.Model):
    """A lock on one (OPD, tahun, triwulan): entry is refused while it is locked (dibuka_pada empty).

    Unlocking keeps the row and records who opened it and why, so the audit trail
    (with the history) shows every lock and every reopening.
    """

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = field_triwulan()
    dikunci_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dikunci oleh",
    )
    dikunci_pada = models.DateTimeField("dikunci pada")
    dibuka_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibuka oleh",
    )
    dibuka_pada = models.DateTimeField("dibuka pada", null=True, blank=True, help_text="Kosong = masih terkunci.")
    alasan_buka = models.TextField("alasan membuka kunci", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kunci periode"
        verbose_name_plural = "kunci periode"
        ordering = ["opd", "tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "triwulan"], name="kunci_periode_unik"),
            models.CheckConstraint(
                condition=TRIWULAN_SAH, name="kunci_triwulan_sah", violation_error_message=PESAN_TRIWULAN
            ),
            models.CheckConstraint(
                condition=TAHUN_SAH, name="kunci_tahun_sah", violation_error_message="Tahun harus 2000–2100."
            ),
            models.CheckConstraint(
                condition=models.Q(dibuka_pada__isnull=True) | ~models.Q(alasan_buka=""),
                name="kunci_dibuka_beralasan",
                violation_error_message="Alasan membuka kunci harus diisi.",
            ),
        ]

    def __str__(self):
        status = "terkunci" if self.terkunci else "dibuka"
        return f"{self.opd} {self.tahun} TW {self.triwulan} ({status})"

    @property
    def terkunci(self):
        return self.dibuka_pada is None
