"""Ready before review: the publishing checklist (the workflow's own rules),
the search and social preview, the type's default disclaimer and a credit
without a doubled "Photo:"."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import readiness, seo, workflow
from articles.models import Article, Author, Disclaimer
from cms.roles import AUTHOR, EDITOR, sync_roles
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    DisclaimerFactory,
    ImageFactory,
    SectionFactory,
)
from tests.test_admin_editing import form_data

pytestmark = pytest.mark.django_db


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


def missing(checks):
    return [check.label for check in checks if check.required and not check.done]


def test_an_empty_opinion_piece_misses_everything_publishing_requires():
    checks = readiness.checklist(Article(kind="opinion"), has_author=False)

    assert missing(checks) == ["Title", "Lead", "Body", "Author", "Disclaimer"]
    section = next(check for check in checks if check.code == "section")
    assert (section.required, section.done) == (False, False)


def test_a_hero_image_without_alt_text_is_missing_from_the_checklist():
    article = ArticleFactory.build(hero=ImageFactory(), hero_alt="")

    checks = readiness.checklist(article, has_author=True)

    assert missing(checks) == ["Alt text for the hero image"]
    alt = next(check for check in checks if check.code == "no_alt_text")
    assert alt.message == (
        "The hero image needs alt text for readers who cannot see it."
    )


def test_the_checklist_misses_exactly_what_publishing_refuses():
    """One source of rules: for any piece, the checklist's missing items are
    the workflow's refusals."""
    pieces = [
        (Article(kind="news", title="A title"), False),
        (Article(kind="opinion", lead="A lead", body="<p>x</p>"), True),
        (ArticleFactory.build(kind="opinion", disclaimer=DisclaimerFactory()), False),
        (ArticleFactory.build(), True),
    ]
    for article, has_author in pieces:
        try:
            workflow.validate_for_publishing(article, has_author=has_author)
            refused = set()
        except ValidationError as exc:
            refused = {e.code for errors in exc.error_dict.values() for e in errors}
        checks = readiness.checklist(article, has_author=has_author)
        assert {c.code for c in checks if c.required and not c.done} == refused


def test_a_complete_news_piece_is_ready_and_only_recommends_a_section():
    article = ArticleFactory.build(section=None)

    report = readiness.checklist(article, has_author=False)

    assert missing(report) == []
    assert [c.code for c in report if not c.done] == ["author", "section"]
    article.section = SectionFactory()
    assert [
        c.code for c in readiness.checklist(article, has_author=True) if not c.done
    ] == []


def test_the_checklist_endpoint_reads_the_form_as_it_is_typed(client, people):
    article = ArticleFactory(draft=True, kind="opinion", lead="Saved lead")
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_readiness", args=[article.pk])

    typed = form_data(article, lead="", title="Typed title") | {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(AuthorFactory().pk),
        "bylines-0-position": "0",
    }
    report = client.post(url, typed).json()

    missing_labels = [c["label"] for c in report["checks"] if not c["done"]]
    assert missing_labels == ["Lead", "Disclaimer", "Section"]
    assert report["ready"] is False
    assert report["preview"]["title"] == "Typed title"
    article.refresh_from_db()
    assert (article.title, article.lead) != ("Typed title", "")  # nothing saved


def test_the_preview_shows_the_values_the_page_meta_carries(client, people, rf):
    hero = ImageFactory()
    article = ArticleFactory(draft=True, hero=hero, hero_alt="Rescuers at work")
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_readiness", args=[article.pk])

    preview = client.post(
        url, form_data(article, hero=hero.pk, hero_alt="Rescuers at work")
    ).json()["preview"]

    request = rf.get("/")
    image, alt = seo.card_image(request, article)
    assert preview["title"] == article.title
    assert preview["description"] == seo.article_description(article)
    assert preview["image"] == image and preview["image_alt"] == alt
    assert preview["url"] == f"http://testserver/{article.slug}"


def test_a_new_pieces_preview_shows_the_address_it_will_get(client, people):
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_readiness_new")

    report = client.post(url, form_data(Article(title="Удар по Києву"), slug="")).json()

    assert report["preview"]["url"] == "http://testserver/udar-po-kyievu"
    assert report["preview"]["image"].endswith("img/card.png")


def test_an_author_gets_no_checklist_of_someone_elses_piece(client, people):
    others = ArticleFactory(draft=True, created_by=people["other_author"])
    client.force_login(people["author"])
    url = reverse("admin:articles_article_readiness", args=[others.pk])

    assert client.post(url, form_data(others)).status_code == 404


def test_the_form_carries_the_checklist_and_the_types_default_disclaimers(
    client, people
):
    standard = DisclaimerFactory()
    client.force_login(people["author"])

    page = client.get(reverse("admin:articles_article_add")).content.decode()

    assert 'id="readiness"' in page and "js/checklist.js" in page
    assert (
        f'{{"opinion": {{"id": {standard.pk}, "name": "Opinion disclaimer"}}}}' in page
    )


def test_a_new_opinion_piece_starts_with_the_standard_disclaimer(client, people):
    standard = DisclaimerFactory()
    client.force_login(people["editor"])
    add = reverse("admin:articles_article_add")

    form = client.get(add + "?kind=opinion").content.decode()
    client.post(add, form_data(Article(title="A column", kind="opinion")))

    assert f'<option value="{standard.pk}" selected>' in form
    assert Article.objects.get(title="A column").disclaimer == standard


def test_a_disclaimer_marked_as_the_default_wins_over_the_standard_one():
    DisclaimerFactory()
    marked = Disclaimer.objects.create(
        name="Columns", text="Columns are opinion.", default_for_kind="opinion"
    )

    assert readiness.default_disclaimers() == {"opinion": marked}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Photo: Reuters", "Reuters"),
        ("photo:Reuters", "Reuters"),
        ("Фото: Укрінформ", "Укрінформ"),
        ("  PHOTO :  AP ", "AP"),
        ("Reuters", "Reuters"),
        ("Photographer unknown", "Photographer unknown"),
    ],
)
def test_the_credit_is_stored_without_a_leading_photo(client, people, typed, stored):
    article = ArticleFactory(draft=True)
    client.force_login(people["editor"])

    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_data(article, hero_credit=typed),
    )

    article.refresh_from_db()
    assert article.hero_credit == stored
