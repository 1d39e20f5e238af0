"""Paging that costs the same at any size of archive.

A list's page count is counted only up to `max_pages` pages: the count is
`SELECT COUNT(*)` over a LIMITed subquery, so it stops after
`per_page * max_pages + 1` rows instead of joining and counting every
published piece. Pages past the last counted one are a 404 (as any page past
the end is), so no reader can ask for an OFFSET deeper than that. Readers
reach older pieces through the filters (From/To dates), whose first pages are
cheap again.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_PAGES = 50


class BoundedPaginator(Paginator):
    """A Paginator counting at most `max_pages` pages; `has_more` tells the
    page there are further matches it will not page to. `remember(count)`,
    if given, may keep the count (a callable) rather than count each time."""

    max_pages = MAX_PAGES

    def __init__(self, *args, remember=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember = remember

    @property
    def limit(self) -> int:
        return self.per_page * self.max_pages

    @cached_property
    def counted(self) -> int:
        """The matches, counted up to one past the last page."""
        if self.remember is not None:
            return self.remember(self.count_rows)
        return self.count_rows()

    def count_rows(self) -> int:
        # In no order, and only ids: any `limit + 1` rows tell as much, so the
        # database need neither sort nor rank every match to count them.
        rows = self.object_list
        if hasattr(rows, "values"):
            return rows.order_by().values("pk")[: self.limit + 1].count()
        # a list, or search's ranked ids (articles/search.py)
        return min(len(rows), self.limit + 1)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)

    @property
    def has_more(self) -> bool:
        return self.counted > self.limit
