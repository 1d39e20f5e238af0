"""The front page admin in Chromium: an editor picks the lead by autocomplete,
gives a top story an expiry, and readers' home page shows it at once."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cms.front_page import FrontPagePin
from tests.e2e import test_workflow_browser as workflow_browser
from tests.e2e.conftest import PageProblems
from tests.e2e.test_workflow_browser import shoot, sign_in
from tests.factories import ArticleFactory

newsroom = workflow_browser.newsroom
new_context = workflow_browser.new_context


def pick(page, slot, title):
    """Pick `title` in slot `slot`'s piece autocomplete (select2)."""
    page.locator(f"#id_slots-{slot}-article + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(title[:12])
    page.locator(".select2-results__option", has_text=title).click()


def test_an_editor_pins_the_lead_and_readers_see_it(live_server, newsroom, new_context):
    now = timezone.now()
    for n in range(8):
        ArticleFactory(title=f"Newer piece {n}", published_at=now - timedelta(hours=n))
    ArticleFactory(
        title="Deadly strike on Dnipro", published_at=now - timedelta(days=1)
    )
    ArticleFactory(title="Analysis of the front", published_at=now - timedelta(days=2))

    page = sign_in(new_context(), live_server, newsroom["editor"])
    expect(page.locator("#panel-front-page")).to_contain_text("Nothing is pinned")
    page.locator("#panel-front-page").get_by_role(
        "link", name="Change the front page"
    ).click()
    problems = PageProblems(page)
    page.reload()
    pick(page, 0, "Deadly strike on Dnipro")
    pick(page, 1, "Analysis of the front")
    expiry = timezone.localtime(now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_slots-1-expires_at", expiry)
    shoot(page, "front-page-admin")
    page.get_by_role("button", name="Save the front page").click()

    expect(page.locator(".messagelist")).to_contain_text("2 pinned pieces")
    assert list(FrontPagePin.objects.values_list("slot", "article__title")) == [
        (0, "Deadly strike on Dnipro"),
        (1, "Analysis of the front"),
    ]
    # No console error (the CSP, select2); select2 aborts a search superseded
    # by the next keystroke, which is no problem.
    assert [item for item in problems.items if "ERR_ABORTED" not in item] == []
    page.goto(live_server.url + "/admin/")
    panel = page.locator("#panel-front-page")
    expect(panel).to_contain_text("Deadly strike on Dnipro")
    expect(panel.locator("tr", has_text="Analysis of the front")).to_contain_text(
        "(in 23\xa0hours"
    )

    reader = new_context().new_page()
    reader.goto(live_server.url + "/")
    expect(reader.locator(".lead-story")).to_contain_text("Deadly strike on Dnipro")
    first_card = reader.locator("[aria-labelledby=top-heading] .grid .card").first
    expect(first_card).to_contain_text("Analysis of the front")
