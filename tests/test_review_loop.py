"""The review loop: request changes, withdraw, review comments, reasons in
history, notifications (dashboard and email), and who may do each."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Author
from articles.review import Notification, ReviewComment
from cms import dashboard
from cms.roles import AUTHOR, EDITOR
from tests.factories import ArticleFactory
from tests.test_admin_editing import change_url, form_data

pytestmark = pytest.mark.django_db
Status = Article.Status


def member(username, role, **extra):
    user = User.objects.create_user(
        username, password="pw", is_staff=True, email=f"{username}@example.org", **extra
    )
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor():
    return member("editor", EDITOR, first_name="Maksym", last_name="Editor")


@pytest.fixture
def author():
    user = member("author", AUTHOR, first_name="Olena", last_name="Writer")
    Author.objects.create(name="Olena Writer", slug="olena-writer", user=user)
    return user


@pytest.fixture
def submitted(author):
    return ArticleFactory(in_review=True, title="Bridge reopens", created_by=author)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def panel(page, name):
    found = re.search(rf'<section[^>]*id="panel-{name}".*?</section>', page, re.S)
    return found.group(0) if found else None


# -- request changes ---------------------------------------------------------------


def test_an_editor_requests_changes_with_a_comment_and_the_piece_goes_back_to_draft(
    submitted, editor, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(submitted, editor, reason="Name the second source.")

    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert submitted.status_changed_by == editor
    comment = submitted.review_comments.get()
    assert comment.kind == ReviewComment.Kind.CHANGES_REQUESTED
    assert comment.text == "Name the second source."
    assert comment.author == editor
    assert (
        submitted.history.first().history_change_reason
        == "Changes requested: Name the second source."
    )
    # The author can edit their draft again.
    assert workflow.can_edit(author, submitted)
    notice = Notification.objects.get(recipient=author)
    assert notice.kind == Notification.Kind.CHANGES_REQUESTED
    assert [message.to for message in mail.outbox] == [["author@example.org"]]
    assert "Name the second source." in mail.outbox[0].body
    assert "Bridge reopens" in mail.outbox[0].subject


def test_requesting_changes_without_a_comment_is_refused_and_changes_nothing(
    submitted, editor
):
    with pytest.raises(ValidationError) as refused:
        workflow.request_changes(submitted, editor, reason="   ")

    assert refused.value.messages == ["Say what needs changing."]
    submitted.refresh_from_db()
    assert submitted.status == Status.REVIEW
    assert not ReviewComment.objects.exists()
    assert not Notification.objects.exists()


def test_the_request_changes_button_without_a_comment_is_a_form_error(
    client, submitted, editor
):
    client.force_login(editor)

    response = client.post(
        change_url(submitted),
        form_data(submitted, title="Edited title", _workflow="request_changes"),
    )

    assert response.status_code == 200
    assert "Say what needs changing." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.REVIEW
    assert submitted.title == "Bridge reopens"  # nothing saved


def test_the_request_changes_button_with_a_comment_sends_the_piece_back(
    client, submitted, editor
):
    client.force_login(editor)
    page = client.get(change_url(submitted)).content.decode()
    assert 'value="request_changes"' in page

    response = client.post(
        change_url(submitted),
        form_data(
            submitted,
            _workflow="request_changes",
            workflow_comment="The lead repeats the title.",
        ),
        follow=True,
    )

    assert "“Bridge reopens”: changes requested." in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert submitted.review_comments.get().text == "The lead repeats the title."


def test_an_author_cannot_request_changes(client, author, editor):
    theirs = ArticleFactory(in_review=True, created_by=editor)
    own = ArticleFactory(in_review=True, created_by=author)

    with pytest.raises(PermissionDenied, match="Only editors can request changes."):
        workflow.request_changes(own, author, reason="Looks fine to me")

    client.force_login(author)
    on_own = client.post(
        change_url(own),
        form_data(own, _workflow="request_changes", workflow_comment="x"),
    )
    on_theirs = client.post(
        change_url(theirs),
        form_data(theirs, _workflow="request_changes", workflow_comment="x"),
    )
    assert on_own.status_code == 403  # their own piece is the editors' now
    # Someone else's piece is not even there for them.
    assert on_theirs.status_code == 302
    assert "doesn’t exist" in messages_of(on_theirs)[0]
    assert Article.objects.filter(status=Status.REVIEW).count() == 2
    assert not ReviewComment.objects.exists()


def test_an_author_pressing_request_changes_on_their_draft_is_told_no(client, author):
    draft = ArticleFactory(draft=True, created_by=author)
    client.force_login(author)

    response = client.post(
        change_url(draft),
        form_data(draft, _workflow="request_changes", workflow_comment="Hmm"),
        follow=True,
    )

    assert "Only editors can request changes." in messages_of(response)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not ReviewComment.objects.exists()


def test_an_author_is_offered_no_request_changes_button(client, author):
    draft = ArticleFactory(draft=True, created_by=author)
    client.force_login(author)

    page = client.get(change_url(draft)).content.decode()

    assert 'value="submit"' in page
    assert 'value="request_changes"' not in page


# -- withdraw ----------------------------------------------------------------------


def test_an_author_withdraws_their_submission_with_a_reason(client, submitted, author):
    client.force_login(author)
    page = client.get(change_url(submitted)).content.decode()
    withdraw_url = reverse("admin:articles_article_withdraw", args=[submitted.pk])
    assert withdraw_url in page

    response = client.post(
        withdraw_url, {"reason": "I have a new quote to add."}, follow=True
    )

    assert "“Bridge reopens”: withdrawn from review." in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert submitted.status_changed_by == author
    assert (
        submitted.history.first().history_change_reason
        == "Withdrawn from review: I have a new quote to add."
    )


def test_an_author_cannot_withdraw_someone_elses_submission(client, author, editor):
    theirs = ArticleFactory(in_review=True, created_by=editor)
    client.force_login(author)

    response = client.post(
        reverse("admin:articles_article_withdraw", args=[theirs.pk]), {"reason": ""}
    )

    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Status.REVIEW
    with pytest.raises(PermissionDenied, match="You may only withdraw your own"):
        workflow.withdraw(theirs, author)


def test_only_a_piece_in_review_can_be_withdrawn(client, author):
    draft = ArticleFactory(draft=True, created_by=author)
    client.force_login(author)

    response = client.post(
        reverse("admin:articles_article_withdraw", args=[draft.pk]), follow=True
    )

    assert messages_of(response) == [
        f"“{draft.title}” was not withdrawn: A piece that is draft cannot be "
        "withdrawn from review."
    ]
    assert draft.history.count() == 1


def test_withdrawing_needs_a_post(client, submitted, author):
    client.force_login(author)
    response = client.get(
        reverse("admin:articles_article_withdraw", args=[submitted.pk])
    )
    assert response.status_code == 405


# -- review comments ----------------------------------------------------------------


def test_authors_and_editors_comment_and_the_thread_shows_who_and_kyiv_time(
    client, submitted, author, editor
):
    comment_url = reverse("admin:articles_article_comment", args=[submitted.pk])
    client.force_login(author)
    client.post(comment_url, {"text": "Is the photo credit right?"})
    client.force_login(editor)
    response = client.post(comment_url, {"text": "Yes, checked."}, follow=True)

    page = response.content.decode()
    thread = re.search(r'<section[^>]*id="review-thread".*?</section>', page, re.S)
    assert thread, "the change form shows the thread"
    thread = thread.group(0)
    assert thread.index("Is the photo credit right?") < thread.index("Yes, checked.")
    assert "Olena Writer" in thread and "Maksym Editor" in thread
    first = ReviewComment.objects.earliest("created_at")
    kyiv = timezone.localtime(first.created_at)  # TIME_ZONE is Europe/Kyiv
    assert kyiv.strftime("%H:%M") in thread
    assert "Kyiv time" in thread


def test_review_comments_show_in_the_pieces_history(client, submitted, editor):
    workflow.request_changes(submitted, editor, reason="Check the numbers.")
    ReviewComment.objects.create(article=submitted, author=editor, text="Thanks!")
    client.force_login(editor)

    page = client.get(
        reverse("admin:articles_article_history", args=[submitted.pk])
    ).content.decode()

    assert "Changes requested: Check the numbers." in page  # the reason column
    thread = re.search(r'<section[^>]*id="review-thread".*?</section>', page, re.S)
    assert "Thanks!" in thread.group(0)


def test_an_empty_comment_is_refused(client, submitted, author):
    client.force_login(author)

    response = client.post(
        reverse("admin:articles_article_comment", args=[submitted.pk]),
        {"text": "  "},
        follow=True,
    )

    assert messages_of(response) == ["Write a comment first."]
    assert not ReviewComment.objects.exists()


def test_an_author_cannot_comment_on_or_read_someone_elses_piece(
    client, author, editor
):
    theirs = ArticleFactory(in_review=True, created_by=editor)
    ReviewComment.objects.create(article=theirs, author=editor, text="Secret note")
    client.force_login(author)

    response = client.post(
        reverse("admin:articles_article_comment", args=[theirs.pk]), {"text": "Hi"}
    )
    history = client.get(reverse("admin:articles_article_history", args=[theirs.pk]))

    assert response.status_code == 403
    assert history.status_code == 403
    assert ReviewComment.objects.count() == 1


# -- reasons -------------------------------------------------------------------------


def test_any_workflow_button_takes_a_reason_that_shows_in_history(
    client, submitted, editor
):
    client.force_login(editor)

    client.post(
        change_url(submitted),
        form_data(
            submitted,
            _workflow="publish",
            workflow_comment="Cleared by legal this morning.",
        ),
    )

    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    history = client.get(
        reverse("admin:articles_article_history", args=[submitted.pk])
    ).content.decode()
    assert "Published: Cleared by legal this morning." in history


def test_a_long_reason_is_kept_whole(submitted, editor):
    reason = "Please rework the second half. " * 10  # over 100 characters

    workflow.return_to_draft(submitted, editor, reason=reason)

    assert submitted.history.first().history_change_reason == (
        f"Returned to draft: {reason.strip()}"
    )


def test_a_transition_without_a_reason_keeps_its_plain_history_entry(submitted, editor):
    workflow.publish(submitted, editor)
    assert submitted.history.first().history_change_reason == "Published"


# -- notifications --------------------------------------------------------------------


def test_submitting_notifies_every_editor_on_the_dashboard_and_by_email(
    client, author, editor, django_capture_on_commit_callbacks
):
    member("second", EDITOR)
    no_email = member("quiet", EDITOR)
    User.objects.filter(pk=no_email.pk).update(email="")
    member("other_author", AUTHOR)
    draft = ArticleFactory(draft=True, title="Flood update", created_by=author)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(draft, author)

    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "editor",
        "second",
        "quiet",
    }
    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor@example.org",
        "second@example.org",
    ]
    assert "Olena Writer submitted “Flood update” for review." in mail.outbox[0].body


def test_publishing_notifies_the_author(
    submitted, editor, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(submitted, editor)

    notice = Notification.objects.get()
    assert notice.recipient == author
    assert notice.message == "“Bridge reopens” was published."
    assert [message.to for message in mail.outbox] == [["author@example.org"]]


def test_nobody_is_notified_of_their_own_action(
    editor, django_capture_on_commit_callbacks
):
    own = ArticleFactory(in_review=True, created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(own, editor)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_refused_transition_notifies_nobody(
    author, editor, django_capture_on_commit_callbacks
):
    empty = ArticleFactory(draft=True, body="", created_by=author)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            workflow.submit_for_review(empty, author)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_dashboard_lists_unread_notifications_and_marks_them_read(
    client, submitted, editor, author
):
    workflow.request_changes(submitted, editor, reason="Shorter title, please.")
    client.force_login(author)

    first = client.get(reverse("admin:index")).content.decode()
    again = client.get(reverse("admin:index")).content.decode()

    notices = panel(first, "notifications")
    assert "Maksym Editor asked for changes to “Bridge reopens”" in notices
    assert reverse("admin:articles_article_change", args=[submitted.pk]) in notices
    assert Notification.objects.get().read_at is not None
    assert "Shorter title, please." not in (panel(again, "notifications") or "")


# -- the "Sent back to me" panel ----------------------------------------------------


def test_the_author_sees_a_piece_sent_back_with_its_comment_until_resubmitted(
    client, submitted, editor, author
):
    workflow.request_changes(submitted, editor, reason="Add the mayor's reply.")
    client.force_login(author)

    page = client.get(reverse("admin:index")).content.decode()

    sent_back = panel(page, "sent-back")
    assert "Bridge reopens" in sent_back
    assert "Add the mayor&#x27;s reply." in sent_back
    assert "Maksym Editor" in sent_back
    assert reverse("admin:articles_article_change", args=[submitted.pk]) in sent_back

    submitted.refresh_from_db()
    workflow.submit_for_review(submitted, author)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Bridge reopens" not in panel(page, "sent-back")


def test_a_piece_returned_to_draft_later_is_not_listed_as_sent_back(
    submitted, editor, author
):
    workflow.request_changes(submitted, editor, reason="First round.")
    workflow.submit_for_review(submitted, author)
    workflow.return_to_draft(submitted, editor)

    assert dashboard.sent_back(author) == []


def test_the_sent_back_panel_holds_only_the_users_own_pieces(submitted, editor):
    workflow.request_changes(submitted, editor, reason="Fix it.")
    other = member("other", AUTHOR)

    assert dashboard.sent_back(other) == []


@pytest.mark.parametrize("panel_of", ["sent_back", "unread_notifications"])
def test_the_review_panels_are_one_query_each_however_much_they_list(
    django_assert_num_queries, editor, author, panel_of
):
    for n in range(12):
        piece = ArticleFactory(in_review=True, created_by=author)
        workflow.request_changes(piece, editor, reason=f"Round {n}")
    author = User.objects.get(pk=author.pk)

    with django_assert_num_queries(1):
        shown = getattr(dashboard, panel_of)(author)

    assert len(shown) == dashboard.PANEL_SIZE


# -- email settings ------------------------------------------------------------------


def mail_from_a_fresh_process(**env):
    """Send one email from `manage.py shell` with this environment."""
    environment = {k: v for k, v in os.environ.items() if "DJANGO" not in k}
    environment |= env
    code = (
        "from django.core.mail import send_mail;"
        "from django.core.mail import mailers;"
        "print(type(mailers.default).__module__);"
        "send_mail('Hello desk', 'A body line', None, ['olena@example.org'])"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=environment,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_in_development_notification_emails_are_printed_to_the_console():
    out = mail_from_a_fresh_process(DJANGO_DEBUG="1")
    assert "django.core.mail.backends.console" in out
    assert "Subject: Hello desk" in out and "A body line" in out
    assert "From: newsroom@localhost" in out


def test_without_debug_emails_go_by_smtp_to_the_configured_host():
    environment = {k: v for k, v in os.environ.items() if "DJANGO" not in k}
    environment |= {
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_EMAIL_HOST": "mail.example.org",
        "DJANGO_EMAIL_PORT": "587",
    }
    code = (
        "from django.core.mail import mailers;"
        "m = mailers.default;"
        "print(type(m).__module__, m.host, m.port)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=environment | {"DJANGO_SETTINGS_MODULE": "cms.settings"},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.split() == ["django.core.mail.backends.smtp", "mail.example.org", "587"]
