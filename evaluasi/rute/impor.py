"""Excel template, imports and plan management (issue 5)."""

from django.urls import path

from evaluasi.rute._belum import belum_ada

urlpatterns = [
    path("opd/<slug:slug>/rencana/<int:tahun>/templat.xlsx", belum_ada, name="templat_xlsx"),
    path("opd/<slug:slug>/rencana/<int:tahun>/salin/", belum_ada, name="rencana_salin"),
    path("opd/<slug:slug>/impor/<int:tahun>/", belum_ada, name="impor_unggah"),
    path("opd/<slug:slug>/impor/riwayat/<int:pk>/", belum_ada, name="impor_pratinjau"),
    path("opd/<slug:slug>/impor/riwayat/<int:pk>/berkas/", belum_ada, name="impor_berkas"),
]
