"""The body editor in Chromium at 1280 px: pasting from Google Docs and Word
(the fixtures copy the HTML those tools put on the clipboard), what the saved
body keeps and drops, the live word count, and the add and change forms under
the site's CSP with every asset from the site itself."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, ImageFactory

PASTE = Path(__file__).parent.parent / "fixtures" / "paste"
ADD_URL = "/admin/articles/article/add/"
EDITOR = ".prose-editor .tiptap"  # the menu's dropdown is a .ProseMirror too


class Console:
    """Console messages, page errors and requested URLs of one page."""

    def __init__(self, page):
        self.messages = []
        self.requests = []
        page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda error: self.messages.append(f"error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))

    def problems(self):
        return [
            m
            for m in self.messages
            if m.startswith("error") or "Content Security Policy" in m
        ]


def open_form(page, live_server, path):
    console = Console(page)
    page.goto(live_server.url + path)
    expect(page.locator(EDITOR)).to_be_visible()
    return console


def paste_html(page, html):
    """Paste as a person does: a paste event carrying the clipboard's HTML."""
    page.locator(EDITOR).click()
    page.evaluate(
        """([html, selector]) => {
          const data = new DataTransfer();
          data.setData("text/html", html);
          data.setData("text/plain", html.replace(/<[^>]*>/g, " "));
          const event = new ClipboardEvent("paste", {
            clipboardData: data, bubbles: true, cancelable: true,
          });
          document.querySelector(selector).dispatchEvent(event);
        }""",
        [html, EDITOR],
    )


