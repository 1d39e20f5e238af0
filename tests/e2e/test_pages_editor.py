"""A site page (About, Contacts, the policies) in Chromium at 1280 px: its
body is the article's rich-text editor, under the site's CSP with every asset
from the site itself, and what is typed is saved as clean HTML."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from cms.models import Page
from tests.e2e.test_editor import EDITOR, Console


def test_the_site_page_form_uses_the_editor_and_breaks_no_csp_rule(
    signed_in, live_server
):
    page = signed_in
    # Transactional tests flush the starter pages (migration cms/0004).
    about, _ = Page.objects.update_or_create(
        slug="about",
        defaults={"title": "About", "body": "<h2>Who we are</h2><p>A news site.</p>"},
    )
    console = Console(page)

    page.goto(f"{live_server.url}/admin/cms/page/{about.pk}/change/")

    expect(page.locator(EDITOR)).to_be_visible()
    expect(page.locator(".prose-menubar")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_be_hidden()
    expect(page.locator(EDITOR).locator("h2")).to_have_text("Who we are")
    expect(page.locator(".editor-stats")).to_contain_text("words")
    assert page.locator("style[data-tiptap-style]").count() == 0
    assert page.evaluate("window.__csp") == []
    assert console.problems() == []
    site = urlsplit(live_server.url).netloc
    assert {urlsplit(u).netloc for u in console.requests if u.startswith("http")} == {
        site
    }

    page.locator(EDITOR).locator("p").click()
    page.keyboard.press("End")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Independent.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    about.refresh_from_db()
    assert about.body == (
        "<h2>Who we are</h2><p>A news site.<strong> Independent.</strong></p>"
    )
    assert page.evaluate("window.__csp") == []
    assert console.problems() == []
