"""The Kepala Dinas dashboard, drill-down and the kabupaten overview (issue 6). ``/`` itself is in disnaker/urls.py."""

from django.urls import path

from evaluasi.rute._belum import belum_ada

urlpatterns = [
    path("opd/<slug:slug>/", belum_ada, name="dasbor_opd"),
    path("opd/<slug:slug>/dasbor/<int:tahun>/unsur/<int:pk>/", belum_ada, name="dasbor_unsur"),
    path("opd/<slug:slug>/dasbor/<int:tahun>/indikator/<int:pk>/", belum_ada, name="dasbor_indikator"),
    path("kabupaten/", belum_ada, name="kabupaten"),
    path("kabupaten/xlsx/", belum_ada, name="kabupaten_xlsx"),
]
