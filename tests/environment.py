"""Loaded as a pytest plugin (see pyproject.toml) before Django starts: the
suite runs with DEBUG off, like production, so it needs a secret key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
