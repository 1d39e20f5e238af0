"""The news feed component: the latest items, grouped by Kyiv day, one query.

"More news" pages back in time by keyset: the cursor is the publish time and id
of the last item shown, and the next page is every item that sorts after it in
the feed's order (-published_at, -id): published earlier, or at the same time
with a lower id. Unlike OFFSET, a page stays the same when newer items arrive,
and unlike a time alone, the cursor never skips items that share a time.
"""

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Q
from django.utils import timezone

from newsfeed.models import NewsItem

# `<ISO 8601 time>_<id>`; a time alone is an older link's cursor. At most 18
# digits, so the id fits a 64-bit integer column.
CURSOR_RE = re.compile(r"(?P<time>[^_]+?)(?:_(?P<id>[0-9]{1,18}))?")


@dataclass(frozen=True)
class Day:
    """One date group: the header's date and that day's items, newest first."""

    date: date
    items: list[NewsItem]


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: its last item's publish time and id (None when an
    older link gave only the time)."""

    published_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class FeedPage:
    days: list[Day]
    # The cursor for the next (older) page; empty when there is nothing older.
    next_before: str = ""


def format_cursor(moment: datetime, pk: int | None = None) -> str:
    """The `before` parameter: ISO 8601 in UTC to the µs, then `_` and the id."""
    text = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return text if pk is None else f"{text}_{pk}"


def parse_cursor(value: str) -> Cursor:
    """The `before` parameter as a Cursor; ValueError if malformed."""
    match = CURSOR_RE.fullmatch(value.strip())
    if match is None:
        raise ValueError("Not a feed cursor.")
    moment = datetime.fromisoformat(match["time"])
    if timezone.is_naive(moment):
        raise ValueError("The cursor needs a time zone.")
    try:
        # In range in its own zone is not enough: 9999-12-31T23:59-23:59 is
        # past the year 9999 in UTC, where the database compares it.
        moment = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("The cursor's time is out of range.") from None
    pk = match["id"]
    return Cursor(published_at=moment, id=None if pk is None else int(pk))


def latest_groups(limit: int = 40, before: Cursor | None = None) -> FeedPage:
    """Up to `limit` public items after `before` in feed order, by day."""
    # The cursor's bound comes first in the WHERE clause, before the gate's
    # `published_at <= now`: SQLite walks the (status, published_at) index
    # from the first upper bound it finds, so with now first it read every
    # item newer than the cursor (half the ticker, halfway back) and dropped
    # them one by one. PostgreSQL uses the tighter bound either way.
    items = NewsItem.objects.all()
    if before is not None and before.id is None:
        items = items.filter(published_at__lt=before.published_at)
    elif before is not None:
        # The row comparison (published_at, id) < (t, id), spelled out as
        # published_at <= t AND (published_at < t OR id < id): the first half
        # alone bounds the index scan (PostgreSQL cannot take a bound from an
        # OR, and would read every newer item and discard it).
        items = items.filter(published_at__lte=before.published_at).filter(
            Q(published_at__lt=before.published_at) | Q(id__lt=before.id)
        )
    items = items.published().for_feed()
    # One row more than shown tells whether an older page exists.
    rows = list(items[: limit + 1])
    page, older = rows[:limit], rows[limit:]
    days = [
        Day(date=day, items=list(day_items))
        for day, day_items in itertools.groupby(
            page, key=lambda item: timezone.localtime(item.published_at).date()
        )
    ]
    last = page[-1] if older else None
    next_before = format_cursor(last.published_at, last.pk) if last else ""
    return FeedPage(days=days, next_before=next_before)
