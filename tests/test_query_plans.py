"""No public list reads a whole big table: each query a page runs is asked
for its plan (EXPLAIN), which must use an index on the articles, the ticker
items and taggit's tagged items.

How honest each database's answer is:
- SQLite plans from the schema alone (no ANALYZE statistics here, nor on a
  site that never ran ANALYZE), so a small site's plan is the big site's.
  A full scan is a `SCAN <table>` row without `USING (COVERING) INDEX`; an
  index walked in order (`SCAN … USING INDEX`) stops at the LIMIT.
- PostgreSQL chooses by statistics, and a seq scan is the right choice on a
  small table; switching seq scans off would make every plan look good. So
  the site gets 20,000 pieces and 30,000 ticker items, GIN pending lists
  merged and ANALYZE (as autovacuum would), and then no `Seq Scan` on those
  tables may appear unless a LIMIT cuts it short. Below about 20,000 pieces
  PostgreSQL rightly hashes a popular tag's pieces from a whole-table read;
  above, it walks the publish-time index. The sample is a floor: a plan that
  reads whole tables at this size surely does at 100k.
"""

import json
import random
import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAuthor, Author, Kind, Section
from articles.paging import BoundedPaginator
from articles.search import plain_text
from cms.bench.content import refresh_statistics
from newsfeed.feed import format_cursor
from newsfeed.models import NewsItem
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BIG_TABLES = {"articles_article", "newsfeed_newsitem", "taggit_taggeditem"}


def fill_site() -> Article:
    """Thousands of pieces on PostgreSQL (whose plans depend on the size),
    a few dozen on SQLite (whose plans do not); returns a tagged piece."""
    postgres = connection.vendor == "postgresql"
    articles, items = (20000, 30000) if postgres else (200, 300)
    rng = random.Random(11)
    now = timezone.now()
    sections = Section.objects.bulk_create(
        Section(name=f"Section {n}", slug=f"section-{n}") for n in range(8)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Author {n}", slug=f"author-{n}") for n in range(40)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"tag {n}", slug=f"tag-{n}") for n in range(10)
    )
    words = "drone energy grid strike talks army front border port aid".split()
    pieces = []
    for n in range(articles):
        body = "<p>" + " ".join(rng.choices(words, k=40)) + "</p>"
        if n % 50 == 0:  # a rare word, as most searched words are
            body += "<p>Shelling in Kherson.</p>"
        status = Article.Status.PUBLISHED if n % 10 else Article.Status.DRAFT
        pieces.append(
            Article(
                title=f"Piece {n} on the {rng.choice(words)}",
                slug=f"piece-{n}",
                lead=" ".join(rng.choices(words, k=8)),
                body=body,
                body_text=plain_text(body),
                kind=rng.choice(Kind.values),
                is_exclusive=n % 17 == 0,
                section=rng.choice(sections),
                status=status,
                published_at=now - timedelta(minutes=10 * n + 1),
            )
        )
    pieces = Article.objects.bulk_create(pieces)
    content_type = ContentType.objects.get_for_model(Article)
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=piece, author=rng.choice(authors)) for piece in pieces
    )
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=piece.pk, tag=tag)
        for piece in pieces
        for tag in rng.sample(tags, 3)
    )
    NewsItem.objects.bulk_create(
        NewsItem(
            headline=f"Item {n}: {' '.join(rng.choices(words, k=6))}",
            published_at=now - timedelta(minutes=3 * n + 1),
            article=pieces[n % len(pieces)] if n % 4 == 0 else None,
        )
        for n in range(items)
    )
    # What autovacuum does on a live PostgreSQL site (nothing on SQLite).
    refresh_statistics()
    return Article.objects.published().filter(tags__isnull=False).first()


