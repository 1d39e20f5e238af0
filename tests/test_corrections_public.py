"""Correction notes as readers see them: at the foot of the piece and on
/corrections/, newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def note(article, kind, text, hours_ago):
    return Correction.objects.create(
        article=article,
        kind=kind,
        text=text,
        created_at=timezone.now() - timedelta(hours=hours_ago),
    )


def test_notes_show_at_the_foot_of_the_article_with_their_times(client):
    article = ArticleFactory(title="Minister resigns")
    note(article, "correction", "The minister's name was misspelled.", 2)
    note(article, "update", "The president accepted the resignation.", 1)

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Corrections and updates" in page
    newer = page.index("The president accepted")
    older = page.index("misspelled")
    assert page.index("</h1>") < newer < older  # below the body, newest first
    local = timezone.localtime(article.corrections.first().created_at)
    assert local.strftime("%H:%M") in page


def test_the_corrections_page_lists_every_note_newest_first(
    client, django_assert_num_queries
):
    first = ArticleFactory(title="First piece")
    second = ArticleFactory(title="Second piece")
    note(first, "clarification", "Older clarification", 5)
    note(second, "correction", "Newer correction", 1)
    client.get("/")  # warm per-process caches, and the News sidebar's fragment
    # 1 the page count, 2 the notes with their pieces; the News sidebar and
    # the header's sections come from the fragment cache "/" filled
    # (docs/caching.md).
    with django_assert_num_queries(2):
        response = client.get(reverse("articles:corrections"))
    page = response.content.decode()
    assert page.index("Newer correction") < page.index("Older clarification")
    assert f'href="{second.get_absolute_url()}"' in page


def test_a_staff_preview_is_marked_and_never_indexed(client, admin_user):
    article = ArticleFactory(draft=True, title="Unready piece")
    client.force_login(admin_user)
    page = client.get(reverse("articles:preview", kwargs={"pk": article.pk}))
    html = page.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Preview of a piece that is draft: readers cannot see it." in html
    assert "no-cache" in page["Cache-Control"]
