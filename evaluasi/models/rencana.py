"""The planning cascade of one OPD and year, and the indicators of its nodes."""

from django.core.exceptions import ValidationError
from django.db import models

from evaluasi import capaian

from .organisasi import Bidang, Opd

TAHUN_SAH = models.Q(tahun__gte=2000) & models.Q(tahun__lte=2100)


class Unsur(models.Model):
    """One node of the cascade: Misi → Tujuan/Sasaran RPJMD → Tujuan/Sasaran PD → Program → Kegiatan → Sub Kegiatan.

    One self-referencing model so the whole tree of an (OPD, tahun) is read in one
    query. The kabupaten levels (misi, tujuan/sasaran RPJMD) are kept in each OPD's
    tree as the OPD's view of them.
    """

    class Level(models.TextChoices):
        MISI = "misi", "Misi"
        TUJUAN_RPJMD = "tujuan_rpjmd", "Tujuan RPJMD"
        SASARAN_RPJMD = "sasaran_rpjmd", "Sasaran RPJMD"
        TUJUAN_PD = "tujuan_pd", "Tujuan PD"
        SASARAN_PD = "sasaran_pd", "Sasaran PD"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUB_KEGIATAN = "sub_kegiatan", "Sub Kegiatan"

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="unsur", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    level = models.CharField("level", max_length=20, choices=Level.choices)
    induk = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak", verbose_name="induk"
    )
    urutan = models.PositiveIntegerField("urutan", default=0)
    nomor = models.CharField("nomor", max_length=20, help_text="Nomor baris seperti di laporan, mis. 12.")
    kode = models.CharField(
        "kode", max_length=40, blank=True, help_text="Kode Permendagri 90/2019, mis. 2.07.03.2.01.0001."
    )
    nama = models.TextField("nama")
    sasaran = models.TextField(
        "sasaran", blank=True, help_text="Pernyataan sasaran program/kegiatan (untuk cascading)."
    )
    bidang = models.ForeignKey(
        Bidang, on_delete=models.PROTECT, null=True, blank=True, related_name="unsur", verbose_name="bidang pemilik"
    )

    class Meta:
        verbose_name = "unsur rencana"
        verbose_name_plural = "unsur rencana"
        ordering = ["opd", "tahun", "urutan"]
        constraints = [
            models.CheckConstraint(
                condition=TAHUN_SAH, name="unsur_tahun_sah", violation_error_message="Tahun harus 2000–2100."
            ),
            models.UniqueConstraint(fields=["opd", "tahun", "level", "nomor"], name="unsur_nomor_unik"),
            models.UniqueConstraint(
                fields=["opd", "tahun", "kode"], condition=~models.Q(kode=""), name="unsur_kode_unik"
            ),
        ]
        indexes = [
            models.Index(fields=["opd", "tahun", "level"], name="unsur_opd_tahun_level"),
            models.Index(fields=["bidang", "tahun"], name="unsur_bidang_tahun"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.nomor}. {self.nama}"

    @classmethod
    def kedalaman(cls, level):
        """Position of a level in the cascade (misi = 0 … sub kegiatan = 7)."""
        return list(cls.Level.values).index(level)

    def clean(self):
        if self.induk_id is not None:
            induk = self.induk
            if induk.opd_id != self.opd_id or induk.tahun != self.tahun:
                raise ValidationError({"induk": "Induk harus dari perangkat daerah dan tahun yang sama."})
            if self.kedalaman(induk.level) >= self.kedalaman(self.level):
                raise ValidationError({"induk": "Induk harus berada di level yang lebih tinggi."})
        if self.bidang_id is not None and self.bidang.opd_id != self.opd_id:
            raise ValidationError({"bidang": "Bidang ini bukan bagian dari perangkat daerah yang sama."})


class Indikator(models.Model):
    """An indicator of a cascade node: how it is measured, its polaritas and how triwulan combine."""

    class Polaritas(models.TextChoices):
        POSITIF = capaian.POSITIF, "Positif (makin tinggi makin baik)"
        NEGATIF = capaian.NEGATIF, "Negatif (makin rendah makin baik)"

    class MetodeNegatif(models.TextChoices):
        SELISIH = capaian.SELISIH, "(2 × target − realisasi) / target × 100"
        RASIO = capaian.RASIO, "target / realisasi × 100"

    class Agregasi(models.TextChoices):
        KUMULATIF = capaian.KUMULATIF, "Kumulatif (jumlah TW I–IV)"
        POSISI_AKHIR = capaian.POSISI_AKHIR, "Posisi akhir (nilai TW terakhir)"

    class LevelPK(models.TextChoices):
        TIDAK = "", "—"
        BUPATI = "bupati", "PK Bupati"
        KADIS = "kadis", "PK Kepala Dinas"
        KABID = "kabid", "PK Kepala Bidang"
        JAFUNG = "jafung", "PK Jabatan Fungsional"

    unsur = models.ForeignKey(Unsur, on_delete=models.CASCADE, related_name="indikator", verbose_name="unsur rencana")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    kunci = models.CharField(
        "kunci", max_length=40, blank=True, help_text="Kunci tetap untuk impor dan data contoh, mis. S12.1."
    )
    nama = models.TextField("nama")
    definisi = models.TextField("definisi operasional", blank=True)
    formula = models.TextField("formula", blank=True, help_text="Teks atau LaTeX, mis. $\\frac{A}{B} \\times 100$.")
    satuan = models.CharField("satuan", max_length=100, blank=True)
    polaritas = models.CharField("polaritas", max_length=10, choices=Polaritas.choices, default=Polaritas.POSITIF)
    metode_negatif = models.CharField(
        "rumus polaritas negatif", max_length=10, choices=MetodeNegatif.choices, default=MetodeNegatif.SELISIH
    )
    agregasi = models.CharField(
        "agregasi triwulan", max_length=15, choices=Agregasi.choices, default=Agregasi.KUMULATIF
    )
    iku = models.BooleanField("IKU", default=False, help_text="Indikator Kinerja Utama.")
    level_pk = models.CharField("level perjanjian kinerja", max_length=10, choices=LevelPK.choices, blank=True)
    bidang = models.ForeignKey(
        Bidang,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indikator",
        verbose_name="bidang",
        help_text="Diisi bila berbeda dari bidang pemilik unsur.",
    )
    rincian = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dirinci_oleh",
        verbose_name="rincian",
        help_text="Indikator sub kegiatan yang jumlahnya seharusnya sama dengan indikator ini.",
    )
    catatan = models.TextField("catatan", blank=True)

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["unsur", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["unsur", "urutan"], name="indikator_urutan_unik"),
        ]
        indexes = [models.Index(fields=["kunci"], name="indikator_kunci")]

    def __str__(self):
        return self.nama
