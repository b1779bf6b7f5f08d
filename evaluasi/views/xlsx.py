"""The semester report as an XLSX workbook: one sheet per report table, the same tables as the page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from evaluasi.akses import lihat_kualitas_data
from evaluasi.ekspor.xlsx import CONTENT_TYPE, buat_workbook, ke_bytes
from evaluasi.laporan import resmi
from evaluasi.laporan.konteks import konteks_laporan
from evaluasi.views.laporan import ambil_periode

# Short sheet names (Excel allows 31 characters); the full title is the sheet's first row.
# A table of the report missing here still gets a sheet, named by its title.
NAMA_LEMBAR = {
    "target_iku": "Target IKU",
    "tujuan": "Capaian Tujuan",
    "iku": "Capaian IKU",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub Kegiatan",
    "risiko": "Register Risiko",
    "rtp": "RTP",
    "perjanjian_kinerja": "Perjanjian Kinerja",
    "program_prioritas": "Program Prioritas",
    "kegiatan_prioritas": "Kegiatan Prioritas",
    "rencana_aksi": "Rencana Aksi",
    "temuan": "Kualitas Data",
}


def lembar_laporan(konteks):
    """(sheet name, table) of every table of the report, in the document's order."""
    return [
        (NAMA_LEMBAR.get(kunci) or getattr(tabel, "judul", kunci), tabel)
        for kunci, tabel in konteks["tabel"].items()
        if kunci != "temuan" or konteks["dengan_kualitas"]
    ]


@login_required
@require_safe
def laporan_xlsx(request, slug, tahun, semester):
    opd = ambil_periode(request, slug, tahun, semester)
    draf = resmi.termasuk_draf(request)
    konteks = konteks_laporan(
        opd, tahun, semester, dengan_kualitas=lihat_kualitas_data(request.user), termasuk_draf=draf
    )
    keterangan = [
        f"{opd.nama} Kabupaten {opd.kabupaten}",
        *resmi.keterangan_ekspor(
            f"Evaluasi Kinerja Semester {konteks['semester_romawi']} Tahun {tahun}"
            f" (data s.d. triwulan {konteks['data'].sampai_triwulan})",
            konteks["data"].cakupan,
            draf,
        ),
    ]
    isi = ke_bytes(buat_workbook(lembar_laporan(konteks), keterangan))
    response = HttpResponse(isi, content_type=CONTENT_TYPE)
    akhiran = "-draf" if draf else ""
    response["Content-Disposition"] = (
        f'attachment; filename="evaluasi-{opd.slug}-{tahun}-semester-{semester}{akhiran}.xlsx"'
    )
    return response
