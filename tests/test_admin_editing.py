"""Editing in the admin as editors do: buttons, bulk actions, conflicts, who
else is editing, history and revert, share links, previews and the ticker."""

import re
import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache, caches
from django.db import connections
from django.db.models import F
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone

from articles import presence
from articles.models import Article, Disclaimer, ShareLink
from articles.sharing import create_share_link, share_url
from newsfeed.models import Label, NewsItem
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def staff(username, *codenames):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=codenames).exclude(
            content_type__app_label="auth"
        )
    )
    return user


EDITOR_PERMS = (
    "view_article",
    "add_article",
    "change_article",
    "publish_article",
    "edit_any_article",
    "view_historicalarticle",
    "add_sharelink",
    "view_sharelink",
    "change_sharelink",
    "add_correction",
    "view_correction",
    "delete_correction",
    "add_newsitem",
    "change_newsitem",
    "view_newsitem",
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def editor():
    return staff("editor", *EDITOR_PERMS)


@pytest.fixture
def second_editor():
    return staff("second", *EDITOR_PERMS)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article, **changes):
    """What the change form posts for `article`, with `changes` typed in."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "lead": article.lead,
        "body": article.body,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "hero_caption": "",
        "hero_credit": "",
        "hero_alt": "",
        "tags": "",
        "published_at_0": "",
        "published_at_1": "",
        "base_version": article.version,
    }
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = local.strftime("%Y-%m-%d")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    for prefix in ("bylines", "corrections", "share_links"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | changes


def test_the_later_of_two_saves_is_refused_and_merged_with_the_first(
    client, editor, second_editor
):
    # A draft: a published piece's saves are pending changes (test_pending_changes).
    article = ArticleFactory(draft=True, title="Original title", lead="Original lead")
    opened_at = Article.objects.get(pk=article.pk)  # both open version 1

    client.force_login(editor)
    first = client.post(change_url(article), form_data(opened_at, lead="Lead by A"))
    assert first.status_code == 302

    client.force_login(second_editor)
    second = client.post(
        change_url(article), form_data(opened_at, title="Title typed by B")
    )

    assert second.status_code == 200
    page = second.content.decode()
    assert "Your changes are not saved yet" in page
    assert 'id="edit-conflict"' in page
    # Who saved meanwhile, and both edits in the form (tests/test_merge.py).
    assert "editor saved this piece" in page
    assert 'value="Title typed by B"' in page and "Lead by A" in page
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Original title", "Lead by A")
    # The refused form carries the current version, so B can now save it.
    assert f'name="base_version" value="{article.version}"' in page


def test_saving_on_top_of_the_current_version_works(client, editor):
    article = ArticleFactory(draft=True, title="Old")  # a live one's save is pending
    client.force_login(editor)
    response = client.post(change_url(article), form_data(article, title="New"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.version) == ("New", 2)


def test_the_change_form_shows_who_else_opened_the_piece(client, editor, second_editor):
    article = ArticleFactory()
    client.force_login(editor)
    assert "Also open" not in client.get(change_url(article)).content.decode()

    client.force_login(second_editor)
    page = client.get(change_url(article)).content.decode()

    assert "Also open in the last few minutes: editor" in page


def test_two_people_opening_a_piece_at_once_are_both_remembered(
    transactional_db, monkeypatch
):
    """Two registrations at once, each held at its first cache read until the
    other has read too: a read-modify-write of a shared list loses one of them
    there, as the second write replaces the first."""
    article = ArticleFactory()
    first, second, third = (
        staff(name, *EDITOR_PERMS) for name in ("olena", "maksym", "iryna")
    )
    both_have_read = threading.Barrier(2, timeout=5)
    racing = threading.local()
    backend = type(caches["default"])

    def read_then_wait(read):
        def wrapped(self, *args, **kwargs):
            value = read(self, *args, **kwargs)
            if getattr(racing, "first_read", False):
                racing.first_read = False
                both_have_read.wait()
            return value

        return wrapped

    for method in ("get", "get_many"):
        monkeypatch.setattr(backend, method, read_then_wait(getattr(backend, method)))
    errors = []

    def open_piece(user):
        racing.first_read = True
        try:
            presence.record_and_list_others(article.pk, user)
        except Exception as exc:  # any failure in the thread fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_piece, args=[u]) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seen = presence.record_and_list_others(article.pk, third)
    assert sorted(viewer.name for viewer in seen) == ["maksym", "olena"]


def test_someone_who_may_only_view_ticker_items_can_open_one(client):
    item = NewsItem.objects.create(headline="A visible headline")
    client.force_login(staff("reader", "view_newsitem"))

    response = client.get(reverse("admin:newsfeed_newsitem_change", args=[item.pk]))

    assert response.status_code == 200
    assert "A visible headline" in response.content.decode()


def test_the_publish_button_saves_then_publishes(client, editor):
    article = ArticleFactory(in_review=True)
    client.force_login(editor)

    response = client.post(
        change_url(article), form_data(article, lead="Final lead", _workflow="publish")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.lead == "Final lead"
    assert article.status_changed_by == editor


def test_a_button_that_fails_validation_keeps_the_text_and_says_why(client, editor):
    article = ArticleFactory(in_review=True)
    client.force_login(editor)

    response = client.post(
        change_url(article),
        form_data(article, lead="", body="<p>Kept body</p>", _workflow="publish"),
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert article.body == "<p>Kept body</p>"
    assert "was saved but not published: A published piece needs a lead." in (
        response.content.decode()
    )


def test_a_future_publish_time_schedules_the_piece(client, editor):
    article = ArticleFactory(in_review=True)
    at = timezone.localtime() + timedelta(days=1)
    client.force_login(editor)

    client.post(
        change_url(article),
        form_data(
            article,
            published_at_0=at.strftime("%Y-%m-%d"),
            published_at_1=at.strftime("%H:%M:%S"),
            _workflow="publish",
        ),
    )

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at > timezone.now()
    assert article not in Article.objects.published()


def test_bulk_publish_reports_what_it_did_and_what_it_could_not(client, editor):
    ready = ArticleFactory(in_review=True)
    not_ready = ArticleFactory(in_review=True, lead="")
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, not_ready.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 piece(s) published." in page
    assert "Not published: “" in page and "needs a lead" in page
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert (ready.status, not_ready.status) == (Status.PUBLISHED, Status.REVIEW)


def test_history_lists_who_changed_what_and_revert_makes_a_new_version(client, editor):
    # Scheduled, so a save is direct (a live piece's saves are pending changes).
    article = ArticleFactory(
        title="First title", published_at=timezone.now() + timedelta(days=1)
    )
    client.force_login(editor)
    client.post(change_url(article), form_data(article, title="Second title"))
    article.refresh_from_db()
    history_url = reverse("admin:articles_article_history", args=[article.pk])

    page = client.get(history_url).content.decode()
    assert "<del>First</del><ins>Second</ins> title" in page  # a word diff

    first_record = article.history.order_by("history_id").first()
    # Revert shows what it will change first (tests/test_history_diff.py).
    revert_url = reverse(
        "admin:articles_article_history_revert",
        args=[article.pk, first_record.history_id],
    )
    confirm = client.get(revert_url).content.decode()
    assert "What will change" in confirm
    assert f'name="base_version" value="{article.version}"' in confirm
    response = client.post(revert_url, {"base_version": article.version})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First title"
    assert article.version == 3
    assert article.status == Status.PUBLISHED
    assert article.history.first().history_change_reason == (
        "Reverted to an earlier version"
    )


INLINE_STYLE = re.compile(r"""<[^>]*\sstyle\s*=|<style(?![^>]*\snonce=)[^>]*>""", re.I)


def test_the_history_pages_carry_no_inline_styles_the_csp_would_block(client, editor):
    """style-src is 'self' only (SECURE_CSP): a style attribute or an inline
    <style> is blocked by the browser and logged as a violation."""
    article = ArticleFactory(title="First title")
    client.force_login(editor)
    client.post(change_url(article), form_data(article, title="Second title"))
    record = article.history.order_by("history_id").first()
    pages = {
        "history list with its diff": reverse(
            "admin:articles_article_history", args=[article.pk]
        ),
        "historical version": reverse(
            "admin:articles_article_simple_history",
            args=[article.pk, record.history_id],
        ),
    }

    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "First title" in page, name
        assert INLINE_STYLE.findall(page) == [], name


def test_a_correction_note_from_the_admin_sets_the_updated_time(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = form_data(article) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "An earlier version misspelled the minister's name.",
    }

    response = client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.corrections.get().text.startswith("An earlier version")
    assert article.updated_at is not None
    assert article.badge == "Updated"


def test_share_link_lets_an_outsider_preview_until_revoked(client, editor):
    article = ArticleFactory(draft=True, title="Draft for the lawyer")
    client.force_login(editor)
    client.post(reverse("admin:articles_article_share", args=[article.pk]))
    link = ShareLink.objects.get()
    assert link.expires_at - timezone.now() > timedelta(hours=47)
    client.logout()

    response = client.get(share_url(link))
    assert response.status_code == 200
    assert "Draft for the lawyer" in response.content.decode()
    assert (
        "no-cache" in response["Cache-Control"]
        or "no-store" in response["Cache-Control"]
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"

    link.revoked_at = timezone.now()
    link.save()
    assert client.get(share_url(link)).status_code == 404


def test_an_expired_or_forged_share_link_shows_nothing(client, editor):
    article = ArticleFactory(draft=True)
    link = create_share_link(article, editor, lifetime=timedelta(hours=-1))
    assert client.get(share_url(link)).status_code == 404
    forged = reverse("articles:share", kwargs={"token": f"{link.pk}:forged"})
    assert client.get(forged).status_code == 404


def test_staff_preview_a_draft_and_outsiders_cannot(client, editor):
    article = ArticleFactory(draft=True, title="Secret draft")
    url = reverse("articles:preview", kwargs={"pk": article.pk})

    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Secret draft" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_adding_a_ticker_item_from_an_article_fills_the_headline(client, editor):
    article = ArticleFactory(title="Ramstein meeting kicks off")
    client.force_login(editor)
    now = timezone.localtime()

    response = client.post(
        reverse("admin:newsfeed_newsitem_add"),
        {
            "published_at_0": now.strftime("%Y-%m-%d"),
            "published_at_1": now.strftime("%H:%M:%S"),
            "label": Label.UPDATED,
            "article": article.pk,
            "headline": "",
            "status": NewsItem.Status.PUBLISHED,
        },
    )

    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert (item.headline, item.article, item.label) == (
        "Ramstein meeting kicks off",
        article,
        Label.UPDATED,
    )


def test_one_click_puts_an_article_on_the_ticker(client, editor):
    article = ArticleFactory(title="Exclusive story", is_exclusive=True)
    client.force_login(editor)
    url = reverse("admin:newsfeed_newsitem_from_article", args=[article.pk])

    client.post(url)
    client.post(url)  # a second click does not duplicate it

    item = NewsItem.objects.get()
    assert (item.headline, item.label, item.article) == (
        "Exclusive story",
        Label.EXCLUSIVE,
        article,
    )


def test_the_article_list_shows_badge_authors_status_times_and_tags(client, editor):
    ArticleFactory(title="Tagged", tags=["NATO", "EU"], is_exclusive=True)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Tagged" in page and "Exclusive" in page and "EU, NATO" in page


def test_headline_and_label_are_editable_from_the_ticker_list(client, editor):
    item = NewsItem.objects.create(headline="Old headline", label=Label.NONE)
    client.force_login(editor)
    url = reverse("admin:newsfeed_newsitem_changelist")
    assert 'name="form-0-headline"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": item.pk,
            "form-0-headline": "New headline",
            "form-0-label": Label.EXCLUSIVE,
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.headline, item.label) == ("New headline", Label.EXCLUSIVE)


def test_a_new_piece_gets_its_types_default_disclaimer(client, editor):
    default = Disclaimer.objects.create(
        name="Opinion", text="Views are the author's own.", default_for_kind="opinion"
    )
    client.force_login(editor)
    add_url = reverse("admin:articles_article_add")
    form = client.get(add_url + "?kind=opinion").content.decode()
    assert f'<option value="{default.pk}" selected>' in form

    client.post(
        add_url,
        form_data(Article(title="A column", kind="opinion")) | {"slug": "a-column"},
    )

    assert Article.objects.get(slug="a-column").disclaimer == default


def test_the_slug_is_prefilled_on_a_draft_and_frozen_once_published(client, editor):
    draft = ArticleFactory(draft=True)
    published = ArticleFactory()
    client.force_login(editor)

    draft_form = client.get(change_url(draft)).content.decode()
    published_form = client.get(change_url(published)).content.decode()

    assert 'name="slug"' in draft_form
    assert 'name="slug"' not in published_form
    response = client.post(
        change_url(published), form_data(published, slug="a-new-url", title="New")
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.slug != "a-new-url"
    # The title waits as a pending change (articles/pending.py); the slug never.
    assert published.pending_change.changes["fields"] == {"title": "New"}


def test_a_share_link_is_revoked_from_the_article_page_after_a_confirmation(
    client, editor
):
    article = ArticleFactory(draft=True)
    link = create_share_link(article, editor)
    client.force_login(editor)
    revoke_url = reverse("admin:articles_sharelink_revoke", args=[link.pk])
    assert revoke_url in client.get(change_url(article)).content.decode()

    confirm = client.get(revoke_url)
    link.refresh_from_db()
    assert "Yes, revoke it" in confirm.content.decode()
    assert link.revoked_at is None  # asking changes nothing

    client.post(revoke_url)
    client.logout()
    assert client.get(share_url(link)).status_code == 404


def test_a_correction_note_and_a_workflow_button_in_one_submit_both_take_effect(
    client, editor
):
    article = ArticleFactory(title="Minister resigns")
    client.force_login(editor)
    data = form_data(article) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "The minister's name was misspelled.",
        "_workflow": "unpublish",
    }

    response = client.post(change_url(article), data, follow=True)

    page = response.content.decode()
    assert "Your changes were not saved" not in page
    assert "“Minister resigns”: unpublished." in page
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert article.corrections.get().text == "The minister's name was misspelled."
    assert article.updated_at is not None


def test_a_bulk_action_reports_a_piece_saved_meanwhile_and_goes_on(client, editor):
    first = ArticleFactory(in_review=True, title="First in line")
    raced = ArticleFactory(in_review=True, title="Saved meanwhile")
    last = ArticleFactory(in_review=True, title="Last in line")

    def someone_saves_raced_meanwhile(sender, instance, **kwargs):
        # Another editor's save lands while the action is working through the
        # list (at its first piece): the row moves on from the version read.
        if instance.pk != raced.pk and not Article.objects.filter(
            pk=raced.pk, version__gt=1
        ):
            Article.objects.filter(pk=raced.pk).update(
                version=F("version") + 1, lead="Edited by someone else"
            )

    pre_save.connect(someone_saves_raced_meanwhile, sender=Article)
    try:
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {
                "action": "publish_selected",
                "_selected_action": [first.pk, raced.pk, last.pk],
            },
            follow=True,
        )
    finally:
        pre_save.disconnect(someone_saves_raced_meanwhile, sender=Article)

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 piece(s) published." in page
    assert (
        "Not published: “Saved meanwhile”: someone saved it while this action ran. "
        "Open it to check, then try again." in page
    )
    statuses = dict(Article.objects.values_list("title", "status"))
    assert statuses == {
        "First in line": Status.PUBLISHED,
        "Saved meanwhile": Status.REVIEW,
        "Last in line": Status.PUBLISHED,
    }
    assert Article.objects.get(pk=raced.pk).lead == "Edited by someone else"


def test_a_piece_published_for_a_future_time_is_scheduled_in_the_list_filter_and_form(
    client, editor
):
    ArticleFactory(title="Live piece")
    scheduled = ArticleFactory(scheduled=True, title="Tomorrow's piece")
    ArticleFactory(draft=True, title="A draft")
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")

    listed = client.get(changelist).content.decode()
    only_scheduled = client.get(changelist, {"status": "scheduled"}).content.decode()
    only_live = client.get(changelist, {"status": "published"}).content.decode()
    form = client.get(change_url(scheduled)).content.decode()

    row = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*Tomorrow&#x27;s piece.*?</tr>", listed, re.S
    )
    assert row and '<td class="field-state_display">Scheduled</td>' in row.group(0)
    assert "Tomorrow&#x27;s piece" in only_scheduled
    assert "Live piece" not in only_scheduled and "A draft" not in only_scheduled
    assert "Live piece" in only_live and "Tomorrow&#x27;s piece" not in only_live
    assert re.search(r'<div class="readonly">Scheduled for \d', form)


def test_a_new_ticker_item_takes_the_time_it_is_saved_unless_one_is_set(client, editor):
    client.force_login(editor)
    add_url = reverse("admin:newsfeed_newsitem_add")
    page = client.get(add_url).content.decode()
    # Post back what the browser would: the time boxes exactly as the form
    # showed them, which is after a while at the desk.
    data = {"label": "", "headline": "Air raid alert in Kyiv", "status": "published"}
    for name in ("published_at_0", "published_at_1"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        value = re.search(r'value="([^"]*)"', tag)
        data[name] = value.group(1) if value else ""
    saving_started = timezone.now()

    client.post(add_url, data)
    client.post(
        add_url,
        data
        | {
            "headline": "Set by an editor",
            "published_at_0": "2025-02-13",
            "published_at_1": "08:54:00",
        },
    )

    assert NewsItem.objects.get(headline="Air raid alert in Kyiv").published_at >= (
        saving_started
    )
    set_by_editor = NewsItem.objects.get(headline="Set by an editor").published_at
    assert timezone.localtime(set_by_editor).strftime("%Y-%m-%d %H:%M") == (
        "2025-02-13 08:54"
    )
