"""Changes to a live piece in Chromium: an editor edits a published piece,
readers keep the live version, the editor previews the changes in the public
layout, then publishes them and readers see them."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.pending import PendingChange
from tests.e2e import test_workflow_browser as workflow
from tests.e2e.test_workflow_browser import shoot, sign_in
from tests.factories import ArticleFactory

# The newsroom's accounts and browser contexts, as the workflow tests make them.
newsroom = workflow.newsroom
new_context = workflow.new_context

LIVE_TITLE = "Kyiv repels a night attack"
NEW_TITLE = "Kyiv repels the largest night attack of the year"


@pytest.fixture
def live_piece(transactional_db):
    return ArticleFactory(title=LIVE_TITLE, slug="kyiv-repels-a-night-attack")


def test_an_editor_edits_a_live_piece_previews_the_changes_then_publishes_them(
    live_server, newsroom, new_context, live_piece
):
    article_url = live_server.url + live_piece.get_absolute_url()

    def reader_sees(title):
        # A fresh browser each time: a reader's own copy is kept for max-age
        # (docs/caching.md); this asks the server.
        reader = new_context().new_page()
        reader.goto(article_url)
        expect(reader.locator("h1")).to_have_text(title)

    reader_sees(LIVE_TITLE)

    # The editor changes the title and saves: the changes wait, not live.
    page = sign_in(new_context(), live_server, newsroom["editor"])
    page.goto(
        f"{live_server.url}/admin/articles/article/{live_piece.pk}/change/",
    )
    page.fill("#id_title", NEW_TITLE)
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("saved as pending changes")
    banner = page.locator("#pending-changes")
    expect(banner).to_contain_text("Pending changes, not live")
    expect(banner).to_contain_text("changes the title")
    expect(page.locator("#id_title")).to_have_value(NEW_TITLE)
    shoot(page, "pending-changes-banner")
    reader_sees(LIVE_TITLE)

    # Preview: the public layout, with the changes.
    banner.get_by_role("link", name="Preview changes").click()
    expect(page.locator("h1.article__title")).to_have_text(NEW_TITLE)
    expect(page.locator(".preview-banner")).to_contain_text(
        "Preview of pending changes, not live"
    )
    shoot(page, "pending-changes-preview")
    page.go_back()

    # Publish: readers see them.
    page.locator("#pending-changes").get_by_role(
        "button", name="Publish changes now"
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("are live")
    expect(page.locator("#pending-changes")).to_have_count(0)
    reader_sees(NEW_TITLE)
    assert Article.objects.get(pk=live_piece.pk).title == NEW_TITLE
    assert not PendingChange.objects.exists()
