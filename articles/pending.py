"""Pending changes to a live piece: saved, previewed, then published or
discarded, while readers keep seeing the live version.

Saving a published piece in the admin does not touch the article: what the
form changed (its fields, tags, related pieces, bylines) is kept here, one
`PendingChange` per piece, with any correction or update note added with it.
"Publish changes" applies them in one save of the article (now, or at a
chosen time); "Discard changes" deletes them. Only the fields that differ
from the live piece are kept, so publishing them later leaves alone whatever
changed in the live piece meanwhile (a correction, a revert).

Scheduled changes go out by themselves, like a scheduled piece: their time
is part of the site version's next due time (articles/versions.py), and the
first read after it applies them (`apply_due_changes`) before the new version
is made, so the cached site shows them on the next request.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from taggit.managers import TaggableManager

from articles import versions
from articles.models import Article, ArticleAuthor, Correction, stamped_by

logger = logging.getLogger(__name__)
Status = Article.Status


class PendingChange(models.Model):
    """What an editor or author changed in a published piece, not live yet."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="pending_change"
    )
    # {"fields": {attname: value}, "tags": [...], "related": [...],
    #  "authors": [...]}: only what differs from the live piece.
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    # [{"kind": ..., "text": ..., "by": user id}]: they go out with the changes.
    notes = models.JSONField(default=list, blank=True)
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When the changes go live by themselves."
    )
    scheduled_by = stamped_by()
    # Bumped by every save, so a save on top of someone else's is noticed.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = stamped_by()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = stamped_by()
    last_error = models.TextField(
        blank=True, help_text="Why the scheduled publishing failed, if it did."
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["publish_at"])]

    def __str__(self):
        return f"Pending changes to {self.article}"

    @property
    def changed_labels(self) -> list[str]:
        """What the changes touch, as the form calls it."""
        names = list(self.changes.get("fields", {}))
        names += [n for n in ("tags", "related", "authors") if n in self.changes]
        labels = []
        for name in names:
            if name == "authors":
                labels.append("bylines")
                continue
            field = next(
                f
                for f in Article._meta.get_fields()
                if getattr(f, "attname", None) == name or f.name == name
            )
            labels.append(str(getattr(field, "verbose_name", name)))
        return labels

    @property
    def note_list(self) -> list[tuple[str, str]]:
        """The notes that go out with the changes: (kind as shown, text)."""
        return [(Correction.Kind(n["kind"]).label, n["text"]) for n in self.notes]


class StaleChanges(Exception):
    """Someone saved the pending changes after this form was opened."""

    def __init__(self, pending: PendingChange):
        super().__init__("The pending changes were saved by someone else meanwhile.")
        self.pending = pending


# -- who may do what ----------------------------------------------------------


def can_propose(user, article: Article) -> bool:
    """Editors change any piece; an author proposes changes to their own
    published pieces (editors publish them)."""
    from articles import workflow

    return workflow.can_edit(user, article) or (
        article.status == Status.PUBLISHED
        and user.has_perm("articles.change_article")
        and workflow.is_own(user, article)
    )


def saves_as_pending(user, article: Article) -> bool:
    """Whether a save of `article` by `user` becomes pending changes: the
    piece is live, or the user may only propose (an author's own published
    piece), or changes are already pending (until published or discarded)."""
    from articles import workflow

    if has_pending(article):
        return True
    return article.status == Status.PUBLISHED and (
        article.is_public or not workflow.can_edit(user, article)
    )


def has_pending(article: Article) -> bool:
    if "has_pending_changes" in article.__dict__:
        return article.has_pending_changes
    return PendingChange.objects.filter(article=article.pk).exists()


# -- values as they are kept --------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (datetimes as ISO strings), for comparing."""
    if isinstance(value, FieldFile):
        value = value.name or ""
    if isinstance(value, datetime):  # the same instant, typed in Kyiv time
        value = value.astimezone(UTC)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _live_m2m(article: Article) -> dict[str, list]:
    return {
        "tags": sorted(article.tags.names()),
        "related": sorted(article.related.values_list("pk", flat=True)),
        "authors": list(
            ArticleAuthor.objects.filter(article=article)
            .order_by("position", "id")
            .values_list("author_id", flat=True)
        ),
    }


