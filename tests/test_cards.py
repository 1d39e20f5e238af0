"""The cards of lists and search results, and the ticker's rows, show the
same HTML however they are fetched and rendered (whitespace aside, which a
browser collapses)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.template.defaultfilters import date
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation

from articles.filters import ArticleFilter
from articles.models import Article, Kind
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    NewsItemFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]

KYIV = timezone.get_fixed_timezone(120)  # Kyiv in winter: UTC+2


def collapsed(html: str) -> str:
    return " ".join(html.split())


def cards(response) -> list[str]:
    html = response.content.decode()
    return [
        collapsed(card)
        for card in re.findall(r'<article class="card">.*?</article>', html, re.S)
    ]


@pytest.fixture
def pieces():
    photo = ImageFactory(size=(8, 6))
    hero = ImageFactory(size=(8, 6))
    hero.renditions = {
        "320": {"name": "renditions/f16-320.webp", "width": 320, "height": 240},
        "640": {"name": "renditions/f16-640.webp", "width": 640, "height": 480},
        "1024": {"name": "renditions/f16-1024.webp", "width": 1024, "height": 768},
    }
    hero.save()
    first = AuthorFactory(name="Viktor Andrusiv", photo=photo)
    second = AuthorFactory(name="Anna & Olena")
    opinion = ArticleFactory(
        kind=Kind.OPINION,
        title="If not NATO, what <then>?",
        lead="One of the key issues",
        slug="opinion-if-not-nato",
        published_at=datetime(2025, 2, 3, 11, 58, tzinfo=KYIV),
        authors=[first, second],
        hero=hero,
        hero_alt="An F-16 over a field",
        tags=["security"],
    )
    exclusive = ArticleFactory(
        title="Drones over Kyiv",
        lead="",
        slug="drones-over-kyiv",
        is_exclusive=True,
        published_at=datetime(2025, 1, 9, 7, 5, tzinfo=KYIV),
        tags=["security"],
    )
    return photo, opinion, exclusive


OPINION_CARD = (
    '<article class="card"> <img src="/media/renditions/f16-320.webp" '
    'srcset="/media/renditions/f16-320.webp 320w, /media/renditions/f16-640.webp '
    '640w" sizes="(min-width: 75rem) 320px, (min-width: 40rem) 50vw, 100vw" '
    'width="320" height="240" alt="An F-16 over a field" class="card__image" '
    'loading="lazy" decoding="async"> <p class="badge badge--small">OPINION</p> '
    '<h2 class="card__title"><a href="/opinion-if-not-nato">If not NATO, what '
    '&lt;then&gt;?</a></h2> <p class="card__lead">One of the key issues</p> '
    '<p class="card__meta"> <span class="card__byline">Viktor Andrusiv, Anna &amp; '
    'Olena</span> · <time datetime="2025-02-03T11:58:00+02:00">3 February, 2025 '
    "11:58</time> </p> </article>"
)
EXCLUSIVE_CARD = (
    '<article class="card"> <div class="card__image card__image--none" '
    'aria-hidden="true"><span>Espreso.</span></div> <p class="badge '
    'badge--small">Exclusive</p> <h2 class="card__title"><a '
    'href="/drones-over-kyiv">Drones over Kyiv</a></h2> <p class="card__meta"> '
    '<time datetime="2025-01-09T07:05:00+02:00">9 January, 2025 07:05</time> </p> '
    "</article>"
)


def test_a_list_shows_each_card_with_picture_badge_title_lead_bylines_and_time(
    client, pieces
):
    response = client.get(reverse("articles:tag", args=["security"]))

    assert cards(response) == [OPINION_CARD, EXCLUSIVE_CARD]


def test_search_results_show_the_same_cards(client, pieces):
    response = client.get(reverse("search") + "?q=kyiv")

    assert cards(response) == [EXCLUSIVE_CARD]


def test_an_opinion_strip_card_puts_the_authors_and_photo_above_the_title(
    client, pieces
):
    photo, opinion, _ = pieces
    # Newer pieces fill the lead and the top stories; a strip needs two.
    ArticleFactory.create_batch(7)
    ArticleFactory(kind=Kind.OPINION, published_at=opinion.published_at)
    response = client.get(reverse("home"))

    strip = [card for card in cards(response) if "card__author" in card]
    assert strip[:1] == [
        '<article class="card"> <p class="card__author"><img class="card__photo" '
        f'src="{photo.file.url}" alt="" width="40" height="40">Viktor Andrusiv, '
        'Anna &amp; Olena</p> <p class="badge badge--small">OPINION</p> <h3 '
        'class="card__title"><a href="/opinion-if-not-nato">If not NATO, what '
        '&lt;then&gt;?</a></h3> <p class="card__meta"> <time '
        'datetime="2025-02-03T11:58:00+02:00">3 February, 2025 11:58</time> </p> '
        "</article>"
    ]


def test_the_ticker_and_search_show_each_items_time_and_link(client, pieces):
    _, opinion, _ = pieces
    NewsItemFactory(
        headline="Kyiv: air defence at work",
        published_at=datetime(2025, 2, 3, 9, 30, tzinfo=KYIV),
        text="A brief.",
    )
    NewsItemFactory(
        headline="Kyiv: linked",
        article=opinion,
        published_at=datetime(2025, 2, 2, 23, 15, tzinfo=KYIV),
    )

    news = collapsed(client.get(reverse("newsfeed:news")).content.decode())
    found = collapsed(client.get(reverse("search") + "?q=kyiv").content.decode())

    assert (
        '<section class="feed-day" data-date="2025-02-03"> <h2 '
        'class="feed-day__header"><span class="feed-day__year">2025, Monday</span> '
        '<span class="feed-day__date">3 February</span></h2> <ol '
        'class="feed-day__items"> <li class="feed-item"> <time '
        'class="feed-item__time" datetime="2025-02-03T09:30:00+02:00">09:30</time>'
    ) in news
    assert (
        '<time class="feed-item__time" datetime="2025-02-02T23:15:00+02:00">23:15'
        '</time> <div class="feed-item__body"> <a class="feed-item__link" '
        'href="/opinion-if-not-nato">If not NATO, what &lt;then&gt;?</a>'
    ) in news
    assert (
        '<li><time datetime="2025-02-03T09:30:00+02:00">3 February, 2025 09:30'
        '</time> <a href="/news/item/'
    ) in found


def test_a_cached_date_shows_each_readers_own_zone_and_language():
    moment = datetime(2025, 2, 3, 9, 30, tzinfo=KYIV)
    template = engines["django"].from_string(
        '{% load dates %}{{ moment|cached_date:"j F, Y H:i l" }}'
    )

    def both():
        return template.render({"moment": moment}), date(
            timezone.localtime(moment), "j F, Y H:i l"
        )

    with timezone.override("Europe/Kyiv"):
        kyiv = both()
    with timezone.override("America/New_York"):
        new_york = both()
    with translation.override("uk"), timezone.override("Europe/Kyiv"):
        ukrainian = both()

    assert kyiv == ("3 February, 2025 09:30 Monday",) * 2
    assert new_york == ("3 February, 2025 02:30 Monday",) * 2
    assert ukrainian[0] == ukrainian[1] != kyiv[0]


def filters_of(response) -> str:
    html = response.content.decode()
    return collapsed(re.search(r'<details class="filters".*?</details>', html, re.S)[0])


def test_a_list_with_no_filter_applied_shows_the_blank_filters_form(client, pieces):
    blank = ArticleFilter(None, queryset=Article.objects.none())
    blank.filters.pop("kind")  # the opinion list is one type
    expected = collapsed(render_to_string("includes/_filters.html", {"filter": blank}))

    first = client.get(reverse("articles:opinion"))
    again = client.get(reverse("articles:opinion") + "?page=1&utm_source=x")

    assert filters_of(first) == filters_of(again) == expected
    assert 'name="kind"' not in expected and 'name="label"' in expected
    assert '<details class="filters">' in expected  # closed


def test_an_applied_filter_shows_its_value_in_an_open_form(client, pieces):
    client.get(reverse("articles:opinion"))

    applied = filters_of(client.get(reverse("articles:opinion") + "?q=NATO"))
    other = filters_of(client.get(reverse("articles:news") + "?label=exclusive"))

    assert applied.startswith('<details class="filters" open>')
    assert 'name="q" value="NATO"' in applied
    assert '<option value="exclusive" selected>' in other
    assert 'name="kind"' not in applied and 'name="kind"' not in other


def test_a_cached_date_tells_apart_the_two_times_of_the_hour_clocks_go_back():
    # Kyiv, 26 October 2025: 03:30 comes twice, at +03:00 and then at +02:00.
    template = engines["django"].from_string(
        "{% load dates %}{{ moment|cached_date:'c' }}"
    )
    first = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)

    with timezone.override("Europe/Kyiv"):
        shown = [
            template.render({"moment": moment})
            for moment in (first, first + timedelta(hours=1))
        ]

    assert shown == ["2025-10-26T03:30:00+03:00", "2025-10-26T03:30:00+02:00"]


def test_a_pieces_address_follows_the_sites_script_prefix(pieces):
    _, opinion, _ = pieces
    before = get_script_prefix()
    try:
        plain = opinion.get_absolute_url()
        set_script_prefix("/global/")
        prefixed = opinion.get_absolute_url()
    finally:
        set_script_prefix(before)

    assert (plain, prefixed) == ("/opinion-if-not-nato", "/global/opinion-if-not-nato")
