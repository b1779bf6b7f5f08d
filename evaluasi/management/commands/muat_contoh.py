"""manage.py muat_contoh: load the Lamongan 2022 document as data, plus the demo users."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluasi.contoh import BERKAS_CONTOH, KATA_SANDI_DEMO, PENGGUNA_DEMO, muat_contoh


class Command(BaseCommand):
    help = "Memuat data contoh Dinas Tenaga Kerja Kabupaten Lamongan 2022 dan pengguna demo."

    def add_arguments(self, parser):
        parser.add_argument("--berkas", default=str(BERKAS_CONTOH), help="Berkas YAML data contoh.")
        parser.add_argument(
            "--paksa", action="store_true", help="Jalankan walau DEBUG mati (pengguna demo berkata sandi umum)."
        )
        parser.add_argument("--tanpa-pengguna", action="store_true", help="Jangan buat pengguna demo.")

    def handle(self, *args, **opts):
        if not settings.DEBUG and not opts["paksa"]:
            raise CommandError(
                "DEBUG mati: data contoh dan pengguna demo (sandi umum) tidak dimuat di produksi. "
                "Gunakan --paksa bila benar-benar dimaksudkan."
            )
        p = muat_contoh(opts["berkas"], dengan_pengguna=not opts["tanpa_pengguna"])
        self.stdout.write(self.style.SUCCESS(f"Data contoh dimuat: {p.dibuat} baris baru, {p.diubah} diubah."))
        if not opts["tanpa_pengguna"]:
            nama = ", ".join(u[0] for u in PENGGUNA_DEMO)
            self.stdout.write(f"Pengguna demo (sandi {KATA_SANDI_DEMO}): {nama}")
