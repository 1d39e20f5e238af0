"""The seed importer end to end: files in, rows out, nothing lost or half-written."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from articles.models import Article, ArticleAuthor, Author, Disclaimer, Kind
from cms.seed_import.loader import ImportStats, SeedLoader
from cms.seed_import.parser import parse_text
from cms.seed_import.runner import import_files
from newsfeed.models import Label, NewsItem
from tests.conftest import REAL_SEED

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")

# The feed of the real seed, to append to article variants.
FEED_START = "Tags:\nRead also:\n"


def run_import(*paths, **options):
    """Run the command; return (stdout, stderr, error or None)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_seeds", *map(str, paths), stdout=out, stderr=err, **options
        )
        error = None
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


def table_snapshot():
    """Every row of every imported table, to prove a run changed nothing."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Article, ArticleAuthor, Author, Disclaimer, NewsItem)
    }


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def variant(real: str, *, header: str, footer: str = "", feed: bool = True) -> str:
    """A seed made of a new header/body, optionally the real seed's feed."""
    tail = real[real.index(FEED_START) :] if feed else "Tags:\n"
    return header + "\n\n" + (footer + "\n\n" if footer else "") + tail


def test_real_seed_imports_one_article_author_disclaimer_and_forty_news_items():
    out, err, error = run_import(REAL_SEED)

    assert error is None, err
    assert Article.objects.count() == 1
    assert Author.objects.count() == 1
    assert Disclaimer.objects.count() == 1
    assert NewsItem.objects.count() == 40
    article = Article.objects.get()
    assert article.title == (
        "If not NATO, what are alternatives for Ukraine security guarantees?"
    )
    assert article.badge == "OPINION"
    assert article.kind == Kind.OPINION
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2025, 2, 3, 11, 58, tzinfo=KYIV)
    assert article.is_public
    assert article.slug == (
        "opinion-if-not-nato-what-are-alternatives-for-ukraine-security-guarantees"
    )
    assert article.body.count("<p>") == 10
    assert article.source_name == "Source"
    assert [b.author.name for b in article.bylines.select_related("author")] == [
        "Viktor Andrusiv"
    ]
    assert Author.objects.get().bio == (
        "political and public figure, analyst and publicist"
    )
    assert article.disclaimer.text.startswith("The editorial staff does not always")
    assert "Articles: 1 created, 0 updated, 0 unchanged." in out
    assert "News items: 40 created, 0 updated, 0 unchanged." in out
    labels = sorted(NewsItem.objects.exclude(label="").values_list("label", flat=True))
    assert labels.count(Label.EXCLUSIVE) == 10
    assert NewsItem.objects.exclude(image_caption="").count() == 3


def test_second_run_creates_and_updates_nothing_and_changes_no_row():
    run_import(REAL_SEED)
    before = table_snapshot()

    out, _, error = run_import(REAL_SEED)

    assert error is None
    assert table_snapshot() == before
    assert "Articles: 0 created, 0 updated, 1 unchanged." in out
    assert "Authors: 0 created, 0 updated, 1 unchanged." in out
    assert "News items: 0 created, 0 updated, 40 unchanged." in out


def test_dry_run_reports_the_work_and_leaves_the_database_unchanged():
    out, _, error = run_import(REAL_SEED, dry_run=True)

    assert error is None
    assert "Dry run, nothing written." in out
    assert "Articles: 1 created" in out
    assert table_snapshot() == {name: [] for name in table_snapshot()}


def test_bad_file_in_a_batch_leaves_no_rows_and_the_others_import(
    tmp_path, real_seed_text
):
    good = write(tmp_path, "a_good.txt", real_seed_text)
    # Valid up to the feed, where a group's weekday is wrong: the article part
    # parses, so only the all-or-nothing rule keeps it out of the database.
    bad = write(
        tmp_path,
        "b_bad.txt",
        real_seed_text.replace("If not NATO", "Other title").replace(
            "2025, Thursday", "2025, Friday"
        ),
    )

    out, err, error = run_import(tmp_path)

    assert isinstance(error, CommandError)
    assert "1 of 2 failed" in str(error)
    assert f"{bad}:42: expected the weekday Thursday for 13 February 2025" in err
    assert "Files: 1 imported, 1 failed." in out
    assert list(Article.objects.values_list("import_ref", flat=True)) == [good.stem]
    assert not Article.objects.filter(title__startswith="Other title").exists()


