"""Where each list's sync stands: its list id, the delta link, a run in progress, and the
change-notification subscription that wakes it. Also the lock that lets one sync of a list
run at a time across every instance."""

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from store.lists_tables import sync_state

LOCK_SPACE = 7_141_970
"""First key of the PostgreSQL advisory locks held while a list syncs."""
_local_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


@dataclass(frozen=True)
class ListState:
    kind: str
    list_id: str | None = None
    delta_link: str | None = None
    """Where the next sync starts; None means enumerate everything."""
    next_link: str | None = None
    """The next page of a run that stopped part way; that run resumes there."""
    run: int = 0
    full: bool = False
    """Whether the current run enumerates everything (and so may reconcile at its end)."""
    synced_at: datetime | None = None
    subscription_id: str | None = None
    subscription_expires: datetime | None = None


class SyncState:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, kind: str) -> ListState:
        query = select(sync_state).where(sync_state.c.kind == kind)
        row = self.connection.execute(query).mappings().first()
        return ListState(kind) if row is None else ListState(**row)

    def all(self) -> list[ListState]:
        rows = self.connection.execute(select(sync_state).order_by(sync_state.c.kind)).mappings()
        return [ListState(**row) for row in rows]

    def update(self, kind: str, **values: Any) -> None:
        """Change only the named columns, so that sync and subscription renewal never clash."""
        changed = self.connection.execute(
            update(sync_state).where(sync_state.c.kind == kind).values(**values)
        ).rowcount
        if not changed:
            defaults = {"run": 0, "full": False}
            self.connection.execute(sync_state.insert().values(kind=kind, **(defaults | values)))

    def by_subscription(self, subscription_id: str) -> ListState | None:
        query = select(sync_state).where(sync_state.c.subscription_id == subscription_id)
        row = self.connection.execute(query).mappings().first()
        return None if row is None else ListState(**row)


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[bool]:
    """Whether the caller holds the lock `name` (never waits): PostgreSQL advisory locks
    across instances; on SQLite, whose deployments are one process, a lock in the process."""
    if engine.dialect.name == "postgresql":
        key = zlib.crc32(name.encode()) & 0x7FFFFFFF
        with engine.connect() as connection:
            held = connection.execute(select(func.pg_try_advisory_lock(LOCK_SPACE, key))).scalar()
            connection.commit()
            try:
                yield bool(held)
            finally:
                if held:
                    connection.execute(select(func.pg_advisory_unlock(LOCK_SPACE, key)))
                    connection.commit()
        return
    with _guard:
        lock = _local_locks.setdefault(f"{engine.url}#{name}", threading.Lock())
    held = lock.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            lock.release()
