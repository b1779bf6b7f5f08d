from django.contrib import admin
from django.urls import include, path

from evaluasi import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("", include("evaluasi.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