def save_new_piece(page, title):
    page.fill("#id_title", title)
    page.fill("#id_lead", "A lead.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    return Article.objects.get(title=title)


@pytest.mark.parametrize("path", ["add", "change"])
def test_the_forms_load_everything_from_the_site_and_break_no_csp_rule(
    signed_in, live_server, path
):
    if path == "add":
        url = ADD_URL
    else:
        article = ArticleFactory(draft=True, body="<h2>Sub</h2><p>Some text.</p>")
        url = f"/admin/articles/article/{article.pk}/change/"

    console = open_form(signed_in, live_server, url)

    # The editor is up, with its menu, in place of the raw HTML textarea.
    expect(signed_in.locator(".prose-menubar")).to_be_visible()
    expect(signed_in.locator("textarea[name=body]")).to_be_hidden()
    if path == "change":
        expect(signed_in.locator(EDITOR).locator("h2")).to_have_text("Sub")
    # Tiptap's own <style> element is not injected (the CSP would refuse it).
    assert signed_in.locator("style[data-tiptap-style]").count() == 0
    assert signed_in.evaluate("window.__csp") == []
    assert console.problems() == []
    site = urlsplit(live_server.url).netloc
    assert {urlsplit(u).netloc for u in console.requests if u.startswith("http")} == {
        site
    }
    assert any("/static/js/editor/article.js" in u for u in console.requests)
    assert any("/static/django_prose_editor/editor.js" in u for u in console.requests)


def test_google_docs_paste_keeps_structure_and_marks_and_drops_its_styling(
    signed_in, live_server
):
    open_form(signed_in, live_server, ADD_URL)

    paste_html(signed_in, (PASTE / "google_docs.html").read_text())

    editor = signed_in.locator(EDITOR)
    expect(editor.locator("h2").first).to_have_text("Grain corridor reopens")
    # The picture from outside the library is not pasted, and the editor says so.
    expect(signed_in.locator(".editor-notice")).to_contain_text(
        "Removed from the paste: 1 image not in the media library"
    )
    assert signed_in.evaluate("window.__csp") == []
    article = save_new_piece(signed_in, "Google Docs paste")
    body = article.body
    assert "<h2>Grain corridor reopens</h2>" in body
    assert "<h2>What the convoy carried</h2>" in body
    assert "<strong>first convoy</strong>" in body
    assert body.count("<strong>") == 1  # the wrapper did not make it all bold
    assert "<em>Wheat and maize</em>" in body
    assert (
        '<a href="https://www.example.org/ports" rel="noopener">port authority</a>'
        in (body)
    )
    assert "<li><p>Wheat: 120,000 tonnes</p></li>" in body
    assert "<ol><li><p>Loading in Odesa</p></li></ol>" in body
    for dropped in ("style", "<span", "font", "#ff0000", "<img", "docs-internal"):
        assert dropped not in body


def test_word_paste_keeps_structure_lists_and_marks_and_drops_its_styling(
    signed_in, live_server
):
    open_form(signed_in, live_server, ADD_URL)

    paste_html(signed_in, (PASTE / "word.html").read_text())

    expect(signed_in.locator(EDITOR).locator("h2")).to_have_text(
        "Reconstruction in Irpin"
    )
    assert signed_in.evaluate("window.__csp") == []
    article = save_new_piece(signed_in, "Word paste")
    body = article.body
    assert "<h2>Reconstruction in Irpin</h2>" in body
    assert "<strong>Work starts in May</strong>" in body
    assert "<em>first homes</em>" in body
    assert '<a href="https://www.example.org/irpin-plan" rel="noopener">' in body
    assert "<p>Residents asked for a new school first.</p>" in body
    # Word's list paragraphs are lists again, without their bullet characters.
    assert "<ul><li><p>Housing for 400 families</p></li>" in body
    assert "<ol><li><p>Clear the rubble</p></li><li><p>Rebuild the school</p>" in body
    for dropped in ("Mso", "mso-", "o:p", "style", "Times New Roman", "·", "<img"):
        assert dropped not in body


def test_the_word_count_and_reading_time_follow_the_typing(signed_in, live_server):
    open_form(signed_in, live_server, ADD_URL)
    stats = signed_in.locator(".editor-stats")
    expect(stats).to_have_text("0 words · 1 min read")

    signed_in.locator(EDITOR).click()
    signed_in.keyboard.type("Kyiv opens a new river crossing")

    expect(stats).to_have_text("6 words · 1 min read")
    signed_in.keyboard.press("Enter")
    paste_html(signed_in, "<p>" + "word " * 460 + "</p>")
    expect(stats).to_have_text("466 words · 3 min read")


def test_a_figure_is_chosen_from_the_library_with_its_caption_credit_and_alt(
    signed_in, live_server
):
    image = ImageFactory(
        title="Convoy near Kharkiv",
        caption="Trucks on the E40",
        credit="Reuters",
        alt="Trucks on a motorway",
    )
    ImageFactory(title="Another picture", caption="Something else")
    open_form(signed_in, live_server, ADD_URL)
    signed_in.locator(EDITOR).click()
    signed_in.keyboard.type("Before the picture.")

    signed_in.get_by_role("button", name="Figure from the media library").click()
    chooser = signed_in.locator("dialog.image-chooser")
    chooser.get_by_role("searchbox").fill("kharkiv")
    expect(chooser.locator(".image-chooser__choice")).to_have_count(1)
    chooser.get_by_role("button", name="Convoy near Kharkiv").click()
    # The image's own caption, credit and alt come filled in, to change here.
    details = signed_in.locator("dialog.prose-editor-dialog")
    expect(details.get_by_label("Caption")).to_have_value("Trucks on the E40")
    expect(details.get_by_label("Alt text")).to_have_value("Trucks on a motorway")
    details.get_by_label("Caption").fill("Trucks on the E40, Monday")
    details.get_by_role("button", name="Save figure").click()

    expect(signed_in.locator(EDITOR).locator("figure img")).to_be_visible()
    article = save_new_piece(signed_in, "With a figure")
    assert (
        f'<figure data-image="{image.pk}" data-credit="Reuters">'
        f'<img src="{image.url_for(640)}" alt="Trucks on a motorway">'
        "<figcaption>Trucks on the E40, Monday</figcaption></figure>"
    ) in article.body
    assert article.body.startswith("<p>Before the picture.</p>")


def test_a_youtube_url_pasted_alone_becomes_an_embed_block(signed_in, live_server):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    open_form(signed_in, live_server, ADD_URL)
    signed_in.locator(EDITOR).click()

    signed_in.evaluate(
        """([url, selector]) => {
          const data = new DataTransfer();
          data.setData("text/plain", url);
          document.querySelector(selector).dispatchEvent(new ClipboardEvent(
            "paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [url, EDITOR],
    )

    expect(signed_in.locator(EDITOR).locator(".editor-embed")).to_contain_text(url)
    article = save_new_piece(signed_in, "With a video")
    assert article.body == (
        f'<figure data-embed="youtube" data-embed-url="{url}">'
        f'<a href="{url}" rel="noopener">{url}</a></figure>'
    )


def test_a_body_opened_and_saved_unchanged_stays_exactly_the_same(
    signed_in, live_server
):
    image = ImageFactory(title="Kharkiv", alt="Trucks")
    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    body = (
        "<h2>Sub</h2><p>Text with <strong>bold</strong>, <em>italic</em> and "
        '<a href="https://www.example.org/" rel="noopener">a link</a>.</p>'
        "<ul><li><p>One</p></li></ul><ol><li><p>Two</p></li></ol>"
        "<blockquote><p>A quote</p></blockquote><hr><h3>Subsub</h3>"
        f'<figure data-image="{image.pk}" data-credit="Reuters">'
        f'<img src="{image.url_for(640)}" alt="Trucks">'
        "<figcaption>Caption</figcaption></figure>"
        f'<figure data-embed="youtube" data-embed-url="{video}">'
        f'<a href="{video}" rel="noopener">{video}</a></figure>'
    )
    article = ArticleFactory(draft=True, body=body)
    assert Article.objects.get(pk=article.pk).body == body
    console = open_form(
        signed_in, live_server, f"/admin/articles/article/{article.pk}/change/"
    )
    expect(signed_in.locator(EDITOR).locator(".editor-figure img")).to_be_visible()
    expect(signed_in.locator(EDITOR).locator(".editor-embed")).to_contain_text(video)

    signed_in.get_by_role("button", name="Save and continue editing").click()

    expect(signed_in.locator(".messagelist")).to_contain_text("changed successfully")
    expect(signed_in.locator(".messagelist")).not_to_contain_text("Removed")
    assert Article.objects.get(pk=article.pk).body == body
    assert console.problems() == []
