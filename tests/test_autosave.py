"""Never lose typing: the article form's autosave, the offer to restore it,
and a form that comes back with errors keeping what was typed."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.autosave import Autosave
from articles.models import Article, Author
from articles.versions import SITE
from cms.roles import AUTHOR, EDITOR, sync_roles
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory
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
    # The version it was typed over, so a restore cannot overwrite a later save.
    assert kept.base_version == article.version
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


# -- bylines ------------------------------------------------------------------


def byline_rows(*rows, initial=0):
    """The byline inline as the form posts it: (row id or "", author, DELETE)."""
    data = {
        "bylines-TOTAL_FORMS": str(len(rows)),
        "bylines-INITIAL_FORMS": str(initial),
    }
    for n, (row_id, author, delete) in enumerate(rows):
        data |= {
            f"bylines-{n}-id": str(row_id),
            f"bylines-{n}-author": str(author.pk),
            f"bylines-{n}-position": str(n),
        }
        if delete:
            data[f"bylines-{n}-DELETE"] = "on"
    return data


def restored_bylines(response):
    """The byline rows of a rendered form: (author id, position, marked deleted)."""
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "bylines"
    ]
    return [
        (
            form["author"].value(),
            form["position"].value(),
            bool(form["DELETE"].value()),
        )
        for form in formset.forms
    ]


def test_restoring_an_autosave_brings_back_its_bylines_in_order(client, people):
    first, second = AuthorFactory(), AuthorFactory()
    article = ArticleFactory(draft=True, authors=[first])
    row = article.bylines.get()
    client.force_login(people["editor"])
    client.post(
        autosave_url(article),
        form_data(article)
        | byline_rows((row.pk, first, False), ("", second, False), initial=1),
    )

    plain = client.get(change_url(article))
    restored = client.get(change_url(article) + "?restore-autosave=1")

    assert restored_bylines(plain) == [(first.pk, 0, False)]
    assert restored_bylines(restored) == [(first.pk, 0, False), (second.pk, 1, False)]
    assert f'<option value="{second.pk}" selected>{second.name}</option>' in (
        restored.content.decode()
    )


def test_a_byline_changed_or_removed_in_the_autosave_is_restored_so(client, people):
    first, second, third = AuthorFactory(), AuthorFactory(), AuthorFactory()
    article = ArticleFactory(draft=True, authors=[first, second])
    first_row, second_row = article.bylines.all()
    client.force_login(people["editor"])
    client.post(
        autosave_url(article),
        form_data(article)
        | byline_rows(
            (first_row.pk, third, False), (second_row.pk, second, True), initial=2
        ),
    )

    restored = client.get(change_url(article) + "?restore-autosave=1")

    assert restored_bylines(restored) == [(third.pk, 0, False), (second.pk, 1, True)]


# -- an autosave older than a later save ------------------------------------


@pytest.fixture
def second_editor(people):
    user = User.objects.create_user(
        "iryna", password="pw", is_staff=True, first_name="Iryna", last_name="Koval"
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def test_an_autosave_older_than_someone_elses_save_is_offered_with_a_warning(
    client, people, second_editor
):
    article = ArticleFactory(draft=True, title="Original title", lead="Original lead")
    opened = Article.objects.get(pk=article.pk)
    client.force_login(people["editor"])
    client.post(autosave_url(article), form_data(opened, title="Typed title"))

    client.force_login(second_editor)
    saved = client.post(change_url(article), form_data(opened, lead="Lead by Iryna"))
    assert saved.status_code == 302
    saved_at = timezone.localtime(article.history.latest().history_date)

    client.force_login(people["editor"])
    page = client.get(change_url(article)).content.decode()

    assert "Restore autosave from" in page
    assert (
        "This autosave is older than the version saved by Iryna Koval at "
        f"{saved_at:%H:%M}." in page
    )


def test_saving_a_restored_stale_autosave_is_merged_not_overwriting(
    client, people, second_editor
):
    article = ArticleFactory(draft=True, title="Original title", lead="Original lead")
    opened = Article.objects.get(pk=article.pk)
    client.force_login(people["editor"])
    client.post(autosave_url(article), form_data(opened, title="Typed title"))
    client.force_login(second_editor)
    client.post(change_url(article), form_data(opened, lead="Lead by Iryna"))

    client.force_login(people["editor"])
    restored = client.get(change_url(article) + "?restore-autosave=1")
    html = restored.content.decode()
    # The restored form saves on top of the version the autosave was typed over.
    assert 'value="Typed title"' in html
    assert f'name="base_version" value="{opened.version}"' in html
    assert "saved by Iryna Koval" in html
    # What that form posts (to its own address): the autosave, with the lead
    # as it was then.
    posted = client.post(
        change_url(article) + "?restore-autosave=1",
        form_data(opened, title="Typed title"),
    )

    assert posted.status_code == 200
    merged = posted.content.decode()
    assert "Your changes are not saved yet: Iryna Koval saved this piece" in merged
    # The merge screen holds both edits, not the autosave restored again.
    assert 'value="Typed title"' in merged and "Lead by Iryna</textarea>" in merged
    assert "Restored your autosave" not in merged
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Original title", "Lead by Iryna")


def test_an_autosave_from_another_tab_after_ones_own_save_says_so(client, people):
    article = ArticleFactory(draft=True, title="Original title")
    opened = Article.objects.get(pk=article.pk)
    client.force_login(people["editor"])
    # Tab B saves; tab A, opened at the old version, autosaves afterwards.
    client.post(change_url(article), form_data(opened, lead="Saved in tab B"))
    client.post(autosave_url(article), form_data(opened, title="Typed in tab A"))

    page = client.get(change_url(article)).content.decode()
    restored = client.get(change_url(article) + "?restore-autosave=1").content.decode()

    assert "This autosave is older than the version saved by you at " in page
    assert f'name="base_version" value="{opened.version}"' in restored


def test_a_new_pieces_restored_bylines_are_all_saved(client, people):
    own = people["author"].author_profile
    second = AuthorFactory()
    client.force_login(people["author"])
    add = reverse("admin:articles_article_add")
    typed = form_data(Article(title="A column"), slug="a-column") | byline_rows(
        ("", own, False), ("", second, False)
    )
    client.post(autosave_url(), typed)

    restored = client.get(add + "?restore-autosave=1")
    saved = client.post(add, typed)  # what the restored form posts

    assert restored_bylines(restored) == [(own.pk, 0, False), (second.pk, 1, False)]
    assert saved.status_code == 302
    article = Article.objects.get(slug="a-column")
    assert [b.author for b in article.bylines.all()] == [own, second]
