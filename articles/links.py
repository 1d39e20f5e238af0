"""reverse() for the links lists repeat on every request: a list page links
twenty pieces and the ticker forty items, and Django's reverse() cost more
than the rest of a card's link."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname: str, **kwargs) -> str:
    """reverse(viewname, kwargs=kwargs), worked out once per arguments, URLconf
    and script prefix in a process."""
    urlconf = get_urlconf(settings.ROOT_URLCONF)
    return _reverse(viewname, tuple(kwargs.items()), urlconf, get_script_prefix())


@lru_cache(maxsize=8192)
def _reverse(viewname, kwargs, urlconf, script_prefix) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
