"""Optional CDN purge when a piece is published, unpublished or corrected.

Off unless settings.CDN_PURGE_URL_TEMPLATE is set, e.g.
"https://cdn.example/purge?url={url}": each changed page's absolute URL
(settings.SITE_URL + path, percent-encoded) replaces {url}, and the result is
sent a POST. The app's own page cache needs no purge (its keys follow content
versions, cms/page_cache.py); this only shortens how long a CDN keeps a page
(docs/caching.md). A purge never blocks or fails the editor's save: it runs
after the commit, with a short timeout, and errors are logged. It is queued
for the worker (articles.tasks.purge_cdn) when tasks are queued
(DJANGO_TASKS_BACKEND=database), and otherwise runs in a thread of its own,
since an inline task would make the editor wait for the CDN.
"""

import logging
import threading
import urllib.request
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3


def purge_urls(urls: list[str]) -> None:
    """Ask the CDN to drop each URL; failures are logged, never raised."""
    template = getattr(settings, "CDN_PURGE_URL_TEMPLATE", "")
    if not template:
        return
    for url in urls:
        request = urllib.request.Request(
            template.format(url=quote(url, safe="")), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
                pass
        except (OSError, ValueError) as error:  # HTTP errors are OSErrors too
            logger.warning("CDN purge of %s failed: %s", url, error)


def purge_after_commit(paths: list[str]) -> None:
    """Purge these pages (and the home page) in the background once the
    current transaction commits."""
    if not getattr(settings, "CDN_PURGE_URL_TEMPLATE", ""):
        return
    urls = [settings.SITE_URL + path for path in dict.fromkeys([*paths, "/"])]
    transaction.on_commit(lambda: send_purge(urls))


def send_purge(urls: list[str]) -> None:
    from articles.tasks import purge_cdn  # articles.tasks imports this module

    if isinstance(purge_cdn.get_backend(), ImmediateBackend):
        threading.Thread(target=purge_urls, args=(urls,), daemon=True).start()
    else:
        purge_cdn.enqueue(urls)
