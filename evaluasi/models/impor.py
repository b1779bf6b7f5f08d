"""A record of every XLSX import: who, when, the file kept for the Inspektorat, what it changed."""

from django.conf import settings
from django.db import models

from .bukti import penyimpanan_pribadi
from .organisasi import Opd


def lokasi_impor(instance, filename):
    import uuid

    return f"impor/{instance.opd_id}/{instance.tahun}/{uuid.uuid4().hex}.xlsx"


class Impor(models.Model):
    """One uploaded workbook: previewed first, then applied (or cancelled). The file is kept."""

    class Jenis(models.TextChoices):
        RENCANA = "rencana", "Rencana (cascade, indikator, target, pagu)"
        REALISASI = "realisasi", "Realisasi triwulan"

    class Status(models.TextChoices):
        PRATINJAU = "pratinjau", "Menunggu konfirmasi"
        DITERAPKAN = "diterapkan", "Diterapkan"
        DIBATALKAN = "dibatalkan", "Dibatalkan"
        DITOLAK = "ditolak", "Ditolak (ada galat)"

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan", null=True, blank=True)
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PRATINJAU)
    berkas = models.FileField("berkas", upload_to=lokasi_impor, storage=penyimpanan_pribadi, max_length=300)
    nama_asli = models.CharField("nama berkas", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    ringkasan = models.JSONField("ringkasan", default=dict, blank=True, help_text="Jumlah dibuat/diubah/tetap, galat.")
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diunggah oleh",
    )
    dibuat_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    diterapkan_pada = models.DateTimeField("diterapkan pada", null=True, blank=True)

    class Meta:
        verbose_name = "impor XLSX"
        verbose_name_plural = "impor XLSX"
        ordering = ["-dibuat_pada", "-id"]
        indexes = [models.Index(fields=["opd", "tahun"], name="impor_opd_tahun")]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.opd} {self.tahun} ({self.get_status_display()})"
