"""The cache, the presence list and the page cache on a real Redis server, as
several app servers share them (TEST_REDIS_URL; see tests/services.py)."""

import uuid

import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from articles import presence
from articles.models import Article
from tests.factories import ArticleFactory
from tests.services import service_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url():
    return service_url("TEST_REDIS_URL", "redis-server")


@pytest.fixture
def redis_cache(settings, redis_url):
    """CACHES as REDIS_URL makes it (cms/settings.py), under a fresh prefix."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache_backends.SharedRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def another_app_server(redis_url, prefix) -> RedisCache:
    """The same cache settings in a client of its own, like another machine's."""
    return RedisCache(redis_url, {"KEY_PREFIX": prefix})


def test_a_value_cached_on_one_app_server_is_read_on_another(redis_url, redis_cache):
    cache.set("greeting", {"text": "Slava Ukraini"}, 60)

    assert another_app_server(redis_url, redis_cache).get("greeting") == {
        "text": "Slava Ukraini"
    }


def test_who_has_a_piece_open_is_seen_from_every_app_server(redis_url, redis_cache):
    article = ArticleFactory()
    olena = User.objects.create_user("olena", first_name="Olena", is_staff=True)
    taras = User.objects.create_user("taras", first_name="Taras", is_staff=True)

    assert presence.record_and_list_others(article.pk, olena) == []
    # Olena's entry is in Redis itself, under her own key, for any server.
    olena_key = presence._key(article.pk, olena.pk)
    assert another_app_server(redis_url, redis_cache).get(olena_key) is not None
    others = presence.record_and_list_others(article.pk, taras)

    assert [viewer.name for viewer in others] == ["Olena"]
    seen_by_olena = presence.record_and_list_others(article.pk, olena)
    assert [viewer.name for viewer in seen_by_olena] == ["Taras"]


def test_the_page_cache_serves_readers_from_redis_and_an_edit_shows_at_once(
    client, redis_url, redis_cache
):
    article = ArticleFactory(title="Kyiv repels a night attack")
    url = article.get_absolute_url()
    client.get(url)
    stored = redis.Redis.from_url(redis_url).keys(f"{redis_cache}:*")
    assert stored, "the page was not stored in Redis"

    # Changed behind the site's back (no version bump): the cached page stays.
    Article.objects.filter(pk=article.pk).update(title="Changed without a bump")
    assert "Kyiv repels a night attack" in client.get(url).text

    # A real edit bumps the versions, so the next reader gets the new page.
    article.refresh_from_db()
    article.title = "Kyiv repels a massive night attack"
    article.save()
    assert "Kyiv repels a massive night attack" in client.get(url).text


def test_the_wsgi_application_answers_a_readers_hit_from_redis_before_django(
    redis_url, redis_cache, connections_kept_open
):
    from tests.test_wsgi_handler import WSGIClient

    wsgi = WSGIClient()
    article = ArticleFactory(title="Kyiv repels a night attack")
    url = article.get_absolute_url()
    first = wsgi.get(url)
    Article.objects.filter(pk=article.pk).update(title="Changed without a bump")

    again = wsgi.get(url)

    assert wsgi.django_requests == 1
    assert again.body == first.body
    article.refresh_from_db()
    article.title = "Kyiv repels a massive night attack"
    article.save()  # bumps the versions in Redis: every server sees it
    assert "Kyiv repels a massive night attack" in wsgi.get(url).text


def test_the_redis_cache_reuses_one_client_and_still_reads_and_writes(
    redis_cache,
):
    backend = caches["default"]
    assert backend.get_many(["absent"]) == {}
    backend.set("kept", {"a": 1})
    backend.set_many({"one": 1, "two": 2})
    assert backend.incr("one") == 2
    assert backend.get_many(["kept", "one", "two"]) == {
        "kept": {"a": 1},
        "one": 2,
        "two": 2,
    }
    backend.delete("kept")
    assert backend.get("kept") is None
    # Django's own backend makes a redis.Redis for every operation.
    assert backend._cache.get_client() is backend._cache.get_client(write=True)


def test_a_readers_hit_from_redis_is_one_round_trip(
    redis_cache, monkeypatch, connections_kept_open
):
    from tests.test_wsgi_handler import WSGIClient

    wsgi = WSGIClient()
    url = ArticleFactory(title="Kyiv repels a night attack").get_absolute_url()
    first = wsgi.get(url)
    sent = []
    execute = redis.Redis.execute_command

    def counted(client, *args, **options):
        sent.append(args[0])
        return execute(client, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)

    again = wsgi.get(url)
    assert again.body == first.body
    assert sent == ["MGET"]  # the two versions and the page, together
    sent.clear()
    conditional = wsgi.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert conditional.status_code == 304
    assert sent == ["MGET"]  # the versions and the ETag
