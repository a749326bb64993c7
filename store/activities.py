"""The repository of one activity log: rows in, read models out."""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, func, literal, select, tuple_, update
from sqlalchemy.engine import RowMapping

from schemas.activity import RecordFields
from schemas.kinds import ActivityKind
from store.filters import RecordFilter, Visibility, all_of
from store.paging import Page, decode_cursor, encode_cursor
from store.tables import activity_tables
from store.types import UTCDateTime


class ActivityRepository:
    def __init__(self, connection: Connection, kind: ActivityKind) -> None:
        self.connection = connection
        self.kind = kind
        self.table = activity_tables[kind.name]

    def _model(self, row: RowMapping) -> RecordFields:
        values = {name: row[name] for name in self.kind.spec.names}
        for column in self.kind.spec.choice_columns:
            assert column.choices is not None
            # A value outside the choices (an item written in Lists) stays as text.
            members = column.choices._value2member_map_
            value = values[column.name]
            if isinstance(value, list):
                values[column.name] = [members.get(v, v) for v in value]
            elif value is not None:
                values[column.name] = members.get(value, value)
        return self.kind.read.model_construct(**values)

    def insert(self, values: dict[str, Any]) -> None:
        self.connection.execute(self.table.insert(), values)

    def insert_many(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(self.table.insert(), rows)

    def get(self, record_id: str) -> RecordFields | None:
        """The record unless it is deleted."""
        query = select(self.table).where(
            self.table.c.id == record_id, self.table.c.deleted_at.is_(None)
        )
        row = self.connection.execute(query).mappings().first()
        return None if row is None else self._model(row)

    def update(self, record_id: str, version: int, values: dict[str, Any]) -> bool:
        """Apply `values` if the record is still at `version`; bumps the version."""
        statement = (
            update(self.table)
            .where(
                self.table.c.id == record_id,
                self.table.c.version == version,
                self.table.c.deleted_at.is_(None),
            )
            .values(**values, version=self.table.c.version + 1)
        )
        return self.connection.execute(statement).rowcount == 1

    def soft_delete(
        self, record_id: str, version: int, *, at: datetime, by: str, reason: str
    ) -> bool:
        return self.update(
            record_id,
            version,
            {
                "deleted_at": at,
                "deleted_by": by,
                "delete_reason": reason,
                "updated_at": at,
                "updated_by": by,
            },
        )

    def list(
        self,
        visibility: Visibility,
        filters: RecordFilter,
        *,
        limit: int,
        cursor: str | None = None,
    ) -> Page[RecordFields]:
        """Newest first; `cursor` continues after the last record of the previous page.

        Each branch of the caller's scope (own records, team, LPA) is read as its own
        index-ordered query that stops after a page, and the pages are merged here: an `OR`
        across indexes would read every record of the area and sort them.
        """
        table = self.table
        clauses = filters.clauses(table, self.kind.spec)
        if cursor is not None:
            started_at, record_id = decode_cursor(cursor)
            after = tuple_(
                literal(started_at, type_=UTCDateTime()), literal(record_id, type_=String())
            )
            clauses.append(tuple_(table.c.started_at, table.c.id) < after)
        found: dict[str, RowMapping] = {}
        for branch in visibility.branches(table):
            query = (
                select(table)
                .where(all_of([branch, *clauses]))
                .order_by(table.c.started_at.desc(), table.c.id.desc())
                .limit(limit + 1)
            )
            for row in self.connection.execute(query).mappings():
                found[row["id"]] = row
        rows = sorted(found.values(), key=lambda r: (r["started_at"], r["id"]), reverse=True)
        items = [self._model(row) for row in rows[:limit]]
        more = len(rows) > limit
        last = items[-1] if items else None
        next_cursor = encode_cursor(last.started_at, last.id) if more and last else None
        return Page(items, next_cursor)

    def count(self) -> int:
        return self.connection.execute(select(func.count()).select_from(self.table)).scalar_one()
