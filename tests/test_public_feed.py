"""The news feed: day groups, labels, and "More news" paging by keyset."""

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from newsfeed import views as newsfeed_views
from newsfeed.feed import Cursor, format_cursor, parse_cursor
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
        text="The first photo of an F-16 in Ukraine on a combat mission.",
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
    last_shown = items[NEWS_PAGE_SIZE - 1]
    assert parse_cursor(cursor) == Cursor(last_shown.published_at, last_shown.pk)

    # Breaking news arrives before the reader clicks "More news".
    NewsItemFactory.create_batch(3, published_at=timezone.now())
    second = client.get(reverse("newsfeed:news"), {"before": cursor})

    shown = [item for day in second.context["feed"].days for item in day.items]
    assert shown == items[NEWS_PAGE_SIZE:]
    assert more_news_cursor(second) == ""


def shown_headlines(response) -> list[str]:
    return [
        item.headline for day in response.context["feed"].days for item in day.items
    ]


def test_items_sharing_one_publish_time_page_through_without_loss(client, monkeypatch):
    monkeypatch.setattr(newsfeed_views, "NEWS_PAGE_SIZE", 3)
    moment = timezone.now() - timedelta(hours=1)
    for n in range(5):
        NewsItemFactory(headline=f"Tied {n}", published_at=moment)
    NewsItemFactory(headline="Older", published_at=moment - timedelta(minutes=1))

    first = client.get(reverse("newsfeed:news"))
    second = client.get(reverse("newsfeed:news"), {"before": more_news_cursor(first)})

    # Newest first; among items of one time, the later-added (higher id) first.
    assert shown_headlines(first) == ["Tied 4", "Tied 3", "Tied 2"]
    assert shown_headlines(second) == ["Tied 1", "Tied 0", "Older"]
    assert more_news_cursor(second) == ""  # nothing older


def test_the_more_news_fragment_continues_inside_a_run_of_one_publish_time(
    client, monkeypatch
):
    monkeypatch.setattr(newsfeed_views, "NEWS_PAGE_SIZE", 3)
    moment = timezone.now() - timedelta(hours=1)
    tied = [NewsItemFactory(published_at=moment) for _ in range(5)]

    first = client.get(reverse("newsfeed:news"))
    fragment = client.get(reverse("newsfeed:more"), {"before": more_news_cursor(first)})

    assert [item.pk for day in fragment.context["feed"].days for item in day.items] == [
        tied[1].pk,
        tied[0].pk,
    ]


def test_the_more_news_link_carries_the_time_and_id_of_the_last_item(client):
    for n in range(NEWS_PAGE_SIZE + 1):
        NewsItemFactory(published_at=at(13, 10) - timedelta(minutes=n))
    response = client.get(reverse("newsfeed:news"))
    last_shown = response.context["feed"].days[-1].items[-1]

    cursor = more_news_cursor(response)

    assert cursor == f"{format_cursor(last_shown.published_at)}_{last_shown.pk}"
    assert f'data-more-url="/news/more?before={quote(cursor)}"' in (
        response.content.decode()
    )


def test_an_old_style_cursor_with_only_a_time_shows_what_came_before_it(client):
    NewsItemFactory(headline="At the moment", published_at=at(13, 10))
    NewsItemFactory(headline="Just before", published_at=at(13, 9, 59))

    response = client.get(reverse("newsfeed:news"), {"before": "2025-02-13T08:00:00Z"})

    assert response.status_code == 200
    assert shown_headlines(response) == ["Just before"]


def test_the_sidebar_more_news_link_continues_on_the_news_page(client):
    for n in range(25):
        NewsItemFactory(published_at=timezone.now() - timedelta(minutes=n + 1))
    article = ArticleFactory()

    # The context of {% news_sidebar %}, the inclusion tag base.html uses.
    sidebar = client.get(article.get_absolute_url()).context["feed"]

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


MALFORMED_CURSORS = [
    "yesterday",
    "2025-02-13T10:00:00",  # no time zone
    "9999-12-31T23:59:59-23:59",  # past year 9999 in UTC
    "0001-01-01T00:00:00+23:59",  # before year 1 in UTC
    "2025-02-13T08:54:00Z_",
    "2025-02-13T08:54:00Z_12x",
    "2025-02-13T08:54:00Z_-1",
    "2025-02-13T08:54:00Z_" + "9" * 30,
    "",
]


@pytest.mark.parametrize("url_name", ["newsfeed:news", "newsfeed:more"])
@pytest.mark.parametrize("cursor", MALFORMED_CURSORS)
def test_a_malformed_cursor_is_a_bad_request_never_cached(client, url_name, cursor):
    response = client.get(reverse(url_name), {"before": cursor})

    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_the_cursor_round_trips_to_the_microsecond():
    moment = timezone.now()
    assert parse_cursor(format_cursor(moment, 42)) == Cursor(moment, 42)
    assert parse_cursor(format_cursor(moment)) == Cursor(moment, None)
    assert format_cursor(at(13, 10, 54), 7) == "2025-02-13T08:54:00Z_7"


def test_the_news_page_shows_a_full_width_feed_without_a_sidebar(client):
    NewsItemFactory(headline="On the news page")
    response = client.get(reverse("newsfeed:news"))
    html = response.content.decode()

    assert "feed feed--full" in html
    assert "<aside" not in html
    assert html.count("<h1") == 1
    assert "data-more-url" not in html  # a single page of items: nothing older
