"""No public URL answers 500, whatever is put in its query string or path.

A fixed list of over 200 hostile values (SQL injection, XSS, traversal, format
strings, control characters, 10k-long strings, huge and odd numbers, unicode,
percent-encodings, out-of-range dates, repeated parameters), then more from
hypothesis's `st.text()`, goes into every query parameter the public pages
read (on one route that reads it; every other route gets a sample) and into
every path argument. Pages that come back as HTML must not carry a markup
payload unescaped. The requests only read, so one small site serves them all.
"""

import itertools
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Correction
from articles.sharing import create_share_link, share_url
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NewsItemFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

SQL_INJECTION = [
    "'",
    '"',
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE articles_article; --",
    "1' UNION SELECT NULL, NULL --",
    "1 AND SLEEP(5)",
    "'; SELECT pg_sleep(5); --",
    "admin'--",
    "1)) OR ((1=1",
    "%' AND 1=0 UNION SELECT * FROM auth_user --",
    "\\",
    "`",
    "1 OR 1=1",
    "' || (SELECT sqlite_version()) || '",
    "$1",
]

# Checked as markup: none may come back unescaped in an HTML page.
XSS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    '<body onload="alert(1)">',
    "<ScRiPt>alert(1)</sCrIpT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<!--<script>alert(1)</script>-->",
    "<details open ontoggle=alert(1)>",
    '"><input autofocus onfocus=alert(1)>',
    "<style>*{color:red}</style>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
]
MARKUP = [value for value in XSS if value.startswith(("<", '"', "'"))]

TRAVERSAL = [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "/etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "%252e%252e%252f",
    "..%c0%af..%c0%af",
    "file:///etc/passwd",
    "/admin/",
    "//evil.example",
    "http://evil.example/",
]

FORMAT_STRINGS = [
    "%s",
    "%s%s%s%s%s%s%s%s",
    "%n",
    "%(foo)s",
    "{}",
    "{0}",
    "{0.__class__}",
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "{% debug %}",
    "{{ settings.SECRET_KEY }}",
]

CONTROL = [
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\x01",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "a\r\nSet-Cookie: hacked=1",
    "\x0b\x0c",
    "\x1b[31mred",
    "\x7f",
    "\x80",
    "\x9f",
    " ",
    "\u00a0",
]

LONG = [
    "a" * 10_000,
    "9" * 10_000,
    "<" * 10_000,
    "é" * 5_000,
    "🇺🇦" * 2_500,
    "%" * 10_000,
    "' OR 1=1 -- " * 800,
    "a" * 201,
    "\x00" * 10_000,
    "2025-02-13T08:54:00Z_" + "1" * 10_000,
]

NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "+1",
    "00000000001",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "9" * 30,
    "-" + "9" * 30,
    "1e308",
    "1e309",
    "-1e308",
    "1e-400",
    "1.5",
    "0.1",
    "1,5",
    "0x10",
    "1_000",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "١٢٣",  # Arabic-Indic digits, which int() accepts
    "１２",  # full-width digits
    "²",
    "Ⅻ",
    "last",
    "first",
    " 1",
]

UNICODE = [
    "Україна",
    "війна та мир",
    "Ёё",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "مرحبا",
    "שלום",
    "你好",
    "日本語",
    "🇺🇦",
    "👨‍👩‍👧‍👦",
    "💩",
    "e\u0301",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "\ue000",
    "İ",
    "ß",
    "\u0430\u0440\u0440\u04cf\u0435",  # Cyrillic look-alike of "apple"
    "tag-україна",
    "Ukraine\u0000Україна",
]

# Values that urlencode() turns into literal percent signs for the view.
PERCENT = [
    "%",
    "%%",
    "%00",
    "%zz",
    "%ff",
    "%C0%80",
    "%ED%A0%80",
    "%E2%80%AE",
    "%u0000",
    "%2B23:59",
    "%252B",
    "+",
    "&",
    "=",
    "a=b&c=d",
    ";",
    "#",
]

