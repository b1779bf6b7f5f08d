from django.urls import include, path

from evaluasi.views import e81, entri, laporan, pdf, xlsx

LAPORAN = "opd/<slug:slug>/laporan/<int:tahun>/"

urlpatterns = [
    path(LAPORAN + "semester/<int:semester>/", laporan.laporan, name="laporan"),
    path(LAPORAN + "semester/<int:semester>/pdf/", pdf.laporan_pdf, name="laporan_pdf"),
    path(LAPORAN + "semester/<int:semester>/xlsx/", xlsx.laporan_xlsx, name="laporan_xlsx"),
    path(LAPORAN + "semester/<int:semester>/data.json", laporan.laporan_json, name="laporan_json"),
    path(LAPORAN + "e81/", e81.e81, name="e81"),
    path(LAPORAN + "e81/pdf/", e81.e81_pdf, name="e81_pdf"),
    path(LAPORAN + "e81/xlsx/", e81.e81_xlsx, name="e81_xlsx"),
]

urlpatterns += [
    path(
        "opd/<slug:slug>/entri/<int:tahun>/sub-kegiatan/<int:pk>/triwulan/<int:triwulan>/",
        entri.entri_realisasi,
        name="entri_realisasi",
    ),
]

from evaluasi.views import daftar_kerja  # noqa: E402

urlpatterns += [
    path("opd/<slug:slug>/entri/<int:tahun>/", daftar_kerja.daftar_kerja, name="daftar_kerja"),
]

urlpatterns += [
    path("", include("evaluasi.rute.alur")),
    path("", include("evaluasi.rute.audit")),
    path("", include("evaluasi.rute.impor")),
    path("", include("evaluasi.rute.dasbor")),
    path("", include("evaluasi.rute.operasi")),
]
