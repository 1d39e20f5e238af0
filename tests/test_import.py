"""The seed importer end to end: files in, rows out, nothing lost or half-written."""

import errno
import os
import socket
import stat
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
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


def test_a_file_that_fails_to_parse_is_reported_and_the_others_import(
    tmp_path, real_seed_text
):
    good = write(tmp_path, "a_good.txt", real_seed_text)
    # Valid up to the feed, where a group's weekday is wrong: the whole file is
    # refused, its article too, though that part alone would parse.
    bad = write(
        tmp_path,
        "b_bad.txt",
        real_seed_text.replace("If not NATO", "Other title").replace(
            "2025, Thursday", "2025, Friday"
        ),
    )

    out, err, error = run_import(tmp_path)

    assert isinstance(error, CommandError)
    assert str(error) == "1 of 2 not imported: 1 failed, 0 skipped."
    assert f"{bad}:42: expected the weekday Thursday for 13 February 2025" in err
    assert "Files: 1 imported, 1 failed, 0 skipped." in out
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


def test_ten_files_cost_eighteen_statements_whatever_their_number(
    tmp_path, real_seed_text, django_assert_num_queries
):
    """Shared rows are cached and each table is written once per batch, so ten
    new articles cost what one does."""
    for n in range(10):
        write(tmp_path, f"{n}.txt", real_seed_text.replace("If not NATO", f"N{n}"))
    # As in a fresh process, where the command runs.
    ContentType.objects.clear_cache()
    # 18, the same on SQLite and PostgreSQL, for one batch of ten files:
    #  2  the batch's savepoint and its release (the test runs in a transaction)
    #  3  read once per run: imported seed refs, taken slugs, unlinked news items
    #  4  the shared disclaimer: look-up, then savepoint, insert, release
    #     (get_or_create)
    #  2  the shared author: look-up, insert
    #  2  the 40 feed items: which exist, which articles they link to
    #  4  one insert each for the 10 articles, their history, their bylines and
    #     the 40 news items
    #  1  the content type tags point to, looked up once per process
    # No tags in these seeds, so no tag statements.
    with django_assert_num_queries(18):
        _, err, error = run_import(tmp_path)
    assert error is None, err
    assert Article.objects.count() == 10


def test_a_batch_whose_write_fails_part_way_is_rolled_back_and_retried_file_by_file(
    tmp_path, real_seed_text, monkeypatch
):
    """The five files are one batch. Its bylines insert fails, after its
    articles and history rows are written, because of file 2's byline: the
    batch is rolled back, then each file is written on its own, so the four
    good files land and file 2 leaves no row behind."""
    for n in range(5):
        write(tmp_path, f"{n}.txt", real_seed_text.replace("If not NATO", f"P{n}"))
    insert_bylines = ArticleAuthor.objects.bulk_create
    attempts = []

    def refuse_file_two(bylines, *args, **kwargs):
        refs = sorted(b.article.import_ref for b in bylines)
        attempts.append(refs)
        if "2" in refs:
            raise IntegrityError("simulated constraint failure")
        return insert_bylines(bylines, *args, **kwargs)

    monkeypatch.setattr(ArticleAuthor.objects, "bulk_create", refuse_file_two)

    out, err, error = run_import(tmp_path)

    assert attempts == [["0", "1", "2", "3", "4"], ["0"], ["1"], ["2"], ["3"], ["4"]]
    assert err == f"{tmp_path / '2.txt'}: simulated constraint failure\n"
    assert "Files: 4 imported, 1 failed, 0 skipped." in out
    assert "Articles: 4 created, 0 updated, 0 unchanged." in out
    assert str(error) == "1 of 5 not imported: 1 failed, 0 skipped."
    refs = ["0", "1", "3", "4"]
    assert sorted(Article.objects.values_list("import_ref", flat=True)) == refs
    assert (
        sorted(ArticleAuthor.objects.values_list("article__import_ref", flat=True))
        == refs
    )
    history = Article.history.model.objects
    assert sorted(history.values_list("import_ref", flat=True)) == refs
    assert set(history.values_list("history_change_reason", flat=True)) == {
        "Imported from a seed file"
    }
    assert Author.objects.count() == 1
    assert NewsItem.objects.count() == 40


