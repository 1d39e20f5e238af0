"""Ticker items found by a reader's search, shown next to the articles."""

from articles.search import full_text
from newsfeed.models import NewsItem

RESULTS = 10


def search_news(text: str, limit: int = RESULTS) -> list[NewsItem]:
    """Up to `limit` public ticker items with every word of `text` in their
    headline or brief, best match first, then newest (one query)."""
    items = NewsItem.objects.published().for_feed()
    return list(full_text(items, text, order_by=("-published_at", "-id"))[:limit])
