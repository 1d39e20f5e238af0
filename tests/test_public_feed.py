"""The news feed: day groups, labels, and "More news" paging by keyset."""

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from newsfeed.feed import format_cursor, latest_groups, parse_cursor
from newsfeed.models import Label
from newsfeed.views import NEWS_PAGE_SIZE
from tests.factories import ArticleFactory, NewsItemFactory
from tests.test_public_pages import assert_in_order, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]

KYIV = timezone.get_fixed_timezone(120)  # Kyiv in winter: UTC+2


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 2, day, hour, minute, tzinfo=KYIV)


def more_news_cursor(response) -> str:
    """The `before` parameter of the page's "More news" link ("" if none)."""
    feed = response.context["feed"]
    if not feed.next_before:
        return ""
    html = response.content.decode()
    href = html.split('class="more-link" href="', 1)[1].split('"', 1)[0]
    return parse_qs(urlsplit(href.replace("&amp;", "&")).query)["before"][0]


def test_items_are_grouped_by_kyiv_day_newest_first(client):
    NewsItemFactory(headline="Late on the 12th", published_at=at(12, 22))
    NewsItemFactory(headline="Morning of the 13th", published_at=at(13, 10, 54))
    # 23:30 UTC on the 12th is already the 13th in Kyiv.
    NewsItemFactory(
        headline="Kyiv just after midnight",
        published_at=datetime(2025, 2, 12, 22, 30, tzinfo=timezone.UTC),
    )

    response = client.get(reverse("newsfeed:news"))

    days = response.context["feed"].days
    assert [day.date for day in days] == [date(2025, 2, 13), date(2025, 2, 12)]
    assert [item.headline for item in days[0].items] == [
        "Morning of the 13th",
        "Kyiv just after midnight",
    ]
    assert_in_order(
        text_of(response),
        "2025, Thursday 13 February",
        "10:54 Morning of the 13th",
        "00:30 Kyiv just after midnight",
        "2025, Wednesday 12 February",
        "22:00 Late on the 12th",
    )


def test_items_show_their_label_caption_and_link(client):
    article = ArticleFactory(title="The article's own title")
    NewsItemFactory(
        headline="Ticker wording",
        article=article,
        label=Label.EXCLUSIVE,
        published_at=at(13, 10, 15),
    )
    brief = NewsItemFactory(
        headline="First F-16 photo during combat mission",
        image_caption="F-16 with JASSM-ER, illustrative photo",
        published_at=at(12, 21, 21),
    )

    response = client.get(reverse("newsfeed:news"))
    html = response.content.decode()

    assert_in_order(
        text_of(response),
        "10:15 Exclusive The article's own title",
        "21:21 F-16 with JASSM-ER, illustrative photo First F-16 photo",
    )
    assert "Ticker wording" not in html
    assert f'href="{article.get_absolute_url()}">The article&#x27;s own title' in html
    assert f'href="{reverse("newsfeed:item", args=[brief.pk])}"' in html


def test_more_news_pages_back_by_keyset_and_survives_newer_items(client):
    start = timezone.now() - timedelta(days=3)
    items = [
        NewsItemFactory(published_at=start - timedelta(minutes=n))
        for n in range(NEWS_PAGE_SIZE + 5)
    ]
    first = client.get(reverse("newsfeed:news"))
    cursor = more_news_cursor(first)
    assert parse_cursor(cursor) == items[NEWS_PAGE_SIZE - 1].published_at

    # Breaking news arrives before the reader clicks "More news".
    NewsItemFactory.create_batch(3, published_at=timezone.now())
    second = client.get(reverse("newsfeed:news"), {"before": cursor})

    shown = [item for day in second.context["feed"].days for item in day.items]
    assert shown == items[NEWS_PAGE_SIZE:]
    assert more_news_cursor(second) == ""


def test_a_run_of_items_with_one_publish_time_is_never_split_across_pages():
    moment = timezone.now() - timedelta(hours=1)
    NewsItemFactory.create_batch(3, published_at=moment + timedelta(minutes=1))
    tied = NewsItemFactory.create_batch(3, published_at=moment)

    first = latest_groups(limit=4)
    second = latest_groups(limit=4, before=parse_cursor(first.next_before))

    assert sum(len(day.items) for day in first.days) == 3
    assert {item for day in second.days for item in day.items} == set(tied)


def test_the_sidebar_more_news_link_continues_on_the_news_page(client):
    for n in range(25):
        NewsItemFactory(published_at=timezone.now() - timedelta(minutes=n + 1))
    article = ArticleFactory()

    sidebar = client.get(article.get_absolute_url()).context["sidebar"]

    assert sum(len(day.items) for day in sidebar.days) == 20
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"/news/?before={quote(sidebar.next_before, safe='/')}" in html


def test_the_more_news_fragment_is_the_news_pages_own_partial(client):
    moment = timezone.now() - timedelta(hours=1)
    NewsItemFactory(headline="Older brief", published_at=moment)

    response = client.get(
        reverse("newsfeed:more"), {"before": format_cursor(timezone.now())}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Older brief" in html
    assert "<html" not in html and "feed__title" not in html
    assert html.lstrip().startswith('<section class="feed-day"')


def test_a_malformed_cursor_is_a_404(client):
    for cursor in ("yesterday", "2025-02-13T10:00:00"):
        response = client.get(reverse("newsfeed:news"), {"before": cursor})
        assert response.status_code == 404


def test_the_cursor_round_trips_to_the_microsecond():
    moment = timezone.now()
    assert parse_cursor(format_cursor(moment)) == moment
    assert format_cursor(at(13, 10, 54)) == "2025-02-13T08:54:00Z"


def test_the_news_page_shows_a_full_width_feed_without_a_sidebar(client):
    NewsItemFactory(headline="On the news page")
    response = client.get(reverse("newsfeed:news"))
    html = response.content.decode()

    assert "feed feed--full" in html
    assert "<aside" not in html
    assert html.count("<h1") == 1
    assert "data-more-url" not in html  # a single page of items: nothing older