DATES = [
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-02-30",
    "2025-13-01",
    "2025-00-10",
    "1970-01-01",
    "-2025-01-01",
    "2025-02-13T10:00:00",
    "2025-02-13T10:00:00Z",
    "2025-02-13T10:00:00+02:00",
    "2025-02-13 10:00:00+02:00",
    "2025-02-13T10:00:00+25:00",
    "2025-02-13T10:00:00.1234567Z",
    "2025-02-13T24:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
    "2025-02-13T08:54:00Z_1",
    "2025-02-13T08:54:00Z_0",
    "2025-02-13T08:54:00Z_-1",
    "2025-02-13T08:54:00Z_" + "9" * 30,
    "2025-02-13T08:54:00Z_9223372036854775807",
    "2025-02-13T08:54:00Z_١٢",
    "2025-02-13T08:54:00Z__1",
    "_1",
    "2025-W07",
    "2025-044",
    "20250213",
    "13/02/2025",
    "13.02.2025",
    "yesterday",
    "Z",
]

ODD = [
    "",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "[object Object]",
    "__proto__",
    "constructor",
    '{"a": 1}',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "opinion",
    "OPINION",
    "exclusive",
    "updated",
    "news",
    "*",
]

REPEATED = [
    ["1", "2"],
    ["", ""],
    ["opinion", "news"],
    ["2025-01-01", "0000-00-00"],
    ["<script>alert(1)</script>", "1"],
    ["9999-12-31T23:59:59-23:59", "2025-02-13T08:54:00Z"],
]

HOSTILE = [
    *SQL_INJECTION,
    *XSS,
    *TRAVERSAL,
    *FORMAT_STRINGS,
    *CONTROL,
    *LONG,
    *NUMBERS,
    *UNICODE,
    *PERCENT,
    *DATES,
    *ODD,
]

# Query strings sent as they are, so the view sees what they decode to: bytes
# that are not UTF-8, NULs, a lone `%`, an encoded `+`.
RAW_QUERY_VALUES = [
    "%00",
    "a%00b",
    "%ff%fe",
    "%C0%80",
    "%ED%A0%80",
    "%",
    "%%",
    "%zz",
    "%2",
    "+",
    "%2B",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00%2B23:59",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%25253Cscript%25253E",
    "%0d%0aSet-Cookie:%20hacked=1",
    "%E2%80%AE",
    "%F0%9F%87%BA%F0%9F%87%A6",
]

LIST_PARAMS = ("q", "kind", "label", "since", "until", "page")

# Every value goes into every parameter, on a route that reads it. Parameters
# share a request only where none can hide another: the filter form validates
# each of the four whatever the others hold, and a date valid for `since` is
# valid for `until` too, so both reach the database. `q` and `page` go alone:
# an invalid filter or page would stop the query before it runs.
FULL_SWEEPS = [
    ("/news/more", ("before",)),
    ("/news/stories/", ("kind", "label", "since", "until")),
    ("/search/", ("q",)),
    ("/news/stories/", ("page",)),
    ("/sitemap-articles.xml", ("p",)),
]

# Every public route (path arguments from the `site` fixture) and what it
# reads, grouped as above; routes that read nothing get a stray parameter.
LIST_SWEEPS = (("kind", "label", "since", "until"), ("q",), ("page",))
SAMPLED_ROUTES = {
    "/": (("q",),),
    "/news/": (("before",),),
    "/news/item/{item}": (("before",),),
    "/news/stories/": (("q",),),
    "/opinion/": LIST_SWEEPS,
    "/interview/": LIST_SWEEPS,
    "/review/": LIST_SWEEPS,
    "/exclusive/": LIST_SWEEPS,
    "/author/olena-kovalenko": LIST_SWEEPS,
    "/section/war": LIST_SWEEPS,
    "/tag/ukraine": LIST_SWEEPS,
    "/search/": (("page",),),
    "/corrections/": (("page",),),
    "/rss": (("page",),),
    "/atom": (("page",),),
    "/sitemap.xml": (("p",),),
    "/sitemap-tags.xml": (("p",),),
    "/news-sitemap.xml": (("p",),),
    "/robots.txt": (("q",),),
    "/preview/{article}": (("q",),),
    "{share}": (("q",),),
    "/{slug}": (("q",),),
}
# What they get: a value from each family, and the ones that broke pages.
SAMPLE = [
    "' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "a\x00b",
    "a" * 10_000,
    "9223372036854775808",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    ["1", "2"],
]

PATH_ROUTES = [
    "/news/item/{}",
    "/author/{}",
    "/section/{}",
    "/tag/{}",
    "/preview/{}",
    "/share/{}",
    "/sitemap-{}.xml",
    "/{}",
]

