"""Drafts, pieces in review, scheduled and unpublished pieces, and draft news
items appear on no public page, list, feed or search result."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction, Kind
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NewsItemFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]

# Every public page a hidden piece could leak onto. Add a page: add a line.
PUBLIC_URLS = [
    "/",
    "/news/",
    "/news/more?before=2100-01-01T00:00:00Z",
    "/news/stories/",
    "/opinion/",
    "/interview/",
    "/review/",
    "/exclusive/",
    "/author/shared-author",
    "/section/shared-section",
    "/tag/shared-tag",
    "/search/?q=Hidden",
    "/search/?q=secret",
    "/visible-piece",
    "/corrections/",
    "/rss",
    "/atom",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/sitemap-authors.xml",
    "/sitemap-tags.xml",
    "/news-sitemap.xml",
]

HIDDEN_TRAITS = ["draft", "in_review", "scheduled", "unpublished"]
KINDS = [
    {"opinion": True},
    {"kind": Kind.INTERVIEW},
    {"kind": Kind.REVIEW},
    {"is_exclusive": True},
]


@pytest.fixture
def site():
    """One visible piece, and hidden ones that share its author, section and
    tag, are its editors' picks, and are pointed at by published news items."""
    author = AuthorFactory(slug="shared-author")
    section = SectionFactory(slug="shared-section")
    visible = ArticleFactory(
        title="Visible piece",
        slug="visible-piece",
        authors=[author],
        section=section,
        tags=["Shared tag"],
    )
    hidden = []
    for trait in HIDDEN_TRAITS:
        for n, kind in enumerate(KINDS):
            hidden.append(
                ArticleFactory(
                    title=f"Hidden {trait} piece {n}",
                    lead="The secret lead",
                    body="<p>A secret body.</p>",
                    authors=[author],
                    section=section,
                    tags=["Shared tag"],
                    **{trait: True},
                    **kind,
                )
            )
    if_published_later = timezone.now() + timedelta(hours=2)
    visible.related.add(*hidden)
    # Notes on every piece: only the visible one's may be listed.
    for article in [visible, *hidden]:
        Correction.objects.create(article=article, text=f"A note on {article.title}")
    NewsItemFactory(headline="Visible news item")
    news = [NewsItemFactory(headline="Hidden draft news item", draft=True)]
    news += [
        NewsItemFactory(
            headline="Hidden scheduled news item", published_at=if_published_later
        )
    ]
    news += [
        NewsItemFactory(headline=f"Hidden via its article {n}", article=article)
        for n, article in enumerate(hidden)
    ]
    return visible, hidden, news


def test_the_walk_sees_the_visible_pieces(client, site):
    home = client.get("/").content.decode()
    assert "Visible piece" in home and "Visible news item" in home


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_hidden_pieces_appear_on_no_public_page(client, site, url):
    _, hidden, news = site
    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    for article in hidden:
        assert article.title not in body
        assert article.slug not in body
    for item in news:
        assert item.headline not in body
        assert f"/news/item/{item.pk}" not in body
    assert "A note on Hidden" not in body
    assert "The secret lead" not in body
    assert "A secret body." not in body


def test_hidden_pieces_and_news_items_have_no_page_of_their_own(client, site):
    _, hidden, news = site
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404
    for item in news:
        assert client.get(f"/news/item/{item.pk}").status_code == 404


@pytest.mark.parametrize("trait", HIDDEN_TRAITS)
def test_an_author_whose_pieces_are_all_hidden_has_no_public_page(client, trait):
    author = AuthorFactory(name="Hidden Writer", slug="hidden-writer")
    ArticleFactory(authors=[author], **{trait: True})

    assert client.get("/author/hidden-writer").status_code == 404
    assert "hidden-writer" not in client.get("/sitemap-authors.xml").content.decode()


@pytest.mark.parametrize("trait", HIDDEN_TRAITS)
def test_a_tag_used_only_on_hidden_pieces_has_no_public_page(client, trait):
    ArticleFactory(tags=["Hidden tag"], **{trait: True})

    assert client.get("/tag/hidden-tag").status_code == 404
    assert "hidden-tag" not in client.get("/sitemap-tags.xml").content.decode()


def test_an_author_and_a_tag_with_one_public_piece_keep_their_pages(client):
    author = AuthorFactory(name="Shown Writer", slug="shown-writer")
    ArticleFactory(authors=[author], tags=["Shown tag"], draft=True)
    ArticleFactory(authors=[author], tags=["Shown tag"])

    assert "Shown Writer" in client.get("/author/shown-writer").content.decode()
    assert "Tag: Shown tag" in client.get("/tag/shown-tag").content.decode()


def test_an_author_or_tag_with_many_pieces_is_shown_only_with_a_public_one(
    client, monkeypatch
):
    # Past FEW_PIECES an author's or tag's list walks the newest public
    # pieces (articles/views.py): its many pieces all hidden, it has no page.
    monkeypatch.setattr("articles.views.FEW_PIECES", 1)
    author = AuthorFactory(name="Busy Writer", slug="busy-writer")
    for _ in range(3):
        ArticleFactory(authors=[author], tags=["Busy tag"], draft=True)

    assert client.get("/author/busy-writer").status_code == 404
    assert client.get("/tag/busy-tag").status_code == 404

    ArticleFactory(authors=[author], tags=["Busy tag"], title="The one shown")
    assert "The one shown" in client.get("/author/busy-writer").content.decode()
    assert "The one shown" in client.get("/tag/busy-tag").content.decode()
