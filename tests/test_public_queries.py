"""Every public page makes a fixed number of queries, however many tags,
authors and feed items there are. Lazy loads raise (no_lazy_loads), so a
template that reached for an unfetched relation fails loudly here."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Kind
from articles.versions import SITE, resolve
from newsfeed.feed import format_cursor
from newsfeed.versions import FEED
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    NewsItemFactory,
    SectionFactory,
)
from tests.pages import card_titles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]

# (tags per article, authors per article, feed items): small and large.
SIZES = pytest.mark.parametrize(
    ("tags", "authors", "feed_items"), [(1, 1, 5), (30, 5, 200)], ids=["small", "large"]
)


@pytest.fixture(autouse=True)
def _content_types_cached():
    # taggit's tag joins resolve Article's content type through Django's
    # per-process cache; warm it so the first test pays no extra query.
    ContentType.objects.get_for_model(Article)


def make_site(tags: int, authors: int, feed_items: int) -> Article:
    """A site with every kind of piece, all sharing the tags and authors;
    returns the newest piece."""
    section = SectionFactory(slug="war", name="War")
    SectionFactory.create_batch(3)
    people = AuthorFactory.create_batch(authors)
    names = [f"tag {n}" for n in range(tags)]
    now = timezone.now()
    variants = [
        {"opinion": True},
        {"kind": Kind.INTERVIEW},
        {"kind": Kind.REVIEW},
        {"is_exclusive": True},
        {},
    ]
    for n in range(10):
        ArticleFactory(
            title=f"Piece {n} about Ukraine",
            authors=people,
            tags=names,
            section=section,
            published_at=now - timedelta(hours=n + 1),
            **variants[n % len(variants)],
        )
    start = now - timedelta(minutes=1)
    NewsItemFactory.create_batch(feed_items // 2)
    linked = Article.objects.all()[:3]
    for n in range(feed_items - feed_items // 2):
        NewsItemFactory(
            published_at=start - timedelta(minutes=n),
            article=linked[n % 3] if n % 2 else None,
        )
    warm_versions()
    return Article.objects.latest()


def warm_versions():
    """The version tokens pages are cached by, made as on a running site,
    where each save renews them once it commits (articles/versions.py). With
    none in the cache, the first request pays for them: see
    test_a_cold_cache_costs_one_query_per_version_once."""
    resolve([SITE, FEED])


@SIZES
def test_the_article_page_makes_seven_queries(
    client, django_assert_num_queries, tags, authors, feed_items
):
    article = make_site(tags, authors, feed_items)
    # 1 header sections, 2 the article with its section and disclaimer, 3 its
    # bylines with authors, 4 its tags, 5 its correction notes, 6 "Read also",
    # 7 the News sidebar (rendered once per feed change, then cached).
    with django_assert_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(article.tags.all()) == tags


@pytest.mark.parametrize(("figures", "queries"), [(0, 7), (1, 8), (10, 8)])
def test_the_article_page_fetches_all_its_figures_images_in_one_query(
    client, django_assert_num_queries, figures, queries
):
    article = make_site(1, 1, 5)
    images = [ImageFactory() for _ in range(figures)]
    article.body = "<p>Intro.</p>" + "".join(
        f'<figure data-image="{image.pk}"><img src="{image.file.url}" alt="x">'
        f"<figcaption>Figure {n}</figcaption></figure>"
        for n, image in enumerate(images)
    )
    article.save()
    warm_versions()
    # The article page's seven, and 1 the images of every figure in the body,
    # however many (articles/body.py); a body with none asks for none.
    with django_assert_num_queries(queries):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('<figure class="article__figure">') == (
        figures
    )


@SIZES
def test_the_sidebar_comes_from_the_fragment_cache_on_the_next_page(
    client, django_assert_num_queries, tags, authors, feed_items
):
    article = make_site(tags, authors, feed_items)
    client.get(reverse("home"))  # renders the sidebar and keeps it
    # The article page's seven, less the News sidebar's query and the header's
    # sections (kept under the site's version: articles/fragments.py).
    with django_assert_num_queries(5):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "News</a></h2>" in response.content.decode()


def test_a_cold_cache_costs_one_query_per_version_once(
    client, django_assert_num_queries
):
    article = ArticleFactory()
    # With no version state cached (after a flush, or here, on a fresh cache:
    # a bump only replaces a state that exists), the first page finds the next
    # due time of the pieces and of the ticker: 1 and 2, then the article's 7.
    with django_assert_num_queries(9):
        client.get(article.get_absolute_url())
    # The next page pays nothing for them, and the same piece at another
    # address needs nothing else either: the piece, the header's sections,
    # "Read also" and the sidebar are kept under the versions
    # (articles/fragments.py).
    with django_assert_num_queries(0):
        client.get(article.get_absolute_url() + "?again")


@SIZES
def test_the_homepage_makes_nine_queries(
    client, django_assert_num_queries, tags, authors, feed_items
):
    make_site(tags, authors, feed_items)
    # 1 header sections, 2 the pinned pieces and 3 the newest for the lead and
    # top stories (cms/front_page.py: two small reads, not a sort of the whole
    # archive by pin), 4-7 the Opinion, Interview, Exclusive and Review
    # strips, 8 every card's bylines at once, 9 the News sidebar.
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert response.status_code == 200


@pytest.mark.parametrize("pins", [1, 7], ids=["one pin", "seven pins"])
def test_the_homepage_makes_nine_queries_whatever_is_pinned(
    client, django_assert_num_queries, pins
):
    from cms.front_page import Slot, save_pins

    make_site(5, 2, 20)
    pieces = list(Article.objects.all())
    # Live pins (one expiring later), and with one pin an expired one and one
    # to a draft: none costs a query.
    slots = [Slot(piece) for piece in reversed(pieces[-pins:])]
    slots[-1] = Slot(slots[-1].article, timezone.now() + timedelta(hours=1))
    if pins < 7:
        slots.append(Slot(pieces[0], timezone.now() - timedelta(minutes=1)))
        slots.append(Slot(ArticleFactory(draft=True)))
    save_pins(slots, user=None)
    warm_versions()
    # The same nine: the pinned pieces come in one query (cms/front_page.py),
    # whatever their number.
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert response.context["lead"] == pieces[-1]


@SIZES
@pytest.mark.parametrize(
    "url",
    [
        reverse("articles:opinion"),
        reverse("articles:interview"),
        reverse("articles:review"),
        reverse("articles:exclusive"),
        reverse("articles:news") + "?q=ukraine&label=&since=2020-01-01",
    ],
)
def test_type_lists_make_six_queries_then_one(
    client,
    django_assert_num_queries,
    pages_rendered_every_time,
    url,
    tags,
    authors,
    feed_items,
):
    make_site(tags, authors, feed_items)
    # 1 header sections, 2 the paginator's count, 3 the page's ids, 4 the
    # pieces whose cards are not in the cache (all of them, the first time),
    # 5 their bylines with authors, 6 the News sidebar.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    first = card_titles(response)
    assert first
    # Next time the count, the cards, the sidebar and the sections are all in
    # the cache (articles/views.py, articles/cards.py, articles/fragments.py):
    # the page's ids.
    with django_assert_num_queries(1):
        response = client.get(url)
    assert card_titles(response) == first


@SIZES
def test_search_makes_seven_queries_then_three(
    client,
    django_assert_num_queries,
    pages_rendered_every_time,
    tags,
    authors,
    feed_items,
):
    make_site(tags, authors, feed_items)
    # A list's five, with the ranked ids (bounded: articles/search.py) in
    # place of the count, plus 2 for "In the news feed": the ranked ids of
    # the matching ticker items, then those items with their articles. Was 6,
    # with one unbounded query for the ticker items.
    with django_assert_num_queries(7):
        response = client.get(reverse("search") + "?q=Ukraine")
    assert response.status_code == 200
    first = card_titles(response)
    assert first
    # Next time: the two searches' ranked ids and the ticker items; the
    # cards, the sidebar and the sections come from the cache.
    with django_assert_num_queries(3):
        response = client.get(reverse("search") + "?q=Ukraine")
    assert card_titles(response) == first


@SIZES
@pytest.mark.parametrize(
    ("few", "first", "again"),
    [(1000, (7, 3, 3), (1, 2, 1)), (1, (9, 3, 5), (2, 2, 2))],
    ids=["by-id", "walking"],
)
def test_author_section_and_tag_pages_make_a_fixed_number_of_queries(
    client,
    django_assert_num_queries,
    pages_rendered_every_time,
    tags,
    authors,
    feed_items,
    few,
    first,
    again,
    monkeypatch,
):
    # Both ways an author's or tag's list is read (articles/views.py
    # OwnPieces): by its pieces' ids, or walking the newest pieces when it
    # has more than FEW_PIECES.
    monkeypatch.setattr("articles.views.FEW_PIECES", few)
    article = make_site(tags, authors, feed_items)
    urls = (
        article.authors.first().get_absolute_url(),
        reverse("articles:section", args=["war"]),
        reverse("articles:tag", args=["tag-0"]),
    )
    # The author's page, first: its look-up, its own pieces (counted, then
    # their states, which order them, or whether one is public), then by id:
    # its cards (the pieces and their bylines), the sidebar and the sections;
    # walking: also the count and the page's ids. The section's and the
    # tag's pages list the same pieces, whose cards, sidebar and sections are
    # in the cache by then: the section or tag, and what lists its pieces.
    for url, queries in zip(urls, first, strict=True):
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
        assert card_titles(response)
    # Read again: the author, section or tag, and the page's ids where the
    # list walks the newest pieces (a section's always does). The own pieces
    # and the count are kept under the site's version.
    for url, queries in zip(urls, again, strict=True):
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert card_titles(response)


@SIZES
def test_the_news_pages_make_two_queries(
    client, django_assert_num_queries, tags, authors, feed_items
):
    make_site(tags, authors, feed_items)
    # 1 header sections, 2 the page of items with their articles; the next
    # page has the sections from the fragment cache (articles/fragments.py).
    with django_assert_num_queries(2):
        first = client.get(reverse("newsfeed:news"))
    with django_assert_num_queries(1):
        older = client.get(
            reverse("newsfeed:news"),
            {"before": format_cursor(timezone.now() - timedelta(minutes=30))},
        )
    # The "More news" fragment has no header: just the items. Its cursor is a
    # time and an id, as the page's own link gives it.
    with django_assert_num_queries(1):
        fragment = client.get(
            reverse("newsfeed:more"),
            {"before": format_cursor(timezone.now() - timedelta(minutes=30), 10**6)},
        )
    assert first.status_code == older.status_code == fragment.status_code == 200


@SIZES
def test_the_news_item_page_makes_three_queries(
    client, django_assert_num_queries, tags, authors, feed_items
):
    make_site(tags, authors, feed_items)
    # A brief of its own: an item with no article and no text has no page.
    item = NewsItemFactory(headline="A brief of its own", text="Take shelter.")
    # 1 the item, 2 header sections, 3 the News sidebar.
    with django_assert_num_queries(3):
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200


def test_the_404_page_makes_only_the_lookup_query(client, django_assert_num_queries):
    warm_versions()
    # The article lookup that found nothing; the 404 page itself needs none.
    with django_assert_num_queries(1):
        response = client.get("/no-such-piece")
    assert response.status_code == 404


def test_lazy_loads_raise_in_these_tests():
    from django.core.exceptions import FieldFetchBlocked

    from newsfeed.models import NewsItem

    NewsItemFactory(article=ArticleFactory())
    item = NewsItem.objects.get()
    with pytest.raises(FieldFetchBlocked):
        item.article  # noqa: B018


def test_a_site_page_makes_two_queries(client, django_assert_num_queries):
    warm_versions()
    # 1 the page, 2 header sections. The footer's page links name fixed slugs,
    # so no page (and no footer) queries the site pages.
    with django_assert_num_queries(2):
        response = client.get(reverse("page", args=["about"]))
    assert response.status_code == 200
