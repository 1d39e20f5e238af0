"""Edit conflicts: a refused save merged, field by field, with what was saved
since the editor opened the piece, so they copy nothing by hand.

Every save bumps Article.version and records a history entry carrying that
version, so the entry for the version a form was opened at is the common
ancestor (base) of the two edits. `find_conflict` merges the submitted form
(mine) with the piece as it is now (theirs) over that base (articles/merge.py);
the admin shows the change form filled with the result, and each field both
changed with a word-level diff and a choice (`_merge_<field>` = mine or
theirs), which `apply_merge_choices` applies to the next submit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.http import QueryDict
from django.utils.safestring import SafeString
from taggit.utils import edit_string_for_tags, parse_tags

from articles.diff import body_as_text, side_by_side
from articles.merge import three_way
from articles.models import Article
from articles.sanitize import clean_html

# Typed text, merged as text.
TEXT_FIELDS = (
    "title",
    "lead",
    "body",
    "source_name",
    "source_url",
    "hero_caption",
    "hero_credit",
    "hero_alt",
)
# Links to other rows, merged by id (the hero image when the model has one).
LINK_FIELDS = tuple(
    name
    for name in ("section", "disclaimer", "hero")
    if name in {field.name for field in Article._meta.get_fields()}
)
# Choices and links, merged as values.
VALUE_FIELDS = ("kind", "is_exclusive", *LINK_FIELDS)
# Not kept in history, so with no base: a difference is always shown.
UNVERSIONED_FIELDS = ("tags",)
MERGED_FIELDS = TEXT_FIELDS + VALUE_FIELDS + UNVERSIONED_FIELDS
MERGE_CHOICE = "_merge_"


@dataclass
class FieldConflict:
    name: str
    label: str
    theirs: SafeString  # their value, what differs from mine marked
    mine: SafeString


@dataclass
class EditConflict:
    base_version: int
    current_version: int
    changed_by: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)  # labels: mine, in the form
    kept: list[str] = field(default_factory=list)  # labels: theirs, kept
    conflicts: list[FieldConflict] = field(default_factory=list)
    initial: dict = field(default_factory=dict)  # the merged form's values


def find_conflict(article_id, base_version, posted) -> EditConflict | None:
    """An EditConflict if the piece was saved since `base_version`, else None."""
    try:
        base_version = int(base_version)
    except (TypeError, ValueError):
        return None
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.version == base_version:
        return None
    conflict = EditConflict(base_version=base_version, current_version=article.version)
    newer = (
        Article.history.filter(id=article_id, version__gt=base_version)
        .select_related("history_user")
        .order_by("history_id")
    )
    conflict.changed_by = sorted({_who(record.history_user) for record in newer})
    base = record_at(article_id, base_version)
    merge = three_way(
        values_of(base) if base is not None else {},
        values_of(article, with_tags=True),
        posted_values(posted),
    )
    conflict.applied = [_label(name) for name in merge.applied]
    conflict.kept = [_label(name) for name in merge.kept]
    for clash in merge.conflicts:
        theirs, mine = side_by_side(
            _shown(clash.name, clash.theirs), _shown(clash.name, clash.mine)
        )
        conflict.conflicts.append(
            FieldConflict(clash.name, _label(clash.name), theirs, mine)
        )
    conflict.initial = {
        name: _initial(name, value) for name, value in merge.result.items()
    }
    return conflict


def apply_merge_choices(article_id, posted: QueryDict) -> QueryDict:
    """The submitted form with each field chosen as "theirs" on the merge
    screen set to their value: the piece at the version the screen showed."""
    chosen = [
        name for name in MERGED_FIELDS if posted.get(MERGE_CHOICE + name) == "theirs"
    ]
    if not chosen:
        return posted
    try:
        shown_version = int(posted.get("base_version"))
    except (TypeError, ValueError):
        return posted
    theirs = record_at(article_id, shown_version)
    current = Article.objects.filter(pk=article_id).first()
    if theirs is None or current is None:
        return posted
    values = values_of(theirs) | {"tags": values_of(current, with_tags=True)["tags"]}
    posted = posted.copy()
    for name in chosen:
        raw = _raw(name, values[name])
        if raw is None:
            posted.pop(name, None)
        else:
            posted[name] = raw
    return posted


def record_at(article_id, version):
    """The history entry that made `version` of the piece, or None."""
    return (
        Article.history.filter(id=article_id, version=version)
        .order_by("-history_id")
        .first()
    )


def values_of(obj, with_tags=False) -> dict:
    """The merged fields of a piece or a history entry, comparable with
    `posted_values`."""
    values = {name: _text(getattr(obj, name)) for name in TEXT_FIELDS}
    values |= {"kind": obj.kind, "is_exclusive": bool(obj.is_exclusive)}
    values |= {name: getattr(obj, f"{name}_id") for name in LINK_FIELDS}
    if with_tags:
        values["tags"] = tuple(sorted(tag.name for tag in obj.tags.all()))
    return values


def posted_values(posted) -> dict:
    """The merged fields of a submitted change form (those it carried)."""
    values = {}
    for name in TEXT_FIELDS:
        if name in posted:
            raw = posted.get(name, "")
            values[name] = _text(clean_html(raw) if name == "body" else raw)
    if "kind" in posted:  # the whole form was posted: an unticked box is False
        values["kind"] = posted.get("kind")
        values["is_exclusive"] = posted.get("is_exclusive") in ("on", "true", "1")
    for name in LINK_FIELDS:
        if name in posted:
            raw = posted.get(name) or ""
            values[name] = int(raw) if raw.isdigit() else None
    if "tags" in posted:
        try:
            values["tags"] = tuple(sorted(parse_tags(posted.get("tags") or "")))
        except ValueError:
            values["tags"] = (posted.get("tags"),)
    return values


def _initial(name, value):
    if name == "tags":
        return _tag_string(value)
    return value


def _raw(name, value) -> str | None:
    """A value as the form posts it (None: not posted, an unticked box)."""
    if name == "is_exclusive":
        return "on" if value else None
    if name == "tags":
        return _tag_string(value)
    return "" if value is None else str(value)


def _tag_string(names) -> str:
    return edit_string_for_tags([SimpleNamespace(name=name) for name in names])


def _shown(name, value) -> str:
    """A value as text for a diff."""
    if name == "body":
        return body_as_text(value)
    if name == "tags":
        return ", ".join(value)
    if name == "is_exclusive":
        return "Yes" if value else "No"
    if name in LINK_FIELDS:
        model = Article._meta.get_field(name).related_model
        return str(model.objects.filter(pk=value).first() or "—")
    if name == "kind":
        return dict(Article._meta.get_field("kind").choices).get(value, value)
    return value or ""


def _who(user) -> str:
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def _label(name: str) -> str:
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").strip()
