"""The anonymous page cache (cms/page_cache.py): signed-out readers get cached
pages, every kind of change shows on the next request, editors always see
fresh pages, and nothing personal or unpublished is ever stored."""

import itertools
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from articles import workflow
from articles.cdn import purge_urls
from articles.models import Article, Correction
from articles.sharing import create_share_link, share_url
from articles.versions import SITE
from newsfeed.models import NewsItem
from newsfeed.versions import FEED
from tests.factories import ArticleFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

# Views whose body changes on every render: a cached one repeats itself.
renders = itertools.count()


def counter(request):
    return HttpResponse(f"render {next(renders)}")


def counter_setting_a_cookie(request):
    response = counter(request)
    response.set_cookie("seen", "yes")
    return response


def counter_varying_on_cookie(request):
    response = counter(request)
    patch_vary_headers(response, ["Cookie"])
    return response


def counter_with_a_script(request):
    return HttpResponse(
        f'<script nonce="{get_nonce(request)}">{next(renders)}</script>'
    )


urlpatterns = [
    path("counter", counter),
    path("cookie", counter_setting_a_cookie),
    path("vary", counter_varying_on_cookie),
    path("script", counter_with_a_script),
]
these_urls = pytest.mark.urls(__name__)


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=[
                "view_article",
                "change_article",
                "publish_article",
                "edit_any_article",
            ],
        )
    )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def article():
    return ArticleFactory(title="Kyiv repels a night attack")


@pytest.fixture
def cached_home(client, article):
    """The home page, served once so the next request can come from the cache."""
    client.get("/")
    return client


def text(response) -> str:
    return response.content.decode()


# -- the cache serves readers -------------------------------------------------


@these_urls
def test_a_signed_out_reader_gets_the_cached_page(client):
    first, second = client.get("/counter"), client.get("/counter")
    assert second.content == first.content


