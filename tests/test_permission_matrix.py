"""The permission matrix (docs/permissions.md), every role against every
action, through the admin views as each role's account would use them."""

from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import pending
from articles.models import Article, Author, Disclaimer, Section
from articles.pending import PendingChange
from cms.roles import AUTHOR, CHIEF_EDITOR, EDITOR
from newsfeed.models import NewsItem
from tests.factories import ArticleFactory
from tests.test_admin_editing import change_url, form_data

pytestmark = pytest.mark.django_db
Status = Article.Status
ROLES = (AUTHOR, EDITOR, CHIEF_EDITOR)


@pytest.fixture
def accounts():
    users = {}
    for role in ROLES:
        user = User.objects.create_user(
            role.lower().replace(" ", "_"), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    Author.objects.create(name="Writer", slug="writer", user=users[AUTHOR])
    return users


# -- the actions -----------------------------------------------------------------
#
# Each tries one thing as the logged-in role and returns an Attempt: whether it
# was done (the row is in the database, the page shows it) and the admin's last
# response, so that a refusal can be checked for what it is, not only for its
# effect: a broken form also leaves the database unchanged.


@dataclass(frozen=True)
class Attempt:
    done: bool
    response: HttpResponse


@dataclass(frozen=True)
class Refused:
    """How the admin says no: the status code and, on a redirect, the message."""

    status: int
    message: str = ""

    def check(self, response: HttpResponse) -> None:
        assert response.status_code == self.status
        if self.message:
            shown = [str(message) for message in get_messages(response.wsgi_request)]
            assert any(self.message in text for text in shown), shown


FORBIDDEN = Refused(403)
# The admin lists an Author only their own pieces; any other is "not there".
NOT_THEIRS = Refused(302, "doesn’t exist. Perhaps it was deleted?")
# Publishing actions are not offered to Authors, so the form refuses the choice.
ACTION_NOT_OFFERED = Refused(302, "No action selected.")


def write_a_draft(client, users):
    response = client.post(
        reverse("admin:articles_article_add"),
        form_data(Article(title="New piece", kind="news")) | {"slug": "new-piece"},
    )
    done = Article.objects.filter(slug="new-piece").exists()
    return Attempt(response.status_code == 302 and done, response)


def edit_own_draft(client, users):
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    return _edit(client, article)


def edit_others_draft(client, users):
    article = ArticleFactory(draft=True, created_by=users[EDITOR])
    return _edit(client, article)


def edit_own_piece_once_published(client, users):
    """Saving a live piece keeps the edit as pending changes (articles/pending.py):
    an Author proposes them, an editor publishes them."""
    article = ArticleFactory(created_by=users[AUTHOR])
    response = client.post(change_url(article), form_data(article, lead="Edited"))
    proposal = PendingChange.objects.filter(article=article).first()
    done = proposal is not None and proposal.changes["fields"] == {"lead": "Edited"}
    return Attempt(response.status_code == 302 and done, response)


def publish_pending_changes(client, users):
    article = ArticleFactory(created_by=users[AUTHOR])
    pending.propose(article, users[AUTHOR], values={"lead": "Edited"})
    response = client.post(
        reverse("admin:articles_article_publish_changes", args=[article.pk]),
        {"when": "now"},
    )
    article.refresh_from_db()
    return Attempt(article.lead == "Edited", response)


def _edit(client, article):
    response = client.post(change_url(article), form_data(article, lead="Edited"))
    article.refresh_from_db()
    return Attempt(response.status_code == 302 and article.lead == "Edited", response)


def submit_own_draft(client, users):
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    return _transition(client, article, "submit", Status.REVIEW)


def publish_own_piece_in_review(client, users):
    article = ArticleFactory(in_review=True, created_by=users[AUTHOR])
    return _transition(client, article, "publish", Status.PUBLISHED)


def publish_own_draft(client, users):
    """An Author may save their draft, but the publish step itself is refused."""
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    return _transition(client, article, "publish", Status.PUBLISHED)


def unpublish_own_piece(client, users):
    article = ArticleFactory(created_by=users[AUTHOR])
    return _transition(client, article, "unpublish", Status.UNPUBLISHED)


def return_own_piece_to_draft(client, users):
    article = ArticleFactory(in_review=True, created_by=users[AUTHOR])
    return _transition(client, article, "to_draft", Status.DRAFT)


def _transition(client, article, button, status):
    response = client.post(change_url(article), form_data(article, _workflow=button))
    article.refresh_from_db()
    return Attempt(article.status == status, response)


def bulk_publish(client, users):
    article = ArticleFactory(in_review=True, created_by=users[AUTHOR])
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    return Attempt(article.status == Status.PUBLISHED, response)


def add_a_correction(client, users):
    article = ArticleFactory(created_by=users[AUTHOR])
    data = form_data(article) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "Fixed.",
    }
    response = client.post(change_url(article), data)
    return Attempt(article.corrections.exists(), response)


