"""Version tokens for what the public site shows, kept in the cache.

A page or fragment cached under a token stays right until the token changes.
Each version is a random token plus the next time something scheduled comes
due; `bump()` replaces the token when content changes, and reading it after
the due time has passed replaces it too, so a scheduled piece coming out counts
as a change with no job running.

Tokens are random, never counters: after a cache flush (or eviction) the next
reader makes a fresh token, which no stored page was keyed by, so a reset can
never bring back stale content. The callers bump where the change happens
(articles/workflow.py, model saves, the importer, newsfeed's admin actions);
explicit calls, no signals. See docs/caching.md.
"""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min, QuerySet, Value
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY_PREFIX = "version:"
# How soon a change made in another process shows with local memory (the
# default cache); a shared cache (Redis) shows it at once.
PER_PROCESS_SECONDS = 5
# Set while a change is made only to be rolled back (a preview of pending
# changes): nothing readers see changes, so nothing is bumped.
_paused: ContextVar[bool] = ContextVar("versions_paused", default=False)


@contextmanager
def no_bumps():
    """Within the block, bump() does nothing (see _paused)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


@dataclass(frozen=True)
class ContentVersion:
    """A named token that changes with the content it covers."""

    name: str
    # The earliest publish time still in the future, or None.
    next_due: Callable[[], datetime | None]

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.name

    def current(self) -> str:
        return resolve([self])[0]

    def bump(self, due: datetime | None = None) -> None:
        """A fresh token; `due` is the changed content's publish time, kept
        as the next due time if it is the earliest one still ahead.

        This costs no query. Inside a transaction the state is made again
        from the database once it commits: a reader between the two may have
        stored the old content under the first fresh token, and a due time
        may have moved later (a scheduled piece unpublished)."""
        if _paused.get():
            return
        try:
            state = cache.get(self.key)
            if state is not None:  # else the next reader makes it
                now = timezone.now().timestamp()
                next_due = state[1]
                if due is not None and due.timestamp() > now:
                    next_due = min(next_due or math.inf, due.timestamp())
                state = (secrets.token_hex(8), next_due, now)
                cache.set(self.key, state, timeout=None)
        except Exception:  # a cache that is down must not fail an editor's save
            logger.exception("Could not bump the %s version.", self.name)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.renew)

    def renew(self) -> tuple[str, float | None, float]:
        """A fresh token and the next due time, from the database."""
        due = self.next_due()
        now = timezone.now().timestamp()
        state = (secrets.token_hex(8), due.timestamp() if due else None, now)
        try:
            cache.set(self.key, state, timeout=None)
        except Exception:  # then nothing keyed by it is found again: no harm
            logger.exception("Could not store the %s version.", self.name)
        return state


def resolve(versions: list[ContentVersion]) -> list[str]:
    """The current token of each version, in one cache round trip (plus one
    query for a version whose state is missing or has expired)."""
    try:
        states = cache.get_many([version.key for version in versions])
    except Exception:  # fresh tokens: pages are rendered, as with no cache
        logger.exception("Could not read the content versions.")
        states = {}
    now = timezone.now().timestamp()
    tokens = []
    for version in versions:
        state = states.get(version.key)
        if state is None or expires_at(state) <= now:
            state = version.renew()
        tokens.append(state[0])
    return tokens


def tokens_from(states: dict, versions: list[ContentVersion]) -> list[str] | None:
    """The current token of each version from `states` (as read from the
    cache: key to state), or None when one is missing or has expired and
    must be made again from the database (resolve() does that)."""
    now = timezone.now().timestamp()
    per_process = is_per_process()
    tokens = []
    for version in versions:
        state = states.get(version.key)
        if state is None or expires_at(state, per_process) <= now:
            return None
        tokens.append(state[0])
    return tokens


def is_per_process() -> bool:
    """Whether the cache is each process's own (local memory)."""
    return isinstance(caches["default"], LocMemCache)


def expires_at(
    state: tuple[str, float | None, float], per_process: bool | None = None
) -> float:
    """When a state must be made again: at the next due time, and with a
    per-process cache PER_PROCESS_SECONDS after it was made, since a save in
    another process bumps only that process's copy."""
    _, due, made_at = state
    limit = due if due is not None else math.inf
    if per_process if per_process is not None else is_per_process():
        limit = min(limit, made_at + PER_PROCESS_SECONDS)
    return limit


def next_article_due() -> datetime | None:
    """The earliest time a scheduled piece, or scheduled pending changes
    (articles/pending.py), go out. Changes whose time has come are published
    first, so the new version is made from the site as it is after them. One
    query when nothing is due."""
    from articles.pending import apply_due_changes

    now = timezone.now()
    due = _due_times(now)
    if due.get("changes") is not None and due["changes"] <= now:
        try:
            apply_due_changes()
        except Exception:  # a reader's page must not fail for it
            logger.exception("Could not publish scheduled changes.")
        due = _due_times(now)
    return min((when for when in due.values() if when and when > now), default=None)


# More due times for SITE, from apps articles does not import: each a function
# of now returning a queryset of (source, due) rows, like the two below, which
# _due_times() joins to its one query (cms fills it in CmsConfig.ready: the
# next front-page pin expiry, cms/front_page.py).
DUE_TIMES: list[Callable[[datetime], QuerySet]] = []


def _due_times(now: datetime) -> dict[str, datetime | None]:
    """The next scheduled piece's time, the earliest time of scheduled
    changes (past ones too), and those of DUE_TIMES, in one query."""
    from articles.models import Article
    from articles.pending import PendingChange

    pieces = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by()
        .values(source=Value("pieces"))
        .annotate(due=Min("published_at"))
        .values_list("source", "due")
    )
    changes = (
        PendingChange.objects.filter(publish_at__isnull=False)
        .order_by()
        .values(source=Value("changes"))
        .annotate(due=Min("publish_at"))
        .values_list("source", "due")
    )
    others = [due_times(now) for due_times in DUE_TIMES]
    return dict(pieces.union(changes, *others, all=True).order_by())


# Every public piece, and what pages show with them: authors, sections,
# disclaimers, correction notes, pictures.
SITE = ContentVersion("site", next_article_due)
