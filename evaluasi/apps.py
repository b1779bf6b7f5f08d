from django.apps import AppConfig


class EvaluasiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluasi"
    verbose_name = "Evaluasi Kinerja"

    def ready(self):
        from django.core import checks

        from evaluasi import sinyal
        from evaluasi.perbaikan_angka import cek_angka_tersimpan

        # Data versions bumped on every write (cache keys), the session's activity mark at login.
        sinyal.hubungkan()
        # Stored numbers the database cannot read back (`manage.py check --database default`, and migrate).
        checks.register(cek_angka_tersimpan, checks.Tags.database)