def content_fields(names) -> list[models.Field]:
    """The article's own columns among `names` (a form's fields)."""
    fields = []
    for name in names:
        try:
            field = Article._meta.get_field(name)
        except Exception:  # a form-only field such as base_version
            continue
        if field.concrete and not field.many_to_many and field.editable:
            fields.append(field)
    return fields


# -- saving, publishing, discarding ------------------------------------------


@transaction.atomic
def propose(
    article: Article,
    user,
    *,
    values: dict[str, Any],
    tags: list[str] | None = None,
    related: list[int] | None = None,
    authors: list[int] | None = None,
    notes: list[tuple[str, str]] = (),
    revision: int | None = None,
) -> PendingChange | None:
    """Keep what differs from the live piece as its pending changes.

    `values` maps attnames to the values typed; `tags`, `related` and
    `authors` are the whole new lists, or None where the form had none.
    `revision` is the pending changes' revision the editor opened (0: none);
    a save on top of a newer one raises StaleChanges. Returns None, keeping
    nothing, when nothing differs and nothing was pending (the caller adds
    any note at once, as for an unchanged piece)."""
    if not can_propose(user, article):
        raise PermissionDenied("You may not change this piece.")
    live = Article.objects.get(pk=article.pk)
    pending = PendingChange.objects.select_for_update().filter(article=live).first()
    current = pending.revision if pending else 0
    if revision is not None and revision != current:
        raise StaleChanges(pending)
    changes: dict[str, Any] = {"fields": {}}
    for attname, value in values.items():
        if _plain(value) != _plain(getattr(live, attname)):
            changes["fields"][attname] = _plain(value)
    live_m2m = _live_m2m(live)
    for name, new in (
        ("tags", sorted(tags) if tags is not None else None),
        ("related", sorted(related) if related is not None else None),
        ("authors", list(authors) if authors is not None else None),
    ):
        if new is not None and new != live_m2m[name]:
            changes[name] = new
    if not changes["fields"]:
        del changes["fields"]
    kept_notes = list(pending.notes) if pending else []
    kept_notes += [{"kind": k, "text": t.strip(), "by": user.pk} for k, t in notes]
    if not changes and not kept_notes:
        if pending is not None:
            pending.delete()
        return None
    if pending is None and not changes:
        return None
    if pending is None:
        pending = PendingChange(article=live, created_by=user)
    else:
        pending.revision += 1
    pending.changes = changes
    pending.notes = kept_notes
    pending.updated_at = timezone.now()
    pending.updated_by = user
    pending.save()
    return pending


def _apply(article: Article, pending: PendingChange) -> list[Correction]:
    """Write the pending changes into `article` (fields in memory; tags,
    related pieces, bylines and notes in the database). The caller saves."""
    for attname, value in pending.changes.get("fields", {}).items():
        field = next(f for f in Article._meta.concrete_fields if f.attname == attname)
        setattr(article, attname, field.to_python(value))
    if "tags" in pending.changes:
        article.tags.set(pending.changes["tags"])
    if "related" in pending.changes:
        article.related.set(pending.changes["related"])
    if "authors" in pending.changes:
        ArticleAuthor.objects.filter(article=article).delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=author_id, position=n)
            for n, author_id in enumerate(pending.changes["authors"])
        )
    made = []
    now = timezone.now()
    for note in pending.notes:
        correction = Correction(
            article=article,
            kind=note["kind"],
            text=note["text"],
            created_at=now,
            created_by_id=note.get("by"),
        )
        made.append(correction)
        if correction.sets_updated_time:
            article.updated_at = now
    return made


def _publish_now(pending: PendingChange, user) -> Article:
    from articles import workflow
    from articles.cdn import purge_after_commit

    article = Article.objects.get(pk=pending.article_id)
    notes = _apply(article, pending)
    if article.status == Status.PUBLISHED:
        workflow.validate_for_publishing(article)
    for note in notes:
        note.save()  # which bumps the site's version too
    article._change_reason = "Pending changes published" + (
        " with a note" if notes else ""
    )
    if user is not None:  # scheduled ones go out in a reader's request
        article._history_user = user
    article.save()  # bumps the site's version: readers see them now
    pending.delete()
    purge_after_commit([article.get_absolute_url()])
    return article


