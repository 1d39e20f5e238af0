"""The News sidebar for any page's template, the way django.contrib.flatpages
offers {% get_flatpages %}:

- {% news_sidebar %} renders it (one query);
- {% cached_news_sidebar %}, what base.html uses, renders it once per change
  of the ticker or the site and serves it from the cache until then
  (docs/caching.md). A cache that is down only means rendering it each time.
"""

import logging

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.versions import SITE, resolve
from newsfeed.feed import latest_groups
from newsfeed.versions import FEED

logger = logging.getLogger(__name__)

SIDEBAR_SIZE = 20
SIDEBAR_TEMPLATE = "newsfeed/_sidebar.html"
# Only a bound on memory: a change makes a new key, it never waits for this.
SIDEBAR_SECONDS = 60 * 60

register = template.Library()


@register.inclusion_tag(SIDEBAR_TEMPLATE)
def news_sidebar():
    """The latest items, by day."""
    return {"feed": latest_groups(limit=SIDEBAR_SIZE)}


@register.simple_tag
def cached_news_sidebar():
    # Keyed by the ticker's version and the site's: items follow the articles
    # they link to (title, visibility), and either comes due on its own.
    key = "news-sidebar:" + "-".join(resolve([FEED, SITE]))
    try:
        html = cache.get(key)
    except Exception:
        logger.exception("Could not read the cached News sidebar.")
        html = None
    if html is None:
        html = render_to_string(SIDEBAR_TEMPLATE, news_sidebar())
        try:
            cache.set(key, html, SIDEBAR_SECONDS)
        except Exception:
            logger.exception("Could not cache the News sidebar.")
    # Our own template's output, escaped as it was rendered.
    return mark_safe(html)
