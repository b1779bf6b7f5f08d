"""manage.py buat_data_sintetis: a deterministic synthetic kabupaten for scale tests and benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from evaluasi.sintetis import buat_kabupaten_sintetis, hapus_kabupaten_sintetis


def rentang_tahun(teks):
    """``2021-2026`` or ``2022`` → list of years."""
    try:
        awal, _, akhir = teks.partition("-")
        awal, akhir = int(awal), int(akhir or awal)
    except ValueError as exc:
        raise CommandError(f"Tahun tidak sah: {teks!r} (contoh: 2021-2026).") from exc
    if not 2000 <= awal <= akhir <= 2100:
        raise CommandError(f"Tahun tidak sah: {teks!r} (contoh: 2021-2026).")
    return list(range(awal, akhir + 1))


class Command(BaseCommand):
    help = (
        "Membuat kabupaten sintetis (OPD bertanda sintetis-kab-NN, data sintetis) untuk uji skala dan bench. "
        "Tidak pernah menyentuh OPD yang bukan sintetis."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--opd", type=int, default=50, help="Jumlah OPD (bawaan 50; 0 dengan --hapus: hanya hapus)."
        )
        parser.add_argument("--tahun", default="2021-2026", help="Rentang tahun, mis. 2021-2026.")
        parser.add_argument("--seed", type=int, default=1, help="Benih acak: benih sama, data sama.")
        parser.add_argument("--program", type=int, default=8, help="Jumlah program terbanyak per OPD per tahun.")
        parser.add_argument(
            "--sampai-triwulan", type=int, default=2, choices=[1, 2, 3, 4], help="Realisasi tahun terakhir s.d. TW."
        )
        parser.add_argument("--sandi", default=None, help="Kata sandi pengguna sintetis (bawaan: tidak bisa masuk).")
        parser.add_argument("--hapus", action="store_true", help="Hapus kabupaten sintetis lama lalu buat ulang.")

    def handle(self, *args, **opts):
        tahun = rentang_tahun(opts["tahun"])
        if opts["opd"] < 0 or opts["program"] < 1 or (opts["opd"] == 0 and not opts["hapus"]):
            raise CommandError("--opd paling sedikit 1 (0 hanya bersama --hapus) dan --program paling sedikit 1.")
        mulai = time.perf_counter()
        if opts["hapus"]:
            n = hapus_kabupaten_sintetis()
            self.stdout.write(f"Dihapus: {n} OPD sintetis.")
        try:
            hasil = buat_kabupaten_sintetis(
                opts["opd"],
                tahun,
                seed=opts["seed"],
                program_maks=opts["program"],
                sampai_triwulan=opts["sampai_triwulan"],
                sandi=opts["sandi"],
                keluaran=self.stdout.write if opts["verbosity"] > 1 else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Kabupaten sintetis: {hasil['opd']} OPD dibuat, {hasil['dilewati']} sudah ada; "
                f"{hasil['sub_kegiatan']} sub kegiatan, {hasil['indikator']} indikator, {hasil['pengguna']} pengguna "
                f"({time.perf_counter() - mulai:.1f} detik)."
            )
        )
