"""Who else has a piece open in the admin, kept in the cache for a few minutes.

With the local-memory cache this is per process; production points CACHES at a
shared Redis (REDIS_URL) so every app server sees everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

WINDOW = timedelta(minutes=5)


@dataclass(frozen=True)
class Viewer:
    name: str
    seen_at: datetime

    @property
    def is_recent(self) -> bool:
        return timezone.now() - self.seen_at < timedelta(minutes=1)


def _key(article_id: int) -> str:
    return f"articles:presence:{article_id}"


def record_and_list_others(article_id: int, user) -> list[Viewer]:
    """Note that `user` has the piece open; return the others seen within WINDOW."""
    now = timezone.now()
    seen: dict[int, tuple[str, str]] = cache.get(_key(article_id), {})
    seen = {
        uid: (name, when)
        for uid, (name, when) in seen.items()
        if now - datetime.fromisoformat(when) < WINDOW
    }
    others = [
        Viewer(name, datetime.fromisoformat(when))
        for uid, (name, when) in seen.items()
        if uid != user.pk
    ]
    seen[user.pk] = (user.get_full_name() or user.get_username(), now.isoformat())
    cache.set(_key(article_id), seen, int(WINDOW.total_seconds()))
    return sorted(others, key=lambda viewer: viewer.seen_at, reverse=True)
