"""Search: full-text on both databases (FTS5 on SQLite, a stored tsvector on
PostgreSQL), over titles, leads, bodies as text and ticker headlines. The
suite runs on either database (CI runs both), and these expectations are the
same on each: the same query finds the same pieces."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsfeed.models import NewsItem
from tests.factories import ArticleFactory, NewsItemFactory
from tests.pages import card_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    """A fixed set of pieces, by a short name."""
    now = timezone.now()
    return {
        "drones": ArticleFactory(
            title="Air defence downs drones over Odesa",
            lead="The attack lasted four hours",
            published_at=now - timedelta(hours=1),
        ),
        "energy": ArticleFactory(
            title="Kyiv restores power after the strike",
            lead="Energy workers repaired the grid overnight",
            body="<p>Engineers in Kyiv worked with <strong>drone</strong> "
            "debris still on the roads.</p>",
            published_at=now - timedelta(hours=2),
        ),
        "games": ArticleFactory(
            title="Veterans win medals",
            lead="A good day for the team",
            body="<p>The <em>Invictus</em> Games ended in Canada.</p>"
            '<p>See <a href="https://example.org/results">the results</a>.</p>',
            published_at=now - timedelta(hours=3),
        ),
        "opinion": ArticleFactory(
            opinion=True,
            title="If not NATO, what are the alternatives?",
            lead="Security guarantees for Ukraine",
            body="<p>A European army could be the answer.</p>",
            published_at=now - timedelta(hours=4),
        ),
        "draft": ArticleFactory(title="Drones draft over Kyiv", draft=True),
    }


def found(client, query) -> set[str]:
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return set(card_titles(response))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A plural finds the singular and back: both sides stem English.
        ("drone", {"drones", "energy"}),
        ("Drones", {"drones", "energy"}),
        # Every word must match, in any field.
        ("kyiv drone", {"energy"}),
        ("invictus", {"games"}),
        ("european army", {"opinion"}),
        ("nato guarantees", {"opinion"}),
        ("odesa kyiv", set()),
        # The body is searched as text: markup is not a word in it.
        ("strong", set()),
        ("href", set()),
        ("example", set()),
    ],
)
def test_the_same_query_finds_the_same_pieces(client, corpus, query, expected):
    assert found(client, query) == {corpus[name].title for name in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"', set()),
        ('"drone', {"drones", "energy"}),
        ("drone*", {"drones", "energy"}),
        ("^drone", {"drones", "energy"}),
        ("drone -kyiv", {"energy"}),
        ("NEAR(drone kyiv)", set()),
        # "or" is an English stop word, left out on both databases.
        ("drone OR kyiv", {"energy"}),
        ("the drone", {"drones", "energy"}),
    ],
)
def test_search_syntax_in_a_query_is_only_words(client, corpus, query, expected):
    # Quotes, stars, carets, NEAR, minus and OR are no syntax here: a query
    # is its words, each of which must match.
    assert found(client, query) == {corpus[name].title for name in expected}


def test_punctuation_only_finds_nothing_and_says_so(client, corpus):
    response = client.get(reverse("search"), {"q": '"*-^'})
    assert response.status_code == 200
    assert card_titles(response) == []
    assert "Nothing matches" in response.content.decode()


def test_titles_rank_above_bodies(client, corpus):
    corpus["drones"].published_at -= timedelta(days=1)
    corpus["drones"].save()
    response = client.get(reverse("search"), {"q": "drone"})
    titles = card_titles(response)
    assert titles == [corpus["drones"].title, corpus["energy"].title]


def test_a_title_match_ranks_above_a_lead_match_above_a_body_match(client):
    now = timezone.now()
    # The newest matches least well: rank comes before time.
    by_body = ArticleFactory(
        title="Night in Kharkiv",
        lead="Power cut across the city.",
        body="<p>A drone hit the substation.</p>",
        published_at=now - timedelta(hours=1),
    )
    by_lead = ArticleFactory(
        title="Morning in Odesa",
        lead="A drone was downed over the port.",
        published_at=now - timedelta(hours=2),
    )
    by_title = ArticleFactory(
        title="Drone downed over Lviv", published_at=now - timedelta(hours=3)
    )

    titles = card_titles(client.get(reverse("search"), {"q": "drone"}))

    assert titles == [by_title.title, by_lead.title, by_body.title]


def test_within_a_tier_the_newest_match_comes_first_however_often_a_word_occurs(
    client,
):
    # Both databases order the same way: a piece saying the word more often
    # does not climb above a newer one that has it in the same place.
    now = timezone.now()
    older = ArticleFactory(
        title="Drone after drone over Kyiv",
        lead="Drone strikes: the drone war",
        body="<p>Drone, drone, drone.</p>",
        published_at=now - timedelta(hours=2),
    )
    newer = ArticleFactory(
        title="A drone over Lviv",
        lead="Air defence downed the drone",
        published_at=now - timedelta(hours=1),
    )

    titles = card_titles(client.get(reverse("search"), {"q": "drone"}))

    assert titles == [newer.title, older.title]


def test_an_edited_piece_is_found_by_its_new_words_only(client, corpus):
    piece = Article.objects.get(pk=corpus["games"].pk)
    piece.body = "<p>The Warrior Games ended in Florida.</p>"
    piece.save()

    assert found(client, "invictus") == set()
    assert found(client, "florida") == {piece.title}


def test_a_deleted_piece_is_no_longer_found(client, corpus):
    corpus["games"].delete()
    assert found(client, "invictus") == set()


def test_ticker_headlines_are_found_next_to_articles(client, corpus):
    item = NewsItemFactory(headline="Shahed drones hit Kharkiv substation")
    NewsItemFactory(headline="Drones seen over Lviv", status=NewsItem.Status.DRAFT)
    NewsItemFactory(headline="Parliament passes the budget")

    response = client.get(reverse("search"), {"q": "drone"})

    assert [i.headline for i in response.context["news_results"]] == [item.headline]
    html = response.content.decode()
    assert "In the news feed" in html
    assert "Shahed drones hit Kharkiv substation" in html
    assert "Drones seen over Lviv" not in html


def test_ticker_results_are_the_newest_matches_first_as_a_ticker_reads(client):
    now = timezone.now()
    # The older item matches "better" (the word twice, in a short headline);
    # a ticker search still lists by time.
    older = NewsItemFactory(
        headline="Drone, drone alert", published_at=now - timedelta(hours=3)
    )
    newer = NewsItemFactory(
        headline="Power is back in Kharkiv after a night without it",
        text="A drone hit the substation at dawn; crews worked for hours.",
        published_at=now - timedelta(hours=1),
    )

    response = client.get(reverse("search"), {"q": "drone"})

    assert list(response.context["news_results"]) == [newer, older]


def test_a_ticker_item_of_a_hidden_article_is_not_found(client):
    hidden = ArticleFactory(title="Drone strike report", draft=True)
    NewsItemFactory(headline="Drone strike report", article=hidden)

    response = client.get(reverse("search"), {"q": "drone"})

    assert list(response.context["news_results"]) == []


def test_an_imported_seed_is_found_by_a_word_of_its_body(client):
    from tests.test_import import REAL_SEED, run_import

    run_import(REAL_SEED)

    # "Greenland" is only in the body of the seed's article.
    assert found(client, "greenland") == {
        "If not NATO, what are alternatives for Ukraine security guarantees?"
    }


def test_generated_content_is_searchable(client):
    from django.core.management import call_command

    call_command("generate_content", articles=30, news=30, verbosity=0)
    piece = Article.objects.published().order_by("pk").first()
    word = max(re.findall(r"[a-z]{6,}", piece.body_text), key=len)

    assert piece.title in found(client, word)


def test_a_common_word_is_ranked_among_its_newest_matches_only(client, monkeypatch):
    # Ranking every match of a common word would cost more as the archive
    # grows: a search ranks the newest CANDIDATES matches (by when each piece
    # was first saved), on both databases alike.
    monkeypatch.setattr("articles.search.CANDIDATES", 2)
    now = timezone.now()
    first = ArticleFactory(title="Drone over the port", published_at=now)
    ArticleFactory(title="A drone in the lead story", published_at=now)
    ArticleFactory(title="Drones again", published_at=now - timedelta(hours=1))
    NewsItemFactory(headline="Drone alert in Odesa")
    NewsItemFactory(headline="Drone alert in Kharkiv")
    NewsItemFactory(headline="Drone alert in Lviv")

    response = client.get(reverse("search"), {"q": "drone"})

    titles = set(card_titles(response))
    assert titles == {"A drone in the lead story", "Drones again"}
    assert first.title not in response.content.decode()
    assert {i.headline for i in response.context["news_results"]} == {
        "Drone alert in Kharkiv",
        "Drone alert in Lviv",
    }
    assert "2 results for “drone”" in response.content.decode()
