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
