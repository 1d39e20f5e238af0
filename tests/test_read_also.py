"""“Read also” under every article: editors' picks, then pieces sharing a tag,
then the same section and type, then the newest; always four where the site
has four other public pieces, at a cost that does not grow with the site."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Kind
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def hours_ago(n: float):
    return timezone.now() - timedelta(hours=n)


def read_also_of(client, article) -> list[Article]:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.context["read_also"]


def test_a_site_of_five_pieces_with_no_shared_tags_shows_the_four_others(client):
    pieces = [
        ArticleFactory(section=SectionFactory(), published_at=hours_ago(n + 1))
        for n in range(5)
    ]

    shown = read_also_of(client, pieces[2])

    assert sorted(p.pk for p in shown) == sorted(p.pk for p in pieces if p != pieces[2])
    html = client.get(pieces[2].get_absolute_url()).content.decode()
    assert "Read also:" in html
    for piece in pieces[:2] + pieces[3:]:
        assert piece.get_absolute_url() in html


def test_editors_picks_come_first_then_shared_tags_then_section_and_type():
    war, culture = SectionFactory(slug="war"), SectionFactory(slug="culture")
    piece = ArticleFactory(section=war, tags=["drones"], published_at=hours_ago(5))
    pick = ArticleFactory(section=culture, published_at=hours_ago(100))
    shares_a_tag = ArticleFactory(
        section=culture, tags=["drones"], published_at=hours_ago(50)
    )
    same_section_and_type = ArticleFactory(section=war, published_at=hours_ago(40))
    same_section_other_type = ArticleFactory(
        section=war, kind=Kind.INTERVIEW, published_at=hours_ago(2)
    )
    # Newer than all of them, but related by nothing.
    for n in range(3):
        ArticleFactory(section=culture, published_at=hours_ago(1 + n / 10))
    piece.related.add(pick)

    shown = list(Article.objects.published().read_also(piece))

    assert shown == [pick, shares_a_tag, same_section_and_type, same_section_other_type]


def test_read_also_never_shows_the_piece_itself_a_hidden_piece_or_a_repeat():
    piece = ArticleFactory(tags=["drones", "energy"], published_at=hours_ago(10))
    draft_pick = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True, tags=["drones"])
    # Shares both tags and is the editors' pick too: shown once.
    twice_related = ArticleFactory(tags=["drones", "energy"])
    piece.related.add(draft_pick, twice_related, piece)
    others = ArticleFactory.create_batch(4)

    shown = list(Article.objects.published().read_also(piece))

    assert shown[0] == twice_related
    assert len(shown) == 4 and len(set(shown)) == 4
    assert piece not in shown and draft_pick not in shown and scheduled not in shown
    assert set(shown[1:]) <= set(others)


def test_read_also_shows_fewer_only_when_the_site_has_fewer_other_pieces():
    piece = ArticleFactory()
    other = ArticleFactory()
    ArticleFactory(draft=True)

    assert list(Article.objects.published().read_also(piece)) == [other]


def count_read_also_queries(piece) -> tuple[int, list[Article]]:
    # As the article page has it: its tags prefetched with the piece.
    piece = Article.objects.for_detail().get(pk=piece.pk)
    with CaptureQueriesContext(connection) as queries:
        shown = list(Article.objects.published().read_also(piece))
    return len(queries), shown


def test_read_also_makes_the_same_one_query_on_a_site_of_5_and_of_500_pieces():
    war = SectionFactory(slug="war")
    piece = ArticleFactory(section=war, tags=["drones", "energy"])
    piece.related.add(ArticleFactory())
    ArticleFactory.create_batch(3, section=war)
    small, shown_small = count_read_also_queries(piece)

    for n in range(495):
        ArticleFactory(
            section=war if n % 2 else None,
            tags=["drones"] if n % 3 == 0 else [],
            kind=Kind.REVIEW if n % 5 == 0 else Kind.NEWS,
        )
    large, shown_large = count_read_also_queries(piece)

    assert len(shown_small) == len(shown_large) == 4
    assert small == large == 1
