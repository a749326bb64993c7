"""Engines for SQLite and PostgreSQL, and the transaction that groups a change with its audit."""

import contextlib
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from schemas.kinds import ActivityKind
from store.activities import ActivityRepository
from store.audit import AuditLog
from store.calendar import CalendarEvents
from store.duties import Duties
from store.errors import StoreUnavailable
from store.graph_budget import GraphBudget
from store.idempotency import IdempotencyKeys
from store.list_items import ListItems
from store.organisation import Organisation
from store.outbox import Outbox
from store.retention import Retention
from store.sync_state import SyncState

READ_ONLY = "npt_read_only"
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA temp_store=MEMORY",
    # A row that INSERT OR REPLACE removes fires its delete triggers, which take it out of
    # search (0013_search_conflicts).
    "PRAGMA recursive_triggers=ON",
)


def normalise_url(url: str) -> URL:
    """PostgreSQL URLs always use psycopg 3, whichever scheme the setting gives."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(
        url,
        pool_size=10,
        max_overflow=20,
        connect_args={"check_same_thread": False, "timeout": 30},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the lock up front: a deferred transaction that later writes can fail
        # with "database is locked" without waiting for the busy timeout.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _postgresql_engine(url: URL, pool_size: int) -> Engine:
    # Small pool per instance; no server-side prepared statements, so PgBouncer in
    # transaction mode works.
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=300,
        connect_args={"prepare_threshold": None, "connect_timeout": 5},
    )


class Transaction:
    """One unit of work: repositories over one connection; rolled back unless committed."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.audit = AuditLog(connection)
        self.idempotency = IdempotencyKeys(connection)
        self.organisation = Organisation(connection)
        self.duties = Duties(connection)
        self.retention = Retention(connection)
        self.calendar = CalendarEvents(connection)
        self.outbox = Outbox(connection)
        self.list_items = ListItems(connection)
        self.sync_state = SyncState(connection)
        self.graph_budget = GraphBudget(connection)
        self.committed = False

    def activities(self, kind: ActivityKind) -> ActivityRepository:
        return ActivityRepository(self.connection, kind)

    def commit(self) -> None:
        self.connection.commit()
        self.committed = True


class Database:
    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self.url = normalise_url(url)
        self._writer: AbstractContextManager[Any] = contextlib.nullcontext()
        if self.url.get_backend_name() == "sqlite":
            self.engine = _sqlite_engine(self.url)
            # SQLite has one writer at a time and its busy handler waits by sleeping with
            # growing back-off; queueing writers on a lock here serves them in turn instead.
            self._writer = threading.Lock()
        else:
            self.engine = _postgresql_engine(self.url, pool_size)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Transaction]:
        try:
            with (
                contextlib.nullcontext() if read_only else self._writer,
                self.engine.connect() as connection,
            ):
                if read_only:
                    connection = connection.execution_options(**{READ_ONLY: True})
                connection.begin()
                tx = Transaction(connection)
                try:
                    yield tx
                finally:
                    if not tx.committed:
                        connection.rollback()
        except (OperationalError, InterfaceError, PoolTimeout) as error:
            raise StoreUnavailable(f"database: {type(error).__name__}") from error

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def analyse(self) -> None:
        """Refresh the planner's statistics after a bulk load."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

    def dispose(self) -> None:
        self.engine.dispose()
