"""Excel template, imports and plan management (issue 5)."""

from django.urls import path

from evaluasi.views import impor

urlpatterns = [
    path("opd/<slug:slug>/rencana/<int:tahun>/templat.xlsx", impor.templat_xlsx, name="templat_xlsx"),
    path("opd/<slug:slug>/rencana/<int:tahun>/salin/", impor.rencana_salin, name="rencana_salin"),
    path("opd/<slug:slug>/impor/<int:tahun>/", impor.impor_unggah, name="impor_unggah"),
    path("opd/<slug:slug>/impor/riwayat/<int:pk>/", impor.impor_pratinjau, name="impor_pratinjau"),
    path("opd/<slug:slug>/impor/riwayat/<int:pk>/berkas/", impor.impor_berkas, name="impor_berkas"),
]
