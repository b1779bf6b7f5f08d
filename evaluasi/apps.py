from django.apps import AppConfig


class EvaluasiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluasi"
    verbose_name = "Evaluasi Kinerja"

    def ready(self):
        # Data versions bumped on every write (cache keys), the session's activity mark at login.
        from evaluasi import sinyal

        sinyal.hubungkan()
