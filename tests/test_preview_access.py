"""/preview/<pk> answers the same whether or not a piece has that id, unless
the visitor may preview it: nobody can learn which ids exist."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MISSING_PK = 999_999


def preview_url(pk: int) -> str:
    return reverse("articles:preview", kwargs={"pk": pk})


def login_redirect(pk: int) -> str:
    return f"{reverse('admin:login')}?next={quote(preview_url(pk))}"


def staff(username, *codenames, is_staff=True):
    user = User.objects.create_user(username, password="pw", is_staff=is_staff)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
    )
    return user


def test_a_signed_out_visitor_is_sent_to_sign_in_whether_or_not_the_piece_exists(
    client,
):
    article = ArticleFactory(draft=True)

    existing = client.get(preview_url(article.pk))
    missing = client.get(preview_url(MISSING_PK))

    assert (existing.status_code, missing.status_code) == (302, 302)
    assert existing["Location"] == login_redirect(article.pk)
    assert missing["Location"] == login_redirect(MISSING_PK)
    assert "no-cache" in existing["Cache-Control"]


def test_a_signed_out_preview_request_makes_no_query(client, django_assert_num_queries):
    article = ArticleFactory(draft=True)

    with django_assert_num_queries(0):
        response = client.get(preview_url(article.pk))

    assert response.status_code == 302


def test_a_signed_in_reader_who_is_not_staff_is_sent_to_sign_in_too(client):
    article = ArticleFactory(draft=True)
    client.force_login(staff("reader", "view_article", is_staff=False))

    existing = client.get(preview_url(article.pk))
    missing = client.get(preview_url(MISSING_PK))

    assert existing["Location"] == login_redirect(article.pk)
    assert missing["Location"] == login_redirect(MISSING_PK)


def test_staff_without_the_view_right_get_403_for_any_id_without_loading_it(
    client, django_assert_num_queries
):
    article = ArticleFactory(draft=True)
    client.force_login(staff("sales"))
    client.get(preview_url(MISSING_PK))  # the session and user are now cached

    # 1 the session, 2 the user, 3-4 the user's permissions; no article.
    with django_assert_num_queries(4):
        existing = client.get(preview_url(article.pk))
    missing = client.get(preview_url(MISSING_PK))

    assert (existing.status_code, missing.status_code) == (403, 403)


def test_an_author_gets_the_same_404_for_someone_elses_piece_and_a_missing_id(
    client,
):
    other = ArticleFactory(draft=True, title="Someone else's draft")
    author = staff("author", "view_article", "change_article")
    own = ArticleFactory(draft=True, title="My own draft", created_by=author)
    client.force_login(author)

    existing = client.get(preview_url(other.pk))
    missing = client.get(preview_url(MISSING_PK))

    assert (existing.status_code, missing.status_code) == (404, 404)
    for response in (existing, missing):
        assert "We could not find that page" in response.content.decode()
    assert "Someone else" not in existing.content.decode()
    assert "My own draft" in client.get(preview_url(own.pk)).content.decode()
