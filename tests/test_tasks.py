"""Renditions are made by a task (articles/tasks.py): inline by default, or by
the database worker (django-tasks-db) when DJANGO_TASKS_BACKEND=database."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.images import refresh_renditions
from articles.library import Image
from articles.tasks import make_renditions_after_save, purge_cdn
from tests.factories import ArticleFactory, ImageFactory
from tests.test_images import image_bytes

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


ALL_RENDITIONS = ["320", "640", "1024", "1600", "social"]


def upload_image(client, image=None):
    """Upload a picture to the library, new or in place of `image`'s file."""
    photo = SimpleUploadedFile("kyiv-at-night.jpg", image_bytes(size=(1600, 900)))
    url = (
        reverse("admin:articles_image_change", args=[image.pk])
        if image
        else reverse("admin:articles_image_add")
    )
    response = client.post(url, {"title": "Kyiv", "alt": "Kyiv", "file": photo})
    assert response.status_code == 302, response.content


def test_inline_tasks_make_the_renditions_before_the_save_returns(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_image(admin_client)
    image = Image.objects.get()

    assert list(image.renditions) == ALL_RENDITIONS
    for rendition in image.renditions.values():
        assert default_storage.exists(rendition["name"])


# The worker closes connections between tasks, as a long-running process
# should, so these tests commit for real rather than inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_new_file_waits_for_the_worker(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    image = ImageFactory(file=ContentFile(image_bytes(size=(700, 400)), "old.jpg"))
    refresh_renditions(image, "file", "renditions")

    with django_capture_on_commit_callbacks(execute=True):
        upload_image(admin_client, image)
    image.refresh_from_db()

    # Until the worker runs, pages show the new upload, not the old picture.
    assert "kyiv-at-night" in image.file.name
    assert image.renditions == {}
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "articles.tasks.make_renditions"
    assert queued.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    image.refresh_from_db()
    assert list(image.renditions) == ALL_RENDITIONS
    for rendition in image.renditions.values():
        assert default_storage.exists(rendition["name"])
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_nothing_is_enqueued_when_the_save_is_rolled_back(settings):
    settings.TASKS = DATABASE_QUEUE
    image = ImageFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        make_renditions_after_save(image, "file", "renditions")
        raise RuntimeError("the save failed after the upload")

    assert not DBTaskResult.objects.exists()


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


@pytest.mark.django_db(transaction=True)
def test_publishing_queues_its_cdn_purge_for_the_worker(settings, fake_cdn):
    settings.TASKS = DATABASE_QUEUE
    settings.CDN_PURGE_URL_TEMPLATE, purged = fake_cdn
    settings.SITE_URL = "https://global.espreso.tv"
    chief = User.objects.create_superuser("chief", password="x")
    draft = ArticleFactory(draft=True, title="Purged by the worker")

    workflow.publish(draft, chief)
    queued = DBTaskResult.objects.get(task_path="articles.tasks.purge_cdn")
    assert queued.status == "READY"
    assert purged == []  # the save did not wait for the CDN

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert sorted(purged) == [
        "https://global.espreso.tv/",
        f"https://global.espreso.tv{draft.get_absolute_url()}",
    ]
