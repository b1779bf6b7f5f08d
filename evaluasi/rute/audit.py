"""The audit trail for the Inspektorat (issue 4)."""

from django.urls import path

from evaluasi.rute._belum import belum_ada

urlpatterns = [
    path("opd/<slug:slug>/audit/<int:tahun>/", belum_ada, name="audit_daftar"),
    path("opd/<slug:slug>/audit/<int:tahun>/xlsx/", belum_ada, name="audit_xlsx"),
    path("opd/<slug:slug>/audit/<int:tahun>/indikator/<int:pk>/", belum_ada, name="audit_indikator"),
]
