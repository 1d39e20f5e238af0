"""The ticker's version token (see articles/versions.py): bumped when an item
is added, edited, hidden or deleted; renewed when a scheduled item comes due.
The sidebar and the pages that show it are keyed by it and by the site's
version, since items follow the article they link to."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min
from django.utils import timezone

from articles.versions import ContentVersion


def next_item_due() -> datetime | None:
    from newsfeed.models import NewsItem

    return NewsItem.objects.filter(
        status=NewsItem.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(due=Min("published_at"))["due"]


FEED = ContentVersion("feed", next_item_due)
