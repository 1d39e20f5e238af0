"""The editorial workflow: draft → in review → published (now or scheduled) →
unpublished, and back to draft.

Each transition is one function that checks the permission, validates the
piece, stamps who and when, and records a history entry with a reason. The
admin's buttons and bulk actions call these same functions.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import review
from articles.cdn import purge_after_commit
from articles.models import Article, Correction, Kind

Status = Article.Status


def is_own(user, article: Article) -> bool:
    """Created by the user, or the user writes as one of its authors."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    profile = getattr(user, "author_profile", None)
    return profile is not None and any(
        byline.author_id == profile.pk for byline in article.bylines.all()
    )


def can_edit(user, article: Article) -> bool:
    """Editors edit anything; an author edits only their own drafts."""
    if user.has_perm("articles.edit_any_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and is_own(user, article)
    )


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


def validate_for_review(article: Article) -> None:
    errors = {}
    if not article.title.strip():
        errors["title"] = ValidationError("A piece needs a title.", code="no_title")
    if not article.body.strip():
        errors["body"] = ValidationError("A piece needs a body.", code="no_body")
    if errors:
        raise ValidationError(errors)


def validate_for_publishing(
    article: Article, *, has_author: bool | None = None
) -> None:
    """What a published piece must have; raises ValidationError listing all gaps.

    `has_author` stands in for the bylines of a piece not saved yet (the
    form's checklist, articles/readiness.py, asks of the form as it is)."""
    errors = {}
    for field, label in (("title", "title"), ("lead", "lead"), ("body", "body")):
        if not getattr(article, field).strip():
            errors[field] = ValidationError(
                "A published piece needs a %(what)s.",
                code=f"no_{field}",
                params={"what": label},
            )
    if article.hero_id and not article.hero_alt.strip():
        errors["hero_alt"] = ValidationError(
            "The hero image needs alt text for readers who cannot see it.",
            code="no_alt_text",
        )
    if article.kind == Kind.OPINION:
        if has_author is None:
            has_author = article.bylines.exists()
        if not has_author:
            errors["__all__"] = ValidationError(
                "An opinion piece needs an author.", code="opinion_without_author"
            )
        if article.disclaimer_id is None:
            errors["disclaimer"] = ValidationError(
                "An opinion piece needs a disclaimer.",
                code="opinion_without_disclaimer",
            )
    if errors:
        raise ValidationError(errors)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_status(article: Article, allowed: set[str], action: str) -> None:
    if article.status not in allowed:
        raise ValidationError(
            "A piece that is %(status)s cannot be %(action)s.",
            code="wrong_status",
            params={"status": article.get_status_display().lower(), "action": action},
        )


def _transition(
    article: Article, user, status: str, label: str, reason: str = ""
) -> Article:
    """`label` names the step in history; the person's `reason`, if any,
    follows it there ("Returned to draft: the figures are last year's")."""
    article.status = status
    article.status_changed_at = timezone.now()
    article.status_changed_by = user
    article._transition_label = label
    article._change_reason = f"{label}: {reason.strip()}" if reason.strip() else label
    article.save()  # which bumps the site's version (articles/versions.py)
    if status != Status.REVIEW:  # in or out of public view: CDNs must let go
        purge_after_commit([article.get_absolute_url()])
    return article


@transaction.atomic
def submit_for_review(article: Article, user, *, reason: str = "") -> Article:
    _require(can_edit(user, article), "You may only submit your own drafts.")
    _require_status(article, {Status.DRAFT}, "submitted for review")
    validate_for_review(article)
    _transition(article, user, Status.REVIEW, "Submitted for review", reason)
    review.notify_submitted(article, user)
    return article


def can_withdraw(user, article: Article) -> bool:
    return article.status == Status.REVIEW and is_own(user, article)


@transaction.atomic
def withdraw(article: Article, user, *, reason: str = "") -> Article:
    """The author takes their submission back to draft."""
    _require(is_own(user, article), "You may only withdraw your own submissions.")
    _require_status(article, {Status.REVIEW}, "withdrawn from review")
    return _transition(article, user, Status.DRAFT, "Withdrawn from review", reason)


@transaction.atomic
def request_changes(article: Article, user, *, reason: str) -> Article:
    """Send a submitted piece back to its author, saying what to change: the
    comment goes on the review thread, in history and to the author."""
    _require(can_publish(user), "Only editors can request changes.")
    _require_status(article, {Status.REVIEW}, "sent back for changes")
    if not reason.strip():
        raise ValidationError("Say what needs changing.", code="no_comment")
    _transition(article, user, Status.DRAFT, "Changes requested", reason)
    review.add_comment(
        article,
        user,
        reason,
        kind=review.ReviewComment.Kind.CHANGES_REQUESTED,
        at=article.status_changed_at,
    )
    review.notify_changes_requested(article, user, reason.strip())
    return article


@transaction.atomic
def publish(
    article: Article, user, at: datetime | None = None, *, reason: str = ""
) -> Article:
    """Publish now, or at `at` (a scheduled piece appears by itself then).

    Without `at`, a piece that was public before keeps its original time; a new
    piece, or one whose time is in the future, is published now.
    """
    _require(can_publish(user), "Only editors can publish.")
    _require_status(
        article,
        {Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, Status.PUBLISHED},
        "published",
    )
    validate_for_publishing(article)
    # Whole seconds, as the admin form shows and sends them back: otherwise the
    # next save of the form would change the time by the lost microseconds.
    now = timezone.now().replace(microsecond=0)
    if at is not None:
        article.published_at = at
    elif article.published_at is None or article.published_at > now:
        article.published_at = now
    scheduled = article.published_at > now
    when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
    label = f"Scheduled for {when}" if scheduled else "Published"
    _transition(article, user, Status.PUBLISHED, label, reason)
    review.notify_published(article, user)
    return article


@transaction.atomic
def unpublish(article: Article, user, *, reason: str = "") -> Article:
    _require(can_publish(user), "Only editors can unpublish.")
    _require_status(article, {Status.PUBLISHED}, "unpublished")
    return _transition(article, user, Status.UNPUBLISHED, "Unpublished", reason)


@transaction.atomic
def return_to_draft(article: Article, user, *, reason: str = "") -> Article:
    _require(can_publish(user), "Only editors can return a piece to draft.")
    _require_status(
        article,
        {Status.REVIEW, Status.PUBLISHED, Status.UNPUBLISHED},
        "returned to draft",
    )
    return _transition(article, user, Status.DRAFT, "Returned to draft", reason)


@transaction.atomic
def add_note(article: Article, user, kind: str, text: str) -> Correction:
    """A correction, update or clarification at the foot of a published piece.
    Corrections and updates set the public Updated time; clarifications and
    plain typo fixes (edits without a note) do not."""
    _require(can_publish(user), "Only editors can add correction notes.")
    _require_status(article, {Status.PUBLISHED}, "given a correction note")
    if not text.strip():
        raise ValidationError("A note needs text.", code="empty_note")
    note = Correction.objects.create(
        article=article, kind=kind, text=text.strip(), created_by=user
    )
    if note.sets_updated_time:
        article.updated_at = note.created_at
        article._change_reason = f"{note.get_kind_display()} added"
        article.save()
    purge_after_commit([article.get_absolute_url()])
    return note


TRANSITIONS = {
    "submit": submit_for_review,
    "publish": publish,
    "unpublish": unpublish,
    "to_draft": return_to_draft,
    "request_changes": request_changes,
}
