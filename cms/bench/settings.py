"""The site's settings with the anonymous page cache turned off, for the
benchmark's "uncached" rows: every request renders its page (the News sidebar
fragment is still cached, as in production). Never used to serve readers."""

from cms.settings import *  # noqa: F403
from cms.settings import CACHES

# cms.page_cache uses a `pages` cache when settings define one: a dummy one
# stores nothing and finds nothing, so each request runs its view.
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
