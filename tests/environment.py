"""Loaded as a pytest plugin (see pyproject.toml) before Django starts: the
suite runs with DEBUG off, like production, so it needs a secret key. The test
client and the browser tests' live server speak plain http, so the redirect to
https is off here; tests/test_deploy_settings.py checks it in production."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