def test_a_cached_page_costs_no_query(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert "Kyiv repels a night attack" in text(response)


def test_a_page_edited_behind_the_sites_back_is_served_from_the_cache(
    cached_home, article
):
    # Shows the cache is really used; the real edit paths below bump versions.
    Article.objects.filter(pk=article.pk).update(title="Changed without a bump")
    assert "Changed without a bump" not in text(cached_home.get("/"))


# -- each change shows on the next request ------------------------------------


def test_publishing_shows_on_the_next_request(cached_home, editor):
    draft = ArticleFactory(draft=True, title="Breaking: drone attack on Odesa")
    assert "Breaking: drone attack" not in text(cached_home.get("/"))

    workflow.publish(draft, editor)

    assert "Breaking: drone attack on Odesa" in text(cached_home.get("/"))


def test_an_edit_shows_on_the_next_request(cached_home, article):
    cached_home.get(article.get_absolute_url())

    article.title = "Kyiv repels a massive night attack"
    article.save()

    assert "Kyiv repels a massive night attack" in text(cached_home.get("/"))
    page = cached_home.get(article.get_absolute_url())
    assert "Kyiv repels a massive night attack" in text(page)


def test_unpublishing_shows_on_the_next_request(cached_home, article, editor):
    cached_home.get(article.get_absolute_url())

    workflow.unpublish(article, editor)

    assert cached_home.get(article.get_absolute_url()).status_code == 404
    assert "Kyiv repels a night attack" not in text(cached_home.get("/"))


def test_a_correction_shows_on_the_next_request(client, article, editor):
    client.get(article.get_absolute_url())

    # A clarification does not save the piece itself.
    workflow.add_note(
        article, editor, Correction.Kind.CLARIFICATION, "The attack began at 2am."
    )

    assert "The attack began at 2am." in text(client.get(article.get_absolute_url()))


def test_a_new_ticker_item_shows_on_the_next_request(cached_home, article):
    cached_home.get(article.get_absolute_url())

    NewsItemFactory(headline="Air raid alert in Kharkiv", published_at=timezone.now())

    assert "Air raid alert in Kharkiv" in text(cached_home.get("/"))
    page = cached_home.get(article.get_absolute_url())
    assert "Air raid alert in Kharkiv" in text(page)


def test_hiding_ticker_items_in_the_admin_shows_on_the_next_request(
    client, admin_client
):
    item = NewsItemFactory(headline="Unconfirmed report", text="Details.")
    assert "Unconfirmed report" in text(client.get("/"))

    admin_client.post(
        reverse("admin:newsfeed_newsitem_changelist"),
        {"action": "unpublish_selected", "_selected_action": [item.pk]},
    )

    assert NewsItem.objects.get().status == NewsItem.Status.UNPUBLISHED
    assert "Unconfirmed report" not in text(client.get("/"))


def test_an_edit_to_an_article_on_the_ticker_shows_in_the_sidebar(client, article):
    NewsItemFactory(headline="Ticker wording", article=article)
    page = ArticleFactory(title="Another piece")
    assert "Kyiv repels a night attack" in text(client.get(page.get_absolute_url()))

    article.title = "Kyiv repels the largest night attack"
    article.save()

    sidebar_host = client.get(page.get_absolute_url())
    assert "Kyiv repels the largest night attack" in text(sidebar_host)


def test_a_scheduled_piece_shows_when_its_time_comes(cached_home, editor, monkeypatch):
    due = timezone.now() + timedelta(minutes=30)
    piece = ArticleFactory(draft=True, title="Scheduled analysis of the front")
    workflow.publish(piece, editor, at=due)
    assert "Scheduled analysis" not in text(cached_home.get("/"))

    later = due + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Scheduled analysis of the front" in text(cached_home.get("/"))


def test_a_scheduled_ticker_item_shows_when_its_time_comes(
    cached_home, article, monkeypatch
):
    due = timezone.now() + timedelta(minutes=5)
    NewsItemFactory(headline="Scheduled ticker item", published_at=due)
    assert "Scheduled ticker item" not in text(cached_home.get("/"))

    later = due + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Scheduled ticker item" in text(cached_home.get("/"))


def test_a_flushed_version_can_never_bring_back_a_stale_page(cached_home, article):
    # The page stays in the cache, but its version is gone (evicted, or a
    # Redis restart): the fresh token is one no stored page was keyed by.
    Article.objects.filter(pk=article.pk).update(title="Title after the flush")
    cache.delete_many([SITE.key, FEED.key])

    assert "Title after the flush" in text(cached_home.get("/"))


def test_with_a_per_process_cache_another_process_edit_shows_within_5_seconds(
    cached_home, article, monkeypatch
):
    # Local memory (the default) is per process: a save in another worker
    # bumps only that worker's tokens. Here the edit skips this process's
    # bump, as one in another process would.
    Article.objects.filter(pk=article.pk).update(title="Saved in another worker")
    assert "Saved in another worker" not in text(cached_home.get("/"))

    later = timezone.now() + timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Saved in another worker" in text(cached_home.get("/"))


# -- editors, previews and personal responses ---------------------------------


def test_signed_in_editors_always_see_fresh_pages(cached_home, admin_client, article):
    Article.objects.filter(pk=article.pk).update(title="Seen by the editor at once")

    assert "Seen by the editor at once" in text(admin_client.get("/"))
    assert "Seen by the editor at once" not in text(cached_home.get("/"))


def test_an_editors_page_is_never_stored_for_readers(client, admin_client, article):
    admin_client.get("/")
    Article.objects.filter(pk=article.pk).update(title="Rendered after the editor")

    assert "Rendered after the editor" in text(client.get("/"))


def test_a_staff_preview_is_never_cached(client, editor):
    draft = ArticleFactory(draft=True, title="Draft under embargo")
    client.force_login(editor)
    client.get(reverse("articles:preview", args=[draft.pk]))
    Article.objects.filter(pk=draft.pk).update(title="Draft, second version")

    preview = client.get(reverse("articles:preview", args=[draft.pk]))

    assert "Draft, second version" in text(preview)


def test_a_share_link_is_never_cached(client, editor):
    draft = ArticleFactory(draft=True, title="Draft for an outside reviewer")
    link = create_share_link(draft, editor)
    url = share_url(link)
    assert "Draft for an outside reviewer" in text(client.get(url))

    link.revoked_at = timezone.now()
    link.save()

    assert client.get(url).status_code == 404


def test_no_draft_reaches_the_cache_through_a_share_link(client, editor):
    draft = ArticleFactory(draft=True, title="Draft for an outside reviewer")
    url = share_url(create_share_link(draft, editor))
    client.get(url)
    # The same slug as a public URL: still not found, so nothing was kept.
    assert client.get(draft.get_absolute_url()).status_code == 404


@these_urls
@pytest.mark.parametrize("url", ["/cookie", "/vary", "/script"])
def test_responses_that_set_a_cookie_vary_on_it_or_use_a_nonce_are_not_stored(
    client, url
):
    assert client.get(url).content != client.get(url).content


@these_urls
def test_a_request_with_a_session_cookie_neither_reads_nor_fills_the_cache(client):
    client.cookies["sessionid"] = "anything"
    first, second = client.get("/counter"), client.get("/counter")
    assert first.content != second.content
    del client.cookies["sessionid"]
    third, fourth = client.get("/counter"), client.get("/counter")
    assert third.content == fourth.content != second.content


# -- conditional GETs -----------------------------------------------------------


def test_a_matching_etag_gets_a_304_without_rendering(
    client, article, django_assert_max_num_queries
):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]

    with django_assert_max_num_queries(2):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.templates == []
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_a_ticker_change_changes_the_articles_etag(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]

    NewsItemFactory(headline="New ticker item", published_at=timezone.now())

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "New ticker item" in text(response)


