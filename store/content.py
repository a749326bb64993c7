"""The repository of one content list: rows in, read models out, pages in each list's order."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Table,
    and_,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.engine import RowMapping

from schemas.content import ContentList
from schemas.content_fields import ContentRecord
from store.content_tables import ORDER, content_tables
from store.filters import all_of
from store.paging import BadCursor, Page, decode_cursor, encode_cursor
from store.types import UTCDateTime
from store.versioned import VersionedRows

Match = tuple[tuple[str, tuple[Any, ...]], ...]
"""(column, values) pairs; a value of None matches a null."""

ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)
"""store.paging's cursor carries a moment and a key: content pages keep their order in the key."""


@dataclass(frozen=True)
class ContentFilter:
    """Which rows a query may see and which it asks for, in plain values.

    `visible_if_any` is the caller's scope (None: every row; otherwise rows matching any pair);
    `equal` narrows to rows matching every pair; `contains` is a case-insensitive search of one
    column; `current_at` keeps rows whose `publish_from`/`publish_until` window holds it.
    """

    visible_if_any: Match | None = None
    equal: Match = ()
    contains: tuple[str, str] | None = None
    current_at: datetime | None = None

    def clauses(self, table: Table) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = [table.c.deleted_at.is_(None)]
        if self.visible_if_any is not None:
            found.append(or_(false(), *(_match(table, c, v) for c, v in self.visible_if_any)))
        found.extend(_match(table, c, v) for c, v in self.equal)
        if self.contains is not None:
            name, text = self.contains
            escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found.append(func.lower(table.c[name]).like(f"%{escaped}%", escape="\\"))
        if self.current_at is not None:
            at = literal(self.current_at, type_=UTCDateTime())
            found.append(table.c.publish_from <= at)
            found.append(or_(table.c.publish_until.is_(None), table.c.publish_until > at))
        return found


def _match(table: Table, name: str, values: tuple[Any, ...]) -> ColumnElement[bool]:
    column = table.c[name]
    known = tuple(v for v in values if v is not None)
    parts = [column.in_(known)] if known else []
    if len(known) < len(values):
        parts.append(column.is_(None))
    return or_(false(), *parts)


def _cursor(row: RowMapping, columns: tuple[str, ...]) -> str:
    values = [row[c].isoformat() if isinstance(row[c], datetime) else row[c] for c in columns]
    return encode_cursor(ORIGIN, json.dumps(values, separators=(",", ":")))


def _bound(table: Table, name: str, value: Any) -> Any:
    column = table.c[name]
    if isinstance(column.type, UTCDateTime):
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise BadCursor("is not a cursor returned by this service") from None
        if moment.tzinfo is None:
            raise BadCursor("is not a cursor returned by this service")
        return literal(moment, type_=column.type)
    expected = bool if isinstance(column.type, Boolean) else str
    if not isinstance(value, expected):
        raise BadCursor("is not a cursor returned by this service")
    return literal(value, type_=column.type)


def _after(table: Table, columns: tuple[str, ...], descending: bool, cursor: str) -> Any:
    _, key = decode_cursor(cursor)
    try:
        values = json.loads(key)
    except ValueError:
        raise BadCursor("is not a cursor returned by this service") from None
    if not isinstance(values, list) or len(values) != len(columns):
        raise BadCursor("is not a cursor returned by this service")
    last = tuple_(*(_bound(table, c, v) for c, v in zip(columns, values, strict=True)))
    ordered = tuple_(*(table.c[c] for c in columns))
    return ordered < last if descending else ordered > last


class ContentRepository(VersionedRows[ContentRecord]):
    def __init__(self, connection: Connection, content: ContentList) -> None:
        super().__init__(connection, content_tables[content.name], content.spec, content.read)
        self.content = content

    def any(self, filters: ContentFilter) -> bool:
        """Whether any item not deleted matches `filters`."""
        query = select(exists().where(and_(true(), *filters.clauses(self.table))))
        return bool(self.connection.execute(query).scalar_one())

    def page(
        self, filters: ContentFilter, *, limit: int, cursor: str | None = None
    ) -> Page[ContentRecord]:
        """One page in the list's order; `cursor` continues after the previous page."""
        columns, descending = ORDER[self.content.name]
        clauses = filters.clauses(self.table)
        if cursor is not None:
            clauses.append(_after(self.table, columns, descending, cursor))
        order = [self.table.c[c].desc() if descending else self.table.c[c] for c in columns]
        query = select(self.table).where(all_of(clauses)).order_by(*order).limit(limit + 1)
        rows = self.connection.execute(query).mappings().all()
        more = len(rows) > limit
        next_cursor = _cursor(rows[limit - 1], columns) if more else None
        return Page([self._model(row) for row in rows[:limit]], next_cursor)
