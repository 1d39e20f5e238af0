"""What a public page costs to render when the page cache misses: the parts
that change only with the site ("Read also", the header's sections) are
worked out once per change of the site and kept under its version
(articles/fragments.py), and still show every change on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.versions import SITE
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def read_also_queries(queries) -> int:
    return sum("read_also_priority" in q["sql"] for q in queries.captured_queries)


def section_queries(queries) -> int:
    return sum(
        'FROM "articles_section" ORDER BY' in q["sql"] for q in queries.captured_queries
    )


@pytest.fixture
def piece():
    """A piece with four others sharing its tag, and the site's versions made."""
    ArticleFactory.create_batch(4, tags=["drones"])
    piece = ArticleFactory(title="Drones over Kyiv", tags=["drones"])
    SITE.current()
    return piece


def test_read_also_is_looked_up_once_per_change_of_the_site(client, piece):
    first = client.get(piece.get_absolute_url())
    # Another address of the same piece misses the page cache, not Read also.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(piece.get_absolute_url() + "?utm_source=x")

    assert read_also_queries(queries) == 0
    assert again.context["read_also"] == first.context["read_also"]
    assert len(again.context["read_also"]) == 4
    assert "Read also:" in again.content.decode()


def test_a_new_piece_sharing_a_tag_shows_in_read_also_on_the_next_request(
    client, piece
):
    client.get(piece.get_absolute_url())
    newest = ArticleFactory(title="A newer piece on drones", tags=["drones"])

    response = client.get(piece.get_absolute_url() + "?again")

    assert newest in response.context["read_also"]
    assert newest.get_absolute_url() in response.content.decode()


def test_an_edited_title_shows_in_read_also_on_the_next_request(client, piece):
    first = client.get(piece.get_absolute_url())
    shown = Article.objects.get(pk=first.context["read_also"][0].pk)
    shown.title = "Retitled by the desk"
    shown.save()

    response = client.get(piece.get_absolute_url() + "?again")

    assert "Retitled by the desk" in response.content.decode()


def test_signed_in_editors_get_read_also_worked_out_afresh(admin_client, piece):
    admin_client.get(piece.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(piece.get_absolute_url())

    assert read_also_queries(queries) == 1


def test_another_address_of_an_unchanged_piece_renders_without_a_query(
    client, piece, django_assert_num_queries
):
    first = client.get(piece.get_absolute_url())
    # The piece, the header's sections, Read also and the News sidebar are all
    # kept under the site's versions; a reader's next render needs none of
    # them from the database.
    with django_assert_num_queries(0):
        again = client.get(piece.get_absolute_url() + "?fbclid=abc")

    assert again.status_code == 200
    assert again.content.decode().replace("?fbclid=abc", "") == (first.content.decode())


def test_an_edit_to_the_piece_shows_on_the_next_request(client, piece):
    client.get(piece.get_absolute_url())
    piece.title = "Drones shot down over Kyiv"
    piece.save()

    response = client.get(piece.get_absolute_url() + "?again")

    assert "Drones shot down over Kyiv" in response.content.decode()


def test_an_unpublished_piece_is_gone_on_the_next_request(client, piece):
    client.get(piece.get_absolute_url())
    piece.status = Article.Status.UNPUBLISHED
    piece.save()

    assert client.get(piece.get_absolute_url() + "?again").status_code == 404


def test_a_new_section_shows_in_every_header_on_the_next_request(client, piece):
    client.get(piece.get_absolute_url())
    SectionFactory(name="Energy front", slug="energy-front")

    response = client.get(piece.get_absolute_url() + "?again")

    assert 'href="/section/energy-front"' in response.content.decode()


def test_signed_in_editors_get_the_piece_and_header_from_the_database(
    admin_client, piece
):
    admin_client.get(piece.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(piece.get_absolute_url())

    assert section_queries(queries) == 1
    assert any('FROM "articles_article"' in q["sql"] for q in queries)


def test_a_share_link_to_a_draft_keeps_nothing_in_the_cache(client, piece):
    from django.contrib.auth.models import User
    from django.core.cache import cache

    from articles.sharing import create_share_link, share_url

    draft = ArticleFactory(draft=True, title="Draft for a reviewer", tags=["drones"])
    editor = User.objects.create_user("editor", is_staff=True)
    before = set(cache._cache)

    response = client.get(share_url(create_share_link(draft, editor)))

    assert "Draft for a reviewer" in response.content.decode()
    kept = [key for key in set(cache._cache) - before if "fragment" in key]
    assert not any(f":{draft.pk}:" in key or draft.slug in key for key in kept)


@pytest.mark.usefixtures("connections_kept_open")
def test_the_render_bench_measures_a_page_and_its_first_render_after_a_change(
    settings, piece
):
    from cms.bench.render_bench import measure

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    path = piece.get_absolute_url() + "?bench"

    warm = measure(path, requests=2)
    changed = measure(path, requests=2, changed=True)
    not_modified = measure(path, requests=2, etag=True)

    assert warm.status == changed.status == 200 and not_modified.status == 304
    # Warm, the page cache answers; after a change, the article page's seven.
    assert warm.queries == 0 and not_modified.queries == 0
    assert changed.queries == 7
    assert warm.cpu_ms > 0 and changed.wall_ms > 0


# The home page ---------------------------------------------------------------


def test_the_home_page_is_built_and_rendered_once_per_change_of_the_site(
    client, piece, django_assert_num_queries
):
    client.get("/")
    # Another address of the home page misses the page cache, not the front
    # page kept under the site's version (cms/views.py HomeView).
    with django_assert_num_queries(0):
        again = client.get("/?utm_source=x")
    assert "Drones over Kyiv" in again.content.decode()
    assert again.context["lead"] == piece


def test_a_piece_published_after_the_home_page_was_kept_leads_it_next(client, piece):
    client.get("/")
    ArticleFactory(title="Breaking: a new lead")

    response = client.get("/?again")

    assert response.context["lead"].title == "Breaking: a new lead"
    assert "Breaking: a new lead" in response.content.decode()


def test_signed_in_editors_get_the_home_page_built_afresh(admin_client, piece):
    admin_client.get("/")
    with CaptureQueriesContext(connection) as queries:
        admin_client.get("/")

    assert any("articles_article" in q["sql"] for q in queries.captured_queries)
