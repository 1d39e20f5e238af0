"""Ticker items found by a reader's search, shown next to the articles."""

from articles.search import ranked_ids
from newsfeed.models import NewsItem

RESULTS = 10


def search_news(text: str, limit: int = RESULTS) -> list[NewsItem]:
    """Up to `limit` public ticker items with every word of `text` in their
    headline or brief, newest first: a ticker is read by time, and ranking a
    million short headlines would cost thirty times the search
    (articles/search.py; two queries: the ids, then those items)."""
    ids = ranked_ids(
        NewsItem.objects.published(), text, limit=limit, by_relevance=False
    )
    if not ids:
        return []
    found = NewsItem.objects.for_feed().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
