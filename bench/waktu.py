"""Server time of the OPD report page and the OPD dashboard, kabupaten size against seed size. Goal: within 1,5×.

Cold = the report body not cached yet (first view after a change of the data); warm = the next views,
served from the cache keyed on the OPD's data version. The goal is on the warm figure, what nearly
every request of a report deadline gets; the cold figure is printed beside it.

Run: .venv/bin/python bench/waktu.py   (see bench/_umum.py for the data).
"""

import statistics
import time

import _umum

_umum.siapkan_django()

from django.db import transaction  # noqa: E402


def ms(client, url, ulang):
    hasil = []
    for _ in range(ulang):
        mulai = time.perf_counter()
        r = client.get(url)
        hasil.append((time.perf_counter() - mulai) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return statistics.median(hasil)


def dingin(client, opd):
    """Median ms of the report page with empty caches (3 runs)."""
    from django.core.cache import caches

    hasil = []
    for _ in range(3):
        caches["ekspor"].clear()
        caches["default"].clear()
        hasil.append(ms(client, f"/opd/{opd.slug}/laporan/2022/semester/2/", 1))
    return statistics.median(hasil)


def hangat_berselang(client, url_a, url_b, ulang=21):
    """Median ms of two URLs requested alternately (this machine's noise hits both alike)."""
    client.get(url_a), client.get(url_b)
    a, b = [], []
    for _ in range(ulang):
        a.append(ms(client, url_a, 1))
        b.append(ms(client, url_b, 1))
    return statistics.median(a), statistics.median(b)


def main():
    with transaction.atomic():
        seed, admin = _umum.buat_seed()
        c = _umum.klien(admin)
        ms(c, "/opd/disnaker/laporan/2022/semester/2/", 2)  # warm-up: imports, templates
        awal, akhir = {}, {}
        awal["laporan dingin"] = dingin(c, seed)
        besar = _umum.buat_kabupaten()
        akhir["laporan dingin"] = dingin(c, besar)
        laporan = "/opd/{}/laporan/2022/semester/2/"
        awal["laporan hangat"], akhir["laporan hangat"] = hangat_berselang(
            c, laporan.format(seed.slug), laporan.format(besar.slug)
        )
        awal["dasbor hangat"], akhir["dasbor hangat"] = hangat_berselang(c, "/opd/disnaker/", f"/opd/{besar.slug}/")
        _, dasbor6 = hangat_berselang(c, "/opd/disnaker/", "/opd/sintetis-kab-01/")
        print(f"{'ms (median)':<22}{'seed':>9}{'10× seed':>10}{'rasio':>8}")
        for nama in awal:
            print(f"{nama:<22}{awal[nama]:>9.1f}{akhir[nama]:>10.1f}{akhir[nama] / awal[nama]:>8.2f}")
        print(f"{'dasbor OPD 6 tahun':<22}{'':>9}{dasbor6:>10.1f}{dasbor6 / awal['dasbor hangat']:>8.2f}")
        for nama in ("laporan hangat", "dasbor hangat"):
            r = akhir[nama] / awal[nama]
            _umum.ringkas(
                f"waktu {nama}, 10×/seed", f"{akhir[nama]:.0f}/{awal[nama]:.0f} ms = {r:.2f}×", "≤ 1,5×", r <= 1.5
            )
        r = dasbor6 / awal["dasbor hangat"]
        _umum.ringkas(
            "waktu dasbor OPD 6 tahun/seed",
            f"{dasbor6:.0f}/{awal['dasbor hangat']:.0f} ms = {r:.2f}×",
            "≤ 1,5×",
            r <= 1.5,
        )
        r = akhir["laporan dingin"] / awal["laporan dingin"]
        _umum.ringkas(
            "waktu laporan dingin, 10×/seed",
            f"{akhir['laporan dingin']:.0f}/{awal['laporan dingin']:.0f} ms = {r:.2f}×",
            "(info)",
            True,
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
