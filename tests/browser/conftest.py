"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

What this folder provides:

- ``peramban``: one Chromium per worker (Playwright sync API, /usr/bin/chromium), started at the
  first browser test and stopped after the last one of this folder.
- ``halaman``: a fresh page (own context, own cookies) per test, at desktop size, whose console
  errors and uncaught page errors are collected in ``galat_halaman``; any of them fails the test
  at teardown (a 404 for /favicon.ico excepted).
- ``masuk(username)``: logs in through the real form at /accounts/login/.
- ``tangkap(nama)``: screenshots of the current page at desktop and phone width into tangkapan/.

The seed and the live server. The server answers from its own thread (on PostgreSQL with its own
connection), so these tests are transactional: Django flushes the whole database after each of
them, and the Lamongan 2022 seed that tests/conftest.py loads once per session would be gone for
every later test in the same worker. So, once the seed is loaded, this folder snapshots the
database (Django's own test serialization) and marks every browser test ``serialized_rollback``:
each browser test starts from that snapshot (same rows, same primary keys), and when the last
browser test of the folder has run the package fixture flushes and restores the snapshot, so the
tests after it in the worker see exactly the database they would have seen without browser tests.

The browser and Django's async check. Playwright's sync API leaves an asyncio loop marked as
running in the test thread, and Django then refuses every ORM call of that thread (the flush, the
restore, a test reading the database) as if it came from async code. Nothing here is async, so
the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for exactly as long as Playwright runs. That is
why the browser is package-scoped, not session-scoped: the loop and the flag end with the last
browser test, so the tests after it keep Django's check and inherit no such variable (``manage.py
check --deploy`` warns about it). pytest-django runs transactional tests after the other database
tests and the browser tests sit in one folder, so in practice Chromium still starts once per worker.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Error as GalatPlaywright
from playwright.sync_api import sync_playwright

from evaluasi.contoh import KATA_SANDI_DEMO

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's services, which on a
# closed network only produces retries; the tests need none of them.
ARGUMEN_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAYAR = {"desktop": {"width": 1366, "height": 900}, "ponsel": {"width": 390, "height": 844}}
FOLDER_TANGKAPAN = Path(__file__).resolve().parent / "tangkapan"
BATAS_WAKTU_MS = 10_000


# --- the seed across transactional tests ------------------------------------------------------


@pytest.fixture(scope="session")
def _snapshot_benih(django_db_setup, django_db_blocker):
    """Serialize the seeded test database once; Django's serialized rollback restores from it.

    Django serializes a test database when it creates it, before tests/conftest.py loads the
    seed; replacing that string makes ``serialized_rollback`` bring the seed back.
    """
    with django_db_blocker.unblock():
        for koneksi in connections.all():
            koneksi._test_serialized_contents = koneksi.creation.serialize_db_to_string()
    return {koneksi.alias: koneksi._test_serialized_contents for koneksi in connections.all()}


def _pulihkan(alias, isi):
    """Load the snapshot, then move PostgreSQL's id sequences past the restored rows.

    The flush before it restarts every sequence at 1 while the snapshot brings rows with their
    own ids; without the reset the next insert would collide with a restored row.
    """
    from django.apps import apps
    from django.core.management.color import no_style

    koneksi = connections[alias]
    koneksi.creation.deserialize_db_from_string(isi)
    perintah = koneksi.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    if perintah:
        with koneksi.cursor() as kursor:
            for sql in perintah:
                kursor.execute(sql)


@pytest.fixture(scope="package", autouse=True)
def _pulihkan_benih(_snapshot_benih, django_db_blocker):
    """After the last browser test of this worker, put the seeded database back exactly."""
    yield
    with django_db_blocker.unblock():
        for alias, isi in _snapshot_benih.items():
            call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
            _pulihkan(alias, isi)


@pytest.fixture(autouse=True)
def _benih_untuk_uji_peramban(_snapshot_benih, transactional_db):
    """Every browser test is a transactional test that starts from the seeded snapshot.

    The flush after a transactional test empties the database; the snapshot is put back
    here explicitly (Django's own serialized rollback did not see it under pytest-django).
    """
    from evaluasi.models import Opd

    if not Opd.objects.exists():
        for alias, isi in _snapshot_benih.items():
            # the flush re-created content types and permissions with new ids: clear them first
            call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
            _pulihkan(alias, isi)


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def peramban(_pulihkan_benih):
    """One headless Chromium for the browser tests of this worker (see the module docstring).

    Depends on ``_pulihkan_benih`` so that Chromium and its loop are gone before the seed is restored.
    """
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium tidak ditemukan di {CHROMIUM}: uji peramban tidak boleh dilewati. "
            "Pasang dengan `make install` (apt-get install -y chromium).",
            pytrace=False,
        )
    # Playwright's sync API marks its asyncio loop as running in this thread: without the flag
    # Django refuses the ORM calls of the test thread. The flag lives exactly as long as the loop.
    sebelumnya = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    try:
        try:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
        except GalatPlaywright as e:
            pytest.fail(f"Chromium di {CHROMIUM} gagal dijalankan: {e}", pytrace=False)
        yield browser
        browser.close()
    finally:
        pw.stop()
        if sebelumnya is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = sebelumnya


def _galat_diabaikan(pesan) -> bool:
    """A missing favicon is the only resource error not worth failing a test on."""
    url = (pesan.location or {}).get("url", "")
    return pesan.text.startswith("Failed to load resource") and urlsplit(url).path == "/favicon.ico"


@pytest.fixture
def galat_halaman():
    """Console errors and uncaught exceptions of ``halaman``, as readable strings."""
    return []


@pytest.fixture
def halaman(peramban, live_server, galat_halaman):
    """A new page on the live server (relative URLs work); fails the test on any JS/console error."""
    konteks = peramban.new_context(base_url=live_server.url, viewport=LAYAR["desktop"], locale="id-ID")
    konteks.set_default_timeout(BATAS_WAKTU_MS)
    page = konteks.new_page()

    def pada_konsol(pesan):
        if pesan.type == "error" and not _galat_diabaikan(pesan):
            galat_halaman.append(f"console.error: {pesan.text} ({(pesan.location or {}).get('url', '')})")

    page.on("console", pada_konsol)
    page.on("pageerror", lambda galat: galat_halaman.append(f"pageerror: {galat}"))
    yield page
    konteks.close()
    if galat_halaman:
        pytest.fail("Galat di konsol peramban:\n" + "\n".join(galat_halaman), pytrace=False)


@pytest.fixture
def masuk(halaman):
    """Log in through the real login form; returns the page after the redirect."""

    def _masuk(username, password=KATA_SANDI_DEMO):
        halaman.goto("/accounts/login/")
        halaman.fill("input[name=username]", username)
        halaman.fill("input[name=password]", password)
        with halaman.expect_navigation():
            halaman.get_by_role("button", name="Masuk").click()
        return halaman

    return _masuk


@pytest.fixture
def tangkap(halaman):
    """Screenshot the current page (full length) at desktop and phone width; returns the paths."""

    def _tangkap(nama):
        FOLDER_TANGKAPAN.mkdir(exist_ok=True)
        berkas = {}
        for ukuran, layar in LAYAR.items():
            halaman.set_viewport_size(layar)
            berkas[ukuran] = FOLDER_TANGKAPAN / f"{nama}-{ukuran}.png"
            halaman.screenshot(path=berkas[ukuran], full_page=True)
        halaman.set_viewport_size(LAYAR["desktop"])
        return berkas

    return _tangkap
