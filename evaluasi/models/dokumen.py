"""The other sections of the evaluation document: isu strategis, risiko, cascading kinerja, prioritas, inovasi…"""

from django.db import models

from evaluasi import capaian

from .organisasi import Bidang, Opd
from .rencana import TAHUN_SAH, Indikator, Unsur


class BagianOpd(models.Model):
    """Common fields of a section row that belongs to an OPD and year, in document order."""

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    urutan = models.PositiveIntegerField("urutan", default=0)

    class Meta:
        abstract = True
        ordering = ["opd", "tahun", "urutan"]


def _tahun_sah(nama):
    return models.CheckConstraint(condition=TAHUN_SAH, name=nama, violation_error_message="Tahun harus 2000–2100.")


def _urutan_unik(nama):
    return models.UniqueConstraint(fields=["opd", "tahun", "urutan"], name=nama)


class IsuStrategis(BagianOpd):
    """An isu strategis of the Renstra; ``tahun`` is the Renstra's first year."""

    tahun_akhir = models.PositiveSmallIntegerField("tahun akhir Renstra")
    uraian = models.TextField("uraian")

    class Meta(BagianOpd.Meta):
        verbose_name = "isu strategis"
        verbose_name_plural = "isu strategis"
        constraints = [
            _tahun_sah("isu_tahun_sah"),
            _urutan_unik("isu_urutan_unik"),
            models.CheckConstraint(
                condition=models.Q(tahun_akhir__gte=models.F("tahun")),
                name="isu_periode_sah",
                violation_error_message="Tahun akhir Renstra tidak boleh sebelum tahun awal.",
            ),
        ]

    def __str__(self):
        return self.uraian


class Risiko(BagianOpd):
    """A row of the register risiko (15 columns), with its rencana tindak pengendalian."""

    class Kendali(models.TextChoices):
        C = "C", "C (dapat dikendalikan)"
        UC = "UC", "UC (tidak dapat dikendalikan)"

    kelompok = models.CharField("kelompok (No)", max_length=10, blank=True)
    sasaran_strategis = models.TextField("tujuan/sasaran strategis", blank=True)
    indikator_sasaran = models.TextField("indikator sasaran", blank=True)
    program = models.ForeignKey(
        Unsur, on_delete=models.SET_NULL, null=True, blank=True, related_name="risiko", verbose_name="program"
    )
    program_teks = models.TextField("program (seperti tertulis)", blank=True)
    indikator_kinerja = models.TextField("indikator kinerja", blank=True)
    uraian = models.TextField("uraian risiko")
    kode = models.CharField("kode risiko", max_length=20)
    pemilik = models.TextField("pemilik risiko")
    sebab = models.TextField("uraian sebab")
    sumber = models.CharField("sumber sebab", max_length=100)
    kendali = models.CharField("C/UC", max_length=2, choices=Kendali.choices)
    dampak = models.TextField("uraian dampak")
    pihak_terkena = models.CharField("pihak yang terkena", max_length=200)
    skala_dampak = models.PositiveSmallIntegerField("skala dampak")
    skala_kemungkinan = models.PositiveSmallIntegerField("skala kemungkinan")
    rencana_tindak_pengendalian = models.TextField("rencana tindak pengendalian")

    class Meta(BagianOpd.Meta):
        verbose_name = "risiko"
        verbose_name_plural = "register risiko"
        constraints = [
            _tahun_sah("risiko_tahun_sah"),
            _urutan_unik("risiko_urutan_unik"),
            models.UniqueConstraint(fields=["opd", "tahun", "kode"], name="risiko_kode_unik"),
            models.CheckConstraint(
                condition=models.Q(skala_dampak__gte=1, skala_dampak__lte=5),
                name="risiko_skala_dampak_sah",
                violation_error_message="Skala dampak harus 1 sampai 5.",
            ),
            models.CheckConstraint(
                condition=models.Q(skala_kemungkinan__gte=1, skala_kemungkinan__lte=5),
                name="risiko_skala_kemungkinan_sah",
                violation_error_message="Skala kemungkinan harus 1 sampai 5.",
            ),
        ]

    def __str__(self):
        return f"{self.kode} {self.uraian}"

    @property
    def nilai(self):
        return capaian.nilai_risiko(self.skala_dampak, self.skala_kemungkinan)


class PemantauanPengendalian(BagianOpd):
    """A row of the rancangan pemantauan atas pengendalian intern (RTP)."""

    tujuan_strategis = models.TextField("tujuan strategis", blank=True)
    kegiatan = models.TextField("kegiatan pengendalian yang dibutuhkan")
    metode = models.TextField("bentuk/metode pemantauan")
    penanggung_jawab = models.CharField("penanggung jawab pemantauan", max_length=200)
    rencana_waktu = models.CharField("rencana waktu pelaksanaan", max_length=100)
    realisasi_waktu = models.CharField("realisasi waktu pelaksanaan", max_length=100, blank=True)
    keterangan = models.TextField("keterangan", blank=True)

    class Meta(BagianOpd.Meta):
        verbose_name = "pemantauan pengendalian (RTP)"
        verbose_name_plural = "pemantauan pengendalian (RTP)"
        constraints = [_tahun_sah("rtp_tahun_sah"), _urutan_unik("rtp_urutan_unik")]

    def __str__(self):
        return self.kegiatan


