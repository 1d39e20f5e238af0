"""Never lose typing, and ready before review, in Chromium at 1280 px: type,
wait for the autosave, reload, restore and see the text back; leaving with
changes asks and a save does not; the checklist and preview follow the form;
a new opinion piece gets the standard disclaimer."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from articles.admin.articles import ArticleAdmin
from articles.autosave import Autosave
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, DisclaimerFactory

SCREENSHOTS = Path(__file__).parent / "screenshots"
EDITOR = ".prose-editor .tiptap"  # the menu's dropdown is a .ProseMirror too


@pytest.fixture
def signed_in(signed_in, monkeypatch):
    """The signed-in page, with a one-second autosave interval (the form's
    data attribute; 30 s by default)."""
    monkeypatch.setattr(ArticleAdmin, "autosave_seconds", 1)
    return signed_in


class Dialogs:
    """Every dialog the page opens, accepted (so leaving goes ahead)."""

    def __init__(self, page):
        self.kinds = []
        page.on("dialog", self.accept)

    def accept(self, dialog):
        self.kinds.append(dialog.type)
        dialog.accept()


def quiet(page):
    """Wait until no autosave or checklist request is running: the live
    server shares one SQLite connection between its threads and the test."""
    expect(page.locator("[aria-busy=true]")).to_have_count(0)


def autosave_holding(text):
    """Matches the autosave request whose form data holds `text`."""

    def matches(response):
        request = response.request
        return request.url.endswith("/autosave/") and text in (request.post_data or "")

    return matches


def change_path(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_typing_is_autosaved_and_restored_after_a_reload(signed_in, live_server):
    page = signed_in
    article = ArticleFactory(draft=True, title="Saved title", body="<p>Saved.</p>")
    dialogs = Dialogs(page)
    page.goto(live_server.url + change_path(article))
    expect(page.locator(EDITOR)).to_be_visible()
    expect(page.locator("#autosave-status")).to_have_attribute("data-interval", "1")

    with page.expect_response(autosave_holding("Typed into the editor.")) as sent:
        page.fill("#id_title", "Typed title")
        page.locator(EDITOR).click()
        page.keyboard.press("End")
        page.keyboard.type(" Typed into the editor.")
    assert sent.value.ok
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved at")
    quiet(page)

    kept = Autosave.objects.get(article=article)
    assert kept.data["title"] == ["Typed title"]
    assert "Typed into the editor." in kept.data["body"][0]
    article.refresh_from_db()
    assert (article.title, article.version) == ("Saved title", 1)

    page.reload()  # leaving with unsaved changes asks first
    assert dialogs.kinds == ["beforeunload"]
    offer = page.get_by_role("link", name="Restore autosave from")
    expect(offer).to_contain_text("Kyiv time")
    expect(page.locator("#id_title")).to_have_value("Saved title")

    offer.click()
    expect(page.locator("#id_title")).to_have_value("Typed title")
    expect(page.locator(EDITOR)).to_contain_text("Typed into the editor.")
    # The restored text is not saved: it is autosaved again, once.
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved at")
    quiet(page)

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dialogs.kinds == ["beforeunload"]  # a save does not ask
    article.refresh_from_db()
    assert article.title == "Typed title"
    assert "Typed into the editor." in article.body
    assert not Autosave.objects.exists()
    expect(page.get_by_role("link", name="Restore autosave from")).to_have_count(0)


def test_leaving_an_unchanged_form_asks_nothing(signed_in, live_server):
    page = signed_in
    article = ArticleFactory(draft=True)
    dialogs = Dialogs(page)
    page.goto(live_server.url + change_path(article))
    expect(page.locator(EDITOR)).to_be_visible()
    page.locator("#id_title").click()  # a user gesture, so the browser may ask

    quiet(page)
    page.goto(live_server.url + "/admin/")

    assert dialogs.kinds == []
    assert not Autosave.objects.exists()


def test_the_checklist_and_preview_follow_the_form(signed_in, live_server):
    page = signed_in
    standard = DisclaimerFactory()
    page.goto(live_server.url + "/admin/articles/article/add/")
    checklist = page.locator("#readiness")

    expect(checklist.locator("[data-code=no_lead]")).to_contain_text("✗ Lead")
    expect(checklist.locator(".readiness__summary")).to_contain_text(
        "Publishing needs 3 more things."
    )

    page.fill("#id_title", "Kyiv opens a new bridge")
    page.fill("#id_lead", "Two districts are linked again.")
    expect(checklist.locator("[data-code=no_lead]")).to_contain_text("✓ Lead")
    expect(checklist.locator(".search-preview__title")).to_have_text(
        "Kyiv opens a new bridge"
    )
    expect(checklist.locator(".social-preview__description")).to_have_text(
        "Two districts are linked again."
    )
    expect(checklist.locator(".search-preview__url")).to_have_text(
        f"{live_server.url}/kyiv-opens-a-new-bridge"
    )

    checklist.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "article-form-checklist.png")

    # Opinion: the standard disclaimer comes in, and the rules ask for an author.
    page.select_option("#id_kind", "opinion")
    expect(page.locator("#id_disclaimer")).to_have_value(str(standard.pk))
    expect(checklist.locator("[data-code=opinion_without_disclaimer]")).to_contain_text(
        "✓ Disclaimer"
    )
    expect(checklist.locator("[data-code=opinion_without_author]")).to_contain_text(
        "✗ Author"
    )
    # Back to news: the disclaimer nobody chose goes with the type.
    page.select_option("#id_kind", "news")
    expect(page.locator("#id_disclaimer")).to_have_value("")
    quiet(page)
    assert not Article.objects.exists()


def choose_author(page, row, name):
    """Pick `name` in the byline row's author autocomplete (select2)."""
    page.locator(f"#bylines-{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()


def test_restoring_an_autosave_brings_back_the_bylines_in_order(signed_in, live_server):
    page = signed_in
    first, second = (
        AuthorFactory(name="Olena Writer"),
        AuthorFactory(name="Taras Koval"),
    )
    article = ArticleFactory(draft=True, title="Saved title", authors=[first])
    Dialogs(page)
    page.goto(live_server.url + change_path(article))
    expect(page.locator(EDITOR)).to_be_visible()

    with page.expect_response(autosave_holding(str(second.pk))) as sent:
        page.locator("#bylines-group .addlink").click()
        choose_author(page, 1, "Taras Koval")
        page.fill("#id_bylines-1-position", "1")
        page.locator("#id_title").click()  # the row loses focus: autosave
    assert sent.value.ok
    quiet(page)
    kept = Autosave.objects.get(article=article)
    assert kept.data["bylines-1-author"] == [str(second.pk)]

    page.reload()
    expect(page.locator("#bylines-1")).to_have_count(0)  # not saved
    page.get_by_role("link", name="Restore autosave from").click()
    expect(page.locator("#id_bylines-0-author option:checked")).to_have_text(
        "Olena Writer"
    )
    expect(page.locator("#id_bylines-1-author option:checked")).to_have_text(
        "Taras Koval"
    )
    expect(page.locator("#id_bylines-1-position")).to_have_value("1")
    quiet(page)

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [b.author.name for b in article.bylines.select_related("author")] == [
        "Olena Writer",
        "Taras Koval",
    ]
    assert not Autosave.objects.exists()


def test_restoring_an_autosave_older_than_someone_elses_save_merges_both(
    signed_in, live_server
):
    page = signed_in
    article = ArticleFactory(draft=True, title="Saved title", lead="Saved lead")
    Dialogs(page)
    page.goto(live_server.url + change_path(article))
    expect(page.locator(EDITOR)).to_be_visible()
    with page.expect_response(autosave_holding("Typed title")):
        page.fill("#id_title", "Typed title")
        page.locator("#id_lead").click()
    quiet(page)
    # Another editor saves the piece after that autosave.
    iryna = User.objects.create_user("iryna", first_name="Iryna", last_name="Koval")
    theirs = Article.objects.get(pk=article.pk)
    theirs.lead = "Lead by Iryna"
    theirs._history_user = iryna
    theirs.save()
    saved_at = timezone.localtime(theirs.history.latest().history_date)

    page.reload()
    expect(page.locator("#autosave-offer")).to_contain_text(
        "This autosave is older than the version saved by Iryna Koval at "
        f"{saved_at:%H:%M}."
    )
    page.get_by_role("link", name="Restore autosave from").click()
    expect(page.locator("#id_title")).to_have_value("Typed title")
    quiet(page)
    page.get_by_role("button", name="Save and continue editing").click()

    # Not overwritten: the save is refused and merged, both edits in the form.
    expect(page.locator(".messagelist")).to_contain_text(
        "Your changes are not saved yet: Iryna Koval saved this piece"
    )
    theirs.refresh_from_db()
    assert (theirs.title, theirs.lead) == ("Saved title", "Lead by Iryna")
    expect(page.locator("#id_title")).to_have_value("Typed title")
    expect(page.locator("#id_lead")).to_have_value("Lead by Iryna")
    quiet(page)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    theirs.refresh_from_db()
    assert (theirs.title, theirs.lead) == ("Typed title", "Lead by Iryna")
