"""The rencana aksi of a target: what is planned per triwulan, per target component."""

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .realisasi import KomponenTarget, _tidak_negatif, _triwulan_sah, field_triwulan


class TargetTriwulan(models.Model):
    """The planned target of one target component in one triwulan (rencana aksi).

    Kumulatif: the amount planned *in* the triwulan (target s.d. TW n is their sum); posisi akhir: the
    level planned *at* its end. Kept per component because realisasi is entered per component, so a
    composite target (`248 box nasi, 248 box snack`) is planned the way it is measured. Without a row
    the mid-year target is the default ("proporsional", evaluasi.capaian.target_sd_triwulan).
    """

    komponen = models.ForeignKey(
        KomponenTarget, on_delete=models.CASCADE, related_name="triwulan", verbose_name="komponen target"
    )
    triwulan = field_triwulan()
    jumlah = models.DecimalField(
        "target triwulan",
        max_digits=20,
        decimal_places=4,
        validators=[MinValueValidator(0, "Target triwulan tidak boleh negatif.")],
        help_text="Kumulatif: jumlah yang direncanakan DALAM triwulan ini; posisi akhir: nilai PADA akhir triwulan.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target triwulan (rencana aksi)"
        verbose_name_plural = "target triwulan (rencana aksi)"
        ordering = ["komponen", "triwulan"]
        constraints = [
            _triwulan_sah("target_triwulan_sah"),
            models.UniqueConstraint(fields=["komponen", "triwulan"], name="target_triwulan_unik"),
            _tidak_negatif("jumlah", "target_triwulan_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.komponen} — TW {self.triwulan}: {self.jumlah.normalize():f}"
