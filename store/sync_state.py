"""Where each list's sync stands: its list id, the delta link, a run in progress, and the
change-notification subscription that wakes it. Also the lease that lets one sync of a list
run at a time across every instance."""

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, Connection, Engine, String, Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError

from store.lists_tables import sync_state
from store.tables import metadata
from store.types import UTCDateTime

LEASE_TTL = timedelta(minutes=2)
"""How long a lease outlives its last renewal; renewed every third of it while held."""
logger = logging.getLogger(__name__)

leases = Table(
    "leases",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("holder", String(64), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)
"""Named leases: at most one holder each, until it releases or the lease expires."""


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


def take_lease(engine: Engine, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Whether `holder` now holds the lease `name`: one short transaction that takes a free or
    expired lease, so nothing outlives it on a pooled connection (PgBouncer in transaction
    mode hands the connection to another client straight after)."""
    expires_at = now + ttl
    with engine.begin() as connection:
        taken = connection.execute(
            update(leases)
            .where(leases.c.name == name, leases.c.expires_at <= now)
            .values(holder=holder, expires_at=expires_at)
        ).rowcount
        if taken:
            return True
        insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        added = connection.execute(
            insert(leases)
            .values(name=name, holder=holder, expires_at=expires_at)
            .on_conflict_do_nothing(index_elements=[leases.c.name])
            .returning(leases.c.name)
        ).first()
        return added is not None


def renew_lease(engine: Engine, name: str, holder: str, ttl: timedelta) -> bool:
    """Push the lease's expiry on; False when it was lost (it expired and someone took it)."""
    with engine.begin() as connection:
        return bool(
            connection.execute(
                update(leases)
                .where(leases.c.name == name, leases.c.holder == holder)
                .values(expires_at=datetime.now(UTC) + ttl)
            ).rowcount
        )


def release_lease(engine: Engine, name: str, holder: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(leases).where(leases.c.name == name, leases.c.holder == holder))


@contextmanager
def exclusive(engine: Engine, name: str, ttl: timedelta = LEASE_TTL) -> Iterator[bool]:
    """Whether the caller holds the lock `name` (never waits), across every instance.

    A lease row rather than a session advisory lock: behind PgBouncer in transaction pooling a
    session lock stays on a server connection other clients then use. The lease is renewed
    while the block runs; a holder that dies stops renewing and the lease expires after `ttl`.
    """
    holder = uuid.uuid4().hex
    held = take_lease(engine, name, holder, ttl, datetime.now(UTC))
    if not held:
        yield False
        return
    stop = threading.Event()
    renewer = threading.Thread(
        target=_keep_renewed, args=(engine, name, holder, ttl, stop), daemon=True
    )
    renewer.start()
    try:
        yield True
    finally:
        stop.set()
        renewer.join()
        release_lease(engine, name, holder)


def _keep_renewed(
    engine: Engine, name: str, holder: str, ttl: timedelta, stop: threading.Event
) -> None:
    while not stop.wait(ttl.total_seconds() / 3):
        try:
            renewed = renew_lease(engine, name, holder, ttl)
        except OperationalError as error:
            # The database is briefly unreachable: try again next time, before the lease ends.
            logger.warning("lease %s could not be renewed (%s)", name, type(error).__name__)
            continue
        if not renewed:
            logger.warning("lease %s was lost before its holder finished", name)
            return
