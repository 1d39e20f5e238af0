"""Uploaded images on S3-compatible object storage (django-storages), against a
real server: moto's server mode in CI (TEST_S3_ENDPOINT_URL; see
tests/services.py). The storage settings are the ones cms/settings.py makes
from the DJANGO_S3_* variables, read from a fresh process."""

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from io import BytesIO
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import checked_image
from articles.library import Image as LibraryImage
from articles.tasks import make_renditions_after_save
from tests.services import service_url
from tests.test_images import image_bytes

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def settings_from(env: dict) -> dict:
    """The settings cms/settings.py makes from `env`, in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.urls import reverse, NoReverseMatch\n"
        "try: media = reverse('media', args=['x.jpg'])\n"
        "except NoReverseMatch: media = None\n"
        "print(json.dumps({'storage': settings.STORAGES['default'], "
        "'serve_media': settings.SERVE_MEDIA, 'media_route': media, "
        "'img_src': settings.SECURE_CSP['img-src']}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_S3")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base | {"DJANGO_SETTINGS_MODULE": "cms.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_bucket_switches_uploads_to_s3_and_the_app_stops_serving_media():
    made = settings_from(
        {
            "DJANGO_S3_BUCKET": "espreso-media",
            "DJANGO_S3_CUSTOM_DOMAIN": "media.global.example.org",
        }
    )

    assert made["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert made["storage"]["OPTIONS"]["bucket_name"] == "espreso-media"
    assert made["storage"]["OPTIONS"]["querystring_auth"] is False
    assert made["storage"]["OPTIONS"]["file_overwrite"] is False
    assert made["serve_media"] is False
    assert made["media_route"] is None
    assert "https://media.global.example.org" in made["img_src"]


def test_without_a_bucket_uploads_stay_on_local_disk_served_by_the_app():
    made = settings_from({})

    assert made["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert made["serve_media"] is True
    assert made["media_route"] == "/media/x.jpg"


def public_read(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


@pytest.fixture
def s3(settings, monkeypatch):
    """The default storage on a fresh bucket of the S3 server under test."""
    endpoint = service_url("TEST_S3_ENDPOINT_URL", "an S3-compatible server")
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"espreso-test-{uuid.uuid4().hex[:12]}"
    made = settings_from(
        CREDENTIALS
        | {
            "DJANGO_S3_BUCKET": bucket,
            "DJANGO_S3_ENDPOINT_URL": endpoint,
            "DJANGO_S3_REGION": "us-east-1",
        }
    )
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    # Public reads, as docs/scaling.md sets the bucket up: URLs are unsigned.
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read(bucket)))
    settings.STORAGES = {**settings.STORAGES, "default": made["storage"]}
    yield client, bucket, made
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


def fetch(url: str):
    """Status, headers (any case) and body of a plain GET, as a browser's."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.mark.django_db
def test_an_uploaded_library_image_and_its_renditions_land_in_the_bucket(
    s3, django_capture_on_commit_callbacks
):
    client, bucket, made = s3
    upload = SimpleUploadedFile("Kyiv at night.jpg", image_bytes(size=(1600, 900)))
    # What the library admin does with an upload: check it, save it, make
    # renditions.
    with django_capture_on_commit_callbacks(execute=True):
        hero = LibraryImage(file=checked_image(upload), width=1600, height=900)
        hero.save()
        make_renditions_after_save(hero, "file", "renditions")
    hero = LibraryImage.objects.get(pk=hero.pk)

    keys = {item["Key"] for item in client.list_objects_v2(Bucket=bucket)["Contents"]}
    renditions = hero.renditions
    assert keys == {hero.file.name} | {r["name"] for r in renditions.values()}
    assert list(renditions) == ["320", "640", "1024", "1600", "social"]

    with default_storage.open(hero.file.name) as stored:
        with Image.open(stored) as image:
            assert (image.format, image.size) == ("JPEG", (1600, 900))

    url = default_storage.url(renditions["640"]["name"])
    assert url.startswith(os.environ["TEST_S3_ENDPOINT_URL"].rstrip("/"))
    assert any(url.startswith(origin) for origin in made["img_src"])
    status, headers, body = fetch(url)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "image/webp"
    with Image.open(BytesIO(body)) as image:
        assert (image.format, image.size) == ("WEBP", (640, 360))


@pytest.mark.django_db
def test_a_second_upload_of_the_same_name_never_replaces_the_first(s3):
    first = default_storage.save(
        "articles/hero.jpg",
        checked_image(SimpleUploadedFile("hero.jpg", image_bytes(size=(100, 50)))),
    )
    second = default_storage.save(
        "articles/hero.jpg",
        checked_image(SimpleUploadedFile("hero.jpg", image_bytes(size=(50, 100)))),
    )

    assert first != second
    with default_storage.open(first) as stored, Image.open(stored) as image:
        assert image.size == (100, 50)
