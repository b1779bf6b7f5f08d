"""Targets, realisasi per triwulan, budgets, and the figures a source document printed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from evaluasi.batas_angka import (
    DESIMAL_MAKS,
    DIGIT_BULAT_MAKS,
    DIGIT_MAKS,
    PESAN_RUPIAH_BESAR,
    PESAN_TERLALU_BESAR,
    RUPIAH_MAKS,
    validasi_jumlah,
    validasi_rupiah,
)

from .organisasi import Opd
from .rencana import TAHUN_SAH, Indikator, Unsur

TRIWULAN_SAH = models.Q(triwulan__gte=1) & models.Q(triwulan__lte=4)
PESAN_TRIWULAN = "Triwulan harus 1 sampai 4."


def field_triwulan():
    """A triwulan number 1..4 (validated with a clear message; the database checks it too)."""
    return models.PositiveSmallIntegerField(
        "triwulan",
        validators=[MinValueValidator(1, PESAN_TRIWULAN), MaxValueValidator(4, PESAN_TRIWULAN)],
    )


def _tidak_negatif(field, nama):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}) | models.Q(**{f"{field}__isnull": True}),
        name=nama,
        violation_error_message="Nilai tidak boleh negatif.",
    )


def _dalam_batas(field, nama, rupiah=False):
    """The range of evaluasi.batas_angka held by the database too (a bulk write skips the validators)."""
    batas = models.Q(**{f"{field}__lte": RUPIAH_MAKS}) if rupiah else models.Q(**{f"{field}__lt": 10**DIGIT_BULAT_MAKS})
    pesan = PESAN_RUPIAH_BESAR if rupiah else PESAN_TERLALU_BESAR
    return models.CheckConstraint(
        condition=batas | models.Q(**{f"{field}__isnull": True}),
        name=nama,
        violation_error_message=pesan[:1].upper() + pesan[1:],
    )


def _triwulan_sah(nama):
    return models.CheckConstraint(
        condition=TRIWULAN_SAH, name=nama, violation_error_message="Triwulan harus 1 sampai 4."
    )


class Target(models.Model):
    """The target of an indikator for one year (a plan's own year, or a later year's perjanjian kinerja)."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="target", verbose_name="indikator")
    tahun = models.PositiveSmallIntegerField("tahun")
    teks = models.CharField("teks target", max_length=500, blank=True, help_text="Target seperti tertulis di dokumen.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target"
        verbose_name_plural = "target"
        ordering = ["indikator", "tahun"]
        constraints = [
            models.CheckConstraint(
                condition=TAHUN_SAH, name="target_tahun_sah", violation_error_message="Tahun harus 2000–2100."
            ),
            models.UniqueConstraint(fields=["indikator", "tahun"], name="target_unik_per_tahun"),
        ]

    def __str__(self):
        return f"{self.indikator} ({self.tahun})"


class KomponenTarget(models.Model):
    """One component of a target (jumlah + satuan): `248 box nasi` of `248 box nasi, 248 box snack`."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="komponen", verbose_name="target")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    jumlah = models.DecimalField(
        "jumlah", max_digits=DIGIT_MAKS, decimal_places=DESIMAL_MAKS, validators=[validasi_jumlah]
    )
    satuan = models.CharField("satuan", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "komponen target"
        verbose_name_plural = "komponen target"
        ordering = ["target", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["target", "urutan"], name="komponen_target_unik"),
            _tidak_negatif("jumlah", "komponen_target_tidak_negatif"),
            _dalam_batas("jumlah", "komponen_target_dalam_batas"),
        ]

    def __str__(self):
        return f"{self.jumlah.normalize():f} {self.satuan}".strip()


class Realisasi(models.Model):
    """What an indikator achieved in one triwulan, with the notes and the verification status."""

    class Status(models.TextChoices):
        DRAF = "draf", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"

    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, related_name="realisasi", verbose_name="indikator"
    )
    triwulan = field_triwulan()
    status = models.CharField("status", max_length=15, choices=Status.choices, default=Status.DRAF)
    faktor_pendorong = models.TextField("faktor pendorong", blank=True)
    faktor_penghambat = models.TextField("faktor penghambat", blank=True)
    tindak_lanjut = models.TextField("tindak lanjut", blank=True)
    keterangan = models.TextField("keterangan", blank=True)
    catatan_verifikator = models.TextField("catatan verifikator", blank=True)
    versi = models.PositiveIntegerField(
        "versi", default=1, help_text="Naik tiap simpan; mencegah simpan yang saling menimpa."
    )
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diubah oleh",
    )
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)
    # Denormalised "at least one NilaiRealisasi.nilai is not NULL", kept by ``layanan.nilai.segarkan_ada_nilai``
    # after every write of values, so the database can refuse a submitted or verified realisasi without a value.
    ada_nilai = models.BooleanField("berisi angka", default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        ordering = ["indikator", "triwulan"]
        constraints = [
            _triwulan_sah("realisasi_triwulan_sah"),
            models.UniqueConstraint(fields=["indikator", "triwulan"], name="realisasi_unik_per_triwulan"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["diajukan", "diverifikasi"]) | models.Q(ada_nilai=True),
                name="realisasi_diajukan_berisi",
                violation_error_message="Realisasi tanpa angka tidak dapat diajukan atau diverifikasi.",
            ),
        ]

    def __str__(self):
        return f"{self.indikator} — TW {self.triwulan}"


class NilaiRealisasi(models.Model):
    """The realisasi of one target component in one triwulan; NULL means not entered (shown `-`), not 0."""

    realisasi = models.ForeignKey(Realisasi, on_delete=models.CASCADE, related_name="nilai", verbose_name="realisasi")
    komponen = models.ForeignKey(
        KomponenTarget, on_delete=models.CASCADE, related_name="nilai", verbose_name="komponen"
    )
    nilai = models.DecimalField(
        "nilai", max_digits=DIGIT_MAKS, decimal_places=DESIMAL_MAKS, null=True, blank=True, validators=[validasi_jumlah]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nilai realisasi"
        verbose_name_plural = "nilai realisasi"
        ordering = ["realisasi", "komponen__urutan"]
        constraints = [
            models.UniqueConstraint(fields=["realisasi", "komponen"], name="nilai_realisasi_unik"),
            _tidak_negatif("nilai", "nilai_realisasi_tidak_negatif"),
            _dalam_batas("nilai", "nilai_realisasi_dalam_batas"),
        ]

    def __str__(self):
        return f"{self.komponen}: {self.nilai}"

    def clean(self):
        realisasi, komponen = self.realisasi, self.komponen
        if (
            komponen.target.indikator_id != realisasi.indikator_id
            or komponen.target.tahun != realisasi.indikator.unsur.tahun
        ):
            raise ValidationError(
                {"komponen": "Komponen ini tidak ada pada target indikator tersebut untuk tahun yang sama."}
            )
        if (
            self.nilai is None
            and realisasi.status in ("diajukan", "diverifikasi")
            and not realisasi.nilai.filter(nilai__isnull=False).exclude(pk=self.pk).exists()
        ):  # the constraint realisasi_diajukan_berisi would refuse it: say why instead
            raise ValidationError({"nilai": "Realisasi yang diajukan atau diverifikasi harus berisi angka."})


class Anggaran(models.Model):
    """The budget of a sub kegiatan for its year: pagu murni and, after APBD-P, pagu perubahan."""

    unsur = models.OneToOneField(Unsur, on_delete=models.CASCADE, related_name="anggaran", verbose_name="sub kegiatan")
    pagu_murni = models.BigIntegerField("pagu murni (Rp)", validators=[validasi_rupiah])
    pagu_perubahan = models.BigIntegerField("pagu perubahan (Rp)", null=True, blank=True, validators=[validasi_rupiah])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "anggaran"
        verbose_name_plural = "anggaran"
        constraints = [
            _tidak_negatif("pagu_murni", "pagu_murni_tidak_negatif"),
            _tidak_negatif("pagu_perubahan", "pagu_perubahan_tidak_negatif"),
            _dalam_batas("pagu_murni", "pagu_murni_dalam_batas", rupiah=True),
            _dalam_batas("pagu_perubahan", "pagu_perubahan_dalam_batas", rupiah=True),
        ]

    def __str__(self):
        return f"Anggaran {self.unsur.nama}"

    @property
    def pagu(self):
        """The pagu in force: perubahan where revised, else murni."""
        return self.pagu_perubahan if self.pagu_perubahan is not None else self.pagu_murni

    def clean(self):
        if self.unsur_id and self.unsur.level != Unsur.Level.SUB_KEGIATAN:
            raise ValidationError(
                {"unsur": "Anggaran hanya dicatat pada sub kegiatan; total dihitung dari sub kegiatan."}
            )


class AnggaranTriwulan(models.Model):
    """Rencana penarikan (anggaran kas) and realisasi anggaran of a sub kegiatan in one triwulan."""

    anggaran = models.ForeignKey(Anggaran, on_delete=models.CASCADE, related_name="triwulan", verbose_name="anggaran")
    triwulan = field_triwulan()
    rencana_penarikan = models.BigIntegerField(
        "rencana penarikan (Rp)", null=True, blank=True, validators=[validasi_rupiah]
    )
    realisasi = models.BigIntegerField("realisasi (Rp)", null=True, blank=True, validators=[validasi_rupiah])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "anggaran per triwulan"
        verbose_name_plural = "anggaran per triwulan"
        ordering = ["anggaran", "triwulan"]
        constraints = [
            _triwulan_sah("anggaran_triwulan_sah"),
            models.UniqueConstraint(fields=["anggaran", "triwulan"], name="anggaran_triwulan_unik"),
            _tidak_negatif("rencana_penarikan", "rencana_penarikan_tidak_negatif"),
            _tidak_negatif("realisasi", "realisasi_anggaran_tidak_negatif"),
            _dalam_batas("rencana_penarikan", "rencana_penarikan_dalam_batas", rupiah=True),
            _dalam_batas("realisasi", "realisasi_anggaran_dalam_batas", rupiah=True),
        ]

    def __str__(self):
        return f"{self.anggaran} — TW {self.triwulan}"

    def clean(self):
        if self.realisasi is None or not self.anggaran_id:
            return
        lain = (
            AnggaranTriwulan.objects.filter(anggaran=self.anggaran, realisasi__isnull=False)
            .exclude(pk=self.pk)
            .aggregate(total=models.Sum("realisasi"))["total"]
            or 0
        )
        if lain + self.realisasi > self.anggaran.pagu:
            raise ValidationError({"realisasi": "Realisasi anggaran setahun melebihi pagu sub kegiatan."})


class AngkaTercetak(models.Model):
    """A figure as a source document printed it, kept to list where the document contradicts itself."""

    class Besaran(models.TextChoices):
        TARGET = "target", "Target"
        REALISASI = "realisasi", "Realisasi"
        CAPAIAN = "capaian", "Capaian"
        PAGU = "pagu", "Pagu"
        REALISASI_ANGGARAN = "realisasi_anggaran", "Realisasi anggaran"
        SERAPAN = "serapan", "Serapan"

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    semester = models.PositiveSmallIntegerField("semester", default=2)
    unsur = models.ForeignKey(Unsur, on_delete=models.CASCADE, null=True, blank=True, related_name="tercetak")
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, null=True, blank=True, related_name="tercetak")
    besaran = models.CharField("besaran", max_length=20, choices=Besaran.choices)
    teks = models.CharField("teks tercetak", max_length=500)
    sumber = models.CharField("sumber", max_length=200, blank=True)

    class Meta:
        verbose_name = "angka tercetak"
        verbose_name_plural = "angka tercetak"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(semester__in=[1, 2]),
                name="tercetak_semester_sah",
                violation_error_message="Semester harus 1 atau 2.",
            ),
            models.CheckConstraint(
                condition=models.Q(unsur__isnull=True) | models.Q(indikator__isnull=True),
                name="tercetak_satu_objek",
            ),
        ]
        indexes = [models.Index(fields=["opd", "tahun", "semester"], name="tercetak_opd_tahun")]

    def __str__(self):
        return f"{self.get_besaran_display()}: {self.teks}"