# -- the CSP nonce ----------------------------------------------------------------


def test_public_pages_carry_no_nonce_a_cache_would_share(client, article):
    NewsItemFactory()
    for url in ("/", article.get_absolute_url(), "/news/", "/opinion/"):
        response = client.get(url)
        assert "nonce" not in text(response), url
        assert "nonce-" not in response["Content-Security-Policy"], url
    # The article's JSON-LD is a data block, not script: it needs no nonce.
    assert '<script type="application/ld+json">' in text(
        client.get(article.get_absolute_url())
    )


# -- CDN purge --------------------------------------------------------------------


@pytest.fixture
def fake_cdn():
    """A purge endpoint on 127.0.0.1 that records the URLs it was asked to drop."""
    purged, done = [], threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            purged.append(parse_qs(urlsplit(self.path).query)["url"][0])
            self.send_response(200)
            self.end_headers()
            if len(purged) == 2:
                done.set()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/purge?url={{url}}", purged, done
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_piece_and_the_home_page_at_the_cdn(
    settings, editor, fake_cdn, django_capture_on_commit_callbacks
):
    template, purged, done = fake_cdn
    settings.CDN_PURGE_URL_TEMPLATE = template
    settings.SITE_URL = "https://global.espreso.tv"
    draft = ArticleFactory(draft=True, title="Purged on publish")

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, editor)

    assert done.wait(timeout=10)
    assert sorted(purged) == [
        "https://global.espreso.tv/",
        f"https://global.espreso.tv{draft.get_absolute_url()}",
    ]


def test_a_cdn_that_is_down_never_fails_the_save(settings, caplog):
    # Nothing listens on port 9 of this machine.
    settings.CDN_PURGE_URL_TEMPLATE = "http://127.0.0.1:9/purge?url={url}"

    purge_urls(["https://global.espreso.tv/"])

    assert "CDN purge of https://global.espreso.tv/ failed" in caplog.text


# -- a cache that is down -----------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """Redis configured, and nothing listening (port 9 of this machine)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }


def test_readers_still_get_pages_while_the_cache_is_down(client, article, cache_down):
    NewsItemFactory(headline="Ticker while the cache is down")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Ticker while the cache is down" in text(response)


def test_an_editor_can_still_save_while_the_cache_is_down(article, editor, cache_down):
    article.title = "Saved while the cache is down"
    workflow.unpublish(article, editor)
    assert Article.objects.get().status == Article.Status.UNPUBLISHED


def test_an_edited_site_page_shows_on_the_next_request(client):
    from cms.models import Page

    page = Page.objects.create(title="Masthead", slug="masthead", body="<p>First.</p>")
    client.get(page.get_absolute_url())

    page.body = "<p>We moved to Lviv.</p>"
    page.save()

    assert "We moved to Lviv." in text(client.get(page.get_absolute_url()))


def test_a_reader_keeps_their_copy_when_another_process_renders_the_page(
    client, article
):
    # Each process with a local-memory cache has its own version tokens (here:
    # forgotten, as in a second worker); the unchanged page keeps its ETag.
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    cache.delete_many([SITE.key, FEED.key])

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
