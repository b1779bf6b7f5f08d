"""Django admin for the master data, in Indonesian; the cascade is browsable by parent."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from evaluasi import capaian
from evaluasi.batas_angka import PESAN_FORM_JUMLAH
from evaluasi.forms_target import FormKomponenTarget
from evaluasi.layanan.entri import PESAN_TERKUNCI, periode_terkunci
from evaluasi.layanan.nilai import segarkan_ada_nilai
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    AngkaTercetak,
    Bidang,
    DataDukung,
    Dokumentasi,
    Impor,
    Indikator,
    Inovasi,
    IsuStrategis,
    KegiatanPrioritas,
    KomponenTarget,
    KonfirmasiKewajaran,
    KunciPeriode,
    NilaiRealisasi,
    Opd,
    PemantauanPengendalian,
    Pengguna,
    PerbaikanAngka,
    PeristiwaVerifikasi,
    ProgramPrioritas,
    ProsesBisnis,
    Realisasi,
    RencanaAksi,
    Risiko,
    SasaranKinerja,
    Target,
    TargetTriwulan,
    Unsur,
    VersiData,
)

# Quantity columns: the digit limits of evaluasi.batas_angka, said in its words.
ANGKA = {models.DecimalField: {"error_messages": PESAN_FORM_JUMLAH}}

admin.site.site_header = "e-Evaluasi Kinerja Perangkat Daerah"
admin.site.site_title = "e-Evaluasi Kinerja"
admin.site.index_title = "Data induk"


# --- Period locks: a locked triwulan refuses saving and deleting its realisasi here too ---------------


def _periode(model_name, obj):
    """(opd_id, tahun, triwulan) of a Realisasi, NilaiRealisasi or AnggaranTriwulan, or None if not known yet."""
    try:
        if model_name == "realisasi":
            unsur, tw = obj.indikator.unsur, obj.triwulan
        elif model_name == "nilairealisasi":
            unsur, tw = obj.realisasi.indikator.unsur, obj.realisasi.triwulan
        else:
            unsur, tw = obj.anggaran.unsur, obj.triwulan
    except (AttributeError, ValueError, Realisasi.DoesNotExist, Indikator.DoesNotExist, Anggaran.DoesNotExist):
        return None
    if tw is None:
        return None
    return unsur.opd_id, unsur.tahun, tw


def terkunci(obj) -> bool:
    """Whether the object's triwulan is locked (checked for its saved state and its new state)."""
    periode = _periode(obj._meta.model_name, obj)
    return periode is not None and periode_terkunci(*periode)


class FormCekKunci(forms.ModelForm):
    """Refuses to save a row whose triwulan is locked, before and after the edit (moving it out is refused too)."""

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            lama = type(self.instance).objects.get(pk=self.instance.pk)
            if terkunci(lama):
                raise ValidationError(PESAN_TERKUNCI)
        if not self.errors:
            calon = self.instance
            nama_field = {f.name for f in calon._meta.concrete_fields if not f.primary_key}
            for nama, nilai in data.items():
                if nama in nama_field:
                    setattr(calon, nama, nilai)
            if terkunci(calon):
                raise ValidationError(PESAN_TERKUNCI)
        return data


