"""The tenant's Graph spending per second, shared by every instance of the service.

SharePoint meters resource units per tenant, so instances scaled out pace themselves against
one ledger: each spend is decided and recorded in one short transaction under a
transaction-scoped lock (safe behind PgBouncer in transaction mode), and a throttling hold
seen by one instance holds them all.
"""

import math
from collections.abc import Sequence

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Float,
    Integer,
    String,
    Table,
    case,
    delete,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.tables import metadata

KEEP_SECONDS = 120
"""Spends older than this no longer count in any window and are forgotten."""
LOCK_KEY = 7_141_970_002
"""PostgreSQL advisory lock key that serialises spending decisions."""

graph_spends = Table(
    "graph_spends",
    metadata,
    Column("second", BigInteger, primary_key=True, autoincrement=False),
    Column("units", Integer, nullable=False),
)
"""Units spent in each second (the Unix time, rounded up so that windows err on the safe side)."""

graph_holds = Table(
    "graph_holds",
    metadata,
    Column("scope", String(32), primary_key=True),
    Column("until", Float, nullable=False),
)
"""Until when Graph asked for a pause (Retry-After), as a Unix time."""

TENANT = "tenant"


class GraphBudget:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.postgresql = connection.dialect.name == "postgresql"

    def lock(self) -> None:
        """Serialise deciders until the transaction ends (SQLite: its write lock does)."""
        if self.postgresql:
            self.connection.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))

    def recent(self, since: float) -> tuple[Sequence[tuple[float, int]], float]:
        """Spends after `since`, oldest first, and until when a hold lasts (0 when none)."""
        rows = self.connection.execute(
            select(graph_spends.c.second, graph_spends.c.units)
            .where(graph_spends.c.second > math.floor(since))
            .order_by(graph_spends.c.second)
        ).all()
        held = self.connection.execute(
            select(graph_holds.c.until).where(graph_holds.c.scope == TENANT)
        ).scalar()
        return [(float(second), units) for second, units in rows], float(held or 0.0)

    def record(self, at: float, units: int) -> None:
        second = math.ceil(at)
        insert = postgresql_insert if self.postgresql else sqlite_insert
        statement = insert(graph_spends).values(second=second, units=units)
        self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[graph_spends.c.second],
                set_={"units": graph_spends.c.units + statement.excluded.units},
            )
        )
        self.connection.execute(
            delete(graph_spends).where(graph_spends.c.second < at - KEEP_SECONDS)
        )

    def hold(self, until: float) -> None:
        insert = postgresql_insert if self.postgresql else sqlite_insert
        statement = insert(graph_holds).values(scope=TENANT, until=until)
        self.connection.execute(
            statement.on_conflict_do_update(
                index_elements=[graph_holds.c.scope],
                set_={
                    "until": case(
                        (statement.excluded.until > graph_holds.c.until, statement.excluded.until),
                        else_=graph_holds.c.until,
                    )
                },
            )
        )