HYPOTHESIS_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_the_fixed_list_has_over_200_values_per_parameter():
    assert len(HOSTILE) + len(REPEATED) + len(RAW_QUERY_VALUES) >= 200
    assert len(HOSTILE) >= 200  # path arguments get these


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A few published pieces, tags, authors, notes and news items, made once
    for the module and rolled back after it (the requests only read)."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        yield make_site()
        transaction.set_rollback(True)


def make_site():
    section = SectionFactory(slug="war", name="War")
    author = AuthorFactory(slug="olena-kovalenko", name="Olena Kovalenko")
    now = timezone.now()
    variants = [
        {"opinion": True},
        {"kind": "interview"},
        {"kind": "review"},
        {"is_exclusive": True},
        {},
    ]
    pieces = [
        ArticleFactory(
            title=f"Piece {n} about Ukraine",
            authors=[author],
            tags=["ukraine", "war"],
            section=section,
            published_at=now - timedelta(hours=n + 1),
            **variant,
        )
        for n, variant in enumerate(variants)
    ]
    Correction.objects.create(article=pieces[0], text="A name was misspelled.")
    moment = now - timedelta(minutes=5)
    NewsItemFactory.create_batch(3, published_at=moment)
    item = NewsItemFactory(headline="A brief of its own", text="Take shelter.")
    draft = ArticleFactory(draft=True)
    link = create_share_link(draft, None)
    return {
        "item": item.pk,
        "article": draft.pk,
        "share": share_url(link),
        "slug": pieces[0].slug,
    }


def request_failure(client, path, data=None):
    """Why the request failed ("" if it did not): a 5xx or an exception, or a
    markup payload that came back unescaped in an HTML page."""
    try:
        response = client.get(path, data)
    except Exception as exc:  # noqa: BLE001 - every crash is a finding
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    if response.status_code >= 500:
        return f"status {response.status_code}"
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        content = response.content.decode(errors="replace")
        values = data.values() if data else []
        for value in values:
            for one in value if isinstance(value, list) else [value]:
                if one in MARKUP and one in content:
                    return "the payload came back unescaped"
    return ""


def summary(failures) -> str:
    return "\n".join(f"{what!r}: {why}" for what, why in failures[:15])


@pytest.mark.parametrize(
    ("path", "params"), FULL_SWEEPS, ids=[f"{p} {'+'.join(q)}" for p, q in FULL_SWEEPS]
)
def test_no_value_in_a_query_parameter_makes_a_page_fail(site, path, params):
    client = Client()
    failures = []

    def check(value):
        if why := request_failure(client, path, dict.fromkeys(params, value)):
            failures.append((value[:60], why))

    for value in [*HOSTILE, *REPEATED]:
        check(value)
    for raw in RAW_QUERY_VALUES:
        query = "&".join(f"{param}={raw}" for param in params)
        if why := request_failure(client, f"{path}?{query}"):
            failures.append((raw, why))

    @HYPOTHESIS_SETTINGS
    @given(value=st.text())
    def generated(value):
        check(value)

    generated()
    assert not failures, summary(failures)


def test_no_sampled_value_in_any_query_parameter_makes_any_page_fail(site):
    client = Client()
    failures = []
    for route, sweeps in SAMPLED_ROUTES.items():
        path = route.format(**site)
        for params, value in itertools.product(sweeps, SAMPLE):
            if why := request_failure(client, path, dict.fromkeys(params, value)):
                failures.append(((path, params, value[:60]), why))
    assert not failures, summary(failures)


@pytest.mark.parametrize("route", PATH_ROUTES)
def test_no_path_argument_makes_a_public_page_fail(site, route):
    client = Client()
    failures = []

    def check(value):
        if why := request_failure(client, route.format(quote(value, safe=""))):
            failures.append((value[:60], why))

    for value in HOSTILE:
        check(value)

    @HYPOTHESIS_SETTINGS
    @given(value=st.text(min_size=1))
    def generated(value):
        check(value)

    generated()
    assert not failures, summary(failures)


def test_a_search_with_a_nul_character_finds_what_it_would_without_it(client):
    # PostgreSQL refuses NUL in text, so it used to be a 500 there; no reader
    # means one, so it is dropped.
    ArticleFactory(title="Ukraine joins the programme")

    response = client.get("/search/", {"q": "Ukr\x00aine"})

    assert response.status_code == 200
    assert "Ukraine joins the programme" in response.content.decode()
