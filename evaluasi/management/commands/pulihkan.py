"""manage.py pulihkan ARSIP: restore a backup into an empty, migrated database."""

from django.core.management.base import BaseCommand, CommandError

from evaluasi.cadangan import CadanganGagal, pulihkan


class Command(BaseCommand):
    help = "Memulihkan arsip cadangan ke basis data kosong yang sudah dimigrasi (periksa SHA-256 dulu)."

    def add_arguments(self, parser):
        parser.add_argument("arsip", help="Arsip .tar.gz dari manage.py cadangkan.")

    def handle(self, *args, **opts):
        try:
            m = pulihkan(opts["arsip"])
        except CadanganGagal as exc:
            raise CommandError(str(exc)) from exc
        berkas = sum(1 for n in m["anggota"] if n.startswith("berkas/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan: {sum(m['baris'].values())} baris, {berkas} berkas (cadangan {m['dibuat']})."
            )
        )
