"""Requests per second under gunicorn (2 workers) + PostgreSQL: the dashboard and the report against a trivial
view of the same app on the same server (``/sehat/``: one `SELECT 1`). Goal: dashboard ≥ 30% of the trivial view.

Runs a private PostgreSQL cluster (tests/pelayan.py) with the seed, logged-in clients (session cookies).
Run: .venv/bin/python bench/rps.py [--detik 8] [--klien 8]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pelayan import (  # noqa: E402
    Gunicorn,
    PostgresPribadi,
    beban,
    bisa_postgres_pribadi,
    env_produksi,
    kuki_sesi,
    siapkan_basis_data,
)


def ringkas(ukuran, nilai, tujuan, lulus):
    print(f"RINGKAS\t{ukuran}\t{nilai}\t{tujuan}\t{'ya' if lulus else 'TIDAK'}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--detik", type=float, default=8)
    parser.add_argument("--klien", type=int, default=8)
    args = parser.parse_args()
    if not bisa_postgres_pribadi():
        print("PostgreSQL (initdb/pg_ctl) tidak tersedia: bench dilewati")
        return
    pg = PostgresPribadi()
    pg.start()
    g = None
    try:
        env = env_produksi(pg.buat_db("evaluasi_rps"))
        siapkan_basis_data(env)
        g = Gunicorn(env, workers=2)
        kuki = [f"sessionid={kuki_sesi(env, 'kadis')['kadis']}"]
        halaman = {
            "sepele /sehat/": ["/sehat/"],
            "dasbor /": ["/"],
            "dasbor /opd/disnaker/": ["/opd/disnaker/"],
            "laporan (tembolok)": ["/opd/disnaker/laporan/2022/semester/2/"],
        }
        for path in halaman.values():  # warm: caches, connections
            beban(g.alamat, path, klien=2, detik=1.5, kuki=kuki)
        hasil = {}
        print(f"{'halaman':<24}{'per detik':>10}{'p50 ms':>9}{'p99 ms':>9}  status")
        for nama, path in halaman.items():
            h = beban(g.alamat, path, klien=args.klien, detik=args.detik, kuki=kuki)
            hasil[nama] = h
            print(
                f"{nama:<24}{h.per_detik:>10.1f}{h.persentil(50) * 1000:>9.0f}{h.persentil(99) * 1000:>9.0f}  "
                f"{h.status()}"
            )
        sepele = hasil["sepele /sehat/"].per_detik
        for nama in ("dasbor /", "dasbor /opd/disnaker/", "laporan (tembolok)"):
            r = hasil[nama].per_detik / sepele
            ringkas(f"req/s {nama} ÷ sepele", f"{hasil[nama].per_detik:.0f}/{sepele:.0f} = {r:.0%}", "≥ 30%", r >= 0.3)
    finally:
        if g is not None:
            g.hentikan()
        pg.hapus()


if __name__ == "__main__":
    main()
