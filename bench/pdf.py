"""Print the time of the PDF view end to end against WeasyPrint alone on the same HTML, and of a cached PDF.

At seed size (Lamongan 2022) and at ten times the seed (a synthetic plan of 60 programs).
Goals: view / WeasyPrint < 1,15; a cached PDF < 100 ms. Also the peak memory of one uncached PDF
(peak MB of Python allocations, tracemalloc in a forked child).

Run: .venv/bin/python bench/pdf.py   (a throw-away SQLite database in memory, or the database
of DATABASE_URL if set, inside a transaction that is rolled back; the PDF cache in a
temporary directory).
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ["CACHE_EKSPOR_DIR"] = tempfile.mkdtemp(prefix="bench-pdf-")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from pypdf import PdfReader  # noqa: E402


def waktu(fungsi, ulang=1):
    """Median seconds of ``ulang`` calls, and the last result."""
    hasil, detik = None, []
    for _ in range(ulang):
        mulai = time.perf_counter()
        hasil = fungsi()
        detik.append(time.perf_counter() - mulai)
    return statistics.median(detik), hasil


def ukur(user, opd, tahun=2022, semester=2, ulang=1):
    from evaluasi.ekspor import pdf as ekspor_pdf
    from evaluasi.laporan.konteks import konteks_laporan
    from evaluasi.views.pdf import laporan_pdf

    url = f"/opd/{opd.slug}/laporan/{tahun}/semester/{semester}/pdf/"

    def permintaan():
        request = RequestFactory().get(url, HTTP_HOST="localhost")
        request.user = user
        return request

    # The same HTML the view renders (same context, same flags), for WeasyPrint alone.
    konteks = konteks_laporan(opd, tahun, semester, dengan_kualitas=True)
    for tabel in konteks["tabel"].values():
        tabel.orderable = False
    konteks["cetak"] = True
    html = render_to_string("laporan/cetak.html", konteks)

    t_weasy, _ = waktu(lambda: ekspor_pdf.html_ke_pdf(html, ekspor_pdf.ALAMAT_DASAR), ulang)
    t_view = []
    for _ in range(ulang):
        caches[ekspor_pdf.ALIAS_CACHE].clear()
        render = ekspor_pdf.jumlah_render
        t, response = waktu(lambda: laporan_pdf(permintaan(), opd.slug, tahun, semester))
        assert response.status_code == 200 and ekspor_pdf.jumlah_render == render + 1
        t_view.append(t)
    render = ekspor_pdf.jumlah_render
    t_cache, cached = waktu(lambda: laporan_pdf(permintaan(), opd.slug, tahun, semester), 7)
    assert ekspor_pdf.jumlah_render == render, "the cached PDF must not render again"
    assert cached.content == response.content
    halaman = len(PdfReader(io.BytesIO(response.content)).pages)
    return statistics.median(t_view), t_weasy, t_cache, len(html), len(response.content), halaman


def memori_puncak(fungsi):
    """Peak MB of Python allocations (tracemalloc) while ``fungsi`` runs, in a forked child (the parent keeps
    its caches and timings untouched). WeasyPrint 70 builds the layout as Python objects, so this is most of it.
    """
    import tracemalloc

    baca, tulis = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            tracemalloc.start()
            fungsi()
            os.write(tulis, str(tracemalloc.get_traced_memory()[1]).encode())
        finally:
            os._exit(0)
    os.close(tulis)
    with os.fdopen(baca) as f:
        nilai = f.read()
    os.waitpid(pid, 0)
    return int(nilai or 0) / 1e6


def ringkas(ukuran, nilai, tujuan, lulus):
    print(f"RINGKAS\t{ukuran}\t{nilai}\t{tujuan}\t{'ya' if lulus else 'TIDAK'}")


def _pdf_baru(user, opd):
    """One uncached PDF of the view (for the memory figure, in a child process)."""
    from evaluasi.ekspor import pdf as ekspor_pdf
    from evaluasi.views.pdf import laporan_pdf

    caches[ekspor_pdf.ALIAS_CACHE].clear()
    request = RequestFactory().get(f"/opd/{opd.slug}/laporan/2022/semester/2/pdf/", HTTP_HOST="localhost")
    request.user = user
    assert laporan_pdf(request, opd.slug, 2022, 2).status_code == 200


def main():
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from evaluasi.contoh import muat_contoh
    from evaluasi.ekspor.pdf import html_ke_pdf
    from evaluasi.models import Opd
    from evaluasi.sintetis import buat_opd_sintetis

    html_ke_pdf("<p>pemanasan</p>")  # WeasyPrint's one-off start-up (fonts, default stylesheets)
    with transaction.atomic():
        muat_contoh(dengan_pengguna=False)
        user = get_user_model().objects.create_superuser("bench", "bench@example.invalid", None)
        seed = Opd.objects.get(slug="disnaker")
        kali10 = buat_opd_sintetis(910, 2022, program=60, kegiatan=3, sub=2)
        kolom = f"{'data':<22}{'halaman':>8}{'HTML kB':>9}{'PDF kB':>8}{'view s':>9}{'Weasy s':>9}{'rasio':>7}"
        print(kolom + f"{'cache ms':>10}{'MB':>8}")
        for nama, opd, ulang in (("seed Lamongan 2022", seed, 3), ("sintetis 10x", kali10, 1)):
            t_view, t_weasy, t_cache, n_html, n_pdf, halaman = ukur(user, opd, ulang=ulang)
            from django.db import connection

            connection.close() if connection.vendor != "sqlite" else None
            mb = memori_puncak(lambda o=opd: _pdf_baru(user, o))
            print(
                f"{nama:<22}{halaman:>8}{n_html / 1000:>9.0f}{n_pdf / 1000:>8.0f}{t_view:>9.2f}{t_weasy:>9.2f}"
                f"{t_view / t_weasy:>7.3f}{t_cache * 1000:>10.1f}{mb:>8.0f}"
            )
            rasio = t_view / t_weasy
            ringkas(
                f"PDF {nama}: view/WeasyPrint", f"{t_view:.2f}/{t_weasy:.2f} s = {rasio:.3f}", "< 1,15", rasio < 1.15
            )
            ringkas(f"PDF {nama}: dari tembolok", f"{t_cache * 1000:.1f} ms", "< 100 ms", t_cache < 0.1)
            ringkas(f"PDF {nama}: memori puncak (Python)", f"{mb:.0f} MB", "(info)", True)
        print("goals: rasio < 1,15; cache < 100 ms")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
