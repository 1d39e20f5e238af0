"""The newsroom dashboard in Chromium, per role: an editor sees the review queue
and runs the ticker from it; an Author sees only their own work."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Author
from newsfeed.models import NewsItem
from tests.e2e import test_workflow_browser as workflow_browser
from tests.e2e.test_workflow_browser import shoot, sign_in
from tests.factories import ArticleFactory

# The workflow tests' fixtures: a newsroom with passwords, fresh browser contexts.
newsroom = workflow_browser.newsroom
new_context = workflow_browser.new_context


def test_the_dashboard_shows_each_role_what_needs_doing(
    live_server, newsroom, new_context
):
    author, editor = newsroom["author"], newsroom["editor"]
    byline = Author.objects.get(user=author)
    submitted = ArticleFactory(
        in_review=True, title="Submitted by the author", authors=[byline]
    )
    Article.objects.filter(pk=submitted.pk).update(
        status_changed_at=timezone.now() - timedelta(hours=3)
    )
    ArticleFactory(draft=True, title="The author's own draft", created_by=author)
    ArticleFactory(draft=True, title="An editor's private draft", created_by=editor)
    ArticleFactory(
        title="Going out tonight", published_at=timezone.now() + timedelta(hours=6)
    )

    # The editor: the review queue with author and wait, then the ticker.
    page = sign_in(new_context(), live_server, editor)
    review = page.locator("#panel-review")
    row = review.locator("tr", has_text="Submitted by the author")
    expect(row).to_contain_text("Olena Writer")
    expect(row).to_contain_text("3\xa0hours")
    expect(page.locator("#panel-scheduled")).to_contain_text("Going out tonight")
    expect(page.locator("#all-models")).to_be_visible()
    shoot(page, "dashboard-editor")
    page.fill("#quick-headline", "Air raid alert over Kyiv region")
    page.get_by_role("button", name="Put on the ticker now").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "“Air raid alert over Kyiv region” is on the ticker."
    )
    expect(page.locator("#panel-ticker")).to_contain_text(
        "Air raid alert over Kyiv region"
    )
    assert NewsItem.objects.filter(headline="Air raid alert over Kyiv region").exists()
    row.get_by_role("link", name="Submitted by the author").click()
    expect(page.locator("#id_title")).to_have_value("Submitted by the author")

    # The author: their own draft, nobody else's, no review queue, no ticker.
    page = sign_in(new_context(), live_server, author)
    expect(page.locator("#panel-drafts")).to_contain_text("The author's own draft")
    expect(page.locator("#panel-review")).to_have_count(0)
    expect(page.locator("#panel-ticker")).to_have_count(0)
    expect(page.locator("#content")).not_to_contain_text("An editor's private draft")
    shoot(page, "dashboard-author")
