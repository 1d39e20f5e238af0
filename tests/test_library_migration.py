"""The data migration that moves hero images and author photos into the media
library (articles/0006), run forwards and backwards on a real database."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from PIL import Image as PILImage

BEFORE = [("articles", "0004_search")]
AFTER = [("articles", "0007_image_library_cleanup")]


def stored_jpeg(name: str, size=(900, 600)) -> str:
    buffer = BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, "JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    """The database as it was before the library; put back at the end."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_hero_images_and_author_photos_move_into_the_library_and_back(old_schema):
    Article = old_schema.get_model("articles", "Article")
    Author = old_schema.get_model("articles", "Author")
    HistoricalArticle = old_schema.get_model("articles", "HistoricalArticle")
    hero = stored_jpeg("articles/2026/05/strike.jpg")
    photo = stored_jpeg("authors/olena.jpg", size=(400, 400))
    old_hero = stored_jpeg("articles/2026/04/earlier.jpg")
    renditions = {"320": {"name": "renditions/strike-1-320.webp", "width": 320}}
    now = timezone.now()
    article = Article.objects.create(
        title="Strike on Kyiv",
        slug="strike-on-kyiv",
        status="published",
        published_at=now,
        hero_image=hero,
        hero_caption="Firefighters at work",
        hero_credit="Reuters",
        hero_alt="A burning building",
        hero_renditions=renditions,
    )
    plain = Article.objects.create(title="No picture", slug="no-picture")
    author = Author.objects.create(name="Olena", slug="olena", photo=photo)
    no_photo = Author.objects.create(name="Ivan", slug="ivan")
    HistoricalArticle.objects.create(
        id=article.pk,
        title=article.title,
        slug=article.slug,
        hero_image=old_hero,
        history_date=now,
        history_type="~",
        version=1,
        created_at=now,
    )

    apps = migrate(AFTER)
    Image = apps.get_model("articles", "Image")
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("articles", "Author")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    moved = Article.objects.get(pk=article.pk)
    image = Image.objects.get(pk=moved.hero_id)
    assert image.file.name == hero
    assert (image.title, image.caption, image.credit, image.alt) == (
        "Strike on Kyiv",
        "Firefighters at work",
        "Reuters",
        "A burning building",
    )
    assert (image.width, image.height) == (900, 600)
    assert image.renditions == renditions
    assert (moved.hero_caption, moved.hero_credit, moved.hero_alt) == (
        "Firefighters at work",
        "Reuters",
        "A burning building",
    )
    assert Article.objects.get(pk=plain.pk).hero_id is None
    portrait = Image.objects.get(pk=Author.objects.get(pk=author.pk).photo_id)
    assert (portrait.file.name, portrait.title) == (photo, "Olena")
    assert (portrait.width, portrait.height) == (400, 400)
    assert Author.objects.get(pk=no_photo.pk).photo_id is None
    earlier = Image.objects.get(pk=HistoricalArticle.objects.get().hero_id)
    assert earlier.file.name == old_hero
    assert Image.objects.count() == 3

    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("articles", "Author")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    back = Article.objects.get(pk=article.pk)
    assert back.hero_image.name == hero
    assert back.hero_renditions == renditions
    assert (back.hero_caption, back.hero_credit, back.hero_alt) == (
        "Firefighters at work",
        "Reuters",
        "A burning building",
    )
    assert not Article.objects.get(pk=plain.pk).hero_image
    assert Author.objects.get(pk=author.pk).photo.name == photo
    assert not Author.objects.get(pk=no_photo.pk).photo
    assert HistoricalArticle.objects.get().hero_image == old_hero
    for name in (hero, photo, old_hero):
        assert default_storage.exists(name)
