"""python manage.py impor_xlsx FILE --opd SLUG --tahun YYYY [--triwulan N] [--dry-run] [--pengguna USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from evaluasi.impor import proses
from evaluasi.impor.baca import BatasTerlampaui, BukanXlsx, baca_buku, cek_xlsx
from evaluasi.impor.terapkan import hitung
from evaluasi.layanan.kewajaran import PerluKonfirmasi
from evaluasi.models import Opd


class Command(BaseCommand):
    help = (
        "Impor buku kerja XLSX (tata letak templat): rencana setahun atau realisasi satu triwulan. "
        "Mencetak pratinjau (dibuat / diubah lama → baru / tetap / galat), lalu menerapkannya kecuali --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .xlsx")
        parser.add_argument("--opd", required=True, help="slug perangkat daerah, mis. disnaker")
        parser.add_argument("--tahun", required=True, type=int)
        parser.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4], help="bila berkas realisasi tanpa meta")
        parser.add_argument("--dry-run", action="store_true", help="hanya pratinjau; tidak ada yang ditulis")
        parser.add_argument("--pengguna", help="nama pengguna yang dicatat (dan lingkupnya diterapkan)")
        parser.add_argument(
            "--konfirmasi-kewajaran",
            metavar="ALASAN",
            help="angka yang diperingatkan (kewajaran) sudah diperiksa dan benar; alasannya dicatat",
        )

    def handle(self, *args, **o):
        # The file first: a wrong file is refused without touching the database.
        path = Path(o["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        isi = path.read_bytes()
        try:
            cek_xlsx(isi)
        except (BukanXlsx, BatasTerlampaui) as exc:
            raise CommandError(str(exc)) from exc
        opd = Opd.objects.filter(slug=o["opd"]).first()
        if opd is None:
            raise CommandError(f"Perangkat daerah '{o['opd']}' tidak ada.")
        user = None
        if o["pengguna"]:
            user = get_user_model().objects.filter(username=o["pengguna"]).first()
            if user is None:
                raise CommandError(f"Pengguna '{o['pengguna']}' tidak ada.")
            if not proses.boleh_impor(user, opd):
                raise CommandError(f"Pengguna '{user.username}' tidak berhak mengimpor ke {opd.slug}.")

        if o["dry_run"]:
            # A dry run writes nothing at all, not even the Impor record.
            try:
                with transaction.atomic():
                    rencana = hitung(baca_buku(isi, triwulan=o["triwulan"]), opd, o["tahun"], user)
            except BatasTerlampaui as exc:
                raise CommandError(f"{exc} Tidak ada yang ditulis.") from exc
            self._cetak(rencana.ringkasan())
            if rencana.galat:
                raise CommandError(f"{rencana.galat.jumlah} galat; tidak ada yang ditulis.")
            self.stdout.write("Uji coba (--dry-run): tidak ada yang ditulis.")
            return

        try:
            impor, rencana = proses.pratinjau(user, opd, o["tahun"], isi, path.name, o["triwulan"])
        except proses.ImporDitolak as exc:
            raise CommandError(f"{exc} Tidak ada yang ditulis.") from exc
        self._cetak(impor.ringkasan)
        if rencana.galat:
            raise CommandError(f"{rencana.galat.jumlah} galat; tidak ada yang ditulis (impor #{impor.pk} ditolak).")
        for p in impor.ringkasan.get("kewajaran", []):
            self.stderr.write(f"PERINGATAN {p['label']} — {p['objek']}: {p['pesan']}")
        alasan = o["konfirmasi_kewajaran"] or ""
        try:
            rencana = proses.terapkan(user, impor, konfirmasi=bool(alasan.strip()), alasan=alasan)
        except (proses.DataBerubah, proses.ImporDitolak) as exc:
            raise CommandError(str(exc)) from exc
        except PerluKonfirmasi as exc:
            raise CommandError(
                f"{len(exc.peringatan)} peringatan kewajaran; tidak ada yang ditulis (impor #{impor.pk} menunggu). "
                'Periksa angkanya; bila benar, ulangi dengan --konfirmasi-kewajaran "ALASAN".'
            ) from exc
        if rencana.galat:
            self._cetak(rencana.ringkasan())
            raise CommandError(f"{rencana.galat.jumlah} galat; tidak ada yang ditulis (impor #{impor.pk} ditolak).")
        if rencana.ada_perubahan:
            self.stdout.write(f"Diterapkan (impor #{impor.pk}): {rencana.dibuat} dibuat, {rencana.diubah} diubah.")
        else:
            self.stdout.write(f"Tidak ada perubahan (impor #{impor.pk} dicatat).")

    def _cetak(self, r):
        self.stdout.write(
            f"Pratinjau {r.get('jenis', '')}: {r.get('dibuat', 0)} dibuat, {r.get('diubah', 0)} diubah, "
            f"{r.get('tetap', 0)} tetap, {r.get('jumlah_galat', len(r.get('galat', [])))} galat."
        )
        for p in r.get("perubahan", []):
            aksi = "BUAT" if p["aksi"] == "buat" else "UBAH"
            self.stdout.write(f"  {aksi} {p['lembar']} baris {p['baris']}: {p['objek']}")
            for kolom, lama, baru in p["rincian"]:
                self.stdout.write(f"      {kolom}: {lama} → {baru}")
        if r.get("jumlah_perubahan", 0) > len(r.get("perubahan", [])):
            self.stdout.write(f"  … dan {r['jumlah_perubahan'] - len(r['perubahan'])} perubahan lain.")
        for g in r.get("galat", []):
            self.stderr.write(f"GALAT {g['teks']}")
        if r.get("jumlah_galat", 0) > len(r.get("galat", [])):
            self.stderr.write(
                f"GALAT … dan {r['jumlah_galat'] - len(r['galat'])} galat lain tidak ditampilkan: "
                "perbaiki yang di atas, lalu impor lagi."
            )
        if not r.get("galat") and not r.get("dibuat") and not r.get("diubah"):
            self.stdout.write("Tidak ada perubahan.")
