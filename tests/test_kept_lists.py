"""An author's or a tag's own pieces, and every list's count, kept under the
site's version (articles/views.py OwnPieces, get_paginator): readers' pages
cost a look-up, every change readers see shows at once, filters still narrow
the list, and editors get it fresh."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Kind
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import card_titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("pages_rendered_every_time"),
]


def tag_url(slug="kursk"):
    return reverse("articles:tag", args=[slug])


def test_a_tag_page_read_again_costs_only_the_tags_look_up(
    client, django_assert_num_queries
):
    ArticleFactory(tags=["Kursk"], title="Tagged piece")
    first = client.get(tag_url())
    with django_assert_num_queries(1):  # the tag; its pieces and cards are kept
        again = client.get(tag_url())
    assert card_titles(again) == card_titles(first) == ["Tagged piece"]


def test_a_newly_tagged_piece_shows_on_the_tag_page_at_once(client):
    ArticleFactory(tags=["Kursk"], title="First piece")
    assert card_titles(client.get(tag_url())) == ["First piece"]

    ArticleFactory(tags=["Kursk"], title="Second piece")

    assert card_titles(client.get(tag_url())) == ["Second piece", "First piece"]


def test_an_unpublished_piece_leaves_its_authors_page_at_once(client):
    author = AuthorFactory(name="Kept Writer")
    kept = ArticleFactory(authors=[author], title="Still out")
    going = ArticleFactory(authors=[author], title="Taken down")
    assert card_titles(client.get(author.get_absolute_url())) == [
        going.title,
        kept.title,
    ]

    going.status = Article.Status.UNPUBLISHED
    going.save()

    assert card_titles(client.get(author.get_absolute_url())) == [kept.title]


def test_filters_narrow_an_authors_few_pieces(client):
    author = AuthorFactory(name="Two Kinds")
    ArticleFactory(authors=[author], kind=Kind.NEWS, title="A news story")
    ArticleFactory(authors=[author], kind=Kind.OPINION, title="An opinion")
    url = author.get_absolute_url()

    assert card_titles(client.get(url, {"kind": "opinion"})) == ["An opinion"]
    # An invalid filter shows nothing rather than the unfiltered list.
    assert card_titles(client.get(url, {"since": "not a date"})) == []
    # The page number alone narrows nothing.
    assert len(card_titles(client.get(url, {"page": "1"}))) == 2


def test_a_tags_few_pieces_page_twenty_at_a_time_newest_first(client):
    now = timezone.now()
    pieces = [
        ArticleFactory(tags=["Kursk"], published_at=now - timedelta(hours=n + 1))
        for n in range(25)
    ]
    first = client.get(tag_url())
    second = client.get(tag_url(), {"page": 2})

    assert card_titles(first) == [piece.title for piece in pieces[:20]]
    assert card_titles(second) == [piece.title for piece in pieces[20:]]
    assert "Page 1 of 2" in first.content.decode()
    assert client.get(tag_url(), {"page": 3}).status_code == 404


def test_a_lists_count_follows_a_new_piece_at_once(client, monkeypatch):
    # Past FEW_PIECES the list walks the newest pieces and counts them; the
    # count is kept too.
    monkeypatch.setattr("articles.views.FEW_PIECES", 1)
    now = timezone.now()
    for n in range(20):
        ArticleFactory(tags=["Kursk"], published_at=now - timedelta(hours=n + 1))
    assert "Page 1 of" not in client.get(tag_url()).content.decode()

    ArticleFactory(tags=["Kursk"])

    assert "Page 1 of 2" in client.get(tag_url()).content.decode()


def test_editors_get_an_authors_list_fresh(admin_client, client):
    author = AuthorFactory(name="Fresh Writer")
    ArticleFactory(authors=[author], title="Out now")
    client.get(author.get_absolute_url())  # a reader keeps the list

    # A change the site's version does not see (a raw update) shows to an
    # editor at once, since nothing kept is read for them.
    Article.objects.filter(title="Out now").update(title="Renamed quietly")

    assert card_titles(admin_client.get(author.get_absolute_url())) == [
        "Renamed quietly"
    ]


def test_each_list_and_filter_keeps_its_own_count(client):
    now = timezone.now()
    for n in range(21):
        ArticleFactory(
            kind=Kind.OPINION,
            is_exclusive=True,
            published_at=now - timedelta(hours=n + 1),
        )
    ArticleFactory(kind=Kind.REVIEW, is_exclusive=True, title="The one review")
    exclusive = reverse("articles:exclusive")

    assert "Page 1 of 2" in client.get(exclusive).content.decode()
    narrowed = client.get(exclusive, {"kind": "review"})
    review = client.get(reverse("articles:review"))

    assert card_titles(narrowed) == card_titles(review) == ["The one review"]
    for response in (narrowed, review):
        assert "Page 1 of" not in response.content.decode()
    assert client.get(exclusive, {"kind": "review", "page": 2}).status_code == 404
