"""Issue 8's "Done when", in Chromium at 1280 px: a new author writes a piece
with two subheadings, a passage pasted from Google Docs, a figure from the
media library and a YouTube video; closes the tab without saving; a new tab
restores the autosave; Save; and the preview shows it as written (the
subheadings, the figure with its srcset, the YouTube click-to-load card),
asking nothing of any other host."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from playwright.sync_api import expect

from articles.admin.articles import ArticleAdmin
from articles.autosave import Autosave
from articles.images import refresh_renditions
from articles.models import Article, Author
from cms.roles import AUTHOR, sync_roles
from tests.e2e.conftest import WATCH_CSP
from tests.e2e.test_autosave import autosave_holding, quiet
from tests.e2e.test_editor import EDITOR
from tests.factories import ImageFactory

PASTE = Path(__file__).parent.parent / "fixtures" / "paste"
PASSWORD = "a-long-test-password-1"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TITLE = "Kyiv rebuilds the Irpin bridge"


@pytest.fixture
def author(transactional_db, monkeypatch):
    """A new author with a byline; a one-second autosave (30 s by default).
    Transactional tests flush the role groups: sync_roles puts them back."""
    sync_roles()
    cache.clear()
    monkeypatch.setattr(ArticleAdmin, "autosave_seconds", 1)
    user = User.objects.create_user(
        "olena", password=PASSWORD, first_name="Olena", last_name="Writer"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=AUTHOR))
    Author.objects.create(name="Olena Writer", slug="olena-writer", user=user)
    return user


@pytest.fixture
def context(browser, live_server, author):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH_CSP)
    # No internet here: anything asked of another host is recorded, refused.
    context.foreign = []

    def refuse(route):
        context.foreign.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(live_server.url), refuse)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", author.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.close()
    yield context
    context.close()


def paste(page, mime, text):
    """A paste at the cursor, carrying `text` as `mime` on the clipboard."""
    page.evaluate(
        """([mime, text, selector]) => {
          const data = new DataTransfer();
          data.setData(mime, text);
          document.querySelector(selector).dispatchEvent(new ClipboardEvent(
            "paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [mime, text, EDITOR],
    )


def type_lines(page, *lines):
    for line in lines:
        page.keyboard.type(line)
        page.keyboard.press("Enter")


def test_a_new_author_writes_loses_the_tab_restores_and_sees_it_as_written(
    context, live_server, author
):
    image = ImageFactory(
        size=(2000, 1000),
        title="The Irpin bridge",
        caption="The old bridge, March 2022",
        credit="Reuters",
        alt="A broken bridge over a river",
    )
    refresh_renditions(image, "file", "renditions")
    page = context.new_page()
    page.goto(live_server.url + "/admin/articles/article/add/")
    expect(page.locator(EDITOR)).to_be_visible()

    # Write: two subheadings (Markdown's "## " makes one), a Google Docs
    # passage, a figure from the library and a YouTube link alone on its line.
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "Traffic returns to the Kyiv road in May.")
    page.locator(EDITOR).click()
    type_lines(page, "## Where the work stands", "The deck is in place.")
    paste(page, "text/html", (PASTE / "google_docs.html").read_text())
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    type_lines(page, "## What comes next")
    page.get_by_role("button", name="Figure from the media library").click()
    chooser = page.locator("dialog.image-chooser")
    chooser.get_by_role("searchbox").fill("irpin")
    chooser.get_by_role("button", name="The Irpin bridge").click()
    page.locator("dialog.prose-editor-dialog").get_by_role(
        "button", name="Save figure"
    ).click()
    expect(page.locator(EDITOR).locator("figure img")).to_be_visible()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    paste(page, "text/plain", VIDEO)
    expect(page.locator(EDITOR).locator(".editor-embed")).to_contain_text(VIDEO)

    # The autosave holds all of it; then the tab is closed without saving.
    with page.expect_response(autosave_holding("data-embed")) as sent:
        page.locator("#id_title").click()
    assert sent.value.ok
    quiet(page)
    page.close()
    assert not Article.objects.exists()
    assert Autosave.objects.filter(user=author, article=None).exists()

    # A new tab offers the autosave; restoring brings everything back.
    page = context.new_page()
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_role("link", name="Restore autosave from").click()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    editor = page.locator(EDITOR)
    expect(editor.locator("h2", has_text="Where the work stands")).to_be_visible()
    expect(editor.locator("h2", has_text="What comes next")).to_be_visible()
    expect(editor.locator("strong", has_text="first convoy")).to_be_visible()
    expect(editor.locator(".editor-figure img")).to_be_visible()
    expect(editor.locator(".editor-embed")).to_contain_text(VIDEO)
    quiet(page)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert page.evaluate("window.__csp") == []

    article = Article.objects.get(title=TITLE)
    body = article.body
    assert "<h2>Where the work stands</h2><p>The deck is in place.</p>" in body
    assert "<h2>What comes next</h2>" in body
    # From Google Docs: its heading, bold and link.
    assert "<h2>Grain corridor reopens</h2>" in body
    assert "<strong>first convoy</strong>" in body
    assert f'<figure data-image="{image.pk}" data-credit="Reuters">' in body
    assert f'<figure data-embed="youtube" data-embed-url="{VIDEO}">' in body
    assert [b.author.name for b in article.bylines.select_related("author")] == [
        "Olena Writer"
    ]
    assert not Autosave.objects.exists()

    # The preview shows it as written.
    page.goto(live_server.url + f"/preview/{article.pk}")
    content = page.locator(".article__body")
    expect(content.locator("h2", has_text="Where the work stands")).to_be_visible()
    expect(content.locator("h2", has_text="What comes next")).to_be_visible()
    picture = content.locator("figure img[srcset]")
    expect(picture).to_have_attribute("alt", "A broken bridge over a river")
    assert "1600w" in picture.get_attribute("srcset")
    expect(content.locator("figure figcaption")).to_contain_text("Photo: Reuters")
    card = content.locator("figure.embed")
    expect(card.get_by_role("button", name="Load YouTube content")).to_be_visible()
    assert content.locator("iframe").count() == 0
    assert page.evaluate("window.__csp") == []
    assert context.foreign == []
