"""manage.py cadangkan TUJUAN: the database and every stored file in one self-checking archive."""

from django.core.management.base import BaseCommand

from evaluasi.cadangan import baca_manifest, cadangkan


class Command(BaseCommand):
    help = "Mencadangkan seluruh basis data dan berkas (data dukung, impor) ke satu arsip .tar.gz bermanifest."

    def add_arguments(self, parser):
        parser.add_argument("tujuan", help="Berkas .tar.gz, atau folder (nama berkas dibuat dari waktu).")

    def handle(self, *args, **opts):
        arsip = cadangkan(opts["tujuan"])
        m = baca_manifest(arsip)
        berkas = sum(1 for n in m["anggota"] if n.startswith("berkas/"))
        self.stdout.write(
            self.style.SUCCESS(f"Cadangan ditulis: {arsip} ({sum(m['baris'].values())} baris, {berkas} berkas).")
        )
