"""The editorial workflow functions: permission, validation, stamps, history."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleAuthor, Author, Correction, Kind
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    DisclaimerFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db
Status = Article.Status


def user_with(*codenames, username="someone"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
    )
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def editor():
    return user_with(
        "view_article",
        "change_article",
        "publish_article",
        "edit_any_article",
        username="editor",
    )


@pytest.fixture
def author_user():
    user = user_with("view_article", "add_article", "change_article", username="writer")
    Author.objects.create(name="Writer", slug="writer", user=user)
    return user


def test_an_author_submits_their_own_draft_for_review(author_user):
    article = ArticleFactory(draft=True, created_by=author_user)

    workflow.submit_for_review(article, author_user)

    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert article.status_changed_by == author_user
    assert article.status_changed_at is not None
    record = article.history.first()
    assert record.history_change_reason == "Submitted for review"


def test_an_author_cannot_submit_someone_elses_draft(author_user, editor):
    article = ArticleFactory(draft=True, created_by=editor)
    with pytest.raises(PermissionDenied):
        workflow.submit_for_review(article, author_user)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_an_author_writing_as_a_byline_author_counts_as_owner(author_user, editor):
    article = ArticleFactory(draft=True, created_by=editor)
    ArticleAuthor.objects.create(article=article, author=author_user.author_profile)
    assert workflow.can_edit(author_user, article)


def test_an_author_cannot_edit_their_piece_once_submitted(author_user):
    article = ArticleFactory(draft=True, created_by=author_user)
    workflow.submit_for_review(article, author_user)
    assert not workflow.can_edit(author_user, article)


def test_an_author_cannot_publish(author_user):
    article = ArticleFactory(in_review=True, created_by=author_user)
    with pytest.raises(PermissionDenied):
        workflow.publish(article, author_user)


def test_an_editor_publishes_now(editor):
    article = ArticleFactory(in_review=True)

    workflow.publish(article, editor)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert article in Article.objects.published()
    assert article.history.first().history_change_reason == "Published"


def test_a_scheduled_piece_appears_on_its_own_when_its_time_comes(editor):
    article = ArticleFactory(in_review=True)
    at = timezone.now() + timedelta(hours=2)

    workflow.publish(article, editor, at=at)

    assert article.status == Status.PUBLISHED
    assert article not in Article.objects.published()
    later = at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert article in Article.objects.published()
    assert article.history.first().history_change_reason.startswith("Scheduled for")


def test_republishing_keeps_the_original_publish_time(editor):
    first = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    article = ArticleFactory(published_at=first)
    workflow.unpublish(article, editor)
    workflow.publish(article, editor)
    article.refresh_from_db()
    assert article.published_at == first


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"lead": ""}, "no_lead"),
        ({"body": ""}, "no_body"),
        ({"title": " "}, "no_title"),
        ({"hero": "library image", "hero_alt": ""}, "no_alt_text"),
    ],
)
def test_publishing_refuses_a_piece_missing_what_readers_need(editor, change, code):
    if change.get("hero") == "library image":
        change = change | {"hero": ImageFactory()}
    article = ArticleFactory(in_review=True, **change)
    with pytest.raises(ValidationError) as info:
        workflow.publish(article, editor)
    codes = [e.code for errors in info.value.error_dict.values() for e in errors]
    assert code in codes
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_an_opinion_piece_needs_an_author_and_a_disclaimer(editor):
    article = ArticleFactory(in_review=True, kind=Kind.OPINION)
    with pytest.raises(ValidationError) as info:
        workflow.publish(article, editor)
    assert set(info.value.error_dict) == {"__all__", "disclaimer"}

    article.disclaimer = DisclaimerFactory()
    article.save()
    ArticleAuthor.objects.create(article=article, author=AuthorFactory())
    workflow.publish(article, editor)
    assert article.status == Status.PUBLISHED


def test_unpublish_then_return_to_draft(editor):
    article = ArticleFactory()
    workflow.unpublish(article, editor)
    assert article not in Article.objects.published()
    workflow.return_to_draft(article, editor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    reasons = list(article.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Returned to draft", "Unpublished"]


def test_a_transition_from_the_wrong_state_is_refused(editor):
    article = ArticleFactory(draft=True)
    with pytest.raises(ValidationError, match="draft cannot be unpublished"):
        workflow.unpublish(article, editor)


def test_a_correction_sets_the_updated_time_and_badge(editor):
    article = ArticleFactory()
    assert article.badge == ""

    note = workflow.add_note(article, editor, Correction.Kind.CORRECTION, "Fixed X.")

    article.refresh_from_db()
    assert article.updated_at == note.created_at
    assert article.badge == "Updated"


def test_a_clarification_and_a_typo_fix_leave_the_updated_time_alone(editor):
    article = ArticleFactory()
    workflow.add_note(article, editor, Correction.Kind.CLARIFICATION, "To be clear")
    article.refresh_from_db()
    article.body = "<p>Fixed a typo.</p>"
    article.save()
    article.refresh_from_db()
    assert article.updated_at is None


def test_notes_only_on_published_pieces(editor):
    article = ArticleFactory(draft=True)
    with pytest.raises(ValidationError):
        workflow.add_note(article, editor, Correction.Kind.UPDATE, "x")


def test_a_stale_save_is_refused_and_writes_nothing():
    article = ArticleFactory(title="Original")
    first = Article.objects.get(pk=article.pk)
    second = Article.objects.get(pk=article.pk)
    first.title = "First editor's title"
    first.save()

    second.title = "Second editor's title"
    # The refused save rolls back its own transaction, as the admin's does.
    with pytest.raises(Article.NotUpdated), transaction.atomic():
        second.save()

    article.refresh_from_db()
    assert article.title == "First editor's title"
    assert article.version == 2
    assert second.version == 1  # unchanged, so a retry is still detected