class FormsetCekKunci(forms.BaseInlineFormSet):
    """Rows marked for deletion skip their form's checks: refuse deleting a row of a locked triwulan here."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None and terkunci(form.instance):
                raise ValidationError(PESAN_TERKUNCI)


class KunciInlineMixin:
    form = FormCekKunci
    formset = FormsetCekKunci


class KunciAdminMixin:
    """Locked triwulan: saving is refused by the form, deleting by a message (nothing deleted)."""

    form = FormCekKunci

    def delete_model(self, request, obj):
        if terkunci(obj):
            self.message_user(request, PESAN_TERKUNCI, messages.ERROR)
            return
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if any(terkunci(obj) for obj in queryset):
            self.message_user(request, PESAN_TERKUNCI + " Tidak ada yang dihapus.", messages.ERROR)
            return
        super().delete_queryset(request, queryset)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and terkunci(obj):
            return False
        return super().has_delete_permission(request, obj)


class BidangInline(admin.TabularInline):
    model = Bidang
    extra = 0


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["nama", "singkatan", "slug", "kabupaten", "urusan"]
    search_fields = ["nama", "singkatan", "slug"]
    list_filter = ["kabupaten"]
    prepopulated_fields = {"slug": ["nama"]}
    inlines = [BidangInline]


@admin.register(Bidang)
class BidangAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "opd", "urutan"]
    list_filter = ["opd"]
    search_fields = ["nama", "kode"]


@admin.register(Pengguna)
class PenggunaAdmin(admin.ModelAdmin):
    list_display = ["user", "opd", "bidang", "jabatan"]
    list_filter = ["opd", "bidang"]
    search_fields = ["user__username", "jabatan"]
    list_select_related = ["user", "opd", "bidang"]


class IndikatorInline(admin.StackedInline):
    model = Indikator
    extra = 0
    fields = [
        ("urutan", "kunci"),
        "nama",
        ("satuan", "polaritas", "metode_negatif", "agregasi"),
        ("iku", "level_pk", "bidang"),
    ]
    show_change_link = True


@admin.register(Unsur)
class UnsurAdmin(admin.ModelAdmin):
    list_display = ["nomor", "nama", "level", "tahun", "opd", "bidang", "induk_link", "anak_link"]
    list_display_links = ["nomor", "nama"]
    list_filter = ["opd", "tahun", "level", "bidang"]
    search_fields = ["nama", "kode", "nomor"]
    list_select_related = ["opd", "bidang", "induk"]
    raw_id_fields = ["induk"]
    inlines = [IndikatorInline]

    @admin.display(description="induk")
    def induk_link(self, obj):
        if obj.induk_id is None:
            return "—"
        url = reverse("admin:evaluasi_unsur_change", args=[obj.induk_id])
        return format_html('<a href="{}">{}</a>', url, obj.induk.nama[:60])

    @admin.display(description="turunan")
    def anak_link(self, obj):
        if obj.level == Unsur.Level.SUB_KEGIATAN:
            return "—"
        url = reverse("admin:evaluasi_unsur_changelist") + f"?induk__id__exact={obj.pk}"
        return format_html('<a href="{}">lihat turunan</a>', url)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    show_change_link = True


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["nama", "unsur", "satuan", "polaritas", "agregasi", "iku", "level_pk"]
    list_filter = ["unsur__opd", "unsur__tahun", "unsur__level", "iku", "level_pk", "polaritas", "agregasi"]
    search_fields = ["nama", "kunci", "unsur__nama"]
    list_select_related = ["unsur"]
    raw_id_fields = ["unsur"]
    filter_horizontal = ["rincian"]
    inlines = [TargetInline]


class KomponenTargetInline(admin.TabularInline):
    """Components of the target, each with its planned target per triwulan (rencana aksi)."""

    model = KomponenTarget
    formfield_overrides = ANGKA
    form = FormKomponenTarget
    extra = 0


class TargetTriwulanInline(admin.TabularInline):
    model = TargetTriwulan
    extra = 0


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indikator", "tahun", "teks"]
    list_filter = ["tahun", "indikator__unsur__opd"]
    search_fields = ["indikator__nama", "teks"]
    list_select_related = ["indikator"]
    raw_id_fields = ["indikator"]
    inlines = [KomponenTargetInline]


class NilaiRealisasiInline(KunciInlineMixin, admin.TabularInline):
    model = NilaiRealisasi
    formfield_overrides = ANGKA
    extra = 0
    raw_id_fields = ["komponen"]


@admin.register(Realisasi)
class RealisasiAdmin(KunciAdminMixin, SimpleHistoryAdmin):
    list_display = ["indikator", "triwulan", "status", "diubah_oleh", "diubah_pada"]
    list_filter = ["status", "triwulan", "indikator__unsur__opd", "indikator__unsur__tahun"]
    search_fields = ["indikator__nama", "faktor_pendorong", "faktor_penghambat", "tindak_lanjut"]
    list_select_related = ["indikator", "diubah_oleh"]
    raw_id_fields = ["indikator"]
    readonly_fields = ["versi", "diubah_oleh", "diubah_pada"]
    inlines = [NilaiRealisasiInline]

    def save_model(self, request, obj, form, change):
        if obj.pk:  # values saved elsewhere since (an import) count before the status is written
            obj.ada_nilai = obj.nilai.filter(nilai__isnull=False).exists()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        segarkan_ada_nilai([form.instance.pk])  # keeps realisasi_diajukan_berisi true to the values


class AnggaranTriwulanInline(KunciInlineMixin, admin.TabularInline):
    model = AnggaranTriwulan
    extra = 0


@admin.register(Anggaran)
class AnggaranAdmin(SimpleHistoryAdmin):
    list_display = ["unsur", "pagu_murni_rp", "pagu_perubahan_rp"]
    list_filter = ["unsur__opd", "unsur__tahun"]
    search_fields = ["unsur__nama", "unsur__kode"]
    list_select_related = ["unsur"]
    raw_id_fields = ["unsur"]
    inlines = [AnggaranTriwulanInline]

    @admin.display(description="pagu murni (Rp)", ordering="pagu_murni")
    def pagu_murni_rp(self, obj):
        return capaian.format_rupiah(obj.pagu_murni)

    @admin.display(description="pagu perubahan (Rp)", ordering="pagu_perubahan")
    def pagu_perubahan_rp(self, obj):
        return capaian.format_rupiah(obj.pagu_perubahan)


@admin.register(KonfirmasiKewajaran)
class KonfirmasiKewajaranAdmin(admin.ModelAdmin):
    """Confirmed plausibility warnings: an audit record, read only."""

    list_display = ["pada", "kode", "indikator", "unsur", "triwulan", "oleh", "sumber", "opd"]
    list_filter = ["opd", "tahun", "kode", "sumber"]
    search_fields = ["alasan", "pesan", "indikator__nama"]
    list_select_related = ["indikator", "unsur", "oleh", "opd"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AngkaTercetak)
class AngkaTercetakAdmin(admin.ModelAdmin):
    list_display = ["besaran", "teks", "unsur", "indikator", "tahun", "semester", "opd"]
    list_filter = ["opd", "tahun", "semester", "besaran"]
    search_fields = ["teks", "unsur__nama", "indikator__nama"]
    list_select_related = ["unsur", "indikator", "opd"]
    raw_id_fields = ["unsur", "indikator"]


class BagianAdmin(admin.ModelAdmin):
    """Sections of the document: filter by OPD and year, in document order."""

    list_filter = ["opd", "tahun"]
    list_select_related = ["opd"]


@admin.register(IsuStrategis)
class IsuStrategisAdmin(BagianAdmin):
    list_display = ["urutan", "uraian", "tahun", "tahun_akhir", "opd"]
    search_fields = ["uraian"]


@admin.register(Risiko)
class RisikoAdmin(BagianAdmin):
    list_display = ["urutan", "kode", "uraian", "skala_dampak", "skala_kemungkinan", "nilai_risiko", "level", "opd"]
    list_filter = ["opd", "tahun", "kendali", "skala_dampak", "skala_kemungkinan"]
    search_fields = ["kode", "uraian", "pemilik", "sebab"]
    raw_id_fields = ["program"]

    @admin.display(description="nilai")
    def nilai_risiko(self, obj):
        return obj.nilai

    @admin.display(description="level")
    def level(self, obj):
        return capaian.level_risiko(obj.nilai).label


@admin.register(PemantauanPengendalian)
class PemantauanPengendalianAdmin(BagianAdmin):
    list_display = ["urutan", "kegiatan", "penanggung_jawab", "rencana_waktu", "realisasi_waktu", "opd"]
    search_fields = ["kegiatan", "metode", "penanggung_jawab"]


@admin.register(SasaranKinerja)
class SasaranKinerjaAdmin(BagianAdmin):
    list_display = ["urutan", "level", "jabatan", "sasaran", "indikator_nama", "opd"]
    list_filter = ["opd", "tahun", "level", "bidang"]
    search_fields = ["sasaran", "indikator_nama", "jabatan"]
    raw_id_fields = ["induk", "indikator"]


@admin.register(ProsesBisnis)
class ProsesBisnisAdmin(BagianAdmin):
    list_display = ["kode", "nama", "induk", "opd"]
    search_fields = ["kode", "nama"]


@admin.register(ProgramPrioritas)
class ProgramPrioritasAdmin(BagianAdmin):
    list_display = ["jenis", "urutan", "nama", "tahun", "opd"]
    list_filter = ["opd", "tahun", "jenis"]
    search_fields = ["nama"]


@admin.register(KegiatanPrioritas)
class KegiatanPrioritasAdmin(BagianAdmin):
    list_display = ["urutan", "program", "kegiatan", "sub_kegiatan", "opd"]
    search_fields = ["program", "kegiatan", "sub_kegiatan", "indikator"]


@admin.register(RencanaAksi)
class RencanaAksiAdmin(BagianAdmin):
    list_display = ["urutan", "sub_kegiatan", "aksi", "target", "opd"]
    search_fields = ["sub_kegiatan", "aksi"]


@admin.register(Inovasi)
class InovasiAdmin(BagianAdmin):
    list_display = ["urutan", "nama", "induk", "tahun", "opd"]
    search_fields = ["nama"]


@admin.register(Dokumentasi)
class DokumentasiAdmin(BagianAdmin):
    list_display = ["urutan", "judul", "tahun", "semester", "opd"]
    search_fields = ["judul", "isi"]


@admin.register(KomponenTarget)
class KomponenTargetAdmin(SimpleHistoryAdmin):
    formfield_overrides = ANGKA
    list_display = ["target", "urutan", "jumlah", "satuan"]
    list_filter = ["target__tahun"]
    search_fields = ["target__indikator__nama", "satuan"]
    list_select_related = ["target__indikator"]
    raw_id_fields = ["target"]
    inlines = [TargetTriwulanInline]


@admin.register(TargetTriwulan)
class TargetTriwulanAdmin(SimpleHistoryAdmin):
    list_display = ["komponen", "triwulan", "jumlah"]
    list_filter = ["triwulan", "komponen__target__tahun"]
    search_fields = ["komponen__target__indikator__nama"]
    list_select_related = ["komponen__target__indikator"]
    raw_id_fields = ["komponen"]


@admin.register(NilaiRealisasi)
class NilaiRealisasiAdmin(KunciAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = ANGKA
    list_display = ["realisasi", "komponen", "nilai"]
    list_filter = ["realisasi__triwulan"]
    search_fields = ["realisasi__indikator__nama"]
    list_select_related = ["realisasi__indikator", "komponen"]
    raw_id_fields = ["realisasi", "komponen"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        segarkan_ada_nilai([obj.realisasi_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        segarkan_ada_nilai([obj.realisasi_id])


@admin.register(AnggaranTriwulan)
class AnggaranTriwulanAdmin(KunciAdminMixin, SimpleHistoryAdmin):
    list_display = ["anggaran", "triwulan", "rencana_penarikan", "realisasi"]
    list_filter = ["triwulan", "anggaran__unsur__tahun"]
    search_fields = ["anggaran__unsur__nama"]
    list_select_related = ["anggaran__unsur"]
    raw_id_fields = ["anggaran"]


class HanyaBacaAdmin(admin.ModelAdmin):
    """Shown for reference only: these rows are written by the workflow's services (with their checks)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KunciPeriode)
