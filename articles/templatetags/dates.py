"""{{ article.published_at|cached_date:"j F, Y H:i" }}: Django's `date` filter,
worked out once per time, zone, format and language in a process.

Lists, search results and the ticker show the same few hundred times on every
request, and Django's date formatting cost more than the rest of a card (two
times a card, two an item in the feed).
"""

from datetime import datetime
from functools import lru_cache

from django import template
from django.template.defaultfilters import date
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def cached_date(value, arg=None):
    if value in (None, ""):
        return ""
    # Aware times in different zones are equal when they are the same
    # instant, and in one zone when they show the same clock time (the hour
    # clocks go back comes twice): the zone (the reader's, as the template
    # localised it) and the UTC offset are part of the key. So is the
    # language, for the names of months and days.
    zone = getattr(value, "tzinfo", None)
    offset = value.utcoffset() if isinstance(value, datetime) else None
    return _date(value, zone, offset, arg, get_language())


@lru_cache(maxsize=4096)
def _date(value, zone, offset, arg, language) -> str:
    return date(value, arg)
