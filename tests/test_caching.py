"""HTTP caching: public pages a CDN can keep, 304s, and a private newsroom."""

import pytest
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csp import get_nonce
from django.urls import path, reverse
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    NewsItemFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = (
    "public, max-age=60, s-maxage=120, stale-while-revalidate=60, stale-if-error=86400"
)


# A few views to drive the middleware where the site has no such page.
def page_with_a_script(request):
    return HttpResponse(f'<script nonce="{get_nonce(request)}">go()</script>')


def broken_page(request):
    return HttpResponseServerError("Something broke")


urlpatterns = [
    path("script", page_with_a_script),
    path("broken", broken_page),
    path("preview/piece", page_with_a_script),
    path("own-policy", never_cache(page_with_a_script)),
]
these_urls = pytest.mark.urls(__name__)


@pytest.fixture
def author():
    return AuthorFactory()


@pytest.fixture
def article(author):
    return ArticleFactory(authors=[author], section=SectionFactory(), tags=["NATO"])


@pytest.fixture
def public_urls(article, author):
    """Every kind of public page, feed and sitemap, by URL name."""
    tag = Tag.objects.get(name="NATO")
    return [
        reverse("home"),
        reverse("newsfeed:news"),
        reverse("articles:news"),
        reverse("articles:opinion"),
        reverse("articles:interview"),
        reverse("articles:review"),
        reverse("articles:exclusive"),
        reverse("search") + "?q=NATO",
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": tag.slug}),
        reverse("rss"),
        reverse("atom"),
        reverse("robots"),
        reverse("sitemap"),
        reverse("sitemap-section", kwargs={"section": "articles"}),
        reverse("news-sitemap"),
    ]


