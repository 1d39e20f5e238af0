"""manage.py generate_content: fake newsroom data for benchmarks and load tests."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from taggit.models import Tag

from articles.models import Article, ArticleAuthor, Kind
from cms.bench.content import GENERATED_PREFIX
from newsfeed.models import NewsItem
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Content is laid out back in time from this moment: fixed, so runs compare.
NOW = datetime(2026, 11, 27, tzinfo=UTC)


def generate(**options):
    """Run the command quietly; return what it printed."""
    out = StringIO()
    call_command(
        "generate_content",
        stdout=out,
        stderr=StringIO(),
        now=NOW.isoformat(),
        **{"articles": 60, "news": 200, **options},
    )
    return out.getvalue()


def snapshot():
    """What a reader could tell two runs apart by."""
    refs = dict(Article.objects.values_list("pk", "import_ref"))
    return (
        list(
            Article.objects.order_by("import_ref").values_list(
                "import_ref", "title", "slug", "kind", "status", "published_at"
            )
        ),
        list(
            ArticleAuthor.objects.order_by(
                "article__import_ref", "position"
            ).values_list("article__import_ref", "author__slug", "position")
        ),
        sorted(
            (refs[object_id], name)
            for object_id, name in Article.tags.through.objects.values_list(
                "object_id", "tag__name"
            )
        ),
        list(
            NewsItem.objects.order_by("-published_at", "headline").values_list(
                "headline", "published_at", "label", "status", "article__import_ref"
            )
        ),
    )


def clear_generated_content():
    NewsItem.objects.all().delete()
    Article.objects.all().delete()


def test_the_same_seed_generates_the_same_titles_slugs_times_and_feed():
    generate(seed=7)
    first = snapshot()
    clear_generated_content()
    generate(seed=7)
    assert snapshot() == first
    clear_generated_content()
    generate(seed=8)
    assert snapshot()[0] != first[0]


def test_it_writes_the_counts_asked_for_marked_as_generated():
    output = generate(articles=60, news=200)
    assert Article.objects.count() == 60
    assert NewsItem.objects.count() == 200
    assert not Article.objects.exclude(import_ref__startswith=GENERATED_PREFIX).exists()
    assert "60 articles" in output
    assert "200 news items" in output


def test_pieces_have_kinds_authors_in_order_tags_sections_and_real_bodies():
    generate(articles=120, news=300)
    kinds = set(Article.objects.values_list("kind", flat=True))
    assert kinds == {Kind.NEWS, Kind.OPINION, Kind.INTERVIEW, Kind.REVIEW}
    opinion = Article.objects.filter(kind=Kind.OPINION)
    assert not opinion.filter(disclaimer=None).exists()
    assert not opinion.filter(bylines=None).exists()
    assert Article.objects.filter(is_exclusive=True).exists()
    assert not Article.objects.filter(section=None).exists()
    assert not Article.objects.filter(tags=None).exists()
    two_bylines = ArticleAuthor.objects.filter(position=1).first()
    assert two_bylines is not None
    assert list(two_bylines.article.bylines.values_list("position", flat=True)) == [
        0,
        1,
    ]
    article = Article.objects.first()
    assert article.body.count("<p>") >= 4
    assert "<script" not in article.body
    assert NewsItem.objects.exclude(article=None).exists()
    assert NewsItem.objects.exclude(label="").exists()


def test_about_nine_in_ten_pieces_are_public_the_rest_drafts_or_scheduled():
    generate(articles=200, news=400)
    public = Article.objects.published().count()
    assert 0.85 * 200 <= public <= 0.97 * 200
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=NOW + timedelta(days=1)
    ).exists()
    # Publish times span years, as a real archive does.
    first = Article.objects.published().earliest()
    assert first.published_at < NOW - timedelta(days=3 * 365)


def test_it_refuses_a_database_with_real_pieces_unless_forced():
    ArticleFactory(title="A real story")
    with pytest.raises(CommandError, match="1 piece that was not generated"):
        generate()
    assert Article.objects.count() == 1
    assert NewsItem.objects.count() == 0

    generate(force=True)
    assert Article.objects.count() == 61
    assert Article.objects.filter(title="A real story").exists()


def test_it_refuses_to_add_to_an_earlier_run_unless_forced():
    generate()
    with pytest.raises(CommandError, match="already holds 60 generated pieces"):
        generate()
    generate(force=True)
    assert Article.objects.count() == 120
    assert Article.objects.values("slug").distinct().count() == 120


def test_it_prints_nothing_at_verbosity_zero():
    out = StringIO()
    call_command(
        "generate_content",
        articles=5,
        news=10,
        verbosity=0,
        stdout=out,
        stderr=StringIO(),
    )
    assert out.getvalue() == ""


def test_generated_pages_render_home_article_tag_and_search(client):
    generate(articles=80, news=300)
    article = Article.objects.published().order_by("-published_at").first()
    home = client.get("/")
    assert home.status_code == 200
    assert article.title in home.content.decode()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert article.title in page.content.decode()
    tag = article.tags.first()
    tag_page = client.get(f"/tag/{tag.slug}")
    assert tag_page.status_code == 200
    assert "Tag: " + tag.name in tag_page.content.decode()
    search = client.get("/search/", {"q": "drone"})
    assert search.status_code == 200
    assert Article.objects.published().search("drone").count() > 10


def test_tags_are_shared_not_one_per_piece():
    generate(articles=100, news=100)
    assert 10 <= Tag.objects.count() <= 200


def test_rows_go_in_oldest_first_as_a_newsroom_writes_them():
    # Search's bounded candidate set takes the highest row ids as the newest
    # matches (articles/search.py), so generated rows must be in time order.
    generate(articles=80, news=300)

    def ids_by_time(queryset):
        rows = queryset.order_by("published_at", "pk").values_list("pk", flat=True)
        return list(rows)

    public = Article.objects.published()
    assert ids_by_time(public) == sorted(public.values_list("pk", flat=True))
    items = NewsItem.objects.all()
    assert ids_by_time(items) == sorted(items.values_list("pk", flat=True))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statistics only"
)
def test_postgresql_has_statistics_for_the_generated_pieces_at_once():
    generate(articles=40, news=60)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('articles_article', 'newsfeed_newsitem') ORDER BY relname"
        )
        # -1 until a table is analysed (PostgreSQL 14 and later).
        assert cursor.fetchall() == [
            ("articles_article", 40),
            ("newsfeed_newsitem", 60),
        ]