def full_scans(sql: str) -> list[str]:
    """The big tables `sql` reads whole, by the database's own plan."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [
                detail
                for *_, detail in cursor.fetchall()
                if (scan := re.match(r"SCAN (\w+)", detail))
                and scan[1] in BIG_TABLES
                and "INDEX" not in detail
            ]
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return list(unbounded_seq_scans(plan[0]["Plan"], bounded=False))


# Nodes that read all their input before giving a row, so a LIMIT above
# them bounds nothing below.
BLOCKING = {"Sort", "Aggregate", "Hash", "Materialize", "SetOp", "WindowAgg"}


def unbounded_seq_scans(node: dict, bounded: bool):
    """Seq Scans on big tables not cut short by a LIMIT: one straight under a
    Limit (no sort or hash between) stops after the rows it needs."""
    kind = node["Node Type"]
    if kind == "Seq Scan" and node["Relation Name"] in BIG_TABLES and not bounded:
        yield f"Seq Scan on {node['Relation Name']}"
    bounded = (bounded or kind == "Limit") and kind not in BLOCKING
    for n, child in enumerate(node.get("Plans", [])):
        # A nested loop runs its inner side once per outer row.
        inner = kind == "Nested Loop" and n > 0
        yield from unbounded_seq_scans(child, bounded and not inner)


def page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries]


def test_no_public_page_reads_a_whole_big_table(client, monkeypatch):
    # Counting stops at 5 pages here: the share of the sample that a count
    # reads (101 of 3000 rows) is then like production's (1001 of 100k).
    monkeypatch.setattr(BoundedPaginator, "max_pages", 5)
    piece = fill_site()
    author = piece.bylines.first().author
    tag = piece.tags.first()
    urls = [
        reverse("home"),
        piece.get_absolute_url(),  # with "Read also"
        reverse("articles:opinion"),
        reverse("articles:interview") + "?page=2",
        reverse("articles:review"),
        reverse("articles:exclusive"),
        reverse("articles:news"),
        reverse("articles:section", args=[piece.section.slug]),
        author.get_absolute_url(),
        reverse("articles:tag", args=[tag.slug]),
        reverse("articles:tag", args=[tag.slug]) + "?page=2",
        reverse("search") + "?q=kherson",
        reverse("search") + "?q=kherson+shelling",
        reverse("newsfeed:news"),
    ]
    scans = {}
    for url in urls:
        for sql in page_queries(client, url):
            if found := full_scans(sql):
                scans.setdefault(url, []).append((found, sql))
    assert not scans, scans


def test_the_check_sees_a_full_scan_when_there_is_one():
    # Nothing indexes the lead: this reads the whole table at any size.
    with CaptureQueriesContext(connection) as queries:
        list(Article.objects.filter(lead__contains="grid").values("pk"))
    assert full_scans(queries.captured_queries[0]["sql"])


def test_lists_count_at_most_fifty_pages_and_a_page_past_them_is_a_404(
    client, monkeypatch
):
    monkeypatch.setattr(BoundedPaginator, "max_pages", 2)
    for n in range(45):
        ArticleFactory(
            opinion=True,
            title=f"Column {n} on drones",
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
    url = reverse("articles:opinion")

    last = client.get(url, {"page": 2})
    search = client.get(reverse("search"), {"q": "drones"})

    html = last.content.decode()
    assert "Page 2 of 2+" in html
    assert 'rel="prev" href="?page=1"' in html
    assert "Older pieces: narrow the list by date." in html
    assert client.get(url, {"page": 3}).status_code == 404
    assert "40+ results for “drones”" in search.content.decode()
    assert client.get(reverse("search"), {"q": "drones", "page": 3}).status_code == 404


def rows_read(sql: str) -> int:
    """How much work `sql` is, by the database's own account: on PostgreSQL
    the rows its plan's scans of the big tables produced or filtered out
    (EXPLAIN ANALYZE), on SQLite the virtual-machine steps it ran, in
    hundreds."""
    if connection.vendor == "sqlite":
        steps = [0]

        def count():
            steps[0] += 1
            return 0

        connection.ensure_connection()
        connection.connection.set_progress_handler(count, 100)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                cursor.fetchall()
        finally:
            connection.connection.set_progress_handler(None, 100)
        return steps[0]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node):
        loops = node.get("Actual Loops", 1)
        own = 0
        if node.get("Relation Name") in BIG_TABLES:
            own = (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * loops
        return own + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


def read_also_sql(piece: Article) -> str:
    piece = Article.objects.for_detail().get(pk=piece.pk)
    with CaptureQueriesContext(connection) as queries:
        shown = Article.objects.published().read_also(piece)
    assert len(shown) == 4 and len(queries) == 1
    return queries.captured_queries[0]["sql"]


def test_read_also_does_the_same_work_however_many_pieces_the_site_has():
    # The worst case for a walk through the archive: a piece whose own tag no
    # other piece has, and an editors' pick, both looked for among all the
    # published pieces unless the query starts from the piece's own rows.
    postgres = connection.vendor == "postgresql"
    piece = fill_site()
    piece.tags.add("a tag no other piece has")
    piece.related.add(Article.objects.published().order_by("published_at").first())
    small = rows_read(read_also_sql(piece))

    # Ten times as many older pieces, each tagged like the rest (twice as
    # many on PostgreSQL, whose sample is already 20,000 pieces).
    now = timezone.now()
    older = Article.objects.bulk_create(
        Article(
            title=f"Older piece {n}",
            slug=f"older-piece-{n}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=400, minutes=n),
        )
        for n in range(10 * Article.objects.count() // (5 if postgres else 1))
    )
    content_type = ContentType.objects.get_for_model(Article)
    tags = list(Tag.objects.filter(slug__startswith="tag-"))
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=old.pk, tag=tags[n % 10])
        for n, old in enumerate(older)
    )
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    large = rows_read(read_also_sql(piece))

    assert large <= small * 1.2 + 10, (small, large)


def add_older_pieces_and_items(factor: int) -> None:
    """`factor` times as many older pieces and ticker items as the site has,
    every one with "drone" in its title and headline, tagged like the rest."""
    now = timezone.now()
    body = "<p>Air defence shot down a drone over the port.</p>"
    older = Article.objects.bulk_create(
        Article(
            title=f"Older drone piece {n}",
            slug=f"older-drone-piece-{n}",
            body=body,
            body_text=plain_text(body),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=400, minutes=n),
        )
        for n in range(factor * Article.objects.count())
    )
    content_type = ContentType.objects.get_for_model(Article)
    tags = list(Tag.objects.filter(slug__startswith="tag-"))
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=old.pk, tag=tags[n % 10])
        for n, old in enumerate(older)
    )
    NewsItem.objects.bulk_create(
        NewsItem(
            headline=f"Older drone item {n}",
            published_at=now - timedelta(days=400, minutes=n),
        )
        for n in range(factor * NewsItem.objects.count())
    )
    refresh_statistics()


def page_work(client, url: str) -> int:
    """The work of rendering `url` afresh: with the caches emptied, so that
    neither the page cache nor a kept fragment answers in its stead."""
    for cache in caches.all(initialized_only=True):
        cache.clear()
    return sum(rows_read(sql) for sql in page_queries(client, url))


def test_search_does_the_same_work_however_many_older_pieces_match(client, monkeypatch):
    # A common word: "drone" is in most pieces and items. A search ranks the
    # newest matches only (articles/search.py); here the 60 newest, fewer
    # than the sample has, so the sample already fills the candidate set.
    monkeypatch.setattr("articles.search.CANDIDATES", 60)
    monkeypatch.setattr(BoundedPaginator, "max_pages", 2)
    fill_site()
    url = reverse("search") + "?q=drone"
    small = page_work(client, url)

    add_older_pieces_and_items(2 if connection.vendor == "postgresql" else 10)
    large = page_work(client, url)

    assert large <= small * 1.2 + 10, (small, large)


def test_a_search_for_a_word_the_ticker_lacks_does_the_same_work_however_long_it_is(
    client,
):
    # "kherson" is in a few pieces' bodies and in no ticker item. The ticker's
    # ten newest matches must come from its full-text index, not from a walk
    # back through every item in search of ten that never come.
    fill_site()
    url = reverse("search") + "?q=kherson"
    small = page_work(client, url)

    add_older_pieces_and_items(2 if connection.vendor == "postgresql" else 10)
    large = page_work(client, url)

    assert large <= small * 1.2 + 10, (small, large)


def more_news_urls() -> list[str]:
    """ "More news" from halfway back through the ticker, by a cursor with an
    id and by an older link's time alone."""
    items = NewsItem.objects.published().order_by("-published_at", "-id")
    middle = items[items.count() // 2]
    more = reverse("newsfeed:more") + "?before="
    return [
        more + format_cursor(middle.published_at, middle.pk),
        more + format_cursor(middle.published_at),
    ]


def test_more_news_halfway_back_does_the_same_work_however_long_the_ticker_is(
    client,
):
    # The page's work must not depend on how many newer items lie between
    # now and the cursor: the index walk starts at the cursor, not at now.
    fill_site()
    small = [page_work(client, url) for url in more_news_urls()]

    add_older_pieces_and_items(2 if connection.vendor == "postgresql" else 10)
    large = [page_work(client, url) for url in more_news_urls()]

    for before, after in zip(small, large, strict=True):
        assert after <= before * 1.2 + 10, (small, large)


def test_a_rare_author_tag_or_section_page_does_the_same_work_however_big_the_site(
    client,
):
    # Three pieces of their own, spread through the archive: a page that
    # walks the newest pieces looking for them reads the whole archive.
    fill_site()
    author = Author.objects.create(name="Rare Author", slug="rare-author")
    section = Section.objects.create(name="Rare Section", slug="rare-section")
    published = list(Article.objects.published().order_by("-published_at"))
    for piece in published[5 :: len(published) // 3][:3]:
        ArticleAuthor.objects.create(article=piece, author=author)
        piece.tags.add("rare tag")
        Article.objects.filter(pk=piece.pk).update(section=section)
    tag = Tag.objects.get(name="rare tag")
    urls = [
        author.get_absolute_url(),
        reverse("articles:tag", args=[tag.slug]),
        reverse("articles:section", args=[section.slug]),
    ]
    small = [page_work(client, url) for url in urls]

    add_older_pieces_and_items(2 if connection.vendor == "postgresql" else 10)
    large = [page_work(client, url) for url in urls]

    for url, before, after in zip(urls, small, large, strict=True):
        assert after <= before * 1.2 + 10, (url, small, large)
