"""Production settings, as cms/settings.py makes them from a production
environment. Settings are read once at import, so each check runs Django in a
fresh process with that environment, the way the app server would."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def production_env_values(tmp_path_factory):
    """The README's production environment: DEBUG off, a long random key, the
    site's host; nothing else set, so every other setting is its default."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = {key: value for key, value in os.environ.items() if "DJANGO" not in key}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="global.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )
    return env


@pytest.fixture
def production_env(production_env_values):
    return dict(production_env_values)


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


REQUESTS = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="global.example.org")
plain = client.get("/robots.txt")
proxied = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security")],
}))
"""


@pytest.fixture(scope="module")
def production_answers(production_env_values):
    result = run_python(REQUESTS, production_env_values)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_in_production_plain_http_is_redirected_to_https(production_answers):
    status, location = production_answers["plain"]
    assert (status, location) == (301, "https://global.example.org/robots.txt")


def test_in_production_https_through_the_proxy_gets_a_year_of_hsts(
    production_answers,
):
    status, hsts = production_answers["proxied"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_the_proxy_header_and_ssl_redirect_follow_the_environment(production_env):
    production_env.update(
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="3600",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="0",
        DJANGO_HSTS_PRELOAD="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme: https",
    )
    code = REQUESTS.replace("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_SCHEME")
    result = run_python(code, production_env)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["plain"] == [200, None]
    assert answers["proxied"] == [200, "max-age=3600"]
