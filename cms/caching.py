"""HTTP caching: headers a CDN can honour on public pages, 304s on conditional
GETs, the anonymous page cache (cms/page_cache.py), and never-cache for the
newsroom. The policy is explained in docs/caching.md; change the numbers there
too."""

import functools
from hashlib import md5

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
)
from django.utils.http import quote_etag

from cms.page_cache import PageLookup, storable

# How long a public page may be reused. Worst case for an edit to reach a
# reader: SHARED_MAX_AGE + STALE_WHILE_REVALIDATE (the CDN), the browser's copy
# being bounded by MAX_AGE minus the Age the CDN reports.
MAX_AGE = 60
SHARED_MAX_AGE = 120
STALE_WHILE_REVALIDATE = 60
# If the app is down, the CDN may keep serving what it has for a day.
STALE_IF_ERROR = 24 * 60 * 60
# A 404 can turn into a page when a scheduled piece goes out: keep it short.
NOT_FOUND_MAX_AGE = 60

# The newsroom and editors' previews: never stored anywhere.
PRIVATE_PATH_PREFIXES = ("/admin/", "/preview/")

PUBLIC_STATUSES = {200, 301, 308}
NOT_FOUND_STATUSES = {404, 410}


class PublicCacheMiddleware:
    """Goes first in MIDDLEWARE, so it sees the response last: after the CSP
    header is written and after the session or CSRF machinery could have
    marked the response as personal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Signed-out readers: a 304 or the cached page, before any view runs.
        page = PageLookup.for_request(request)
        found = page.find(request) if page is not None else None
        if found is not None and found.etag:
            return not_modified(request, found.etag)
        if found is not None and found.page is not None:
            return found.page.response()
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if request.path.startswith(PRIVATE_PATH_PREFIXES):
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response
        if not response.has_header("Cache-Control"):
            set_cache_headers(request, response)
        if page is not None and storable(request, response):
            response.headers["ETag"] = content_etag(request, response)
            page.store(request, response)
        return answer_conditional_get(request, response)


def is_personal(request, response) -> bool:
    """Whether the response may depend on who asked."""
    return bool(
        response.cookies
        or has_vary_header(response, "Cookie")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def set_cache_headers(request, response) -> None:
    status = response.status_code
    if status in PUBLIC_STATUSES and is_personal(request, response):
        # Signed-in editors always revalidate, so they see their edits at once.
        patch_cache_control(response, private=True, no_cache=True)
    elif status in PUBLIC_STATUSES:
        add_public_headers(response)
    elif status in NOT_FOUND_STATUSES:
        patch_cache_control(
            response, public=True, max_age=NOT_FOUND_MAX_AGE, s_maxage=NOT_FOUND_MAX_AGE
        )
    elif status >= 400:
        patch_cache_control(response, no_store=True)


def add_public_headers(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=MAX_AGE,
        s_maxage=SHARED_MAX_AGE,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
        stale_if_error=STALE_IF_ERROR,
    )


def content_etag(request, response) -> str:
    """A weak ETag over the body, blind to the per-request CSP nonce: two
    renders of the same page differ only in the nonce, so they match."""
    content = response.content
    nonce = get_nonce(request)
    if nonce:  # LazyNonce is falsy until a template used it
        content = content.replace(str(nonce).encode(), b"")
    return "W/" + quote_etag(md5(content, usedforsecurity=False).hexdigest())


def answer_conditional_get(request, response):
    """304 when the client's ETag still matches.

    If-Modified-Since alone is deliberately not honoured: Last-Modified on feeds
    and sitemaps comes from the newest item, which cannot see a piece being
    unpublished or silently corrected; the content ETag sees both.
    """
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or "no-store" in response.get("Cache-Control", "")
    ):
        return response
    if not response.has_header("ETag"):
        response.headers["ETag"] = content_etag(request, response)
    if "HTTP_IF_NONE_MATCH" not in request.META:
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)


def not_modified(request, etag: str):
    """The 304 a signed-out reader gets when their copy is still current,
    with the headers the 200 had. No Content-Security-Policy: the client
    keeps the header that came with its copy."""
    response = HttpResponseNotModified()
    for name, value in not_modified_headers(etag):
        response.headers[name] = value
    return response


def not_modified_headers(etag: str) -> list[tuple[str, str]]:
    return [("ETag", etag), ("Cache-Control", public_cache_control())]


@functools.cache
def public_cache_control() -> str:
    """The public pages' Cache-Control value, made once: patching it into a
    response each time cost about 0.1 ms, half of a 304."""
    response = HttpResponse()
    add_public_headers(response)
    return response["Cache-Control"]