class SasaranKinerja(BagianOpd):
    """A box of the cascading kinerja: PK Bupati → Kepala Dinas → Kepala Bidang → Jabatan Fungsional."""

    class Level(models.TextChoices):
        BUPATI = "bupati", "PK Bupati"
        KADIS = "kadis", "PK Kepala Dinas"
        KABID = "kabid", "PK Kepala Bidang"
        JAFUNG = "jafung", "PK Jabatan Fungsional"

    level = models.CharField("level", max_length=10, choices=Level.choices)
    induk = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak")
    jabatan = models.CharField("jabatan", max_length=200)
    bidang = models.ForeignKey(Bidang, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sasaran = models.TextField("sasaran")
    indikator_nama = models.TextField("indikator kinerja")
    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Indikator rencana yang sama, bila ada.",
    )

    class Meta(BagianOpd.Meta):
        verbose_name = "sasaran kinerja (cascading)"
        verbose_name_plural = "cascading kinerja"
        constraints = [_tahun_sah("sk_tahun_sah"), _urutan_unik("sk_urutan_unik")]

    def __str__(self):
        return f"{self.get_level_display()}: {self.sasaran}"


class ProsesBisnis(BagianOpd):
    """A node of the proses bisnis map (P4 Ketenagakerjaan → P4.1 Pelatihan Kerja → …)."""

    induk = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak")
    kode = models.CharField("kode", max_length=20)
    nama = models.TextField("nama")

    class Meta(BagianOpd.Meta):
        verbose_name = "proses bisnis"
        verbose_name_plural = "proses bisnis"
        constraints = [
            _tahun_sah("pb_tahun_sah"),
            models.UniqueConstraint(fields=["opd", "tahun", "kode"], name="pb_kode_unik"),
        ]

    def __str__(self):
        return f"{self.kode} {self.nama}"


class ProgramPrioritas(BagianOpd):
    """A line of the program prioritas table: last year's programs, this year's, and the priorities."""

    class Jenis(models.TextChoices):
        TAHUN_LALU = "tahun_lalu", "Program tahun sebelumnya"
        TAHUN_INI = "tahun_ini", "Program tahun ini"
        PRIORITAS = "prioritas", "Program prioritas"

    jenis = models.CharField("jenis", max_length=15, choices=Jenis.choices)
    nama = models.TextField("nama program")

    class Meta:
        verbose_name = "program prioritas"
        verbose_name_plural = "program prioritas"
        ordering = ["opd", "tahun", "jenis", "urutan"]
        constraints = [
            _tahun_sah("pp_tahun_sah"),
            models.UniqueConstraint(fields=["opd", "tahun", "jenis", "urutan"], name="pp_urutan_unik"),
        ]

    def __str__(self):
        return self.nama


class KegiatanPrioritas(BagianOpd):
    """A line of the program–kegiatan prioritas table (the next year's plan, kept as written)."""

    program = models.TextField("program")
    kegiatan = models.TextField("kegiatan")
    sub_kegiatan = models.TextField("sub kegiatan")
    indikator = models.TextField("indikator")

    class Meta(BagianOpd.Meta):
        verbose_name = "kegiatan prioritas"
        verbose_name_plural = "kegiatan prioritas"
        constraints = [_tahun_sah("kp_tahun_sah"), _urutan_unik("kp_urutan_unik")]

    def __str__(self):
        return self.sub_kegiatan


class RencanaAksi(BagianOpd):
    """A line of the rencana aksi: what a sub kegiatan will do, and its target."""

    sub_kegiatan = models.TextField("sub kegiatan")
    aksi = models.TextField("aksi")
    target = models.CharField("target", max_length=200)

    class Meta(BagianOpd.Meta):
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        constraints = [_tahun_sah("ra_tahun_sah"), _urutan_unik("ra_urutan_unik")]

    def __str__(self):
        return self.aksi


class Inovasi(BagianOpd):
    """An inovasi of the OPD, possibly with sub-items."""

    induk = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="anak")
    nama = models.TextField("nama")

    class Meta(BagianOpd.Meta):
        verbose_name = "inovasi"
        verbose_name_plural = "inovasi"
        constraints = [_tahun_sah("inovasi_tahun_sah"), _urutan_unik("inovasi_urutan_unik")]

    def __str__(self):
        return self.nama


class Dokumentasi(BagianOpd):
    """A documentation section of the report: a title, a text and optionally a photo."""

    semester = models.PositiveSmallIntegerField("semester", default=2)
    judul = models.CharField("judul", max_length=200)
    isi = models.TextField("isi")
    foto = models.FileField("foto", upload_to="dokumentasi/", blank=True)

    class Meta(BagianOpd.Meta):
        verbose_name = "dokumentasi"
        verbose_name_plural = "dokumentasi"
        constraints = [
            _tahun_sah("dok_tahun_sah"),
            _urutan_unik("dok_urutan_unik"),
            models.CheckConstraint(
                condition=models.Q(semester__in=[1, 2]),
                name="dok_semester_sah",
                violation_error_message="Semester harus 1 atau 2.",
            ),
        ]

    def __str__(self):
        return self.judul
