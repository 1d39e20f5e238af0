"""The environment helpers that cms/settings.py reads every variable through."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.env import env_bool, env_int, env_list, env_proxy_ssl_header


def test_a_trailing_comma_or_blank_item_in_a_list_is_dropped(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "a.com, ")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["a.com"]


def test_list_items_are_stripped_and_blank_ones_in_the_middle_dropped(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " a.com ,, b.org ,\t,")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["a.com", "b.org"]


def test_an_unset_list_uses_the_default(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOWED_HOSTS", raising=False)
    assert env_list("DJANGO_ALLOWED_HOSTS", "localhost,[::1]") == [
        "localhost",
        "[::1]",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("On", True), ("0", False), ("no", False)],
)
def test_a_flag_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("DJANGO_DEBUG", value)
    assert env_bool("DJANGO_DEBUG", not expected) is expected


def test_an_empty_flag_uses_the_default(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "")
    assert env_bool("DJANGO_DEBUG", True) is True


def test_a_number_that_is_not_one_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("DJANGO_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_HSTS_SECONDS"):
        env_int("DJANGO_HSTS_SECONDS", 0)


def test_the_proxy_header_is_written_as_the_proxy_sends_it(monkeypatch):
    monkeypatch.setenv("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    assert env_proxy_ssl_header("DJANGO_SECURE_PROXY_SSL_HEADER", "off") == (
        "HTTP_X_FORWARDED_PROTO",
        "https",
    )


@pytest.mark.parametrize("value", ["off", "0", "None"])
def test_the_proxy_header_can_be_turned_off(monkeypatch, value):
    monkeypatch.setenv("DJANGO_SECURE_PROXY_SSL_HEADER", value)
    default = "X-Forwarded-Proto: https"
    assert env_proxy_ssl_header("DJANGO_SECURE_PROXY_SSL_HEADER", default) is None


def test_a_malformed_proxy_header_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    with pytest.raises(ImproperlyConfigured, match="X-Forwarded-Proto: https"):
        env_proxy_ssl_header("DJANGO_SECURE_PROXY_SSL_HEADER", "off")