def create_a_share_link(client, users):
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    response = client.post(reverse("admin:articles_article_share", args=[article.pk]))
    return Attempt(article.share_links.exists(), response)


def run_the_ticker(client, users):
    response = client.post(
        reverse("admin:newsfeed_newsitem_add"),
        {
            "published_at_0": "2026-11-27",
            "published_at_1": "10:00:00",
            "label": "",
            "headline": "Breaking",
            "status": "published",
        },
    )
    done = NewsItem.objects.filter(headline="Breaking").exists()
    return Attempt(response.status_code == 302 and done, response)


def _hidden_ticker_item(users):
    """A ticker item no reader sees: it points at a draft, and repeats its title."""
    draft = ArticleFactory(
        draft=True, title="Unannounced resignation", created_by=users[EDITOR]
    )
    return NewsItem.objects.create(headline=draft.title, article=draft)


def list_hidden_ticker_items(client, users):
    _hidden_ticker_item(users)
    response = client.get(reverse("admin:newsfeed_newsitem_changelist"))
    shown = "Unannounced resignation" in response.content.decode()
    return Attempt(response.status_code == 200 and shown, response)


def open_a_hidden_ticker_item(client, users):
    item = _hidden_ticker_item(users)
    response = client.get(reverse("admin:newsfeed_newsitem_change", args=[item.pk]))
    shown = "Unannounced resignation" in response.content.decode()
    return Attempt(response.status_code == 200 and shown, response)


def manage_authors(client, users):
    response = client.post(
        reverse("admin:articles_author_add"),
        {"name": "New Columnist", "slug": "new-columnist", "kind": "columnist"},
    )
    done = Author.objects.filter(slug="new-columnist").exists()
    return Attempt(response.status_code == 302 and done, response)


def manage_sections(client, users):
    response = client.post(
        reverse("admin:articles_section_add"),
        {"name": "World", "slug": "world", "position": 1},
    )
    done = Section.objects.filter(slug="world").exists()
    return Attempt(response.status_code == 302 and done, response)


def manage_disclaimers(client, users):
    response = client.post(
        reverse("admin:articles_disclaimer_add"),
        {"name": "Guest", "text": "Guest views are their own."},
    )
    done = Disclaimer.objects.filter(name="Guest").exists()
    return Attempt(response.status_code == 302 and done, response)


def manage_tags(client, users):
    response = client.post(
        reverse("admin:taggit_tag_add"),
        {
            "name": "Energy",
            "slug": "energy",
            "taggit-taggeditem-items-TOTAL_FORMS": 0,
            "taggit-taggeditem-items-INITIAL_FORMS": 0,
        },
    )
    done = Tag.objects.filter(slug="energy").exists()
    return Attempt(response.status_code == 302 and done, response)


def view_history(client, users):
    article = ArticleFactory(created_by=users[AUTHOR])
    url = reverse("admin:articles_article_history", args=[article.pk])
    response = client.get(url)
    return Attempt(response.status_code == 200, response)


