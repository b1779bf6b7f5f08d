"""The audit trail for the Inspektorat (issue 4)."""

from django.urls import path

from evaluasi.views import audit

urlpatterns = [
    path("opd/<slug:slug>/audit/<int:tahun>/", audit.audit_daftar, name="audit_daftar"),
    path("opd/<slug:slug>/audit/<int:tahun>/xlsx/", audit.audit_xlsx, name="audit_xlsx"),
    path("opd/<slug:slug>/audit/<int:tahun>/indikator/<int:pk>/", audit.audit_indikator, name="audit_indikator"),
]