def test_error_while_writing_rolls_back_the_whole_file(real_seed_text, monkeypatch):
    """A failure after the article row is written takes the article with it."""
    seed = parse_text(real_seed_text, "seeds/000_0cd400ce3e0bd65c.txt")
    loader = SeedLoader(ImportStats())

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(NewsItem.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        loader.load(seed)

    assert Article.objects.count() == 0
    assert Author.objects.count() == 0
    assert Disclaimer.objects.count() == 0


def test_missing_path_is_reported_and_fails_the_run(tmp_path):
    _, err, error = run_import(tmp_path / "nope.txt")
    assert "nope.txt: no such file or folder" in err
    assert isinstance(error, CommandError)


def test_reimport_never_overwrites_an_article_an_editor_changed(real_seed_text):
    run_import(REAL_SEED)
    article = Article.objects.get()
    article.title = "Edited by the desk"
    article.save()

    out, _, error = run_import(REAL_SEED)

    article.refresh_from_db()
    assert error is None
    assert article.title == "Edited by the desk"
    assert "1 kept" in out
    assert "changed in the admin" in out


def test_reimport_of_an_unpublished_article_keeps_it_unpublished():
    run_import(REAL_SEED)
    Article.objects.update(status=Article.Status.UNPUBLISHED)

    run_import(REAL_SEED)

    assert Article.objects.get().status == Article.Status.UNPUBLISHED


def test_changed_seed_updates_an_article_nobody_edited(tmp_path, real_seed_text):
    path = write(tmp_path, "piece.txt", real_seed_text)
    run_import(path)
    path.write_text(
        real_seed_text.replace("I’m glad that", "I am glad that"), encoding="utf-8"
    )

    out, _, _ = run_import(path)

    assert "Articles: 0 created, 1 updated, 0 unchanged." in out
    assert "<p>I am glad that" in Article.objects.get().body
    assert ArticleAuthor.objects.count() == 1


def test_feed_items_merge_across_files_carrying_the_same_sidebar(
    tmp_path, real_seed_text
):
    for n in range(3):
        text = real_seed_text.replace("If not NATO", f"Piece {n}: if not NATO")
        write(tmp_path, f"{n}.txt", text)

    out, _, error = run_import(tmp_path)

    assert error is None
    assert Article.objects.count() == 3
    assert NewsItem.objects.count() == 40
    assert "News items: 40 created, 0 updated, 0 unchanged." in out


@pytest.mark.parametrize("batch_size", [1, 100])
def test_feed_item_links_to_the_article_with_its_headline_and_time(
    tmp_path, real_seed_text, batch_size
):
    """Whichever file comes first, in one batch or two, the item ends up
    linked to its article."""
    feed_article = variant(
        real_seed_text,
        header=(
            "Espreso. Global\nReview\n\n"
            "Trump, Zelenskyy, and rare earth resources: what Kyiv offers Washington"
            "\n\n12 February, 2025 Wednesday\n12:54\n\nWhat is on the table\n\n"
            "client/title.list_title\n\nThe first paragraph of the review."
        ),
    )
    write(tmp_path, "a_first.txt", real_seed_text)
    write(tmp_path, "b_review.txt", feed_article)

    stats = import_files(sorted(tmp_path.glob("*.txt")), batch_size=batch_size)

    assert stats.files_imported == 2
    item = NewsItem.objects.get(headline__startswith="Trump, Zelenskyy, and rare")
    assert item.article is not None
    assert item.article.kind == Kind.REVIEW
    assert item.get_absolute_url() == item.article.get_absolute_url()
    # And the other order: the article exists before the feed item arrives.
    NewsItem.objects.all().delete()
    run_import(tmp_path / "a_first.txt")
    item = NewsItem.objects.get(headline__startswith="Trump, Zelenskyy, and rare")
    assert item.article is not None


@pytest.mark.parametrize(
    ("badge", "kind", "exclusive", "updated"),
    [
        ("", Kind.NEWS, False, False),
        ("Interview", Kind.INTERVIEW, False, False),
        ("Review", Kind.REVIEW, False, False),
        ("Exclusive", Kind.NEWS, True, False),
        ("Updated", Kind.NEWS, False, True),
        ("OPINION", Kind.OPINION, False, False),
    ],
)
def test_every_page_type_imports_with_the_badge_the_seed_shows(
    tmp_path, real_seed_text, badge, kind, exclusive, updated
):
    header = (
        f"Espreso. Global\n{badge}\n\nA piece of type {badge or 'news'}\n\n"
        "Olena Kovalenko\n12 February, 2025 Wednesday\n09:05\n\n"
        "The lead line\n\nclient/title.list_title\n\n"
        "Kyiv at night, illustrative photo\n\nQuestion one?\n\nAnswer one."
    )
    path = write(tmp_path, "piece.txt", variant(real_seed_text, header=header))

    _, err, error = run_import(path)

    assert error is None, err
    article = Article.objects.get()
    assert article.badge == badge
    assert (article.kind, article.is_exclusive) == (kind, exclusive)
    assert (article.updated_at is not None) == updated
    assert article.hero_caption == "Kyiv at night, illustrative photo"
    assert article.body == "<p>Question one?</p>\n<p>Answer one.</p>"
    author = Author.objects.get()
    assert (author.name, author.kind) == ("Olena Kovalenko", Author.Kind.STAFF)
    assert article.published_at == datetime(2025, 2, 12, 9, 5, tzinfo=KYIV)


def test_tags_and_a_shared_disclaimer_are_reused_not_duplicated(
    tmp_path, real_seed_text
):
    tagged = real_seed_text.replace("Tags:\n", "Tags:\nNATO\nSecurity\n")
    write(tmp_path, "a.txt", tagged)
    write(tmp_path, "b.txt", tagged.replace("If not NATO", "Second: if not NATO"))

    run_import(tmp_path)

    assert Disclaimer.objects.count() == 1
    assert Author.objects.count() == 1
    for article in Article.objects.all():
        assert sorted(t.name for t in article.tags.all()) == ["NATO", "Security"]


def test_hostile_text_in_a_seed_is_stored_escaped(tmp_path, real_seed_text):
    hostile = real_seed_text.replace(
        "So the real question now is:",
        '<script>alert("x")</script><img src=x onerror=alert(1)> So:',
    )
    run_import(write(tmp_path, "x.txt", hostile))

    body = Article.objects.get().body
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body


def test_import_uses_few_queries_per_file(
    tmp_path, real_seed_text, django_assert_max_num_queries
):
    """Shared rows are cached: the tenth file costs about as much as the second."""
    for n in range(10):
        write(tmp_path, f"{n}.txt", real_seed_text.replace("If not NATO", f"N{n}"))
    # Per new article 5: the file's savepoint, the article insert, its first
    # history record, the byline insert and the release. Seeds, slugs, authors,
    # the disclaimer and the 40 feed items are read once for the run (about 15
    # statements) and then come from cache.
    with django_assert_max_num_queries(10 * 5 + 15):
        run_import(tmp_path)
    assert Article.objects.count() == 10


def test_a_file_that_fails_to_write_is_retried_alone_and_the_batch_still_lands(
    tmp_path, real_seed_text, monkeypatch
):
    """Files are written in batches; when one file's write fails, the batch is
    rolled back and every file written on its own, so only the bad one is lost."""
    for n in range(5):
        write(tmp_path, f"{n}.txt", real_seed_text.replace("If not NATO", f"P{n}"))
    load_one = SeedLoader._load_one

    def fail_on_file_two(self, seed, stats):
        load_one(self, seed, stats)
        if seed.path.endswith("2.txt"):
            raise IntegrityError("simulated constraint failure")

    monkeypatch.setattr(SeedLoader, "_load_one", fail_on_file_two)

    out, err, error = run_import(tmp_path)

    assert isinstance(error, CommandError)
    assert "2.txt: simulated constraint failure" in err
    assert "Files: 4 imported, 1 failed." in out
    assert sorted(Article.objects.values_list("import_ref", flat=True)) == [
        "0",
        "1",
        "3",
        "4",
    ]
    assert NewsItem.objects.count() == 40
    history = Article.history.model.objects
    assert history.count() == 4
    assert set(history.values_list("history_change_reason", flat=True)) == {
        "Imported from a seed file"
    }
