"""The repository of one activity log: rows in, read models out."""

from sqlalchemy import Connection, String, func, literal, select, tuple_
from sqlalchemy.engine import RowMapping

from schemas.activity import RecordFields
from schemas.kinds import ActivityKind
from store.filters import RecordFilter, Visibility, all_of
from store.paging import Page, decode_cursor, encode_cursor
from store.tables import activity_tables
from store.types import UTCDateTime
from store.versioned import VersionedRows


class ActivityRepository(VersionedRows[RecordFields]):
    def __init__(self, connection: Connection, kind: ActivityKind) -> None:
        super().__init__(connection, activity_tables[kind.name], kind.spec, kind.read)
        self.kind = kind

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
