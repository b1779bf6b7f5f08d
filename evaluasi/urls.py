from django.urls import path

from evaluasi.views import laporan

urlpatterns = [
    path("opd/<slug:slug>/laporan/<int:tahun>/semester/<int:semester>/", laporan.laporan, name="laporan"),
]
