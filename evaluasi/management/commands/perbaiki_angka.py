"""manage.py perbaiki_angka [--terapkan]: list (and repair) stored numbers beyond the limits of batas_angka."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from evaluasi.models import Opd, PerbaikanAngka
from evaluasi.perbaikan_angka import cari, perbaiki
from evaluasi.versi import naikkan_versi


class Command(BaseCommand):
    help = (
        "Menampilkan angka tersimpan yang melebihi batas (membuat halaman OPD gagal dibaca); dengan --terapkan, "
        "nilai lama dicatat di PerbaikanAngka lalu dikosongkan (atau 0 bila wajib diisi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--terapkan", action="store_true", help="Perbaiki (tanpa ini hanya menampilkan).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **opts):
        connection = connections[opts["database"]]
        if not opts["terapkan"]:
            temuan = cari(connection)
            for t in temuan:
                self.stdout.write(f"Di luar batas: {t}")
            self.stdout.write(
                f"{len(temuan)} angka di luar batas." + (" Perbaiki dengan --terapkan." if temuan else "")
            )
            return
        with transaction.atomic(using=connection.alias):
            temuan = perbaiki(connection, PerbaikanAngka)
            if temuan:  # raw SQL bumped no data version: cached pages would still show the old numbers
                for opd in Opd.objects.using(connection.alias).only("pk"):
                    naikkan_versi(opd)
        for t in temuan:
            self.stdout.write(f"Diperbaiki: {t} (nilai lama dicatat di PerbaikanAngka)")
        self.stdout.write(self.style.SUCCESS(f"{len(temuan)} angka diperbaiki."))
