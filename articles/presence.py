"""Who else has a piece open in the admin, kept in the cache for a few minutes.

One cache key per (piece, person), written only by that person with a plain
`set` and left to expire after WINDOW, so no read-modify-write can drop anyone
(see docs/architecture.md). The list of who is there is one `get_many` over the
keys of every active staff account. With the local-memory cache this is per
process; production points CACHES at a shared Redis (REDIS_URL) so every app
server sees everyone.

The dashboard asks the other way round, which pieces are open at all: each
opening is also written to one of SLOTS ring slots, picked by an atomic
`incr`, so two openings never write the same slot and none is read, changed
and written back. A slot is overwritten after SLOTS more openings, or expires
after WINDOW.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

WINDOW = timedelta(minutes=5)
SLOTS = 256
_SEQUENCE_KEY = "articles:presence:sequence"


@dataclass(frozen=True)
class Viewer:
    name: str
    seen_at: datetime

    @property
    def is_recent(self) -> bool:
        return timezone.now() - self.seen_at < timedelta(minutes=1)


def _key(article_id: int | str, user_id: int) -> str:
    return f"articles:presence:{article_id}:{user_id}"


def record_and_list_others(article_id: int | str, user) -> list[Viewer]:
    """Note that `user` has the piece open; return the others seen within WINDOW."""
    now = timezone.now()
    name = user.get_full_name() or user.get_username()
    cache.set(
        _key(article_id, user.pk),
        (name, now.isoformat()),
        int(WINDOW.total_seconds()),
    )
    _note_opening(int(article_id), user.pk, name, now)
    others = (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(pk=user.pk)
        .values_list("pk", flat=True)
    )
    seen = cache.get_many([_key(article_id, pk) for pk in others])
    viewers = [
        Viewer(name, datetime.fromisoformat(when)) for name, when in seen.values()
    ]
    return sorted(
        (viewer for viewer in viewers if now - viewer.seen_at < WINDOW),
        key=lambda viewer: viewer.seen_at,
        reverse=True,
    )


@dataclass(frozen=True)
class Opening:
    article_id: int
    user_id: int
    name: str
    seen_at: datetime


def _note_opening(article_id: int, user_id: int, name: str, now: datetime) -> None:
    cache.add(_SEQUENCE_KEY, 0, None)  # atomic: only the first caller creates it
    slot = cache.incr(_SEQUENCE_KEY) % SLOTS
    cache.set(
        f"articles:presence:slot:{slot}",
        (article_id, user_id, name, now.isoformat()),
        int(WINDOW.total_seconds()),
    )


def open_pieces() -> list[Opening]:
    """Who opened which piece within WINDOW: the latest opening per piece and
    person, most recent first. Cache reads only, no database query."""
    now = timezone.now()
    slots = cache.get_many([f"articles:presence:slot:{n}" for n in range(SLOTS)])
    latest: dict[tuple[int, int], Opening] = {}
    for article_id, user_id, name, when in slots.values():
        opening = Opening(article_id, user_id, name, datetime.fromisoformat(when))
        if now - opening.seen_at >= WINDOW:
            continue
        known = latest.get((article_id, user_id))
        if known is None or known.seen_at < opening.seen_at:
            latest[article_id, user_id] = opening
    return sorted(latest.values(), key=lambda o: o.seen_at, reverse=True)
