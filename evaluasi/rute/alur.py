"""Verification workflow, period locks and evidence files (issue 4)."""

from django.urls import path

from evaluasi.rute._belum import belum_ada

ENTRI = "opd/<slug:slug>/entri/<int:tahun>/sub-kegiatan/<int:pk>/triwulan/<int:triwulan>/"

urlpatterns = [
    path("opd/<slug:slug>/verifikasi/<int:tahun>/", belum_ada, name="verifikasi_antrean"),
    path(ENTRI + "status/", belum_ada, name="realisasi_aksi"),
    path("opd/<slug:slug>/kunci/<int:tahun>/", belum_ada, name="kunci_periode"),
    path(ENTRI + "data-dukung/", belum_ada, name="data_dukung_unggah"),
    path("opd/<slug:slug>/data-dukung/<int:pk>/", belum_ada, name="data_dukung_unduh"),
    path("opd/<slug:slug>/data-dukung/<int:pk>/hapus/", belum_ada, name="data_dukung_hapus"),
]