def publish_changes(article: Article, user, *, at: datetime | None = None) -> Article:
    """Make the pending changes live now, or at `at` (they go out by
    themselves then). Needs the right to publish."""
    from articles import workflow

    if not workflow.can_publish(user):
        raise PermissionDenied("Only editors can publish changes.")
    with transaction.atomic():
        pending = (
            PendingChange.objects.select_for_update().filter(article=article).first()
        )
        if pending is None:
            raise ValidationError("This piece has no pending changes.", code="none")
        if at is not None and at > timezone.now():
            check_publishable(pending)
            pending.publish_at = at.replace(microsecond=0)
            pending.scheduled_by = user
            pending.last_error = ""
            pending.save()
            # Its time becomes the site version's next due time.
            versions.SITE.bump(due=pending.publish_at)
            return article
        return _publish_now(pending, user)


def check_publishable(pending: PendingChange) -> None:
    """Raise the ValidationError publishing would, without keeping anything."""
    with preview_applied(pending.article_id):
        pass


def discard_changes(article: Article, user) -> None:
    if not can_propose(user, article):
        raise PermissionDenied("You may not discard changes to this piece.")
    PendingChange.objects.filter(article=article).delete()


def unschedule(article: Article, user) -> None:
    from articles import workflow

    if not workflow.can_publish(user):
        raise PermissionDenied("Only editors can schedule changes.")
    PendingChange.objects.filter(article=article).update(
        publish_at=None, scheduled_by=None
    )


def next_changes_due():
    """The earliest time scheduled changes go out (past ones included)."""
    return (
        PendingChange.objects.filter(publish_at__isnull=False)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def apply_due_changes() -> int:
    """Publish every scheduled change whose time has come; a change that can
    no longer be published is unscheduled, with the reason kept for the
    editors. Returns how many went out."""
    done = 0
    due = PendingChange.objects.filter(publish_at__lte=timezone.now())
    for pending_id in list(due.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                pending = (
                    PendingChange.objects.select_for_update()
                    .filter(pk=pending_id, publish_at__lte=timezone.now())
                    .first()
                )
                if pending is None:  # published by another process meanwhile
                    continue
                _publish_now(pending, pending.scheduled_by)
                done += 1
        except (ValidationError, Article.NotUpdated) as exc:
            reason = " ".join(getattr(exc, "messages", ["the piece changed"]))
            logger.warning("Scheduled changes %s not published: %s", pending_id, reason)
            PendingChange.objects.filter(pk=pending_id).update(
                publish_at=None, last_error=f"Not published at the set time: {reason}"
            )
    return done


class _Rollback(Exception):
    pass


@contextmanager
def preview_applied(article_id: int, *, validate: bool = True):
    """The piece with its pending changes applied, inside a transaction that
    is rolled back afterwards: what readers would see, and nothing kept (no
    version bump either). With `validate`, raises the ValidationError
    publishing them would."""
    from articles import workflow

    if not PendingChange.objects.filter(article=article_id).exists():
        yield None
        return
    try:
        with transaction.atomic(), versions.no_bumps():
            pending = PendingChange.objects.get(article=article_id)
            article = Article.objects.get(pk=article_id)
            notes = _apply(article, pending)
            if validate and article.status == Status.PUBLISHED:
                workflow.validate_for_publishing(article)
            Correction.objects.bulk_create(notes)  # no save(): no bump
            article._change_reason = "Preview of pending changes"
            article.save()
            yield article
            raise _Rollback
    except _Rollback:
        pass


def overlay(article: Article, pending: PendingChange) -> Article:
    """Show the pending field values on an article instance, in memory only."""
    for attname, value in pending.changes.get("fields", {}).items():
        field = next(f for f in Article._meta.concrete_fields if f.attname == attname)
        setattr(article, attname, field.to_python(value))
        if field.is_relation and field.is_cached(article):
            field.delete_cached_value(article)  # the live one's, now stale
    article.has_pending_changes = True
    article.pending = pending
    return article


def form_m2m_values(form) -> dict[str, Any]:
    """Tags (names) and related pieces (ids) from a valid article form."""
    out: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        try:
            field = Article._meta.get_field(name)
        except Exception:
            continue
        if isinstance(field, TaggableManager):
            out["tags"] = list(value)
        elif field.many_to_many and name == "related":
            out["related"] = [obj.pk for obj in value]
    return out
