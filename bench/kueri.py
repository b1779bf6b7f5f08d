"""SQL queries per page at seed size and at kabupaten size: report, dashboard, entry form, overview. Goal: equal.

Run: .venv/bin/python bench/kueri.py   (see bench/_umum.py for the data).
"""

import _umum

_umum.siapkan_django()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def kueri(client, url):
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(ctx.captured_queries)


def halaman(opd, tahun):
    from evaluasi.models import Unsur

    sub = Unsur.objects.filter(opd=opd, tahun=tahun, level=Unsur.Level.SUB_KEGIATAN).order_by("urutan").first()
    dasar = f"/opd/{opd.slug}/"
    return {
        "laporan (tanpa tembolok)": f"{dasar}laporan/{tahun}/semester/2/?segar={opd.pk}",
        "laporan (dari tembolok)": f"{dasar}laporan/{tahun}/semester/2/?segar={opd.pk}",
        "dasbor OPD": dasar,
        "formulir isian": f"{dasar}entri/{tahun}/sub-kegiatan/{sub.pk}/triwulan/1/",
        "ikhtisar kabupaten": "/kabupaten/",
    }


def main():
    from django.core.cache import caches

    with transaction.atomic():
        seed, admin = _umum.buat_seed()
        c = _umum.klien(admin)
        caches["ekspor"].clear()
        awal = {nama: kueri(c, url) for nama, url in halaman(seed, 2022).items()}
        besar = _umum.buat_kabupaten()
        caches["ekspor"].clear()
        akhir = {nama: kueri(c, url) for nama, url in halaman(besar, 2022).items()}
        print(f"{'halaman':<28}{'seed':>8}{'kabupaten':>11}")
        for nama in awal:
            print(f"{nama:<28}{awal[nama]:>8}{akhir[nama]:>11}")
            _umum.ringkas(f"kueri {nama}", f"{awal[nama]} / {akhir[nama]}", "sama", awal[nama] == akhir[nama])
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
