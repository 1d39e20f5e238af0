"""Parts of public pages kept in the cache under the site's version
(articles/versions.py), like the News sidebar: the article page's piece and
its "Read also", and the header's sections, are fetched once per change of the
site rather than on every request; the templates still render each time. A
save bumps SITE, so the next reader's key is new; a cache that is down only
means working them out each time. See docs/caching.md.

Signed-in editors (a session cookie) neither read nor fill them: with local
memory each process has its own version tokens, and an editor must see a save
made in another process at once, not within PER_PROCESS_SECONDS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from articles.versions import SITE

logger = logging.getLogger(__name__)

# Only a bound on memory: a change makes a new key, it never waits for this.
FRAGMENT_SECONDS = 60 * 60


def for_readers(request) -> bool:
    """Whether `request` may use the fragment cache: no session cookie."""
    return request is not None and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cached_for_site[T](request, name: str, build: Callable[[], T]) -> T:
    """`build()`, kept under `name` and the site's version for readers."""
    if not for_readers(request):
        return build()
    try:
        key = f"fragment:{name}:{SITE.current()}"
        value = cache.get(key)
    except Exception:  # a cache that is down must not take the page down
        logger.exception("Could not read the cached %s.", name)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, FRAGMENT_SECONDS)
        except Exception:
            logger.exception("Could not cache the %s.", name)
    return value
