"""Shared fixtures. Settings come from cms/settings.py like everywhere else;
only what tests need differently is set here."""

from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
REAL_SEED = SEEDS_DIR / "000_0cd400ce3e0bd65c.txt"


@pytest.fixture
def real_seed_text() -> str:
    return REAL_SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back after
    a test, but cached pages, fragments and version tokens would outlive it."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()


@pytest.fixture
def pages_rendered_every_time(settings):
    """The anonymous page cache off (as `make bench`'s uncached rows have
    it: cms/bench/settings.py), so a second visit renders its page again."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture
def no_lazy_loads(monkeypatch):
    """Make any lazy load of a related object raise FieldFetchBlocked.

    Django 6.1 reads DEFAULT_FETCH_MODE whenever a QuerySet is created, so with
    FETCH_RAISE every object a view fetches refuses to load a relation on
    demand: what a page shows must come from select_related/prefetch_related.
    """
    from django.db.models import FETCH_RAISE, query

    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", FETCH_RAISE)


@pytest.fixture
def connections_kept_open():
    """For tests that call the WSGI handler itself (the benches, cms/wsgi.py):
    it closes the database connection after each request as a server would;
    inside a test that would close the test's own connection (PostgreSQL then
    refuses the next query). Django's test client does the same as this."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
