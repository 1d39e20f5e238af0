"""The review loop's records: comments on a piece, and notifications.

Review comments are an admin-only thread on a piece; a request for changes is
one of them, marked as such. Notifications tell people what the workflow did
(articles/workflow.py calls `notify_*`): a row each, listed on their dashboard
until seen, and an email through Django's mail framework, sent by a task once
the transition has committed (a rolled-back transition tells nobody).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, stamped_by


def display_name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


class ReviewComment(models.Model):
    """A note between editors and authors about a piece; never public."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="review_comments"
    )
    author = stamped_by()
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.COMMENT)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"


class Notification(models.Model):
    """Something the workflow did that a person should know about."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_notifications",
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self):
        return self.message


def add_comment(
    article: Article,
    user,
    text: str,
    *,
    kind: str = ReviewComment.Kind.COMMENT,
    at: datetime | None = None,
) -> ReviewComment:
    """A comment on the piece's review thread; the caller checks who may."""
    if not text.strip():
        raise ValidationError("Write a comment first.", code="empty_comment")
    return ReviewComment.objects.create(
        article=article,
        author=user,
        kind=kind,
        text=text.strip(),
        created_at=at or timezone.now(),
    )


# -- who is told ----------------------------------------------------------------


def owners(article: Article):
    """The piece's creator and the accounts behind its bylines."""
    bylined = ArticleAuthor.objects.filter(article=article).values("author__user")
    return get_user_model().objects.filter(
        models.Q(pk=article.created_by_id) | models.Q(pk__in=bylined),
        is_active=True,
    )


def editors():
    """Everyone who may publish, by role or by their own permission."""
    return get_user_model().objects.with_perm(
        "articles.publish_article",
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )


def notify(recipients, article: Article, actor, kind: str, message: str) -> None:
    """A notification for each recipient but the actor, and an email each
    once the transaction commits."""
    rows = Notification.objects.bulk_create(
        Notification(recipient=person, article=article, kind=kind, message=message)
        for person in recipients
        if person.pk != getattr(actor, "pk", None)
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))


def notify_submitted(article: Article, actor) -> None:
    notify(
        editors(),
        article,
        actor,
        Notification.Kind.SUBMITTED,
        f"{display_name(actor)} submitted “{article.title}” for review.",
    )


def notify_changes_requested(article: Article, actor, comment: str) -> None:
    notify(
        owners(article),
        article,
        actor,
        Notification.Kind.CHANGES_REQUESTED,
        f"{display_name(actor)} asked for changes to “{article.title}”: {comment}",
    )


def notify_published(article: Article, actor) -> None:
    if article.is_scheduled:
        when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
        message = f"“{article.title}” is scheduled to go out on {when}."
    else:
        message = f"“{article.title}” was published."
    notify(owners(article), article, actor, Notification.Kind.PUBLISHED, message)


@task
def send_notification_emails(ids: list[int]) -> int:
    """Email each notification to its recipient, if they have an address."""
    sent = 0
    notices = Notification.objects.filter(pk__in=ids).select_related(
        "recipient", "article"
    )
    for notice in notices:
        if not notice.recipient.email:
            continue
        change = reverse("admin:articles_article_change", args=[notice.article_id])
        link = settings.SITE_URL + change
        title = " ".join(notice.article.title.split())  # one header line
        sent += send_mail(
            subject=f"[Newsroom] {notice.get_kind_display()}: {title}",
            message=f"{notice.message}\n\nOpen the piece: {link}\n",
            from_email=None,
            recipient_list=[notice.recipient.email],
        )
    return sent
