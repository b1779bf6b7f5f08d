"""Load: 50 concurrent logged-in clients on the dashboard and the report, gunicorn (2 workers) + PostgreSQL.

Zero 5xx and no dropped connection; p50/p99 and requests per second are printed (``-s`` shows them).
BEBAN_DETIK sets the duration: 10 s by default so the suite stays quick, 30 s for the issue's full
run (``BEBAN_DETIK=30 make beban``). The database is a private PostgreSQL cluster (tests/pelayan.py).
"""

import os
import urllib.request

import pytest

from tests.pelayan import (
    beban,
    bisa_postgres_pribadi,
    kuki_sesi,
    server_produksi,
)

DETIK = float(os.environ.get("BEBAN_DETIK", "10"))
KLIEN = int(os.environ.get("BEBAN_KLIEN", "50"))
PENGGUNA = ["kadis", "inspektorat", "verifikator", "op_pelatihan", "op_hi", "bappeda"]


@pytest.fixture(scope="module")
def server():
    if not bisa_postgres_pribadi():
        pytest.skip("PostgreSQL (initdb/pg_ctl) tidak tersedia untuk klaster pribadi")
    with server_produksi("evaluasi_beban") as (_, g, env):
        yield g, env


def halaman_dasbor(g, kuki):
    """The dashboard pages that exist now: ``/`` always; the OPD dashboard once it is built (issue 6)."""
    path = ["/"]
    permintaan = urllib.request.Request(g.alamat + "/opd/disnaker/", headers={"Cookie": kuki})
    try:
        with urllib.request.urlopen(permintaan, timeout=60) as r:
            if r.status == 200:
                path.append("/opd/disnaker/")
    except OSError:
        pass
    return path


def test_lima_puluh_klien_tanpa_5xx(server):
    g, env = server
    kuki = [f"sessionid={k}" for k in kuki_sesi(env, *PENGGUNA).values()]
    path = halaman_dasbor(g, kuki[0]) + [
        "/opd/disnaker/laporan/2022/semester/2/",
        "/opd/disnaker/laporan/2022/semester/1/",
    ]
    hasil = beban(g.alamat, path, klien=KLIEN, detik=DETIK, kuki=kuki)
    print(f"\n{KLIEN} klien, {', '.join(path)}")
    print(hasil.ringkas("beban: "))
    for p in path:
        waktu = sorted(r[1] for r in hasil.respons if r[2] == p)
        if waktu:
            print(f"  {p}: {len(waktu)} permintaan, p50 {waktu[len(waktu) // 2] * 1000:.0f} ms")
    status = hasil.status()
    assert hasil.galat == [], hasil.galat[:5]
    assert not [s for s in status if s >= 500], hasil.contoh_5xx
    assert set(status) == {200}, status  # logged in and in scope: every page answers
    assert hasil.jumlah >= KLIEN  # every client got at least one answer
