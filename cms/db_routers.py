"""Reads of public pages from a PostgreSQL read replica; everything else from
the primary.

Active only when DATABASE_REPLICA_URL adds the `replica` alias (settings). A
read goes to the replica only inside a request that ReplicaReadsMiddleware
marked as a public read: a GET or HEAD outside the admin and previews, from a
visitor with no session cookie (signed-in editors always see the primary, so
their own changes show at once). Within such a request, a read inside a
transaction on the primary, or after any write, goes to the primary too, so a
request never reads older data than it wrote. Management commands, the task
worker and the shell never read from the replica.

Other readers could still read from a replica that has not caught up with a
write yet, and the page cache (whose versions live in Redis and change at once)
would then keep an old page under the new version. So every committed write
marks the replica as behind for DATABASE_REPLICA_LAG_SECONDS in the shared
cache, and meanwhile public pages read from the primary too.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

REPLICA = "replica"
BEHIND_KEY = "db:replica-behind-until"
# Paths whose reads must see the latest write: the newsroom and its previews.
PRIMARY_PATH_PREFIXES = ("/admin/", "/preview/", "/share/")


@dataclass
class _ReplicaReads:
    pinned_to_primary: bool = False


_reads: ContextVar[_ReplicaReads | None] = ContextVar("replica_reads", default=None)


@contextmanager
def replica_reads():
    """Within the block, reads may go to the replica (until the first write)."""
    token = _reads.set(_ReplicaReads())
    try:
        yield
    finally:
        _reads.reset(token)


def is_public_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIMARY_PATH_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def note_write() -> None:
    """Mark the replica as behind for the next DATABASE_REPLICA_LAG_SECONDS."""
    until = time.time() + settings.DATABASE_REPLICA_LAG_SECONDS
    cache.set(BEHIND_KEY, until, timeout=settings.DATABASE_REPLICA_LAG_SECONDS + 1)


def replica_is_behind() -> bool:
    return (cache.get(BEHIND_KEY) or 0) > time.time()


def _note_write_on_commit() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        note_write()
    elif not any(func is note_write for _, func, _ in connection.run_on_commit):
        transaction.on_commit(note_write)  # once per transaction


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            REPLICA not in settings.DATABASES
            or not is_public_read(request)
            or replica_is_behind()
        ):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _reads.get()
        if state is None or state.pinned_to_primary:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _reads.get()
        if state is not None:
            state.pinned_to_primary = True
        _note_write_on_commit()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