def _someone_elses_draft(users):
    return ArticleFactory(
        draft=True, created_by=users[EDITOR], title="Not yours", body="<p>Secret</p>"
    )


def view_others_history(client, users):
    article = _someone_elses_draft(users)
    url = reverse("admin:articles_article_history", args=[article.pk])
    response = client.get(url)
    return Attempt(
        response.status_code == 200 and b"Not yours" in response.content, response
    )


def view_a_past_version_of_others_piece(client, users):
    article = _someone_elses_draft(users)
    record = article.history.order_by("history_id").first()
    url = reverse(
        "admin:articles_article_simple_history", args=[article.pk, record.history_id]
    )
    response = client.get(url)
    return Attempt(
        response.status_code == 200 and b"Secret" in response.content, response
    )


def manage_people_and_roles(client, users):
    target = users[AUTHOR]
    for url in (
        reverse("admin:auth_user_change", args=[target.pk]),
        reverse("admin:auth_group_changelist"),
    ):
        response = client.get(url)
        if response.status_code != 200:
            return Attempt(False, response)
    return Attempt(True, response)


def unlock_accounts(client, users):
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    return Attempt(response.status_code == 200, response)


def add_a_newsroom_member(client, users):
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "first_name": "New",
            "last_name": "Comer",
            "email": "newcomer@espreso.example",
            "role": AUTHOR,
            "usable_password": "false",
        },
    )
    done = User.objects.filter(username="newcomer", is_staff=True).exists()
    return Attempt(response.status_code == 302 and done, response)


def lift_a_sign_in_lock(client, users):
    AccessAttempt.objects.create(
        username=users[AUTHOR].username,
        ip_address="203.0.113.9",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/admin/login/",
        user_agent="",
    )
    response = client.post(reverse("admin:auth_user_unlock", args=[users[AUTHOR].pk]))
    done = not AccessAttempt.objects.filter(username=users[AUTHOR].username).exists()
    return Attempt(response.status_code == 302 and done, response)


MATRIX = {
    # action: (Author, Editor, Chief editor); True, or how the admin refuses
    write_a_draft: (True, True, True),
    edit_own_draft: (True, True, True),
    edit_others_draft: (NOT_THEIRS, True, True),
    edit_own_piece_once_published: (True, True, True),
    publish_pending_changes: (FORBIDDEN, True, True),
    submit_own_draft: (True, True, True),
    publish_own_piece_in_review: (FORBIDDEN, True, True),
    publish_own_draft: (Refused(302, "Only editors can publish."), True, True),
    bulk_publish: (ACTION_NOT_OFFERED, True, True),
    # The form saves (as pending changes); the step itself is refused.
    unpublish_own_piece: (Refused(302, "Only editors can unpublish."), True, True),
    return_own_piece_to_draft: (FORBIDDEN, True, True),
    # No notes form for Authors: the submitted note is not taken.
    add_a_correction: (Refused(302, "has no changes to publish."), True, True),
    create_a_share_link: (FORBIDDEN, True, True),
    run_the_ticker: (FORBIDDEN, True, True),
    list_hidden_ticker_items: (FORBIDDEN, True, True),
    open_a_hidden_ticker_item: (FORBIDDEN, True, True),
    manage_authors: (FORBIDDEN, True, True),
    manage_sections: (FORBIDDEN, True, True),
    manage_disclaimers: (FORBIDDEN, True, True),
    manage_tags: (FORBIDDEN, True, True),
    view_history: (True, True, True),
    view_others_history: (FORBIDDEN, True, True),
    view_a_past_version_of_others_piece: (FORBIDDEN, True, True),
    manage_people_and_roles: (FORBIDDEN, FORBIDDEN, True),
    unlock_accounts: (FORBIDDEN, FORBIDDEN, True),
    add_a_newsroom_member: (FORBIDDEN, FORBIDDEN, True),
    lift_a_sign_in_lock: (FORBIDDEN, FORBIDDEN, True),
}
CASES = [
    pytest.param(action, role, expected[n], id=f"{action.__name__}-{role}")
    for action, expected in MATRIX.items()
    for n, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("action", "role", "expected"), CASES)