@pytest.mark.usefixtures("no_lazy_loads")
def test_anonymous_public_pages_send_headers_a_cdn_can_honour(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PUBLIC_POLICY, url
        assert response["ETag"].startswith('W/"'), url


@pytest.mark.usefixtures("no_lazy_loads")
def test_public_pages_never_vary_on_cookie_or_set_one(client, public_urls):
    # Vary: Cookie appears when a page touches the session, the user or the
    # CSRF token; it would make a CDN keep one copy per reader.
    for url in public_urls:
        response = client.get(url)
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url


def test_a_conditional_get_with_the_etag_gets_a_304(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == PUBLIC_POLICY


def test_an_edit_changes_the_etag_so_readers_get_the_new_page(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    article.title = "Corrected title"
    article.save()  # as the admin does; update() would skip the version bump
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Corrected title" in response.content


def test_feeds_answer_a_conditional_get_with_their_etag(client, article):
    response = client.get("/rss")
    assert response["Last-Modified"]
    again = client.get("/rss", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_if_modified_since_alone_cannot_hide_an_unpublished_piece(client, article):
    # A feed's Last-Modified is its newest item's date; taking a piece down
    # does not move it forward, so only the content ETag is trusted.
    first = client.get("/rss")
    assert article.title.encode() in first.content
    article.status = Article.Status.UNPUBLISHED
    article.save()
    response = client.get("/rss", headers={"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 200
    assert article.title.encode() not in response.content


@these_urls
def test_the_etag_ignores_the_per_request_csp_nonce(client):
    first, second = client.get("/script"), client.get("/script")
    assert first.content != second.content  # a fresh nonce each time
    assert first["ETag"] == second["ETag"]
    again = client.get("/script", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


@these_urls
def test_a_304_keeps_the_csp_header_the_client_already_has(client):
    # The client's cached page carries the nonce of its own CSP header; a
    # fresh nonce on the 304 would replace it and block the page's scripts.
    etag = client.get("/script")["ETag"]
    response = client.get("/script", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert "Content-Security-Policy" not in response


def test_not_found_pages_are_cached_only_briefly(client):
    response = client.get("/no-such-piece")
    assert response.status_code == 404
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=60"


def test_a_scheduled_piece_is_not_found_and_so_cached_only_briefly(client):
    piece = ArticleFactory(scheduled=True)
    response = client.get(piece.get_absolute_url())
    assert response.status_code == 404
    assert "max-age=60" in response["Cache-Control"]


@these_urls
def test_server_errors_are_never_stored(client):
    response = client.get("/broken")
    assert response.status_code == 500
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/"])
def test_the_admin_is_never_cached_for_anonymous_visitors(client, url):
    cache_control = client.get(url)["Cache-Control"]
    assert "private" in cache_control
    assert "no-cache" in cache_control
    assert "public" not in cache_control


def test_the_admin_is_never_cached_for_editors(admin_client, article):
    for url in (
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "public" not in cache_control, url


@these_urls
def test_previews_are_never_cached(client):
    cache_control = client.get("/preview/piece")["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "ETag" not in client.get("/preview/piece")


@these_urls
def test_a_view_that_sets_its_own_policy_keeps_it(client):
    response = client.get("/own-policy")
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response


def test_signed_in_editors_get_private_pages_that_revalidate(admin_client, article):
    # So an editor sees their own edit at once, not after the CDN lifetime.
    response = admin_client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" not in response.get("Vary", "")
    again = admin_client.get(
        article.get_absolute_url(), headers={"if-none-match": response["ETag"]}
    )
    assert again.status_code == 304


def test_last_modified_of_the_sitemap_follows_the_newest_change(client, article):
    response = client.get(reverse("sitemap-section", kwargs={"section": "articles"}))
    assert response["Last-Modified"] == http_date(article.published_at.timestamp())


# Changes that skip the models' save() and delete() must still move the site's
# version, or a reader keeps getting the page cached before the change.


def test_a_piece_deleted_with_the_admins_bulk_delete_leaves_the_home_page(
    client, admin_client
):
    piece = ArticleFactory(title="Piece that will be deleted")
    assert piece.title in client.get(reverse("home")).content.decode()

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [piece.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Article.objects.filter(pk=piece.pk).exists()
    assert piece.title not in client.get(reverse("home")).content.decode()


def test_a_tag_renamed_in_the_tag_admin_shows_its_new_name_on_the_article(
    client, admin_client, article
):
    tag = Tag.objects.get(name="NATO")
    item = tag.taggit_taggeditem_items.get()
    assert ">NATO</a>" in client.get(article.get_absolute_url()).content.decode()

    response = admin_client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]),
        {
            "name": "North Atlantic Alliance",
            "slug": tag.slug,
            # taggit's inline of the tag's items, left as it is.
            "taggit_taggeditem_items-TOTAL_FORMS": "1",
            "taggit_taggeditem_items-INITIAL_FORMS": "1",
            "taggit_taggeditem_items-0-id": item.pk,
            "taggit_taggeditem_items-0-tag": tag.pk,
            "taggit_taggeditem_items-0-content_type": item.content_type_id,
            "taggit_taggeditem_items-0-object_id": article.pk,
        },
    )

    assert response.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert ">North Atlantic Alliance</a>" in html
    assert ">NATO</a>" not in html


def test_tags_merged_in_the_tag_admin_show_the_new_tag_on_the_article(
    client, admin_client, article
):
    tag = Tag.objects.get(name="NATO")
    assert ">NATO</a>" in client.get(article.get_absolute_url()).content.decode()
    session = admin_client.session
    session["selected_tag_ids"] = str(tag.pk)  # as taggit's "Merge" action does
    session.save()

    response = admin_client.post(
        reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Alliance"}
    )

    assert response.status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert ">Alliance</a>" in html
    assert ">NATO</a>" not in html


def test_ticker_items_deleted_with_the_admins_bulk_delete_leave_the_news_page(
    client, admin_client
):
    item = NewsItemFactory(headline="An item that will be deleted")
    assert item.headline in client.get(reverse("newsfeed:news")).content.decode()

    response = admin_client.post(
        reverse("admin:newsfeed_newsitem_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert item.headline not in client.get(reverse("newsfeed:news")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_after_restoring_a_backup_readers_see_the_restored_pieces(
    client, tmp_path, settings
):
    from cms.backup import backup, restore

    settings.MEDIA_ROOT = tmp_path / "media"
    piece = ArticleFactory(title="The title in the backup")
    backup(tmp_path / "backup")
    piece.title = "A title written after the backup"
    piece.save()
    assert piece.title in client.get(reverse("home")).content.decode()

    restore(tmp_path / "backup")

    html = client.get(reverse("home")).content.decode()
    assert "The title in the backup" in html
    assert "A title written after the backup" not in html
