"""The Content-Security-Policy in a real browser: the pages run without a single violation, and their
JavaScript (the entry form's live capaian preview) still works under it.

Chromium reports a blocked inline script or style both as a console error (which the ``halaman``
fixture fails on) and as a ``securitypolicyviolation`` event, collected here from before any script
of the page runs.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from evaluasi.models import Unsur

PANTAU = """
window.__pelanggaran = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__pelanggaran.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def pelanggaran(halaman):
    return halaman.evaluate("() => window.__pelanggaran")


def masuk_dengan_sesi(halaman, live_server, username):
    """A logged-in session cookie (the login form itself is covered by test_masuk.py)."""
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    kuki = c.cookies[settings.SESSION_COOKIE_NAME].value
    halaman.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": kuki, "url": live_server.url}])


def test_tanpa_pelanggaran_csp_dan_pratinjau_tetap_jalan(halaman, live_server, galat_halaman):
    halaman.add_init_script(PANTAU)
    halaman.set_default_timeout(60_000)  # the first dashboard draws its charts (matplotlib) on a busy CI machine
    s22 = Unsur.objects.get(opd__slug="disnaker", tahun=2022, level="sub_kegiatan", nomor="22")
    ind1 = s22.indikator.order_by("urutan", "id").first()
    k1 = ind1.target.get(tahun=2022).komponen.order_by("urutan").first()

    masuk_dengan_sesi(halaman, live_server, "op_pelatihan")
    # Dashboard (progress meters, chart images as data: URIs).
    r = halaman.goto("/opd/disnaker/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    expect(halaman.locator("#grafik img").first).to_be_visible()
    assert halaman.locator("meter.bilah-kemajuan").count() > 0
    assert halaman.evaluate("() => document.querySelector('#grafik img').naturalWidth") > 0  # data: image loaded
    assert pelanggaran(halaman) == []

    # Entry form: the stylesheet from static/ applies, and the preview computes while typing.
    r = halaman.goto(f"/opd/disnaker/entri/2022/sub-kegiatan/{s22.pk}/triwulan/1/")
    assert "content-security-policy" in r.headers
    capaian = halaman.locator(f'[data-capaian="{ind1.pk}"]')
    expect(capaian).to_have_text("-")
    halaman.fill(f"#id_nilai_{k1.pk}", "10")
    expect(capaian).to_have_text("4,46%")  # computed by the server through entri.js's fetch
    assert pelanggaran(halaman) == []

    # Report pages.
    for path in (
        "/opd/disnaker/laporan/2022/semester/2/",
        "/opd/disnaker/laporan/2022/e81/",
        "/opd/disnaker/entri/2022/",
    ):
        r = halaman.goto(path)
        assert r.status == 200 and "content-security-policy" in r.headers, path
        assert pelanggaran(halaman) == [], path
    assert galat_halaman == []
