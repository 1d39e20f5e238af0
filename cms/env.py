"""Reading settings from the environment: plain functions, so they can be
tested without reloading cms/settings.py."""

import os

from django.core.exceptions import ImproperlyConfigured

OFF = {"0", "false", "no", "off", "none"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    items = (item.strip() for item in os.environ.get(name, default).split(","))
    return [item for item in items if item]


def env_proxy_ssl_header(name: str, default: str) -> tuple[str, str] | None:
    """A header as the proxy sends it, `X-Forwarded-Proto: https`, as Django's
    SECURE_PROXY_SSL_HEADER wants it; None when it is `off`."""
    value = os.environ.get(name, "").strip() or default
    if value.lower() in OFF:
        return None
    header, sep, expected = value.partition(":")
    header, expected = header.strip(), expected.strip()
    if not sep or not header or not expected or " " in header:
        raise ImproperlyConfigured(
            f"{name} must look like 'X-Forwarded-Proto: https' (or be 'off'), "
            f"not {value!r}."
        )
    return "HTTP_" + header.upper().replace("-", "_"), expected
