"""An article's history as people read it: each version's fields as text
(the body as text, a paragraph a line; related rows by name; times in Kyiv
time), compared word by word, and the bylines and tags, which have no column
in history, as recorded in each entry's change reason."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from taggit.models import TaggedItem

from articles.diff import body_as_text, inline, side_by_side
from articles.models import Article, ArticleAuthor

KYIV = ZoneInfo("Europe/Kyiv")
REVERT_REASON = "Reverted to an earlier version"
# What a version's content is; a revert restores exactly these.
CONTENT_FIELDS = (
    "title",
    "lead",
    "body",
    "kind",
    "is_exclusive",
    "section",
    "source_name",
    "source_url",
    "hero",
    "hero_image",
    "hero_caption",
    "hero_credit",
    "hero_alt",
    "disclaimer",
)
# Shown when comparing versions; a revert keeps the piece's own.
STATE_FIELDS = ("status", "published_at", "updated_at")
# Bylines and tags have no column in history: an admin save that changes them
# writes what they became as lines of its history entry's change reason, one
# per kind, which the pages here read back and keep out of the "why".
UNVERSIONED = {"authors": "Bylines: ", "tags": "Tags: "}
WERE = {"authors": "Bylines before: ", "tags": "Tags before: "}
# Short enough to show as an inline diff in the history list.
INLINE_LIMIT = 200


def kyiv_time(value) -> str:
    if value is None:
        return "—"
    return date_format(timezone.localtime(value, KYIV), "j F Y, H:i")


def field_names() -> list[str]:
    names = {field.name for field in Article._meta.get_fields()}
    return [name for name in (*CONTENT_FIELDS, *STATE_FIELDS) if name in names]


def content_names() -> list[str]:
    return [name for name in field_names() if name in CONTENT_FIELDS]


def field_text(obj, name: str) -> str:
    """A field of a piece or a history entry as text people read."""
    if name == "body":
        return body_as_text(obj.body)
    if name in ("kind", "status"):
        return getattr(obj, f"get_{name}_display")()
    if name == "is_exclusive":
        return "Yes" if obj.is_exclusive else "No"
    if name in ("published_at", "updated_at"):
        return kyiv_time(getattr(obj, name))
    if name in ("section", "disclaimer", "hero"):
        try:
            related = getattr(obj, name)
        except ObjectDoesNotExist:  # deleted since: history keeps no constraint
            return "(deleted)"
        if related is None:
            return ""
        if name == "disclaimer":
            return f"{related.name}: {related.text}"
        return str(related)
    if name == "hero_image":
        return obj.hero_image.name if obj.hero_image else ""
    return str(getattr(obj, name) or "")


@dataclass
class FieldDiff:
    name: str
    label: str
    before: SafeString
    after: SafeString
    changed: bool


def compare(old, new, names) -> list[FieldDiff]:
    """Each field of `names`, old and new side by side, changes marked."""
    rows = []
    for name in names:
        before, after = field_text(old, name), field_text(new, name)
        left, right = side_by_side(before, after)
        rows.append(FieldDiff(name, _label(name), left, right, before != after))
    return rows


def changed_summary(old, new) -> list[dict]:
    """What a version changed, for the history list: short fields inline."""
    summary = []
    for name in field_names():
        before, after = field_text(old, name), field_text(new, name)
        if before == after:
            continue
        short = len(before) <= INLINE_LIMIT and len(after) <= INLINE_LIMIT
        summary.append(
            {"label": _label(name), "diff": inline(before, after) if short else None}
        )
    return summary


def inline_pair(record, name) -> str:
    """A recorded byline or tag change of one entry, marked in place."""
    return inline(record.unversioned_before[name], record.unversioned[name])


def who(record) -> str:
    user = record.history_user
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def _label(name: str) -> str:
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def bylines_and_tags(article_id) -> dict[str, str]:
    """An article's bylines and tags as they are in the database now."""
    authors = ArticleAuthor.objects.filter(article=article_id).select_related("author")
    tags = TaggedItem.objects.filter(
        content_type__app_label="articles",
        content_type__model="article",
        object_id=article_id,
    ).values_list("tag__name", flat=True)
    return {
        "authors": ", ".join(byline.author.name for byline in authors),
        "tags": ", ".join(sorted(tags)),
    }


def split_reason(reason: str | None) -> tuple[str, dict, dict]:
    """A change reason's "why", and the bylines and tags it recorded: as
    they became, and as they were before."""
    why, after, before = [], {}, {}
    for line in (reason or "").splitlines():
        for recorded, prefixes in ((after, UNVERSIONED), (before, WERE)):
            name = next((n for n, p in prefixes.items() if line.startswith(p)), None)
            if name is not None:
                recorded[name] = line.removeprefix(prefixes[name])
                break
        else:
            why.append(line)
    return "\n".join(why).strip(), after, before


def with_unversioned(records) -> None:
    """Give each of an article's history entries (any order) its "why", and
    the bylines and tags before and after it, as far as they were recorded."""
    state: dict[str, str] = {}
    for record in sorted(records, key=lambda r: r.history_id):
        record.why, after, before = split_reason(record.history_change_reason)
        record.unversioned_before = {**state, **before}
        state = {**state, **after}
        record.unversioned = dict(state)


def unversioned_diffs(old: dict, new: dict) -> list[FieldDiff]:
    """Bylines and tags compared, where both sides are known."""
    rows = []
    for name in UNVERSIONED:
        before, after = old.get(name), new.get(name)
        if before is None or after is None:
            continue
        left, right = side_by_side(before, after)
        rows.append(FieldDiff(name, _label(name), left, right, before != after))
    return rows
