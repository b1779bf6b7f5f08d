"""Evidence (data dukung) and the verification log of realisasi.

Evidence files live in the private storage ``data_dukung`` (settings.STORAGES),
outside the web root; they are served only by a view that checks the user's scope.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from .realisasi import Realisasi, _triwulan_sah, field_triwulan
from .rencana import Unsur


def penyimpanan_pribadi():
    """The private file storage (evidence, imported workbooks); never under STATIC or a public URL."""
    return storages["pribadi"]


def lokasi_data_dukung(instance, filename):
    """opd/tahun/sub-kegiatan/tw/<random>: the original name is kept in the database, never trusted as a path."""
    import uuid

    u = instance.unsur
    return f"data-dukung/{u.opd_id}/{u.tahun}/{u.pk}/tw{instance.triwulan}/{uuid.uuid4().hex}"


class DataDukung(models.Model):
    """An evidence file attached to a sub kegiatan's realisasi of one triwulan."""

    unsur = models.ForeignKey(Unsur, on_delete=models.CASCADE, related_name="data_dukung", verbose_name="sub kegiatan")
    triwulan = field_triwulan()
    berkas = models.FileField("berkas", upload_to=lokasi_data_dukung, storage=penyimpanan_pribadi, max_length=300)
    nama_asli = models.CharField("nama berkas", max_length=255)
    jenis_konten = models.CharField("jenis isi", max_length=100)
    ukuran = models.PositiveBigIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    keterangan = models.CharField("keterangan", max_length=300, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diunggah oleh",
    )
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)

    class Meta:
        verbose_name = "data dukung"
        verbose_name_plural = "data dukung"
        ordering = ["unsur", "triwulan", "diunggah_pada", "id"]
        constraints = [_triwulan_sah("data_dukung_triwulan_sah")]
        indexes = [models.Index(fields=["unsur", "triwulan"], name="data_dukung_unsur_tw")]

    def __str__(self):
        return self.nama_asli


class PeristiwaVerifikasi(models.Model):
    """One step of a realisasi's verification: submitted, verified, returned (with a note), reopened."""

    class Aksi(models.TextChoices):
        AJUKAN = "ajukan", "Diajukan"
        VERIFIKASI = "verifikasi", "Diverifikasi"
        KEMBALIKAN = "kembalikan", "Dikembalikan"
        BUKA = "buka", "Dibuka kembali"

    realisasi = models.ForeignKey(
        Realisasi, on_delete=models.CASCADE, related_name="peristiwa", verbose_name="realisasi"
    )
    aksi = models.CharField("aksi", max_length=12, choices=Aksi.choices)
    dari_status = models.CharField("dari status", max_length=15, choices=Realisasi.Status.choices)
    ke_status = models.CharField("ke status", max_length=15, choices=Realisasi.Status.choices)
    catatan = models.TextField("catatan", blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oleh",
    )
    pada = models.DateTimeField("pada", auto_now_add=True)

    class Meta:
        verbose_name = "riwayat verifikasi"
        verbose_name_plural = "riwayat verifikasi"
        ordering = ["realisasi", "pada", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(aksi__in=["kembalikan", "buka"]) | ~models.Q(catatan=""),
                name="verifikasi_kembali_beralasan",
                violation_error_message="Catatan wajib diisi saat mengembalikan atau membuka kembali.",
            ),
        ]

    def __str__(self):
        return f"{self.realisasi}: {self.get_aksi_display()}"