def test_each_role_can_do_exactly_what_the_matrix_says(
    client, accounts, action, role, expected
):
    client.force_login(accounts[role])

    attempt = action(client, accounts)

    if expected is True:
        assert attempt.done
    else:
        expected.check(attempt.response)
        assert not attempt.done


def test_an_author_sees_only_their_own_pieces_in_the_list(client, accounts):
    ArticleFactory(title="Mine", draft=True, created_by=accounts[AUTHOR])
    ArticleFactory(title="Someone else's", draft=True, created_by=accounts[EDITOR])
    client.force_login(accounts[AUTHOR])
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Mine" in page and "Someone else&#x27;s" not in page
    assert "You see the pieces you created or have a byline on." in page


def test_an_author_is_not_offered_publishing_buttons_or_actions(client, accounts):
    article = ArticleFactory(draft=True, created_by=accounts[AUTHOR])
    client.force_login(accounts[AUTHOR])
    form = client.get(change_url(article)).content.decode()
    listing = client.get(reverse("admin:articles_article_changelist"))
    assert 'value="submit"' in form
    assert 'value="publish"' not in form
    assert listing.status_code == 200
    assert b'value="submit_selected"' in listing.content
    assert b"publish_selected" not in listing.content
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/articles/article/" in index
    assert "/admin/articles/section/" not in index  # view-only: not listed
    assert "/admin/newsfeed/newsitem/" not in index
    assert "/admin/auth/user/" not in index


def test_a_chief_editor_cannot_make_a_superuser(client, accounts):
    client.force_login(accounts[CHIEF_EDITOR])
    form = client.get(
        reverse("admin:auth_user_change", args=[accounts[AUTHOR].pk])
    ).content.decode()
    assert 'name="is_superuser"' not in form
    assert 'name="groups"' in form


def test_an_author_cannot_revert_their_piece_once_it_is_published(client, accounts):
    article = ArticleFactory(draft=True, created_by=accounts[AUTHOR], title="Draft")
    article.status = Status.PUBLISHED
    article.published_at = timezone.now()
    article.title = "Published title"
    article.save()
    draft_record = article.history.order_by("history_id").first()
    revert_url = reverse(
        "admin:articles_article_simple_history",
        args=[article.pk, draft_record.history_id],
    )
    client.force_login(accounts[AUTHOR])

    response = client.post(revert_url, form_data(draft_record.instance, base_version=2))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Published title"


def test_a_chief_editor_cannot_touch_a_superuser_or_redefine_roles(client, accounts):
    boss = User.objects.create_superuser("boss", password="pw")
    client.force_login(accounts[CHIEF_EDITOR])

    change = client.get(reverse("admin:auth_user_change", args=[boss.pk]))
    password = client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": "taken-over-123", "password2": "taken-over-123"},
    )
    delete = client.post(
        reverse("admin:auth_user_delete", args=[boss.pk]), {"post": "yes"}
    )
    role = Group.objects.get(name=CHIEF_EDITOR)
    role_form = client.get(reverse("admin:auth_group_change", args=[role.pk]))

    assert change.status_code == 200  # view only: shown, with no inputs
    assert "boss" in change.content.decode()
    assert 'name="username"' not in change.content.decode()
    assert password.status_code == 403
    assert delete.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("pw")
    assert role_form.status_code == 200
    assert CHIEF_EDITOR in role_form.content.decode()
    assert 'name="permissions"' not in role_form.content.decode()


def test_editors_publish_and_unpublish_news_items_in_bulk(client, accounts):
    items = [
        NewsItem.objects.create(headline=f"Item {n}", status="draft") for n in (1, 2)
    ]
    client.force_login(accounts[EDITOR])
    client.post(
        reverse("admin:newsfeed_newsitem_changelist"),
        {"action": "publish_selected", "_selected_action": [i.pk for i in items]},
    )
    assert set(NewsItem.objects.values_list("status", flat=True)) == {"published"}
