"""Shared fixtures: the seed loaded once per test database, and named users per role."""

import pytest
from django.contrib.auth import get_user_model

from evaluasi.contoh import muat_contoh
from evaluasi.models import Opd


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the Lamongan 2022 seed once into the test database; tests roll back on top of it."""
    with django_db_blocker.unblock():
        muat_contoh()


@pytest.fixture
def opd(db):
    return Opd.objects.get(slug="disnaker")


@pytest.fixture
def pengguna(db):
    """The demo users by username (kadis, verifikator, op_pelatihan, op_hi, inspektorat, bappeda, admin…)."""
    User = get_user_model()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture(scope="session", autouse=True)
def penyimpanan_pribadi_sementara(tmp_path_factory):
    """No test writes evidence or imported workbooks into var/: the private storage points to a tmp dir.

    FileFields resolve their storage callable once at import, so the fields are re-pointed too.
    """
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage
    from django.test import override_settings

    from evaluasi.models import DataDukung, Impor

    lokasi = str(tmp_path_factory.mktemp("pribadi"))
    pribadi = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": lokasi}}
    medan = [DataDukung._meta.get_field("berkas"), Impor._meta.get_field("berkas")]
    lama = [f.storage for f in medan]
    with override_settings(STORAGES={**settings.STORAGES, "pribadi": pribadi}):
        for f in medan:
            f.storage = FileSystemStorage(location=lokasi)
        yield lokasi
    for f, s in zip(medan, lama, strict=True):
        f.storage = s


@pytest.fixture(scope="session", autouse=True)
def tembolok_ekspor_sementara(tmp_path_factory):
    """Rendered reports, dashboards and PDFs are cached in a tmp dir, never in the checkout's var/cache.

    The real file-based backend, so tests see exactly what gunicorn workers share in production.
    Modules that need an empty cache of their own still override CACHES themselves.
    """
    from django.conf import settings
    from django.test import override_settings

    ekspor = {**settings.CACHES["ekspor"], "LOCATION": str(tmp_path_factory.mktemp("tembolok-ekspor"))}
    with override_settings(CACHES={**settings.CACHES, "ekspor": ekspor}):
        yield


@pytest.fixture
def penyimpanan(settings, tmp_path):
    """A test's own empty private storage (evidence and imported workbooks), to look at what it wrote.

    The model fields hold a storage instance resolved at import, so they are re-pointed as well.
    """
    from django.core.files.storage import FileSystemStorage

    from evaluasi.models import DataDukung, Impor

    lokasi = tmp_path / "pribadi"
    settings.STORAGES = {
        **settings.STORAGES,
        "pribadi": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(lokasi), "base_url": None},
        },
    }
    medan = [DataDukung._meta.get_field("berkas"), Impor._meta.get_field("berkas")]
    lama = [f.storage for f in medan]
    for f in medan:
        f.storage = FileSystemStorage(location=str(lokasi))
    yield lokasi
    for f, s in zip(medan, lama, strict=True):
        f.storage = s
