"""Renditions are made by a task (articles/tasks.py): inline by default, or by
the database worker (django-tasks-db) when DJANGO_TASKS_BACKEND=database."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles.images import refresh_renditions
from articles.models import Article, Author
from articles.tasks import purge_cdn
from tests.factories import ArticleFactory, AuthorFactory
from tests.test_admin_editing import change_url, form_data
from tests.test_images import image_bytes

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload_hero(client, article):
    hero = SimpleUploadedFile("kyiv-at-night.jpg", image_bytes(size=(1600, 900)))
    response = client.post(
        change_url(article), form_data(article, hero_image=hero, hero_alt="Kyiv")
    )
    assert response.status_code == 302, response.content


def test_inline_tasks_make_the_renditions_before_the_save_returns(
    admin_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(draft=True)

    with django_capture_on_commit_callbacks(execute=True):
        upload_hero(admin_client, article)
    article = Article.objects.get(pk=article.pk)

    assert list(article.hero_renditions) == ["320", "640", "1024"]
    for rendition in article.hero_renditions.values():
        assert default_storage.exists(rendition["name"])


# The worker closes connections between tasks, as a long-running process
# should, so these tests commit for real rather than inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_hero_image_waits_for_the_worker(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    article = ArticleFactory(
        draft=True, hero_image=ContentFile(image_bytes(size=(700, 400)), "old.jpg")
    )
    refresh_renditions(article, "hero_image", "hero_renditions")

    with django_capture_on_commit_callbacks(execute=True):
        upload_hero(admin_client, article)
    article = Article.objects.get(pk=article.pk)

    # Until the worker runs, the page shows the new upload, not the old picture.
    assert article.hero_image.name.startswith("articles/")
    assert "kyiv-at-night" in article.hero_image.name
    assert article.hero_renditions == {}
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "articles.tasks.make_renditions"
    assert queued.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    article.refresh_from_db()
    assert list(article.hero_renditions) == ["320", "640", "1024"]
    for rendition in article.hero_renditions.values():
        assert default_storage.exists(rendition["name"])
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_nothing_is_enqueued_when_the_save_is_rolled_back(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    article = ArticleFactory(draft=True)
    hero = SimpleUploadedFile("kyiv-at-night.jpg", image_bytes(size=(1600, 900)))

    with django_capture_on_commit_callbacks(execute=True):
        # A stale version: the save is refused and nothing is written.
        response = admin_client.post(
            change_url(article),
            form_data(article, hero_image=hero, hero_alt="Kyiv", base_version=0),
        )

    assert response.status_code == 200
    assert not Article.objects.get(pk=article.pk).hero_image
    assert not DBTaskResult.objects.exists()


def test_an_authors_photo_gets_its_renditions_through_the_task_too(
    admin_client, django_capture_on_commit_callbacks
):
    author = AuthorFactory()
    photo = SimpleUploadedFile("portrait.jpg", image_bytes(size=(800, 800)))
    url = f"/admin/articles/author/{author.pk}/change/"
    data = {"name": author.name, "slug": author.slug, "kind": author.kind}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data | {"bio": "", "photo": photo})

    assert response.status_code == 302, response.content
    assert list(Author.objects.get(pk=author.pk).photo_renditions) == ["320", "640"]


@pytest.fixture
def fake_cdn():
    """A purge endpoint on 127.0.0.1 that records the URLs it is asked to drop."""
    purged = []

    class Purge(BaseHTTPRequestHandler):
        def do_POST(self):
            purged.append(parse_qs(urlsplit(self.path).query)["url"][0])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Purge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/purge?url={{url}}", purged
    server.shutdown()
    server.server_close()


# The worker closes connections between tasks, as a long-running process
# should, so these tests commit for real rather than inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_queued_cdn_purge_is_sent_when_the_worker_runs(settings, fake_cdn):
    settings.TASKS = DATABASE_QUEUE
    settings.CDN_PURGE_URL_TEMPLATE, purged = fake_cdn
    urls = ["https://global.espreso.tv/", "https://global.espreso.tv/kyiv-at-night"]

    purge_cdn.enqueue(urls)
    assert purged == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert purged == urls
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
