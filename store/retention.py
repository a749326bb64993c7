"""What retention may erase, the legal holds that stop it, and the erasing itself."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    String,
    Table,
    delete,
    func,
    or_,
    select,
    update,
)

from schemas.legal_hold import HoldScope, LegalHold
from store.tables import activity_tables, audit_log, metadata
from store.types import UTCDateTime

legal_holds = Table(
    "legal_holds",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("target", String(254), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("placed_by", String(254), nullable=False),
    Column("placed_at", UTCDateTime(), nullable=False),
    Column("lifted_by", String(254), nullable=True),
    Column("lifted_at", UTCDateTime(), nullable=True),
)
Index(None, legal_holds.c.scope, legal_holds.c.target)

KEPT_APART = frozenset({"audit_log", "outbox", "list_items"})
"""Tables keyed by record that erasure leaves alone: the audit log has its own retention,
and the Lists machinery needs the item's mapping to delete it in Lists."""


@dataclass(frozen=True)
class Due:
    id: str
    officer: str
    lpa_id: str
    deleted: bool


def _dependents() -> list[Table]:
    """Every table that refers to activity records by (kind, record_id)."""
    from store.catalog import metadata as whole_schema

    return [
        table
        for table in whole_schema.sorted_tables
        if {"kind", "record_id"} <= set(table.c.keys()) and table.name not in KEPT_APART
    ]


def _hold(row: Any) -> LegalHold:
    return LegalHold.model_construct(**{**row, "scope": HoldScope(row["scope"])})


class Retention:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def place(self, values: dict[str, Any]) -> None:
        self.connection.execute(legal_holds.insert(), values)

    def lift(self, hold_id: str, by: str, at: datetime) -> bool:
        statement = (
            update(legal_holds)
            .where(legal_holds.c.id == hold_id, legal_holds.c.lifted_at.is_(None))
            .values(lifted_by=by, lifted_at=at)
        )
        return self.connection.execute(statement).rowcount == 1

    def holds(self, *, active: bool = True) -> list[LegalHold]:
        query = select(legal_holds).order_by(legal_holds.c.placed_at.desc(), legal_holds.c.id)
        if active:
            query = query.where(legal_holds.c.lifted_at.is_(None))
        return [_hold(row) for row in self.connection.execute(query).mappings()]

    def hold(self, hold_id: str) -> LegalHold | None:
        row = (
            self.connection.execute(select(legal_holds).where(legal_holds.c.id == hold_id))
            .mappings()
            .first()
        )
        return None if row is None else _hold(row)

    def _due(self, kind: str, aged_before: datetime, deleted_before: datetime) -> list[Any]:
        """Past retention or deleted longer than the grace period, and under no legal hold."""
        table = activity_tables[kind]
        active = legal_holds.c.lifted_at.is_(None)

        def held(scope: HoldScope) -> Any:
            return select(legal_holds.c.target).where(active, legal_holds.c.scope == scope.value)

        return [
            or_(table.c.started_at < aged_before, table.c.deleted_at < deleted_before),
            table.c.id.not_in(held(HoldScope.RECORD)),
            table.c.officer.not_in(held(HoldScope.OFFICER)),
            table.c.lpa_id.not_in(held(HoldScope.LPA)),
        ]

    def count_due(self, kind: str, *, aged_before: datetime, deleted_before: datetime) -> int:
        table = activity_tables[kind]
        query = select(func.count()).select_from(table)
        query = query.where(*self._due(kind, aged_before, deleted_before))
        return int(self.connection.execute(query).scalar_one())

    def due(
        self, kind: str, *, aged_before: datetime, deleted_before: datetime, limit: int
    ) -> list[Due]:
        table = activity_tables[kind]
        query = (
            select(table.c.id, table.c.officer, table.c.lpa_id, table.c.deleted_at)
            .where(*self._due(kind, aged_before, deleted_before))
            .order_by(table.c.started_at, table.c.id)
            .limit(limit)
        )
        return [
            Due(row.id, row.officer, row.lpa_id, row.deleted_at is not None)
            for row in self.connection.execute(query)
        ]

    def erase(self, kind: str, record_ids: list[str]) -> int:
        """Delete the records and what refers to them; search entries go with them (triggers)."""
        if not record_ids:
            return 0
        for table in _dependents():
            self.connection.execute(
                delete(table).where(table.c.kind == kind, table.c.record_id.in_(record_ids))
            )
        table = activity_tables[kind]
        return self.connection.execute(delete(table).where(table.c.id.in_(record_ids))).rowcount

    def erase_audit_before(self, moment: datetime) -> int:
        statement = delete(audit_log).where(audit_log.c.at < moment)
        return self.connection.execute(statement).rowcount
