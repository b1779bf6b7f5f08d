"""Verification workflow, period locks and evidence files (issue 4)."""

from django.urls import path

from evaluasi.views import alur

ENTRI = "opd/<slug:slug>/entri/<int:tahun>/sub-kegiatan/<int:pk>/triwulan/<int:triwulan>/"

urlpatterns = [
    path("opd/<slug:slug>/verifikasi/<int:tahun>/", alur.verifikasi_antrean, name="verifikasi_antrean"),
    path(ENTRI + "status/", alur.realisasi_aksi, name="realisasi_aksi"),
    path("opd/<slug:slug>/kunci/<int:tahun>/", alur.kunci_periode, name="kunci_periode"),
    path(ENTRI + "data-dukung/", alur.data_dukung_unggah, name="data_dukung_unggah"),
    path("opd/<slug:slug>/data-dukung/<int:pk>/", alur.data_dukung_unduh, name="data_dukung_unduh"),
    path("opd/<slug:slug>/data-dukung/<int:pk>/hapus/", alur.data_dukung_hapus, name="data_dukung_hapus"),
]
