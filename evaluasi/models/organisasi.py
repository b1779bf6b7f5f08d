"""Perangkat daerah (OPD), their bidang, and which OPD/bidang a user works for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Opd(models.Model):
    """A perangkat daerah of the kabupaten; every plan and report belongs to one."""

    nama = models.CharField("nama", max_length=200)
    singkatan = models.CharField("singkatan", max_length=40, blank=True)
    slug = models.SlugField("slug", max_length=60, unique=True, help_text="Dipakai di alamat halaman.")
    kabupaten = models.CharField("kabupaten", max_length=100)
    urusan = models.CharField("urusan pemerintahan", max_length=200, blank=True)

    class Meta:
        verbose_name = "perangkat daerah"
        verbose_name_plural = "perangkat daerah"
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class Bidang(models.Model):
    """A bidang (division) of an OPD; operators enter realisasi for their own bidang only."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="bidang", verbose_name="perangkat daerah")
    kode = models.SlugField("kode", max_length=40)
    nama = models.CharField("nama", max_length=200)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "bidang"
        verbose_name_plural = "bidang"
        ordering = ["opd", "urutan", "nama"]
        constraints = [models.UniqueConstraint(fields=["opd", "kode"], name="bidang_unik_per_opd")]

    def __str__(self):
        return self.nama


class Pengguna(models.Model):
    """Where a user works: the OPD (and bidang, for an operator) that scopes what they see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pengguna", verbose_name="akun"
    )
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="perangkat daerah"
    )
    bidang = models.ForeignKey(Bidang, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    jabatan = models.CharField("jabatan", max_length=200, blank=True)

    class Meta:
        verbose_name = "profil pengguna"
        verbose_name_plural = "profil pengguna"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bidang__isnull=True) | models.Q(opd__isnull=False),
                name="pengguna_bidang_perlu_opd",
                violation_error_message="Pengguna dengan bidang harus terdaftar pada perangkat daerah.",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.opd or 'semua OPD'})"

    def clean(self):
        if self.bidang_id and self.bidang.opd_id != self.opd_id:
            raise ValidationError({"bidang": "Bidang ini bukan bagian dari perangkat daerah yang dipilih."})
