"""The audit trail pages: the filterable list of an OPD and year, its XLSX, and one indicator's history.

Read-only (GET/HEAD). Inspektorat and Bappeda/admin read every OPD, Kepala Dinas and
Verifikator their own; operators get 403, an OPD out of scope 404 (``akses.ambil_opd``).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from evaluasi.akses import ambil_opd
from evaluasi.ekspor.xlsx import CONTENT_TYPE
from evaluasi.layanan import audit
from evaluasi.models import Indikator

PER_HALAMAN = 100


class FormSaringAudit(forms.Form):
    """The list's filters (GET). An invalid date is reported and ignored; an unknown user or kind matches nothing."""

    dari = forms.DateField(label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    pengguna = forms.ChoiceField(label="Pengguna", required=False)
    jenis = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *((j, j) for j in audit.JENIS)]
    )
    triwulan = forms.TypedChoiceField(
        label="Triwulan",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Semua"), *((str(tw), f"TW {r}") for tw, r in audit.ROMAWI.items())],
    )
    teks = forms.CharField(label="Cari nama item", required=False, max_length=200)

    def __init__(self, *args, pilihan_pengguna=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pengguna"].choices = [("", "Semua pengguna"), *pilihan_pengguna]

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", "Tanggal akhir tidak boleh sebelum tanggal awal.")
        return data

    def saringan(self) -> audit.Saringan:
        data = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
            # An unknown user or kind (e.g. someone with no change in this year) matches nothing, not everything.
            for nama in ("pengguna", "jenis"):
                if nama in self.errors:
                    data[nama] = self.data.get(nama, "")
        return audit.Saringan(
            dari=data.get("dari"),
            sampai=data.get("sampai"),
            pengguna=data.get("pengguna") or "",
            jenis=data.get("jenis") or "",
            triwulan=data.get("triwulan"),
            teks=data.get("teks") or "",
        )


def _opd_audit(request, slug):
    """The OPD if the user may see it (else 404) and may read audit trails (else 403)."""
    opd = ambil_opd(request.user, slug)
    if not audit.boleh_lihat_audit(request.user):
        raise PermissionDenied("Jejak audit hanya untuk Inspektorat, Bappeda, Kepala Dinas dan Verifikator.")
    return opd


def _daftar_tersaring(request, opd, tahun):
    semua = audit.riwayat(opd, tahun)
    form = FormSaringAudit(request.GET or None, pilihan_pengguna=audit.pilihan_pengguna(semua))
    return form, audit.saring(semua, form.saringan())


@login_required
@require_safe
def audit_daftar(request, slug, tahun):
    """Every change of the OPD's year, newest first, filterable, 100 per page."""
    opd = _opd_audit(request, slug)
    form, daftar = _daftar_tersaring(request, opd, tahun)
    halaman = Paginator(daftar, PER_HALAMAN).get_page(request.GET.get("halaman"))
    kueri = request.GET.copy()
    kueri.pop("halaman", None)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "form": form,
        "halaman": halaman,
        "jumlah": len(daftar),
        "kueri": kueri.urlencode(),
    }
    return render(request, "audit/daftar.html", konteks)


@login_required
@require_safe
def audit_xlsx(request, slug, tahun):
    """The filtered list (every page) as an XLSX workbook."""
    opd = _opd_audit(request, slug)
    form, daftar = _daftar_tersaring(request, opd, tahun)
    keterangan = [f"{opd.nama} Kabupaten {opd.kabupaten} — Tahun {tahun}", f"{len(daftar)} perubahan"]
    isi = audit.xlsx_audit(daftar, f"Jejak Audit {opd.nama} {tahun}", keterangan)
    response = HttpResponse(isi, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="audit-{opd.slug}-{tahun}.xlsx"'
    return response


@login_required
@require_safe
def audit_indikator(request, slug, tahun, pk):
    """Everything that happened to one indicator: targets, realisasi per triwulan, status steps, evidence."""
    opd = _opd_audit(request, slug)
    indikator = get_object_or_404(Indikator.objects.select_related("unsur"), pk=pk, unsur__opd=opd, unsur__tahun=tahun)
    daftar = audit.riwayat(opd, tahun, indikator=indikator)
    konteks = {"opd": opd, "tahun": tahun, "indikator": indikator, "daftar": daftar}
    return render(request, "audit/indikator.html", konteks)
