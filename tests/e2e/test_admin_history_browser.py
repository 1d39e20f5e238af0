"""The admin's history pages in Chromium, under the site's strict CSP: the
browser reports no blocked style or script on them."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from cms.roles import EDITOR, sync_roles
from tests.e2e.conftest import PageProblems
from tests.factories import ArticleFactory

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def edited_article(transactional_db):
    """A piece with two versions, so the history has a diff to show."""
    sync_roles()  # transactional tests flush the role groups
    editor = User.objects.create_user("maksym", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    article = ArticleFactory(title="First title")
    article.title = "Second title"
    article._change_reason = "Retitled"
    article.save()
    return article


def test_the_history_pages_load_without_a_csp_violation(
    browser, live_server, edited_article
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems(page)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "maksym")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    first_record = edited_article.history.order_by("history_id").first()

    history = reverse("admin:articles_article_history", args=[edited_article.pk])
    page.goto(live_server.url + history, wait_until="load")
    expect(page.locator("#change-history")).to_contain_text("Second title")
    paginator = page.locator(".paginator")
    expect(paginator).to_contain_text("2 entries")
    # Styled from newsroom.css as simple-history's inline style meant it.
    expect(paginator).to_have_css("border-top-width", "0px")

    version = reverse(
        "admin:articles_article_simple_history",
        args=[edited_article.pk, first_record.history_id],
    )
    page.goto(live_server.url + version, wait_until="load")
    expect(page.locator("#id_title")).to_have_value("First title")

    context.close()
    # Chromium reports each blocked inline style or script on the console.
    blocked = [item for item in problems.items if "Content Security Policy" in item]
    assert blocked == []
    # Every request the pages made succeeded. (The admin has no favicon link, so
    # Chromium's own /favicon.ico probe 404s on the console; it is no request of
    # the page's and fires no response event.)
    assert [item for item in problems.items if item.startswith("HTTP ")] == []
    assert [item for item in problems.items if item.startswith("page error")] == []
