"""Cards kept as HTML under the site's version (articles/cards.py): readers
get them from the cache, every change readers see shows at once, editors get
them fresh, and a cache that fails costs nothing but the time."""

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from articles.cards import cards, fetch_listed
from articles.models import Kind
from articles.versions import SITE
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import card_titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("pages_rendered_every_time"),
]

OPINION = "/opinion/"


def card_key(article) -> str:
    return f"card:{SITE.current()}:2:1:{article.pk}"


def test_a_second_reader_gets_the_card_the_first_one_rendered(client):
    article = ArticleFactory(kind=Kind.OPINION, title="Kept card")
    client.get(OPINION)
    assert "Kept card" in cache.get(card_key(article))

    # What is stored is what the next reader gets.
    cache.set(card_key(article), '<article class="card">stored</article>')
    assert "stored" in client.get(OPINION).content.decode()


def test_an_edited_title_shows_on_the_list_at_once(client):
    article = ArticleFactory(kind=Kind.OPINION, title="Before the edit")
    assert card_titles(client.get(OPINION)) == ["Before the edit"]

    article.title = "After the edit"
    article.save()

    assert card_titles(client.get(OPINION)) == ["After the edit"]


def test_a_renamed_author_shows_in_the_cards_byline_at_once(client):
    author = AuthorFactory(name="Old Name")
    ArticleFactory(kind=Kind.OPINION, authors=[author])
    assert "Old Name" in client.get(OPINION).content.decode()

    author.name = "New Name"
    author.save()

    page = client.get(OPINION).content.decode()
    assert "New Name" in page
    assert "Old Name" not in page


def test_search_results_come_from_the_same_cards(client):
    article = ArticleFactory(kind=Kind.OPINION, title="Drone factory opens")
    client.get(OPINION)
    cache.set(card_key(article), '<article class="card">from the list</article>')

    page = client.get(reverse("search"), {"q": "drone"}).content.decode()

    assert "from the list" in page


def test_editors_neither_read_nor_fill_the_card_cache(admin_client, client):
    article = ArticleFactory(kind=Kind.OPINION, title="Fresh for editors")
    admin_client.get(OPINION)
    assert cache.get(card_key(article)) is None

    cache.set(card_key(article), '<article class="card">stale</article>')
    page = admin_client.get(OPINION).content.decode()
    assert "stale" not in page
    assert card_titles(admin_client.get(OPINION)) == ["Fresh for editors"]


def test_a_failing_cache_still_gives_every_card(client, monkeypatch, caplog):
    ArticleFactory(kind=Kind.OPINION, title="One")
    ArticleFactory(kind=Kind.OPINION, title="Two")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "get_many", down)
    response = client.get(OPINION)

    assert response.status_code == 200
    assert sorted(card_titles(response)) == ["One", "Two"]
    assert "Could not read the cached cards." in caplog.text


def test_a_piece_gone_between_its_id_and_its_card_has_no_card(rf):
    kept, gone = ArticleFactory(title="Kept"), ArticleFactory(title="Gone")
    ids = [gone.pk, kept.pk]
    gone.delete()

    html = cards(rf.get("/"), ids, fetch_listed)

    assert len(html) == 1
    assert "Kept" in html[0]
