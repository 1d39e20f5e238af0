"""The newsroom dashboard, the admin's home page: what needs doing, per role."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import presence, workflow
from articles.models import Article, Author
from cms import dashboard
from cms.roles import AUTHOR, CHIEF_EDITOR, EDITOR
from newsfeed.models import NewsItem
from tests.factories import ArticleFactory, AuthorFactory, NewsItemFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def member(username, role, **extra):
    user = User.objects.create_user(username, password="pw", is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor():
    return member("editor", EDITOR, first_name="Olena", last_name="Editor")


@pytest.fixture
def author():
    user = member("author", AUTHOR, first_name="Taras", last_name="Writer")
    Author.objects.create(name="Taras Writer", slug="taras-writer", user=user)
    return user


def panel(page, name):
    """The HTML of one dashboard panel, or None if the page has no such panel."""
    found = re.search(rf'<section[^>]*id="panel-{name}".*?</section>', page, re.S)
    return found.group(0) if found else None


def in_review(title, *, waiting, by=None):
    article = ArticleFactory(in_review=True, title=title, authors=by or [])
    Article.objects.filter(pk=article.pk).update(
        status_changed_at=timezone.now() - waiting
    )
    return article


def test_an_editor_sees_pieces_awaiting_review_oldest_first_with_author_and_wait(
    client, editor
):
    newer = in_review("Newer piece", waiting=timedelta(hours=1))
    older = in_review(
        "Older piece",
        waiting=timedelta(days=2),
        by=[AuthorFactory(name="Iryna Reporter")],
    )
    ArticleFactory(draft=True, title="Still a draft")
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    review = panel(page, "review")
    assert review.index("Older piece") < review.index("Newer piece")
    assert "Iryna Reporter" in review
    assert "2\xa0days" in review and "1\xa0hour" in review
    assert reverse("admin:articles_article_change", args=[older.pk]) in review
    assert reverse("admin:articles_article_change", args=[newer.pk]) in review
    assert "Still a draft" not in review


def test_an_author_sees_only_their_own_work_on_the_dashboard(client, author, editor):
    mine = ArticleFactory(draft=True, title="My own draft", created_by=author)
    ArticleFactory(draft=True, title="Someone else's draft", created_by=editor)
    in_review("Someone else's submission", waiting=timedelta(hours=3))
    ArticleFactory(scheduled=True, title="Someone else's scheduled piece")
    ArticleFactory(title="Someone else's live piece")
    ArticleFactory(title="My live piece", authors=[Author.objects.get(user=author)])
    # Someone else's piece is open: the Author is not told about it.
    other = ArticleFactory(draft=True, title="Open elsewhere", created_by=editor)
    presence.record_and_list_others(other.pk, editor)
    client.force_login(author)

    page = client.get(reverse("admin:index")).content.decode()

    assert panel(page, "review") is None
    assert panel(page, "ticker") is None  # Authors do not run the ticker
    assert "My own draft" in panel(page, "drafts")
    assert reverse("admin:articles_article_change", args=[mine.pk]) in page
    assert "My live piece" in panel(page, "published")
    for others in ("draft", "submission", "scheduled piece", "live piece"):
        assert f"Someone else&#x27;s {others}" not in page
    assert "Open elsewhere" not in page


def test_the_scheduled_panel_lists_what_goes_out_in_the_next_48_hours(client, editor):
    soon = ArticleFactory(
        title="Out tonight", published_at=timezone.now() + timedelta(hours=5)
    )
    ArticleFactory(
        title="Out next week", published_at=timezone.now() + timedelta(days=7)
    )
    ArticleFactory(title="Already out")
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    scheduled = panel(page, "scheduled")
    assert "Out tonight" in scheduled
    assert reverse("admin:articles_article_change", args=[soon.pk]) in scheduled
    assert "Out next week" not in scheduled and "Already out" not in scheduled
    assert "?status=scheduled" in scheduled


def test_recently_published_pieces_show_how_many_notes_they_carry(client, editor):
    corrected = ArticleFactory(title="Corrected piece")
    workflow.add_note(corrected, editor, "correction", "A name was misspelled.")
    workflow.add_note(corrected, editor, "clarification", "The figure is yearly.")
    ArticleFactory(title="Clean piece")
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    published = panel(page, "published")
    row = re.search(r"<tr>(?:(?!</tr>).)*Corrected piece.*?</tr>", published, re.S)
    assert "2 correction notes" in row.group(0)
    assert "Clean piece" in published


def test_the_dashboard_shows_who_has_which_piece_open(client, editor):
    article = ArticleFactory(draft=True, title="Being edited")
    colleague = member("colleague", EDITOR, first_name="Petro", last_name="Colleague")
    client.force_login(colleague)
    client.get(reverse("admin:articles_article_change", args=[article.pk]))
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    open_now = panel(page, "open")
    assert "Being edited" in open_now and "Petro Colleague" in open_now
    assert reverse("admin:articles_article_change", args=[article.pk]) in open_now


def test_the_ticker_quick_add_puts_an_item_on_at_the_time_of_saving(client, editor):
    NewsItemFactory(headline="An earlier item")
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    ticker = panel(page, "ticker")
    assert "An earlier item" in ticker
    action = re.search(r'<form method="post" action="([^"]+)"', ticker).group(1)
    saving_started = timezone.now()

    response = client.post(
        action,
        {
            "_from_dashboard": "1",
            "status": "published",
            "headline": "Explosions in Kharkiv",
            "label": "",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "“Explosions in Kharkiv” is on the ticker." in response.content.decode()
    item = NewsItem.objects.get(headline="Explosions in Kharkiv")
    assert item.published_at >= saving_started
    assert item.status == NewsItem.Status.PUBLISHED


def test_the_ticker_quick_add_refuses_what_the_ticker_admin_refuses(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:newsfeed_newsitem_add"),
        {"_from_dashboard": "1", "status": "published", "headline": "", "label": ""},
    )

    assert response.status_code == 200
    assert "Write a headline or pick an article." in response.content.decode()
    assert not NewsItem.objects.exists()


def test_djangos_list_of_models_stays_on_the_dashboard(client):
    chief = member("chief", CHIEF_EDITOR)
    client.force_login(chief)

    page = client.get(reverse("admin:index")).content.decode()

    assert 'id="all-models"' in page
    for url in ("articles_article_changelist", "auth_user_changelist"):
        assert reverse(f"admin:{url}") in page


@pytest.mark.parametrize(
    "panel_of",
    [
        dashboard.awaiting_review,
        dashboard.scheduled_soon,
        dashboard.my_drafts,
        dashboard.recently_published,
        dashboard.open_now,
        dashboard.latest_ticker_items,
    ],
    ids=lambda function: function.__name__,
)
@pytest.mark.parametrize("role", [EDITOR, AUTHOR])
def test_each_panel_is_one_query_however_much_it_lists(
    django_assert_num_queries, panel_of, role
):
    user = member("someone", role)
    profile = AuthorFactory(user=user)
    for n in range(12):
        ArticleFactory(draft=True, created_by=user, authors=[profile])
        piece = ArticleFactory(in_review=True, authors=[profile, AuthorFactory()])
        ArticleFactory(scheduled=True, created_by=user)
        live = ArticleFactory(created_by=user)
        live.corrections.create(kind="correction", text=f"Note {n}")
        NewsItemFactory()
        presence.record_and_list_others(piece.pk, user)
        presence.record_and_list_others(live.pk, user)
    user = User.objects.get(pk=user.pk)  # no permissions cached yet
    user.get_all_permissions()  # the permission look-up is the page's, not a panel's

    # One query each (none for a panel the role does not get): the bylines are
    # one aggregate, the notes a count, the open pieces one look-up by id.
    expected = (
        0
        if role == AUTHOR
        and panel_of
        in (
            dashboard.awaiting_review,
            dashboard.latest_ticker_items,
        )
        else 1
    )
    with django_assert_num_queries(expected):
        shown = panel_of(user)

    assert shown is None if expected == 0 else len(shown) > 0
