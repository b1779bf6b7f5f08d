"""The Kepala Dinas dashboard, drill-down and the kabupaten overview (issue 6). ``/`` itself is in disnaker/urls.py."""

from django.urls import path

from evaluasi.views import dasbor

urlpatterns = [
    path("opd/<slug:slug>/", dasbor.dasbor_opd, name="dasbor_opd"),
    path("opd/<slug:slug>/dasbor/<int:tahun>/unsur/<int:pk>/", dasbor.dasbor_unsur, name="dasbor_unsur"),
    path("opd/<slug:slug>/dasbor/<int:tahun>/indikator/<int:pk>/", dasbor.dasbor_indikator, name="dasbor_indikator"),
    path("kabupaten/", dasbor.kabupaten, name="kabupaten"),
    path("kabupaten/xlsx/", dasbor.kabupaten_xlsx, name="kabupaten_xlsx"),
]
