from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from evaluasi import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("", include("evaluasi.urls")),
    # Login, logout and changing one's own password; no password reset by e-mail (accounts are
    # managed by Bappeda/admin, and an office server has no mail set up by default).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
]
