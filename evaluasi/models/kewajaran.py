"""Confirmed plausibility warnings: who said a suspicious figure is right, when, and why."""

from django.conf import settings
from django.db import models

from .impor import Impor
from .organisasi import Opd
from .rencana import Indikator, Unsur


class KonfirmasiKewajaran(models.Model):
    """A plausibility warning (evaluasi/kewajaran.py) that a person confirmed, with the reason kept.

    Written when a save or an import goes ahead despite a warning; never edited afterwards, so the
    rows are their own audit trail. The data-quality view shows the latest confirmation beside the
    warning it answers (same ``kode`` and object).
    """

    class Sumber(models.TextChoices):
        ENTRI = "entri", "Isian realisasi"
        IMPOR = "impor", "Impor XLSX"

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan", null=True, blank=True)
    unsur = models.ForeignKey(Unsur, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kode = models.CharField("kode peringatan", max_length=40)
    pesan = models.TextField("peringatan")
    alasan = models.TextField("alasan")
    sumber = models.CharField("sumber", max_length=10, choices=Sumber.choices, default=Sumber.ENTRI)
    impor = models.ForeignKey(Impor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dikonfirmasi oleh",
    )
    pada = models.DateTimeField("dikonfirmasi pada", auto_now_add=True)

    class Meta:
        verbose_name = "konfirmasi kewajaran"
        verbose_name_plural = "konfirmasi kewajaran"
        ordering = ["-pada", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(triwulan__isnull=True) | (models.Q(triwulan__gte=1) & models.Q(triwulan__lte=4)),
                name="konfirmasi_kewajaran_triwulan_sah",
                violation_error_message="Triwulan harus 1 sampai 4.",
            ),
            models.CheckConstraint(
                condition=~models.Q(alasan=""),
                name="konfirmasi_kewajaran_beralasan",
                violation_error_message="Alasan konfirmasi harus diisi.",
            ),
        ]
        indexes = [models.Index(fields=["opd", "tahun"], name="konfirmasi_kewajaran_opd")]

    def __str__(self):
        return f"{self.kode} — {self.alasan[:40]}"
