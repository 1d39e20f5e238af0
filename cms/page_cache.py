"""The anonymous page cache, and 304s answered before any view runs.

Public pages for signed-out readers are kept whole in the cache, under the
URL and the code's version (RELEASE), with the versions of everything a page
can show (articles.versions.SITE, newsfeed.versions.FEED) it was made under.
A stored page is served only while those are still the versions: a change
bumps one, so the next reader renders the page afresh: no purge, and no stale
copy can be served after a change or a cache flush (the versions are random
tokens). The versions and the page are read together, in one round trip. A
stored page's ETag (a hash of its body, which has no nonce) is kept beside
it, so a conditional GET is answered from the versions and the ETag, before
any view runs; being a body hash, it is the same from every process.

Hits are answered twice over: by PageCacheWSGIHandler (cms/wsgi.py), before
Django builds its request, runs signals or any middleware, when the versions
are in the cache; and by PublicCacheMiddleware (cms/caching.py), which also
fills the cache and serves ASGI and the test client. Both use PageLookup.

Nothing personal is ever stored: a request with a session cookie (a signed-in
editor) or credentials neither reads nor fills the cache, the newsroom's paths
are left out, and a response is kept only if it is a public 200 that set no
cookie, does not vary on Cookie and used no CSP nonce. See docs/caching.md.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import has_vary_header
from django.utils.http import parse_etags

from articles.versions import SITE, resolve, tokens_from
from newsfeed.versions import FEED

logger = logging.getLogger(__name__)

# Only a bound on memory: a change makes new keys, it never waits for this.
PAGE_SECONDS = 10 * 60
# Never read or filled: the newsroom, previews, share links, files.
SKIPPED_PATH_PREFIXES = ("/admin/", "/preview/", "/share/", "/static/", "/media/")


def _release() -> str:
    """Changes when the code or templates do, so a deploy is a new version:
    the relative names and contents of the project's own source files. Not
    their times or absolute paths, which differ from machine to machine: app
    servers running the same release share one set of pages in Redis."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in ("articles", "cms", "newsfeed", "templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".css", ".js", ".txt", ".xml"}:
                digest.update(f"{path.relative_to(root)}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = _release()


def cache():
    """A `pages` cache when settings define one, else the default cache."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


class StoredPage(NamedTuple):
    """A page as the cache keeps it: the versions it was made under and what
    goes on the wire, nothing more. A named tuple, as it is read back on
    every hit: unpickling one is a call, a dataclass's or an HttpResponse's
    runs Python code per field."""

    versions: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    content: bytes

    @classmethod
    def from_response(cls, response, versions: str) -> StoredPage:
        return cls(
            versions,
            response.status_code,
            response.reason_phrase,
            tuple(response.items()),
            response.content,
        )

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.reason}"

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status, reason=self.reason)
        for name, value in self.headers:
            response.headers[name] = value
        return response


class Found(NamedTuple):
    """What the cache holds for a request, current: the ETag when the
    reader's copy (If-None-Match) is still the page, else the page, if any."""

    etag: str | None = None
    page: StoredPage | None = None


class PageLookup:
    """What a signed-out reader's GET is served from.

    A page is kept under its URL (and RELEASE), with the versions it was made
    under; it is current while those are the versions now. The versions and
    the page are read together, in one round trip when the pages share the
    default cache (Redis: one network round trip a hit, not two)."""

    def __init__(self, request, host: str):
        url = f"{request.scheme}://{host}{request.get_full_path()}"
        digest = hashlib.sha256(f"{RELEASE}|{url}".encode()).hexdigest()
        self.key = f"page:{digest[:48]}"
        self.etag_key = self.key + ":etag"
        self.versions: str | None = None  # set by find()

    @classmethod
    def for_request(cls, request) -> PageLookup | None:
        """None when the cache must not be used for this request."""
        if request.method not in ("GET", "HEAD") or request.path.startswith(
            SKIPPED_PATH_PREFIXES
        ):
            return None
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
        ):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the view answers it (400), uncached
        return cls(request, host)

    def find(self, request, *, renew: bool = True) -> Found | None:
        """The current page or ETag for `request`. None when the versions
        cannot be had: with renew=False, when one would have to be made again
        from the database (the caller hands the request on to Django); else
        when the database fails (the page is served uncached, as the view
        would: robots.txt needs no database at all)."""
        etags = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        # Only the ETag for a conditional GET, not the page.
        wanted = self.etag_key if etags else self.key
        states, stored = _read_with_versions(wanted)
        tokens = tokens_from(states, [SITE, FEED])
        if tokens is None and not renew:
            return None
        if tokens is None:
            try:
                tokens = resolve([SITE, FEED])
            except DatabaseError:
                logger.exception("Could not read the content versions.")
                return None
        self.versions = "-".join(tokens)
        if stored is not None and stored[0] != self.versions:
            stored = None  # made under versions that have changed since
        if not etags:
            return Found(page=stored)
        if stored is not None and {stored[1], stored[1].removeprefix("W/")} & set(
            etags
        ):
            return Found(etag=stored[1])
        page = _read(self.key)  # the reader's copy is not current
        return Found(page=page if page and page.versions == self.versions else None)

    def store(self, request, response) -> None:
        if self.versions is None or not storable(request, response):
            return
        try:
            cache().set_many(
                {
                    self.key: StoredPage.from_response(response, self.versions),
                    self.etag_key: (self.versions, response["ETag"]),
                },
                PAGE_SECONDS,
            )
        except Exception:
            logger.exception("Could not write the page cache.")


def _read_with_versions(key: str):
    """(the versions' states, the entry at `key`), in one read when pages
    share the default cache. A cache that fails reads as empty: it must not
    take the site down."""
    version_keys = [SITE.key, FEED.key]
    try:
        default, pages = caches["default"], cache()
        if pages is default:
            found = pages.get_many([*version_keys, key])
            return found, found.get(key)
        return default.get_many(version_keys), pages.get(key)
    except Exception:
        logger.exception("Could not read the page cache.")
        return {}, None


def _read(key: str):
    try:
        return cache().get(key)
    except Exception:
        logger.exception("Could not read the page cache.")
        return None


def storable(request, response) -> bool:
    """A public 200 for anyone, that used no per-request CSP nonce."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and "public" in cache_control
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not get_nonce(request)  # falsy unless a template used it
    )
