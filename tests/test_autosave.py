"""Never lose typing: the article form's autosave, the offer to restore it,
and a form that comes back with errors keeping what was typed."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.autosave import Autosave
from articles.models import Article, Author
from articles.versions import SITE
from cms.roles import AUTHOR, EDITOR, sync_roles
from tests.factories import ArticleFactory, ImageFactory
from tests.test_admin_editing import form_data

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def people():
    sync_roles()

    def person(username, role):
        user = User.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    author = person("olena", AUTHOR)
    Author.objects.create(name="Olena Writer", slug="olena-writer", user=author)
    return {
        "author": author,
        "other_author": person("taras", AUTHOR),
        "editor": person("maksym", EDITOR),
    }


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_an_autosave_keeps_the_typed_form_and_leaves_the_article_alone(client, people):
    article = ArticleFactory(draft=True, title="Saved title")
    before = Article.objects.get(pk=article.pk)
    site_version = SITE.current()
    history = article.history.count()
    client.force_login(people["editor"])

    response = client.post(
        autosave_url(article),
        form_data(article, title="Typed title", body="<p>Typed body</p>"),
    )

    assert response.status_code == 200
    assert response.json()["message"].startswith("Autosaved at ")
    kept = Autosave.objects.get(article=article, user=people["editor"])
    assert kept.data["title"] == ["Typed title"]
    assert kept.data["body"] == ["<p>Typed body</p>"]
    assert "base_version" not in kept.data
    after = Article.objects.get(pk=article.pk)
    assert (after.title, after.body, after.version, after.modified_at) == (
        before.title,
        before.body,
        before.version,
        before.modified_at,
    )
    assert after.history.count() == history
    assert SITE.current() == site_version  # cached public pages stay


def test_a_second_autosave_replaces_the_first(client, people):
    article = ArticleFactory(draft=True)
    client.force_login(people["editor"])

    client.post(autosave_url(article), form_data(article, title="First"))
    client.post(autosave_url(article), form_data(article, title="Second"))

    assert [a.data["title"] for a in Autosave.objects.all()] == [["Second"]]


def test_a_new_piece_is_autosaved_before_it_is_ever_saved(client, people):
    client.force_login(people["author"])

    response = client.post(
        autosave_url(), form_data(Article(title="Not saved yet"), slug="")
    )

    assert response.status_code == 200
    assert Autosave.objects.get(article=None).data["title"] == ["Not saved yet"]
    assert not Article.objects.exists()


def test_an_author_may_autosave_only_their_own_pieces(client, people):
    own = ArticleFactory(draft=True, created_by=people["author"])
    others = ArticleFactory(draft=True, created_by=people["other_author"])
    client.force_login(people["author"])

    assert client.post(autosave_url(own), form_data(own)).status_code == 200
    assert client.post(autosave_url(others), form_data(others)).status_code == 404
    assert list(Autosave.objects.values_list("article", flat=True)) == [own.pk]


def test_an_autosave_needs_a_staff_sign_in_and_a_csrf_token(people):
    article = ArticleFactory(draft=True)
    anonymous = Client()
    response = anonymous.post(autosave_url(article), form_data(article))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(people["editor"])
    assert signed_in.post(autosave_url(article), form_data(article)).status_code == 403
    assert signed_in.get(autosave_url(article)).status_code == 405
    assert not Autosave.objects.exists()


def test_reopening_a_piece_offers_the_autosave_and_restoring_fills_the_form(
    client, people
):
    article = ArticleFactory(draft=True, title="Saved title")
    client.force_login(people["editor"])
    client.post(
        autosave_url(article),
        form_data(article, title="Typed title", lead="Typed lead"),
    )
    article.refresh_from_db()
    Autosave.objects.update(saved_at=article.modified_at + timedelta(minutes=1))
    kept = Autosave.objects.get()

    page = client.get(change_url(article)).content.decode()
    restored = client.get(change_url(article) + "?restore-autosave=1")

    assert f"Restore autosave from {kept.kyiv_time} Kyiv time" in page
    assert 'value="Saved title"' in page
    html = restored.content.decode()
    assert 'value="Typed title"' in html and "Typed lead" in html
    assert "Restored your autosave" in html
    # The form still saves on top of the version it was opened at.
    assert f'name="base_version" value="{article.version}"' in html


def test_an_autosave_older_than_the_saved_piece_is_not_offered(client, people):
    article = ArticleFactory(draft=True)
    client.force_login(people["editor"])
    client.post(autosave_url(article), form_data(article, title="Typed title"))
    Autosave.objects.update(saved_at=article.modified_at - timedelta(minutes=5))

    page = client.get(change_url(article)).content.decode()

    assert "Restore autosave" not in page


def test_a_new_piece_autosave_is_offered_on_the_add_form_and_restores(client, people):
    client.force_login(people["author"])
    add = reverse("admin:articles_article_add")
    client.post(autosave_url(), form_data(Article(title="Half a column")))

    page = client.get(add).content.decode()
    restored = client.get(add + "?restore-autosave=1").content.decode()

    assert "Restore autosave from" in page
    assert 'value="Half a column"' in restored


def test_a_successful_save_clears_the_autosave(client, people):
    article = ArticleFactory(draft=True)
    client.force_login(people["editor"])
    client.post(autosave_url(article), form_data(article, title="Typed title"))

    saved = client.post(change_url(article), form_data(article, title="Typed title"))

    assert saved.status_code == 302
    assert not Autosave.objects.exists()
    assert "Restore autosave" not in client.get(change_url(article)).content.decode()


def test_saving_a_new_piece_clears_its_autosave(client, people):
    client.force_login(people["author"])
    client.post(autosave_url(), form_data(Article(title="A column")))

    saved = client.post(
        reverse("admin:articles_article_add"),
        form_data(Article(title="A column"), slug="a-column"),
    )

    assert saved.status_code == 302
    assert Article.objects.filter(slug="a-column").exists()
    assert not Autosave.objects.exists()


def test_discard_deletes_the_autosave(client, people):
    article = ArticleFactory(draft=True)
    client.force_login(people["editor"])
    client.post(autosave_url(article), form_data(article, title="Typed title"))

    response = client.post(
        reverse("admin:articles_article_autosave_discard", args=[article.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert not Autosave.objects.exists()


def test_the_form_autosaves_every_30_seconds_by_default(client, people):
    article = ArticleFactory(draft=True)
    client.force_login(people["editor"])

    page = client.get(change_url(article)).content.decode()

    assert f'data-url="{autosave_url(article)}" data-interval="30"' in page
    assert "js/autosave.js" in page


def test_a_form_with_errors_keeps_every_typed_field_and_the_chosen_image(
    client, people
):
    image = ImageFactory(title="Rescuers in Kharkiv")
    client.force_login(people["editor"])
    typed = form_data(
        Article(title="", kind="opinion"),
        hero=str(image.pk),
        lead="A typed lead",
        body="<p>A typed body</p>",
        hero_caption="A typed caption",
        hero_credit="Reuters",
        hero_alt="A typed alt",
        source_name="A typed source",
        tags="Kyiv, NATO",
    )

    response = client.post(reverse("admin:articles_article_add"), typed)

    assert response.status_code == 200  # the title is missing
    html = response.content.decode()
    for value in (
        "A typed lead",
        "A typed body",
        'value="A typed caption"',
        'value="Reuters"',
        'value="A typed alt"',
        'value="A typed source"',
        'value="Kyiv, NATO"',
        '<option value="opinion" selected>',
        f'name="hero" id="id_hero" value="{image.pk}"',
        "Rescuers in Kharkiv",
    ):
        assert value in html
