"""Cards (articles/_card.html) kept as HTML under the site's version.

A card shows only what a save, a byline's author, a picture's renditions or a
section change, and each of those bumps SITE (articles/versions.py). So a card
rendered once is the same for every reader on every list, tag, author and
search page until the site changes: readers get it from the cache, in one
`get_many` for the whole page, and only the pieces missing from it are
fetched (when the caller can fetch by id) and rendered. Rendering twenty
cards costs more than the list's own queries.

Editors (a session cookie) get every card rendered afresh, as with the other
fragments (articles/fragments.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from articles.fragments import FRAGMENT_SECONDS, for_readers
from articles.models import Article
from articles.versions import SITE

logger = logging.getLogger(__name__)

TEMPLATE = "articles/_card.html"

# pk → row (with what a list shows: Article.objects.for_listing()).
Fetch = Callable[[list[int]], dict]


def card_html(article, *, level: int, lead: bool) -> SafeString:
    context = {"article": article, "level": level, "lead": lead}
    # The template's own output, escaped as it was rendered.
    return mark_safe(get_template(TEMPLATE).render(context).strip())


def cards(
    request, ids: Iterable[int], fetch: Fetch, *, level: int = 2, lead: bool = True
) -> list[SafeString]:
    """The cards of the pieces `ids`, in that order; `fetch(missing_ids)`
    gives the rows the cache lacks. An id `fetch` does not return (gone since
    the ids were read) has no card."""
    ids = list(ids)
    if not ids:
        return []
    if not for_readers(request):
        made = _render(fetch(ids), level, lead)
        return [made[pk] for pk in ids if pk in made]
    try:
        prefix = f"card:{SITE.current()}:{level}:{int(lead)}:"
        stored = cache.get_many([prefix + str(pk) for pk in ids])
    except Exception:  # a cache that is down must not take the page down
        logger.exception("Could not read the cached cards.")
        made = _render(fetch(ids), level, lead)
        return [made[pk] for pk in ids if pk in made]
    found = {pk: stored[prefix + str(pk)] for pk in ids if prefix + str(pk) in stored}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        made = _render(fetch(missing), level, lead)
        try:
            cache.set_many(
                {prefix + str(pk): str(html) for pk, html in made.items()},
                FRAGMENT_SECONDS,
            )
        except Exception:
            logger.exception("Could not cache the cards.")
        found.update(made)
    # Stored HTML is the template's own output, escaped when it was rendered.
    return [mark_safe(found[pk]) for pk in ids if pk in found]


def _render(rows: dict, level: int, lead: bool) -> dict[int, SafeString]:
    return {pk: card_html(row, level=level, lead=lead) for pk, row in rows.items()}


def fetch_listed(ids: list[int]) -> dict:
    """Pieces by id with what a card shows. By primary key alone: the ids
    come from a list's or search's own query, which applied the visibility
    rules."""
    return Article.objects.for_listing().in_bulk(ids)


def page_cards(request, rows, *, level: int = 2, lead: bool = True):
    """The cards of one page of a list: `rows`, a sliced queryset of pieces
    or a list of their ids. A reader's page reads only the rows' ids, and
    fetches just the pieces whose cards the cache lacks; an editor's fetches
    the rows themselves."""
    if isinstance(rows, list):
        return cards(request, rows, fetch_listed, level=level, lead=lead)
    if for_readers(request) and getattr(rows, "_result_cache", None) is None:
        ids = list(rows.values_list("pk", flat=True))
        return cards(request, ids, fetch_listed, level=level, lead=lead)
    listed = {row.pk: row for row in rows}
    return cards(
        request,
        listed,
        lambda missing: {pk: listed[pk] for pk in missing},
        level=level,
        lead=lead,
    )
