"""The news feed component: the latest items, grouped by Kyiv day, one query.

"More news" pages back in time by keyset: the cursor is the publish time of the
last item shown, and the next page is everything published before it. Unlike
OFFSET, a page stays the same when newer items arrive.
"""

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils import timezone

from newsfeed.models import NewsItem


@dataclass(frozen=True)
class Day:
    """One date group: the header's date and that day's items, newest first."""

    date: date
    items: list[NewsItem]


@dataclass(frozen=True)
class FeedPage:
    days: list[Day]
    # The cursor for the next (older) page; empty when there is nothing older.
    next_before: str = ""


def format_cursor(moment: datetime) -> str:
    """A publish time as the `before` parameter: ISO 8601 in UTC, to the µs."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_cursor(value: str) -> datetime:
    """The `before` parameter as an aware datetime; ValueError if malformed."""
    moment = datetime.fromisoformat(value.strip())
    if timezone.is_naive(moment):
        raise ValueError("The cursor needs a time zone.")
    return moment


def latest_groups(limit: int = 40, before: datetime | None = None) -> FeedPage:
    """Up to `limit` public items published before `before` (or now), by day."""
    items = NewsItem.objects.published().for_feed()
    if before is not None:
        items = items.filter(published_at__lt=before)
    # One row more than shown tells whether an older page exists.
    rows = list(items[: limit + 1])
    page, older = rows[:limit], rows[limit:]
    if older and page and page[-1].published_at == older[0].published_at:
        # The cut falls inside a run of items sharing one publish time; a
        # `before` cursor would skip the rest of the run, so it starts the
        # next page instead (unless the whole page is that one moment).
        tied = page[-1].published_at
        trimmed = [item for item in page if item.published_at != tied]
        page = trimmed or page
    days = [
        Day(date=day, items=list(day_items))
        for day, day_items in itertools.groupby(
            page, key=lambda item: timezone.localtime(item.published_at).date()
        )
    ]
    next_before = format_cursor(page[-1].published_at) if older else ""
    return FeedPage(days=days, next_before=next_before)
