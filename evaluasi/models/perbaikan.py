"""Stored numbers taken out because the database could not hold them: what they were is kept here, never lost."""

from django.db import models


class PerbaikanAngka(models.Model):
    """One stored number found beyond the limits of evaluasi.batas_angka and replaced (empty, or 0 where required).

    Such a row made every read of its OPD fail on SQLite; the repair (a migration, or
    ``manage.py perbaiki_angka --terapkan``) keeps the value exactly as the database held it, so an
    auditor can see what was there and the operator can enter the right figure.
    """

    tabel = models.CharField("tabel", max_length=100)
    baris = models.BigIntegerField("id baris")
    kolom = models.CharField("kolom", max_length=100)
    nilai_tersimpan = models.CharField("nilai tersimpan", max_length=200, help_text="Seperti tersimpan di basis data.")
    diganti_dengan = models.CharField("diganti dengan", max_length=20)
    alasan = models.CharField("alasan", max_length=300)
    pada = models.DateTimeField("pada", auto_now_add=True)

    class Meta:
        verbose_name = "perbaikan angka tersimpan"
        verbose_name_plural = "perbaikan angka tersimpan"
        ordering = ["-pada", "tabel", "baris"]

    def __str__(self):
        return f"{self.tabel}#{self.baris}.{self.kolom}: {self.nilai_tersimpan} → {self.diganti_dengan}"