def test_two_seeds_of_the_same_name_in_one_run_import_the_first_and_fail_the_second(
    tmp_path, real_seed_text
):
    """An article is known by its seed file's name, so a second file of that
    name in another folder cannot be told apart from it."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", "piece.txt", real_seed_text)
    second = write(tmp_path / "b", "piece.txt", real_seed_text.replace("NATO", "EU"))

    out, err, error = run_import(tmp_path)

    assert err == (
        f"{second}: another file in this run has the same name, {first}; an "
        "article is known by its seed file's name, so only that one is imported\n"
    )
    assert "Files: 1 imported, 1 failed, 0 skipped." in out
    assert str(error) == "1 of 2 not imported: 1 failed, 0 skipped."
    assert Article.objects.get().title.startswith("If not NATO")


def test_a_file_named_twice_in_one_run_is_imported_once(tmp_path, real_seed_text):
    path = write(tmp_path, "piece.txt", real_seed_text)

    out, err, error = run_import(tmp_path, path)

    assert error is None, err
    assert "Files: 1 imported, 0 failed, 0 skipped." in out
    assert Article.objects.count() == 1


# -- what the import will not read --------------------------------------------

SECRET = "root:x:0:0:root:/root:/bin/bash"
LINK_REFUSED = "it is a symbolic link, and links are never followed"


def secret_file(tmp_path: Path) -> Path:
    """A file outside the seed folder whose text must never reach the output."""
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def seed_folder(tmp_path: Path, real_seed_text: str) -> Path:
    """A folder holding one good seed, `a_good.txt`."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    write(folder, "a_good.txt", real_seed_text)
    return folder


def make_fifo(folder, tmp_path):
    os.mkfifo(folder / "pipe.txt")
    return "pipe.txt", "it is a named pipe, not a regular file"


def make_socket(folder, tmp_path):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    os.chdir(folder)  # a socket's path must be short; bind a relative one
    try:
        server.bind("sock.txt")
    finally:
        os.chdir(cwd)
    server.close()  # the socket file stays
    return "sock.txt", "it is a socket, not a regular file"


