"""Edit conflicts: what changed since an editor opened a piece, and what they
typed, so a refused save loses nothing.

Every save bumps Article.version and records a history entry carrying that
version, so the entry for the version a form was opened at is the common
ancestor of the two edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article

# Fields an editor types into; shown back to them when their save is refused.
TYPED_FIELDS = (
    "title",
    "lead",
    "body",
    "source_name",
    "source_url",
    "hero_caption",
    "hero_credit",
    "hero_alt",
)
IGNORED_IN_DIFF = {"version", "status_changed_at", "status_changed_by", "created_by"}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class EditConflict:
    base_version: int
    current_version: int
    changed_by: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    typed: list[FieldChange] = field(default_factory=list)  # before = theirs


def find_conflict(article_id, base_version, posted) -> EditConflict | None:
    """An EditConflict if the piece was saved since `base_version`, else None."""
    try:
        base_version = int(base_version)
    except (TypeError, ValueError):
        return None
    current_version = (
        Article.objects.filter(pk=article_id).values_list("version", flat=True).first()
    )
    if current_version is None or current_version == base_version:
        return None
    conflict = EditConflict(base_version=base_version, current_version=current_version)
    current = Article.history.filter(id=article_id).order_by("-history_id").first()
    newer = (
        Article.history.filter(id=article_id, version__gt=base_version)
        .select_related("history_user")
        .order_by("history_id")
    )
    conflict.changed_by = sorted(
        {
            (
                r.history_user.get_full_name() or r.history_user.get_username()
                if r.history_user
                else "the system"
            )
            for r in newer
        }
    )
    base = (
        Article.history.filter(id=article_id, version=base_version)
        .order_by("-history_id")
        .first()
    )
    if base is not None and current is not None:
        delta = current.diff_against(base, excluded_fields=IGNORED_IN_DIFF)
        conflict.changes = [
            FieldChange(_label(c.field), _text(c.old), _text(c.new))
            for c in delta.changes
            if _text(c.old) != _text(c.new)
        ]
    for name in TYPED_FIELDS:
        if name in posted:
            theirs = posted.get(name, "")
            started_with = getattr(base, name, "") if base is not None else ""
            if _text(theirs) != _text(started_with):
                conflict.typed.append(
                    FieldChange(_label(name), _text(theirs), _text(started_with))
                )
    return conflict


def _label(name: str) -> str:
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    return str(value).replace("\r\n", "\n").strip()