class KunciPeriodeAdmin(HanyaBacaAdmin, SimpleHistoryAdmin):
    """Read-only: a lock changes only on the lock page, where reopening needs a recorded reason.

    Deleting or editing the row here would reopen a period with no reason in the audit trail.
    """

    list_display = [
        "opd",
        "tahun",
        "triwulan",
        "dikunci_oleh",
        "dikunci_pada",
        "dibuka_oleh",
        "dibuka_pada",
        "halaman_kunci",
    ]
    list_filter = ["tahun", "triwulan", "opd"]
    list_select_related = ["opd", "dikunci_oleh", "dibuka_oleh"]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted old version with only the view permission ("revert"):
        # that would reopen (or re-lock) a period outside the lock service.
        if request.method == "POST":
            raise PermissionDenied("Kunci periode hanya diubah di halaman kunci periode.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description="ubah")
    def halaman_kunci(self, obj):
        url = reverse("kunci_periode", args=[obj.opd.slug, obj.tahun])
        return format_html('<a href="{}">Halaman kunci periode (buka dengan alasan)</a>', url)


@admin.register(DataDukung)
class DataDukungAdmin(HanyaBacaAdmin):
    list_display = ["nama_asli", "unsur", "triwulan", "jenis_konten", "ukuran", "diunggah_oleh", "diunggah_pada"]
    list_filter = ["triwulan", "unsur__opd", "unsur__tahun"]
    search_fields = ["nama_asli", "unsur__nama", "sha256"]
    list_select_related = ["unsur", "diunggah_oleh"]
    exclude = ["berkas"]  # no link to the private file here: downloads go through the scoped view


@admin.register(PeristiwaVerifikasi)
class PeristiwaVerifikasiAdmin(HanyaBacaAdmin):
    list_display = ["realisasi", "aksi", "dari_status", "ke_status", "oleh", "pada"]
    list_filter = ["aksi", "realisasi__triwulan", "realisasi__indikator__unsur__opd"]
    search_fields = ["realisasi__indikator__nama", "catatan"]
    list_select_related = ["realisasi__indikator", "oleh"]


@admin.register(Impor)
class ImporAdmin(HanyaBacaAdmin):
    list_display = ["nama_asli", "opd", "tahun", "triwulan", "jenis", "status", "dibuat_oleh", "dibuat_pada"]
    list_filter = ["opd", "tahun", "jenis", "status"]
    search_fields = ["nama_asli", "sha256"]
    list_select_related = ["opd", "dibuat_oleh"]
    exclude = ["berkas"]  # the workbook stays in the private storage


@admin.register(PerbaikanAngka)
class PerbaikanAngkaAdmin(HanyaBacaAdmin):
    """What the number repair took out (evaluasi.perbaikan_angka): kept for the audit, never edited."""

    list_display = ["pada", "tabel", "baris", "kolom", "nilai_tersimpan", "diganti_dengan"]
    list_filter = ["tabel", "kolom"]


@admin.register(VersiData)
class VersiDataAdmin(admin.ModelAdmin):
    """The cache counter is shown, never edited: every field is read-only and saving writes nothing."""

    list_display = ["opd", "versi", "diubah_pada"]
    list_select_related = ["opd"]
    readonly_fields = ["opd", "versi", "diubah_pada"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        pass  # nothing is editable; the counter only moves through evaluasi.versi.naikkan_versi
