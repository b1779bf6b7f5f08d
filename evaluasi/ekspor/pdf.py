"""PDF from HTML with WeasyPrint, and a cache of generated PDFs that can never be stale.

``html_ke_pdf`` is generic: any template rendered to HTML (the semester report now,
Formulir E.81 later) becomes a PDF. Resources are read from our static files only
(``PengambilStatis``): a report never reaches the network and never reads other files.

``pdf_dari_templat`` is the cached wrapper the views use. Its key is a hash of the
*report data* (the template's context), not of the rendered HTML. Why: rendering the
report's HTML costs more than computing its data (the django-tables2 tables take about
170 ms at seed size, 1 s at ten times), and the key must be known before we can tell
whether the PDF is cached; hashing the context instead keeps a cached download under
100 ms at seed size (about 40 ms; about 0,3 s at ten times, most of it computing the
report data, which any exact key needs). It stays exact because the key covers
everything the output depends on:

- the context, serialised with pickle: every model instance (with the related objects
  loaded with it), every figure, flag (e.g. whether the data-quality section is shown)
  and tree. A django-tables2 table counts as its class, columns, rows and ``jumlah``;
  a queryset as its rows (evaluated here, and reused by the render that follows);
- the code and templates that turn the context into HTML, and the stylesheets
  (``versi_kode``: a hash of the ``evaluasi`` package, every template directory and
  every static directory), the versions of Django, django-tables2 and WeasyPrint, and
  the ``EVALUASI_*`` settings (predikat bands, risk levels).

If a context cannot be pickled (a future template given a lambda, say), the key falls
back to a hash of the rendered HTML: slower, equally exact. Fonts installed on the
machine are not part of the key; clear the cache after changing them.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import pickle
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import django
import django_tables2
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db.models import QuerySet
from django.template import engines
from django.template.loader import render_to_string

# Cache alias of generated exports (disnaker/settings.py); the default cache if it is not configured.
ALIAS_CACHE = "ekspor"

# Relative URLs (``{% static %}``) resolve against a fixed base: PengambilStatis serves static paths
# whatever the host, and a cached PDF must not depend on the request's host, which its key leaves out.
ALAMAT_DASAR = "http://cetak.invalid/"

FONT = {".ttf", ".otf", ".ttc", ".woff", ".woff2"}

# How many times WeasyPrint ran in this process: the tests and the bench prove a cache hit with it.
jumlah_render = 0


class PengambilStatis(weasyprint.urls.URLFetcher):
    """Serves ``{% static %}`` URLs (on any host) from our own files; refuses the rest but fonts and data: URIs.

    Font files are allowed as ``file:`` URLs because that is how WeasyPrint loads the
    ``local()`` fonts of an ``@font-face`` rule.
    """

    def fetch(self, url, headers=None):
        bagian = urlsplit(url)
        jalur = unquote(bagian.path)
        if bagian.scheme == "data" or (bagian.scheme == "file" and Path(jalur).suffix.lower() in FONT):
            return super().fetch(url, headers)
        awalan = urlsplit(settings.STATIC_URL).path
        if bagian.scheme in ("http", "https") and jalur.startswith(awalan):
            berkas = _berkas_statis(jalur.removeprefix(awalan))
            if berkas:
                jenis = mimetypes.guess_type(berkas.name)[0] or "application/octet-stream"
                return weasyprint.urls.URLFetcherResponse(url, berkas.read_bytes(), {"Content-Type": jenis})
        raise ValueError(f"Sumber di luar berkas statis ditolak: {url}")


def _berkas_statis(relatif):
    """The file of a static path: found in the app/static dirs (development) or in STATIC_ROOT."""
    if ".." in Path(relatif).parts:
        return None
    ditemukan = finders.find(relatif)
    if ditemukan:
        return Path(ditemukan)
    if settings.STATIC_ROOT and (Path(settings.STATIC_ROOT) / relatif).is_file():
        return Path(settings.STATIC_ROOT) / relatif
    return None


def html_ke_pdf(html: str, base_url=None) -> bytes:
    """Render an HTML document to PDF bytes with WeasyPrint (resources from static files only)."""
    global jumlah_render
    jumlah_render += 1
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=PengambilStatis()).write_pdf()


def versi_kode() -> str:
    """Hash of everything besides the data that shapes a PDF: our code, templates, stylesheets, libraries.

    Computed once per process, since a deploy restarts the workers; under DEBUG on every
    call (a few ms), because the development server reloads templates without a restart.
    """
    if settings.DEBUG:
        return _versi_kode.__wrapped__()
    return _versi_kode()


@lru_cache(maxsize=1)
def _versi_kode() -> str:
    versi = f"{django.__version__} {django_tables2.__version__} {weasyprint.__version__} {settings.LANGUAGE_CODE}"
    # The rules a kabupaten configures (predikat bands, risk levels) shape colours and labels.
    aturan = [(n, getattr(settings, n)) for n in sorted(dir(settings)) if n.startswith("EVALUASI_")]
    h = hashlib.sha256(f"{versi} {aturan!r}".encode())
    akar = [Path(__file__).resolve().parent.parent]  # the evaluasi package
    for mesin in engines.all():
        akar += [Path(d) for d in getattr(mesin, "template_dirs", ())]
    akar += [Path(d) for d in settings.STATICFILES_DIRS]
    for a in akar:
        for berkas in sorted(a.rglob("*")):
            if berkas.is_file() and berkas.suffix in (".py", ".html", ".css") and "migrations" not in berkas.parts:
                h.update(str(berkas.relative_to(a)).encode())
                h.update(berkas.read_bytes())
    return h.hexdigest()


def _tabel_mentah(tabel):
    """A django-tables2 table as what it shows: class, columns, rows (a queryset's rows are evaluated)."""
    data = tabel.data.data
    baris = list(data) if isinstance(data, QuerySet) else data
    kolom = [(c.name, str(c.header), c.visible, c.orderable) for c in tabel.columns]
    return (_tabel_mentah, (type(tabel).__qualname__, kolom, baris, getattr(tabel, "jumlah", None)))


class _Pengenal(pickle.Pickler):
    """Pickles a context for hashing only (never unpickled): tables and querysets as their rows."""

    def reducer_override(self, obj):
        if isinstance(obj, django_tables2.Table):
            return _tabel_mentah(obj)
        if isinstance(obj, QuerySet):
            return (list, (list(obj),))
        return NotImplemented


def kunci_konteks(templat: str, konteks: dict) -> str | None:
    """Cache key of a template rendered with this context; None if the context cannot be pickled."""
    keluar = io.BytesIO()
    try:
        _Pengenal(keluar, protocol=pickle.HIGHEST_PROTOCOL).dump(konteks)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return _kunci("data", templat, keluar.getvalue())


def _kunci(jenis, templat, bahan: bytes) -> str:
    h = hashlib.sha256(f"{versi_kode()} {jenis} {templat}\0".encode())
    h.update(bahan)
    return f"pdf:{h.hexdigest()}"


def pdf_dari_templat(templat: str, konteks: dict) -> bytes:
    """The PDF of a template with its context: from the cache if this exact content was rendered before.

    The template is rendered without the request (no context processors), so the context, which
    the key covers, is all it sees: a user's name, say, cannot reach a PDF cached for another user.
    """
    cache = caches[ALIAS_CACHE] if ALIAS_CACHE in settings.CACHES else caches["default"]
    html = None
    kunci = kunci_konteks(templat, konteks)
    if kunci is None:
        html = render_to_string(templat, konteks)
        kunci = _kunci("html", templat, html.encode())
    pdf = cache.get(kunci)
    if pdf is None:
        if html is None:
            html = render_to_string(templat, konteks)
        pdf = html_ke_pdf(html, ALAMAT_DASAR)
        cache.set(kunci, pdf)
    return pdf


# --- Outputs keyed on the OPD's data version ---------------------------------------------------
#
# A context hash needs the report data computed first (about 0,3 s at ten times the seed). The
# data version (evaluasi/versi.py: bumped by every write, see evaluasi/sinyal.py) is one read, so a
# cached report page or PDF costs a few milliseconds at any size. The key holds the version number
# and the time of the last bump: a number alone can come back after a rollback (a test's, or a
# failed import's) while the time cannot. An OPD without a version row is never cached.


def kunci_versi(jenis: str, opd_id: int, versi, *parameter) -> str | None:
    """Cache key of an output ``jenis`` of an OPD at data version ``versi`` = (number, time); None = do not cache."""
    nomor, waktu = versi
    if waktu is None:
        return None
    bahan = repr((versi_kode(), jenis, opd_id, nomor, waktu.isoformat(), parameter))
    return f"{jenis}:{hashlib.sha256(bahan.encode()).hexdigest()}"


def tembolok():
    """The cache of generated exports and rendered reports (the default cache if 'ekspor' is not configured)."""
    return caches[ALIAS_CACHE] if ALIAS_CACHE in settings.CACHES else caches["default"]


def pdf_berversi(templat: str, kunci: str | None, buat_konteks) -> bytes:
    """The PDF of ``templat``: from the cache under ``kunci`` (see kunci_versi), else rendered and stored.

    ``buat_konteks`` is called only on a miss, so a cached PDF computes no report data. Like
    ``pdf_dari_templat`` the template is rendered without the request.
    """
    cache = tembolok()
    pdf = cache.get(kunci) if kunci else None
    if pdf is None:
        pdf = html_ke_pdf(render_to_string(templat, buat_konteks()), ALAMAT_DASAR)
        if kunci:
            cache.set(kunci, pdf)
    return pdf


# Large rendered bodies (the report page's HTML, up to megabytes at kabupaten size) are kept as plain
# files beside the cache: the file-based cache would zlib-compress and pickle them, which costs more
# per view than the rest of the cached page. Same keys (kunci_versi), same folder, written atomically;
# the oldest third is removed when there are more than the cache's MAX_ENTRIES. A small entry in the
# cache itself says the file is valid, so clearing the cache (``caches["ekspor"].clear()``) clears these too.


def _folder_mentah():
    konfigurasi = settings.CACHES.get(ALIAS_CACHE)
    if not konfigurasi or "filebased" not in konfigurasi["BACKEND"].lower():
        return None
    return Path(konfigurasi["LOCATION"]) / "mentah"


def baca_mentah(kunci: str | None) -> bytes | None:
    """The bytes stored under ``kunci`` (None if absent, or if the cache is not file-based)."""
    folder = _folder_mentah()
    if not kunci or folder is None:
        return tembolok().get(kunci) if kunci else None
    nama = tembolok().get(kunci)
    if not isinstance(nama, str) or "/" in nama:
        return None
    try:
        return (folder / nama).read_bytes()
    except FileNotFoundError:
        return None


def tulis_mentah(kunci: str | None, isi: bytes):
    """Store ``isi`` under ``kunci`` (a temporary file renamed into place: a reader never sees half a file)."""
    import os
    import tempfile

    if not kunci:
        return
    folder = _folder_mentah()
    if folder is None:
        tembolok().set(kunci, isi)
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd, sementara = tempfile.mkstemp(dir=folder, prefix=".tulis-")
    with os.fdopen(fd, "wb") as f:
        f.write(isi)
    nama = kunci.replace(":", "-")
    os.replace(sementara, folder / nama)
    tembolok().set(kunci, nama)
    maks = settings.CACHES[ALIAS_CACHE].get("OPTIONS", {}).get("MAX_ENTRIES", 300)
    berkas = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(berkas) > maks:
        for p in sorted(berkas, key=lambda p: p.stat().st_mtime)[: len(berkas) // 3]:
            p.unlink(missing_ok=True)
