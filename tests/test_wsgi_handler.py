"""The WSGI application granian serves (cms/wsgi.py): a signed-out reader's
page cache hit, or 304, is answered before Django's request machinery runs,
with exactly the page Django stored; everything else, and any request whose
versions must be made again from the database, goes to Django as before."""

import io

import pytest
from django.core.cache import cache
from django.core.signals import request_started

from articles.models import Article
from articles.versions import SITE
from cms.wsgi_handler import PageCacheWSGIHandler
from newsfeed.versions import FEED
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Answer:
    def __init__(self, status: str, headers: list, body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode()


class WSGIClient:
    """Calls the WSGI application as a server would, and counts how many
    requests reached Django's own handler (its request_started signal)."""

    def __init__(self):
        self.app = PageCacheWSGIHandler()
        self.django_requests = 0

    def _started(self, **kwargs):
        self.django_requests += 1

    def request(self, method: str, path: str, **headers) -> Answer:
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            # As a server passes it: the path's UTF-8 bytes, as Latin-1.
            "PATH_INFO": path.encode().decode("iso-8859-1"),
            "SCRIPT_NAME": "",
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
            **headers,
        }
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=status, headers=response_headers)

        request_started.connect(self._started)
        try:
            body = b"".join(self.app(environ, start_response))
        finally:
            request_started.disconnect(self._started)
        return Answer(answer["status"], answer["headers"], body)

    def get(self, path: str, **headers) -> Answer:
        return self.request("GET", path, **headers)


@pytest.fixture
def wsgi(connections_kept_open):
    return WSGIClient()


@pytest.fixture
def article():
    return ArticleFactory(title="Kyiv repels a night attack")


def test_a_readers_next_visit_is_the_stored_page_without_django(
    wsgi, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    first = wsgi.get(url)
    assert first.status_code == 200
    assert wsgi.django_requests == 1

    with django_assert_num_queries(0):
        again = wsgi.get(url)

    assert wsgi.django_requests == 1  # answered before Django's handler
    assert again.status_code == 200
    assert again.body == first.body
    assert again.headers == first.headers  # CSP, Cache-Control, ETag and all
    assert "Kyiv repels a night attack" in again.text


def test_a_matching_etag_gets_a_304_without_django(wsgi, article, client):
    url = article.get_absolute_url()
    etag = wsgi.get(url).headers["ETag"]

    answer = wsgi.get(url, HTTP_IF_NONE_MATCH=etag)

    assert wsgi.django_requests == 1
    assert answer.status_code == 304
    assert answer.body == b""
    assert answer.headers["ETag"] == etag
    assert "public" in answer.headers["Cache-Control"]
    # The same 304 Django's middleware gives.
    django_304 = client.get(url, headers={"if-none-match": etag})
    assert django_304.status_code == 304
    assert {k.lower(): v for k, v in django_304.items()} == {
        k.lower(): v for k, v in answer.headers.items()
    }


def test_an_edit_shows_on_the_next_request(wsgi, article):
    url = article.get_absolute_url()
    wsgi.get(url)

    article.title = "Kyiv repels a second night attack"
    article.save()

    assert "Kyiv repels a second night attack" in wsgi.get(url).text


def test_a_signed_in_editor_never_gets_the_stored_page(wsgi, article):
    url = article.get_absolute_url()
    wsgi.get(url)
    # Changed behind the site's back (no version bump): only a fresh render
    # can show it.
    Article.objects.filter(pk=article.pk).update(title="Fresh for the editor")

    assert "Kyiv repels" in wsgi.get(url).text
    editor = wsgi.get(url, HTTP_COOKIE="sessionid=anything")
    assert "Fresh for the editor" in editor.text
    assert wsgi.django_requests == 2


def test_versions_to_be_made_again_go_to_django_which_still_serves_the_page(
    wsgi, article
):
    url = article.get_absolute_url()
    first = wsgi.get(url)
    # As after an edit in another process with a per-process cache, or a due
    # time passing: the version must be read from the database again.
    cache.delete_many([SITE.key, FEED.key])

    again = wsgi.get(url)

    assert wsgi.django_requests == 2
    assert again.status_code == 200
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_host_that_is_not_allowed_gets_a_400_even_with_the_page_stored(wsgi, article):
    url = article.get_absolute_url()
    wsgi.get(url)

    assert wsgi.get(url, HTTP_HOST="attacker.example").status_code == 400


def test_a_post_is_never_answered_from_the_cache(wsgi):
    wsgi.get("/")

    answer = wsgi.request("POST", "/")

    assert answer.status_code == 403  # Django's CSRF check answered it
    assert wsgi.django_requests == 2


def test_a_non_ascii_path_reaches_django_intact(wsgi):
    # Django's request rewrites the environ; the handler must look up the
    # cache on a copy, or Django would decode the path twice and fail.
    assert wsgi.get("/новини-немає").status_code == 404
    assert wsgi.get("/новини-немає").status_code == 404


def test_a_cache_that_is_down_leaves_the_reader_with_django_s_page(
    wsgi, article, settings
):
    url = article.get_absolute_url()
    wsgi.get(url)
    # Redis configured, and nothing listening (port 9 of this machine).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }

    answer = wsgi.get(url)

    assert answer.status_code == 200
    assert "Kyiv repels a night attack" in answer.text
    assert wsgi.django_requests == 2