def make_device(folder, tmp_path):
    try:
        os.mknod(folder / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device file needs root")
    return "null.txt", "it is a device file, not a regular file"


def make_link_out(folder, tmp_path):
    (folder / "passwd.txt").symlink_to(secret_file(tmp_path))
    return "passwd.txt", LINK_REFUSED


def make_link_in(folder, tmp_path):
    (folder / "again.txt").symlink_to(folder / "a_good.txt")
    return "again.txt", LINK_REFUSED


def make_link_loop(folder, tmp_path):
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return "loop.txt", LINK_REFUSED


def make_dangling_link(folder, tmp_path):
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    return "gone.txt", LINK_REFUSED


def make_folder_link(folder, tmp_path):
    outside = secret_file(tmp_path).parent
    write(outside, "elsewhere.txt", SECRET)
    (folder / "more").symlink_to(outside, target_is_directory=True)
    return "more", LINK_REFUSED


def make_folder_named_txt(folder, tmp_path):
    (folder / "folder.txt").mkdir()
    write(folder / "folder.txt", "inside.txt", SECRET)
    return "folder.txt", "it is a folder, not a regular file"


def make_latin1(folder, tmp_path):
    (folder / "latin1.txt").write_bytes(b"Espreso. Global\n\nCaf\xe9 " + b"x" * 40)
    return "latin1.txt", "it is not UTF-8 text (line 3, byte 20)"


ODD_ENTRIES = {
    "named pipe": make_fifo,
    "socket": make_socket,
    "device file": make_device,
    "link to a file outside the folder": make_link_out,
    "link to a seed inside the folder": make_link_in,
    "link loop": make_link_loop,
    "dangling link": make_dangling_link,
    "link to a folder": make_folder_link,
    "folder named like a seed": make_folder_named_txt,
    "file that is not UTF-8": make_latin1,
}


@pytest.mark.parametrize("make", ODD_ENTRIES.values(), ids=ODD_ENTRIES.keys())
def test_anything_in_a_folder_but_a_regular_utf8_file_is_reported_and_skipped(
    tmp_path, real_seed_text, make
):
    folder = seed_folder(tmp_path, real_seed_text)
    name, reason = make(folder, tmp_path)

    out, err, error = run_import(folder)

    assert err == f"{folder / name}: skipped, {reason}\n"
    assert "Files: 1 imported, 0 failed, 1 skipped." in out
    assert str(error) == "1 of 2 not imported: 0 failed, 1 skipped."
    assert list(Article.objects.values_list("import_ref", flat=True)) == ["a_good"]
    assert SECRET not in out + err


def test_a_link_named_on_the_command_line_is_refused_too(tmp_path, real_seed_text):
    real = write(tmp_path, "real.txt", real_seed_text)
    link = tmp_path / "link.txt"
    link.symlink_to(real)

    out, err, error = run_import(link)

    assert err == f"{link}: skipped, {LINK_REFUSED}\n"
    assert "Files: 0 imported, 0 failed, 1 skipped." in out
    assert str(error) == "1 of 1 not imported: 0 failed, 1 skipped."
    assert not Article.objects.exists()


def test_a_link_that_replaces_a_file_after_the_folder_was_searched_is_not_read(
    tmp_path,
):
    """The file is opened without following links, so a link swapped in between
    the search and the read is refused, not followed."""
    link = tmp_path / "swapped.txt"
    link.symlink_to(secret_file(tmp_path))
    errors = []

    stats = import_files([link], on_error=errors.append)

    assert errors == [f"{link}: skipped, {LINK_REFUSED}"]
    assert (stats.files_imported, stats.files_failed, stats.files_skipped) == (0, 0, 1)


def test_a_pipe_that_replaces_a_file_after_the_folder_was_searched_is_not_read(
    tmp_path,
):
    """Opened without waiting for a writer, and refused once it is seen not to
    be a regular file: the import neither hangs nor reads from it."""
    pipe = tmp_path / "swapped.txt"
    os.mkfifo(pipe)
    errors = []

    stats = import_files([pipe], on_error=errors.append)

    assert errors == [f"{pipe}: skipped, it is a named pipe, not a regular file"]
    assert stats.files_skipped == 1


def test_a_file_that_cannot_be_opened_is_reported_and_skipped(
    tmp_path, real_seed_text, monkeypatch
):
    folder = seed_folder(tmp_path, real_seed_text)
    locked = write(folder, "locked.txt", SECRET)
    # Tests run as root in CI, where chmod 000 does not stop a read; refuse the
    # open the way the kernel would for anyone else.
    real_open = os.open

    def open_as_a_stranger(path, flags, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_as_a_stranger)

    out, err, error = run_import(folder)

    assert err == f"{locked}: skipped, it cannot be read (Permission denied)\n"
    assert "Files: 1 imported, 0 failed, 1 skipped." in out
    assert isinstance(error, CommandError)


def test_a_folder_that_cannot_be_listed_is_reported_and_skipped(
    tmp_path, real_seed_text, monkeypatch
):
    folder = seed_folder(tmp_path, real_seed_text)
    locked = folder / "locked"
    locked.mkdir()
    write(locked, "hidden.txt", real_seed_text.replace("If not NATO", "Hidden"))
    real_scandir = os.scandir

    def scandir_as_a_stranger(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir_as_a_stranger)

    out, err, error = run_import(folder)

    assert err == (
        f"{locked}: skipped, it is a folder that cannot be read (Permission denied)\n"
    )
    assert "Files: 1 imported, 0 failed, 1 skipped." in out
    assert isinstance(error, CommandError)


def test_a_seed_file_over_one_megabyte_is_skipped_unread(tmp_path, real_seed_text):
    folder = seed_folder(tmp_path, real_seed_text)
    big = folder / "big.txt"
    data = real_seed_text.replace("If not NATO", "Big").encode()
    big.write_bytes(data + b"\n" * (1_000_001 - len(data)))

    out, err, error = run_import(folder)

    assert err == (
        f"{big}: skipped, it is 1,000,001 bytes; a seed file may be at most "
        "1,000,000 bytes\n"
    )
    assert "Files: 1 imported, 0 failed, 1 skipped." in out
    assert str(error) == "1 of 2 not imported: 0 failed, 1 skipped."
    assert not Article.objects.filter(title__startswith="Big").exists()


def test_a_seed_file_of_exactly_one_megabyte_is_read(tmp_path, real_seed_text):
    path = tmp_path / "full.txt"
    data = real_seed_text.encode()
    # Trailing spaces: the parser strips them, so the file is still a good seed.
    path.write_bytes(data + b" " * (1_000_000 - len(data)))

    _, err, error = run_import(path)

    assert error is None, err
    assert Article.objects.count() == 1


def test_a_seed_file_that_grows_past_one_megabyte_after_its_size_was_read_is_skipped(
    tmp_path, real_seed_text, monkeypatch
):
    """The size is checked before reading, and the read itself stops one byte
    past the limit, so a file that grows in between is still refused."""
    path = tmp_path / "growing.txt"
    data = real_seed_text.encode()
    path.write_bytes(data + b"\n" * (2_000_000 - len(data)))
    real_fstat = os.fstat

    def size_as_it_was(fd):
        result = real_fstat(fd)
        if stat.S_ISREG(result.st_mode) and result.st_size == 2_000_000:
            # What fstat said a moment before the file grew.
            fields = list(result)
            fields[stat.ST_SIZE] = len(data)
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(os, "fstat", size_as_it_was)
    errors = []

    stats = import_files([path], on_error=errors.append)

    assert errors == [
        f"{path}: skipped, it is more than 1,000,000 bytes; a seed file may be at "
        "most 1,000,000 bytes"
    ]
    assert stats.files_skipped == 1
    assert not Article.objects.exists()


def test_a_body_over_the_limit_fails_its_file_and_writes_nothing(
    tmp_path, real_seed_text
):
    folder = seed_folder(tmp_path, real_seed_text)
    long_body = "\n\n".join(f"{n:02d}" + "b" * 19_998 for n in range(11))
    text = real_seed_text.replace("If not NATO", "Long").replace(
        "I’m glad that", long_body + "\n\nI’m glad that"
    )
    long = write(folder, "long.txt", text)

    out, err, error = run_import(folder)

    assert err.startswith(f"{long}:")
    assert "expected a body of at most 200,000 characters" in err
    assert "Files: 1 imported, 1 failed, 0 skipped." in out
    assert str(error) == "1 of 2 not imported: 1 failed, 0 skipped."
    assert not Article.objects.filter(title__startswith="Long").exists()


# -- the progress bar -----------------------------------------------------------


class Terminal(StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    ("stream", "drawn"), [(Terminal, True), (StringIO, False)], ids=["tty", "no tty"]
)
def test_the_progress_bar_is_drawn_only_when_its_stream_is_a_terminal(
    tmp_path, real_seed_text, stream, drawn
):
    for n in range(2):
        write(tmp_path, f"{n}.txt", real_seed_text.replace("If not NATO", f"P{n}"))
    err = stream()

    call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=err)

    assert (f"\r[{'#' * 30}] 2/2 files" in err.getvalue()) is drawn


def test_two_cyrillic_bylines_are_two_authors_with_transliterated_slugs(
    tmp_path, real_seed_text
):
    byline = "About the author. Viktor Andrusiv, political and public figure"
    for name, author in (("a", "Віктор Андрусів"), ("b", "Олена Коваленко")):
        text = real_seed_text.replace("Viktor Andrusiv", author)
        text = text.replace("If not NATO", f"{author}: if not NATO")
        assert byline.replace("Viktor Andrusiv", author) in text
        write(tmp_path, f"{name}.txt", text)

    out, err, error = run_import(tmp_path)

    assert error is None, err
    assert sorted(Author.objects.values_list("slug", "name")) == [
        ("olena-kovalenko", "Олена Коваленко"),
        ("viktor-andrusiv", "Віктор Андрусів"),
    ]
