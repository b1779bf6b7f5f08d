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
