"""Ticker items found by a reader's search, shown next to the articles."""

from articles.search import ranked_ids
from newsfeed.models import NewsItem

RESULTS = 10


def search_news(text: str, limit: int = RESULTS) -> list[NewsItem]:
    """Up to `limit` public ticker items with every word of `text` in their
    headline or brief, best match first, then newest, among the newest matches
    (articles/search.py; two queries: the ranked ids, then those items)."""
    ids = ranked_ids(NewsItem.objects.published(), text, limit=limit)
    if not ids:
        return []
    found = NewsItem.objects.for_feed().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
