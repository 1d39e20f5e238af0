from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Kind
from articles.sanitize import clean_html

pytestmark = pytest.mark.django_db


def make_article(**fields):
    defaults = {
        "title": "Ukraine wins 16 medals at 2025 Invictus Games",
        "lead": "A lead",
        "body": "<p>Body</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    return Article.objects.create(**(defaults | fields))


def test_published_shows_only_published_pieces_whose_time_has_come():
    now = timezone.now()
    visible = make_article(title="Visible")
    make_article(title="Scheduled", published_at=now + timedelta(hours=1))
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="In review", status=Article.Status.REVIEW)
    make_article(title="Unpublished", status=Article.Status.UNPUBLISHED)
    assert list(Article.objects.published()) == [visible]


def test_a_published_piece_must_have_a_publish_time():
    with pytest.raises(IntegrityError, match="published_article_has_publish_time"):
        make_article(published_at=None)


@pytest.mark.parametrize(
    ("fields", "badge"),
    [
        ({"kind": Kind.OPINION, "is_exclusive": True}, "OPINION"),
        ({"kind": Kind.INTERVIEW}, "Interview"),
        ({"kind": Kind.REVIEW}, "Review"),
        ({"is_exclusive": True, "updated_at": timezone.now()}, "Exclusive"),
        ({"updated_at": timezone.now()}, "Updated"),
        ({}, ""),
    ],
)
def test_badge_is_derived_strongest_first(fields, badge):
    assert make_article(**fields).badge == badge


def test_slug_is_made_once_from_the_title_and_survives_title_edits():
    article = make_article(title="If not NATO, what are alternatives?", kind="opinion")
    assert article.slug == "opinion-if-not-nato-what-are-alternatives"
    article.title = "A different title"
    article.save()
    article.refresh_from_db()
    assert article.slug == "opinion-if-not-nato-what-are-alternatives"
    assert article.get_absolute_url() == "/opinion-if-not-nato-what-are-alternatives"


def test_slugs_never_collide_with_each_other_or_site_paths():
    first = make_article(title="Same title")
    second = make_article(title="Same title")
    news = make_article(title="News")
    assert (first.slug, second.slug) == ("same-title", "same-title-2")
    assert news.slug == "news-2"


def test_reserved_slug_is_refused_with_a_clear_message():
    article = Article(title="x", slug="search")
    with pytest.raises(ValidationError) as info:
        article.full_clean()
    assert "path the site uses" in str(info.value)


def test_body_is_stored_sanitised():
    article = make_article(
        body='<p onclick="x()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">bad</a><a href="https://x.org">ok</a>'
        "<iframe src=https://x.org>frame</iframe><svg><text>s</text></svg>"
    )
    article.refresh_from_db()
    assert article.body == (
        '<p>Hi</p><a rel="noopener">bad</a>'
        '<a href="https://x.org" rel="noopener">ok</a>'
    )


def test_sanitiser_keeps_the_article_allowlist():
    html = (
        "<h2>H</h2><p><strong>b</strong> <em>i</em></p><ul><li>x</li></ul>"
        "<blockquote>q</blockquote>"
    )
    assert clean_html(html) == html
