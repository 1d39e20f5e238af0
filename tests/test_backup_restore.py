"""`manage.py backup` and `manage.py restore` (docs/operations.md): after a
backup, a wiped database and a deleted media folder, everything comes back.
The suite runs on SQLite and, in CI, on PostgreSQL, so each backend's path
(the sqlite3 backup API; pg_dump and pg_restore) is tested there."""

import hashlib
import json
import shutil
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from articles.images import refresh_renditions
from articles.library import Image as LibraryImage
from articles.models import Article, Correction
from newsfeed.models import NewsItem
from tests.factories import ArticleFactory, NewsItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg(colour: str) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (700, 400), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def make_newsroom():
    """Two articles with several versions each, notes, a hero image with its
    renditions, and ticker items."""
    for number, colour in ((1, "teal"), (2, "orange")):
        article = ArticleFactory(title=f"Piece {number}", lead="First lead.")
        article.lead = "Second lead."
        article.save()
        article.title = f"Piece {number}, retitled"
        hero = LibraryImage(title=f"Hero {number}", width=700, height=400)
        hero.file.save(f"hero-{number}.jpg", ContentFile(jpeg(colour)))
        refresh_renditions(hero, "file", "renditions")
        article.hero = hero
        article.hero_alt = f"A {colour} square"
        article.save()
        Correction.objects.create(article=article, text=f"Fixed a date in {number}.")
        NewsItemFactory(headline=f"Ticker {number}", article=article)
    NewsItemFactory(headline="A brief with no article", text="Just the brief.")


def snapshot(media_root) -> dict:
    """Everything a reader or an editor would miss, by content."""
    return {
        "articles": list(
            Article.objects.order_by("pk").values_list(
                "pk",
                "slug",
                "title",
                "lead",
                "body",
                "hero__file",
                "hero_alt",
                "hero__renditions",
                "version",
                "published_at",
            )
        ),
        "history": list(
            Article.history.order_by("history_id").values_list(
                "history_id",
                "id",
                "title",
                "lead",
                "version",
                "history_type",
                "history_date",
            )
        ),
        "notes": list(
            Correction.objects.order_by("pk").values_list(
                "pk", "article__slug", "kind", "text", "created_at"
            )
        ),
        "ticker": list(
            NewsItem.objects.order_by("pk").values_list(
                "pk", "headline", "text", "article_id", "published_at", "status"
            )
        ),
        "media": {
            str(path.relative_to(media_root)): hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
            for path in sorted(media_root.rglob("*"))
            if path.is_file()
        },
    }


def wipe_database():
    """Drop every table, as on a new, empty server."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                # IF EXISTS: dropping a search index (FTS5) drops its shadow
                # tables too (articles/search.py).
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def test_backup_then_restore_brings_back_every_article_version_note_image_and_item(
    settings, tmp_path
):
    make_newsroom()
    before = snapshot(settings.MEDIA_ROOT)
    assert len(before["articles"]) == 2
    assert len(before["history"]) == 6  # created, and saved twice, each
    assert len(before["notes"]) == 2
    assert len(before["ticker"]) == 3
    # Two originals and their renditions.
    assert len(before["media"]) > 2

    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    wipe_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert "articles_article" not in connection.introspection.table_names()

    call_command("restore", "--from", str(tmp_path / "backup"), "--no-input")

    assert snapshot(settings.MEDIA_ROOT) == before


def test_a_restored_site_serves_its_images(client, settings, tmp_path):
    make_newsroom()
    article = Article.objects.get(title="Piece 1, retitled")
    uploaded = article.hero.file.read()
    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)

    call_command("restore", "--from", str(tmp_path / "backup"), "--no-input")

    response = client.get(article.hero.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == uploaded


def test_a_backup_is_not_written_over_another(tmp_path):
    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)

    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)


def test_a_backup_of_another_kind_of_database_is_refused(tmp_path):
    call_command("backup", "--to", str(tmp_path / "backup"), verbosity=0)
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    manifest_path.write_text(json.dumps({**manifest, "vendor": other}))

    with pytest.raises(CommandError, match=f"a {other} database"):
        call_command("restore", "--from", str(tmp_path / "backup"), "--no-input")


def test_restoring_from_a_folder_with_no_backup_says_so(tmp_path):
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", "--from", str(tmp_path), "--no-input")
