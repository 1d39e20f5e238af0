"""Two editors on one piece, in two Chromium contexts: the open form notices
the other's save, and the merge screen keeps both edits; history compares
versions and reverts after a confirmation."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from cms.roles import EDITOR, sync_roles
from tests.e2e.conftest import PageProblems
from tests.factories import ArticleFactory

PASSWORD = "a-long-test-password-1"


@pytest.fixture
def two_editors(transactional_db):
    sync_roles()  # transactional tests flush the role groups
    for name in ("anna", "borys"):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITOR))


@pytest.fixture
def sign_in(browser, live_server, two_editors):
    contexts = []

    def sign_in_(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server.url + "/admin/")
        return page, problems

    yield sign_in_
    for context in contexts:
        context.close()


def no_csp_reports(problems):
    return [item for item in problems.items if "Content Security Policy" in item]


def test_the_open_form_notices_another_save_and_the_merge_keeps_both_edits(
    settings, live_server, sign_in
):
    settings.CONFLICT_POLL_SECONDS = 1  # a minute by default
    article = ArticleFactory(draft=True, title="Old title", lead="Old lead")
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    anna, anna_problems = sign_in("anna")
    borys, _ = sign_in("borys")
    anna.goto(url)
    borys.goto(url)
    notice = anna.locator("#conflict-notice")
    expect(notice).to_be_hidden()

    borys.fill("#id_lead", "Lead by Borys")
    borys.locator("input[name=_continue]").click()
    expect(borys.locator(".messagelist")).to_contain_text("was changed successfully")

    # Anna has not saved yet, and is told before she does.
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("borys saved this piece at")
    expect(notice).to_contain_text("your save will need merging")

    anna.fill("#id_title", "Title by Anna")
    anna.locator("input[name=_continue]").click()
    expect(anna.locator("#edit-conflict")).to_contain_text("borys saved this piece")
    expect(anna.locator("#id_title")).to_have_value("Title by Anna")
    expect(anna.locator("#id_lead")).to_have_value("Lead by Borys")
    anna.locator("input[name=_continue]").click()

    expect(anna.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Title by Anna", "Lead by Borys")
    assert no_csp_reports(anna_problems) == []


def test_a_field_both_changed_is_resolved_on_the_merge_screen_in_one_submit(
    live_server, sign_in
):
    article = ArticleFactory(draft=True, title="Old title", lead="Old lead")
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    anna, anna_problems = sign_in("anna")
    borys, _ = sign_in("borys")
    anna.goto(url)
    borys.goto(url)
    borys.fill("#id_lead", "The lead as Borys wrote it")
    borys.locator("input[name=_continue]").click()
    expect(borys.locator(".messagelist")).to_contain_text("was changed successfully")

    anna.fill("#id_lead", "The lead as Anna wrote it")
    anna.fill("#id_title", "Title by Anna")
    anna.locator("input[name=_continue]").click()

    both = anna.locator("#merge-lead")
    expect(both).to_contain_text("you both changed it")
    expect(both.locator("del")).to_have_text("Borys")
    expect(both.locator("ins")).to_have_text("Anna")
    both.get_by_label("Take theirs").check()
    anna.locator("input[name=_continue]").click()

    expect(anna.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert (article.title, article.lead) == (
        "Title by Anna",
        "The lead as Borys wrote it",
    )
    assert no_csp_reports(anna_problems) == []


def test_history_compares_versions_and_reverts_after_showing_what_will_change(
    live_server, sign_in
):
    article = ArticleFactory(draft=True, title="First title")
    article.title = "Second title"
    article._change_reason = "Retitled"
    article.save()
    anna, problems = sign_in("anna")
    anna.goto(
        live_server.url + reverse("admin:articles_article_history", args=[article.pk])
    )

    latest = anna.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("Retitled")
    latest.get_by_role("link", name="Compare with the version before").click()
    title_row = anna.locator("#compare-title")
    expect(title_row.locator("del")).to_have_text("First")
    expect(title_row.locator("ins")).to_have_text("Second")

    anna.go_back()
    first = anna.locator("#change-history tbody tr").last
    first.get_by_role("link", name="Revert to this…").click()
    expect(anna.locator("#revert-title")).to_contain_text("Second title")
    # Nothing is saved by looking.
    assert Article.objects.get(pk=article.pk).title == "Second title"
    anna.get_by_role("button", name="Yes, revert to version 1").click()

    expect(anna.locator(".messagelist")).to_contain_text("is back to version 1")
    expect(anna.locator("#id_title")).to_have_value("First title")
    assert no_csp_reports(problems) == []
