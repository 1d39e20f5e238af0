"""The editorial workflow in Chromium, through the real admin forms: an author
writes and submits a piece, an editor publishes it, a reader finds it; and two
editors saving one piece at once lose nothing. Screenshots go to
tests/e2e/screenshots/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from playwright.sync_api import expect

from articles.models import Article, Author
from cms.roles import AUTHOR, EDITOR, sync_roles
from tests.e2e.conftest import PageProblems
from tests.factories import ArticleFactory

SCREENSHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "a-long-test-password-1"
Status = Article.Status

TITLE = "Kyiv opens a new river crossing"
LEAD = "The bridge links two districts cut off since the spring floods."
BODY_PARAGRAPHS = ["First paragraph.", "Traffic starts on Monday morning."]


@pytest.fixture
def newsroom(transactional_db):
    """An author with a byline profile and two editors, all with passwords.

    Transactional tests flush the tables between tests, so the role groups the
    data migration made may be gone: sync_roles puts them back."""
    sync_roles()
    cache.clear()  # "also open" lives in the cache

    def person(username, first, last, role):
        user = User.objects.create_user(
            username,
            password=PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    author = person("olena", "Olena", "Writer", AUTHOR)
    Author.objects.create(name="Olena Writer", slug="olena-writer", user=author)
    return {
        "author": author,
        "editor": person("maksym", "Maksym", "Editor", EDITOR),
        "second_editor": person("iryna", "Iryna", "Deskeditor", EDITOR),
    }


@pytest.fixture
def new_context(browser):
    contexts = []

    def new_context_():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield new_context_
    for context in contexts:
        context.close()


def sign_in(context, live_server, user):
    """Through the real login form (django-axes sees a real request)."""
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Logged out")).to_be_visible()


def shoot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_an_author_writes_and_submits_an_editor_publishes_and_a_reader_sees_it(
    live_server, newsroom, new_context
):
    # The author writes the piece and sends it to the desk.
    page = sign_in(new_context(), live_server, newsroom["author"])
    page.get_by_role("rowheader", name="Articles").get_by_role("link").click()
    page.get_by_role("link", name="Add article").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", LEAD)
    # The body is a rich-text editor (articles/admin/editor.py): typed into.
    page.locator(".prose-editor .tiptap").click()
    for number, paragraph in enumerate(BODY_PARAGRAPHS):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)
    expect(page.locator("#id_kind")).to_have_value("news")
    # The slug is left empty: the server makes it from the title on saving.
    expect(page.locator("#id_slug")).to_have_value("")
    shoot(page, "workflow-author-add-form")
    page.get_by_role("button", name="Save and submit for review").click()

    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    expect(page.locator(".field-state_with_time .readonly")).to_have_text("In review")
    article = Article.objects.get(title=TITLE)
    assert article.slug == "kyiv-opens-a-new-river-crossing"
    assert article.status == Status.REVIEW
    assert article.created_by == newsroom["author"]
    assert [a.name for a in article.authors.all()] == ["Olena Writer"]
    sign_out(page)

    # An editor finds it in the list and publishes it.
    page = sign_in(new_context(), live_server, newsroom["editor"])
    page.goto(live_server.url + "/admin/articles/article/")
    row = page.locator("#result_list tbody tr", has_text=TITLE)
    expect(row).to_contain_text("In review")
    row.get_by_role("link", name=TITLE).click()
    expect(page.locator("#id_lead")).to_have_value(LEAD)
    shoot(page, "workflow-editor-change-form")
    page.get_by_role(
        "button", name="Save and publish (or schedule at the publish time)"
    ).click()

    expect(page.locator(".messagelist")).to_contain_text("published")
    expect(page.locator(".field-state_with_time .readonly")).to_have_text("Published")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.status_changed_by == newsroom["editor"]

    # A reader, signed in nowhere, finds it on the homepage and reads it.
    page = new_context().new_page()
    problems = PageProblems(page)
    page.goto(live_server.url + "/")
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(re.compile(r"/kyiv-opens-a-new-river-crossing$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".article__lead")).to_contain_text(LEAD)
    expect(page.locator(".article__body")).to_contain_text("First paragraph.")
    expect(page.locator(".article__body")).to_contain_text("Traffic starts on Monday")
    # The HTML was rendered as paragraphs, not shown as text.
    assert page.locator(".article__body p").count() == 2
    expect(page.locator(".article__byline")).to_have_text("By Olena Writer")
    shoot(page, "workflow-public-article")
    assert problems.items == []


def test_two_editors_editing_one_piece_lose_nothing(live_server, newsroom, new_context):
    # A draft: a published piece's saves become pending changes, whose own
    # conflicts are covered in tests/e2e/test_pending_changes.py.
    article = ArticleFactory(
        title="Original title",
        lead="Original lead",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    first = sign_in(new_context(), live_server, newsroom["editor"])
    first.goto(change)
    second = sign_in(new_context(), live_server, newsroom["second_editor"])
    second.goto(change)
    expect(second.locator(".presence-note")).to_contain_text(
        "Also open in the last few minutes: Maksym Editor"
    )

    # A saves first.
    first.fill("#id_lead", "Lead by A")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(".messagelist .success")).to_be_visible()

    # B, whose form still holds version 1, saves on top: nothing is written,
    # and the form comes back holding both edits.
    second.fill("#id_title", "Title typed by B")
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator("#edit-conflict")).to_be_visible()
    expect(second.locator("#id_title")).to_have_value("Title typed by B")
    expect(second.locator("#id_lead")).to_have_value("Lead by A")
    shoot(second, "workflow-edit-conflict")
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Original title", "Lead by A")

    # One more Save applies the merge: no text copied by hand.
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Title typed by B", "Lead by A")
