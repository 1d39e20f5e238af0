"""The permission matrix (docs/permissions.md), every role against every
action, through the admin views as each role's account would use them."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author
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


# -- the actions, each returning whether the admin let the role do it ----------


def write_a_draft(client, users):
    response = client.post(
        reverse("admin:articles_article_add"),
        form_data(Article(title="New piece", kind="news")) | {"slug": "new-piece"},
    )
    return (
        response.status_code == 302
        and Article.objects.filter(slug="new-piece").exists()
    )


def edit_own_draft(client, users):
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    return _edit(client, article)


def edit_others_draft(client, users):
    article = ArticleFactory(draft=True, created_by=users[EDITOR])
    return _edit(client, article)


def edit_a_published_piece(client, users):
    return _edit(client, ArticleFactory())


def _edit(client, article):
    response = client.post(change_url(article), form_data(article, lead="Edited"))
    article.refresh_from_db()
    return response.status_code == 302 and article.lead == "Edited"


def submit_own_draft(client, users):
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    client.post(change_url(article), form_data(article, _workflow="submit"))
    article.refresh_from_db()
    return article.status == Status.REVIEW


def publish_a_piece(client, users):
    article = ArticleFactory(in_review=True, created_by=users[AUTHOR])
    client.post(change_url(article), form_data(article, _workflow="publish"))
    article.refresh_from_db()
    return article.status == Status.PUBLISHED


def bulk_publish(client, users):
    article = ArticleFactory(in_review=True, created_by=users[AUTHOR])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    return article.status == Status.PUBLISHED


def unpublish_a_piece(client, users):
    article = ArticleFactory(created_by=users[AUTHOR])
    client.post(change_url(article), form_data(article, _workflow="unpublish"))
    article.refresh_from_db()
    return article.status == Status.UNPUBLISHED


def return_to_draft(client, users):
    article = ArticleFactory(in_review=True, created_by=users[AUTHOR])
    client.post(change_url(article), form_data(article, _workflow="to_draft"))
    article.refresh_from_db()
    return article.status == Status.DRAFT


def add_a_correction(client, users):
    article = ArticleFactory()
    data = form_data(article) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "Fixed.",
    }
    client.post(change_url(article), data)
    return article.corrections.exists()


def create_a_share_link(client, users):
    article = ArticleFactory(draft=True, created_by=users[AUTHOR])
    client.post(reverse("admin:articles_article_share", args=[article.pk]))
    return article.share_links.exists()


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
    return response.status_code == 302 and NewsItem.objects.exists()


def manage_authors(client, users):
    response = client.post(
        reverse("admin:articles_author_add"),
        {"name": "New Columnist", "slug": "new-columnist", "kind": "columnist"},
    )
    return Author.objects.filter(slug="new-columnist").exists() and (
        response.status_code == 302
    )


def manage_sections(client, users):
    response = client.post(
        reverse("admin:articles_section_add"),
        {"name": "World", "slug": "world", "position": 1},
    )
    return response.status_code == 302


def manage_disclaimers(client, users):
    response = client.post(
        reverse("admin:articles_disclaimer_add"),
        {"name": "Guest", "text": "Guest views are their own."},
    )
    return response.status_code == 302


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
    return response.status_code == 302


def view_history(client, users):
    article = ArticleFactory(created_by=users[AUTHOR])
    url = reverse("admin:articles_article_history", args=[article.pk])
    return client.get(url).status_code == 200


def manage_people_and_roles(client, users):
    target = users[AUTHOR]
    response = client.get(reverse("admin:auth_user_change", args=[target.pk]))
    groups = client.get(reverse("admin:auth_group_changelist"))
    return response.status_code == 200 and groups.status_code == 200


def unlock_accounts(client, users):
    url = reverse("admin:axes_accessattempt_changelist")
    return client.get(url).status_code == 200


MATRIX = {
    # action: (Author, Editor, Chief editor)
    write_a_draft: (True, True, True),
    edit_own_draft: (True, True, True),
    edit_others_draft: (False, True, True),
    edit_a_published_piece: (False, True, True),
    submit_own_draft: (True, True, True),
    publish_a_piece: (False, True, True),
    bulk_publish: (False, True, True),
    unpublish_a_piece: (False, True, True),
    return_to_draft: (False, True, True),
    add_a_correction: (False, True, True),
    create_a_share_link: (False, True, True),
    run_the_ticker: (False, True, True),
    manage_authors: (False, True, True),
    manage_sections: (False, True, True),
    manage_disclaimers: (False, True, True),
    manage_tags: (False, True, True),
    view_history: (True, True, True),
    manage_people_and_roles: (False, False, True),
    unlock_accounts: (False, False, True),
}
CASES = [
    pytest.param(action, role, allowed[n], id=f"{action.__name__}-{role}")
    for action, allowed in MATRIX.items()
    for n, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_each_role_can_do_exactly_what_the_matrix_says(
    client, accounts, action, role, allowed
):
    client.force_login(accounts[role])
    assert action(client, accounts) is allowed


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
    listing = client.get(reverse("admin:articles_article_changelist")).content
    assert 'value="submit"' in form
    assert 'value="publish"' not in form
    assert b"publish_selected" not in listing
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/articles/section/" not in index  # view-only: not listed
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

    client.post(revert_url, form_data(draft_record.instance, base_version=2))

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

    assert 'name="username"' not in change.content.decode()  # view only
    assert password.status_code == 403
    assert delete.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("pw")
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
