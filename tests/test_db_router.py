"""The read replica router (cms/db_routers.py), against two real aliases.

These need the `replica` alias, which exists only when DATABASE_REPLICA_URL is
set; in tests it mirrors the primary's test database (TEST MIRROR), as Django
describes for replicas. The tests commit (transaction=True) so the replica's
own connection sees the rows. .ci/run runs this file on its own with
DATABASE_REPLICA_URL set to the primary's URL, on SQLite and PostgreSQL:

    DATABASE_REPLICA_URL=sqlite:///db.sqlite3 .venv/bin/python -m pytest \\
        tests/test_db_router.py
"""

import os
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author
from cms.db_routers import BEHIND_KEY, replica_is_behind, replica_reads
from tests.factories import ArticleFactory

if "replica" not in settings.DATABASES:
    reason = (
        "no read replica configured: set DATABASE_REPLICA_URL (to the same "
        "database as DATABASE_URL in tests) to run the router tests"
    )
    if os.environ.get("REQUIRE_REPLICA") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _no_cached_pages():
    cache.clear()


@contextmanager
def queries():
    """Statements run on each alias while the block runs."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield {"primary": primary, "replica": replica}


def selects(captured) -> list[str]:
    return [
        q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")
    ]


def caught_up():
    """As if DATABASE_REPLICA_LAG_SECONDS had passed since the last write."""
    cache.delete(BEHIND_KEY)


def test_an_anonymous_readers_article_page_is_read_from_the_replica(client):
    article = ArticleFactory(title="Air defence holds over Kyiv")
    caught_up()

    with queries() as captured:
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Air defence holds over Kyiv" in response.text
    assert any('"articles_article"' in sql for sql in selects(captured["replica"]))
    assert not any('"articles_article"' in sql for sql in selects(captured["primary"]))


def test_a_signed_in_editor_reads_public_pages_from_the_primary(admin_client):
    article = ArticleFactory(title="Air defence holds over Kyiv")
    caught_up()

    with queries() as captured:
        response = admin_client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert selects(captured["replica"]) == []
    assert any('"articles_article"' in sql for sql in selects(captured["primary"]))


def test_the_admin_reads_from_the_primary(admin_client):
    ArticleFactory(title="Air defence holds over Kyiv")
    caught_up()

    with queries() as captured:
        response = admin_client.get("/admin/articles/article/")

    assert response.status_code == 200
    assert "Air defence holds over Kyiv" in response.text
    assert selects(captured["replica"]) == []


def test_right_after_a_write_elsewhere_readers_read_from_the_primary(client):
    # Publishing bumps the page cache's versions at once; a replica that has
    # not caught up must not render the page stored under the new version.
    article = ArticleFactory(title="Air defence holds over Kyiv")

    with queries() as captured:
        response = client.get(article.get_absolute_url())

    assert "Air defence holds over Kyiv" in response.text
    assert selects(captured["replica"]) == []


def test_a_write_inside_a_transaction_marks_the_replica_behind_once_it_commits():
    caught_up()
    with transaction.atomic():
        Author.objects.create(name="Olena Kovalenko", slug="olena-kovalenko")
        assert not replica_is_behind()

    assert replica_is_behind()


def test_a_public_read_goes_to_the_primary_after_a_write_in_the_same_request():
    with replica_reads():
        assert Article.objects.all().db == "replica"
        Author.objects.create(name="Olena Kovalenko", slug="olena-kovalenko")
        assert Article.objects.all().db == "default"


def test_a_public_read_inside_a_transaction_goes_to_the_primary():
    with replica_reads():
        with transaction.atomic():
            assert Article.objects.all().db == "default"
        assert Article.objects.all().db == "replica"


def test_reads_outside_a_public_request_use_the_primary():
    # Management commands, the task worker and the shell.
    assert Article.objects.all().db == "default"


def test_writes_go_to_the_primary_and_migrations_only_run_there():
    with replica_reads():
        author = Author.objects.create(name="Olena Kovalenko", slug="olena-kovalenko")

    assert author._state.db == "default"
    assert Author.objects.using("replica").filter(slug="olena-kovalenko").exists()
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")
