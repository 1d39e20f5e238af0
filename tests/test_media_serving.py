"""Uploaded images are served by the app itself (DEBUG is off in the suite, as
in production), safely: images only, never outside MEDIA_ROOT."""

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles.images import refresh_renditions
from tests.factories import ArticleFactory, ImageFactory


def image_bytes(image_format: str = "PNG", size=(40, 30)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, image_format)
    return buffer.getvalue()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [
        ("articles/2026/05/hero.jpg", "JPEG", "image/jpeg"),
        ("authors/photo.jpeg", "JPEG", "image/jpeg"),
        ("articles/logo.png", "PNG", "image/png"),
        ("renditions/hero-1a2b3c-640.webp", "WEBP", "image/webp"),
    ],
)
def test_an_uploaded_image_is_served_with_its_bytes_and_type(
    client, settings, name, image_format, content_type
):
    assert settings.DEBUG is False
    content = image_bytes(image_format)
    saved = default_storage.save(name, ContentFile(content))

    response = client.get(f"/media/{saved}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == content


def test_media_may_be_cached_for_a_year_as_a_stored_name_never_changes(client):
    saved = default_storage.save("articles/hero.png", ContentFile(image_bytes()))

    response = client.get(f"/media/{saved}")

    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_every_image_on_an_article_page_loads(client, db):
    hero = ImageFactory(
        file=ContentFile(image_bytes("JPEG", size=(1200, 600)), "hero.jpg")
    )
    refresh_renditions(hero, "file", "renditions")
    article = ArticleFactory(title="Hero image", hero=hero, hero_alt="A teal square")

    page = client.get(article.get_absolute_url()).content.decode()
    sources = set(re.findall(r'(/media/[^" ]+)', page))

    assert len(sources) >= 2
    for source in sources:
        response = client.get(source)
        assert (source, response.status_code) == (source, 200)
        assert response["Content-Type"] in {"image/jpeg", "image/webp"}


def test_a_missing_file_is_a_404_not_an_error(client):
    assert client.get("/media/articles/nowhere.jpg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../cms/settings.py",
        "/media/..%2fcms%2fsettings.py",
        "/media/%2e%2e/cms/settings.py",
        "/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/media//etc/passwd",
        "/media/../manage.py",
        "/media/..%2fhero.png",
        "/media/../hero.png",
        "/media/hero.png%00.png",
    ],
)
def test_paths_outside_the_media_folder_are_a_404(client, settings, path):
    # A real image just above MEDIA_ROOT, so only the path check stops it.
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT.parent / "hero.png").write_bytes(image_bytes())

    assert client.get(path).status_code == 404


def test_a_link_inside_the_media_folder_to_a_file_outside_it_is_a_404(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    outside = settings.MEDIA_ROOT.parent / "secret.png"
    outside.write_bytes(image_bytes())
    (settings.MEDIA_ROOT / "linked.png").symlink_to(outside)

    assert client.get("/media/linked.png").status_code == 404


@pytest.mark.parametrize(
    "name", ["page.html", "page.htm", "drawing.svg", "notes.txt", "run.js", "noext"]
)
def test_files_that_are_not_images_are_never_served(client, name):
    saved = default_storage.save(name, ContentFile(b"<script>alert(1)</script>"))

    assert client.get(f"/media/{saved}").status_code == 404


def test_html_named_as_an_image_is_sent_as_an_image_that_is_not_sniffed(client):
    saved = default_storage.save("evil.png", ContentFile(b"<script>alert(1)</script>"))

    response = client.get(f"/media/{saved}")

    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_folder_is_not_listed(client):
    default_storage.save("articles/hero.png", ContentFile(image_bytes()))

    assert client.get("/media/articles/").status_code == 404


def test_media_serving_can_be_turned_off_for_a_web_server_or_s3(client, settings):
    saved = default_storage.save("articles/hero.png", ContentFile(image_bytes()))
    settings.SERVE_MEDIA = False

    assert client.get(f"/media/{saved}").status_code == 404
