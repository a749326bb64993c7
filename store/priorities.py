"""Writing neighbourhood priorities, with their review history and when they were closed."""

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Boolean, Connection, Date, String, delete, func, literal, select, tuple_
from sqlalchemy import update as sql_update

from schemas.priority import Priority
from store.filters import Visibility, all_of
from store.paging import BadCursor, Page, decode_cursor, encode_cursor
from store.supervision_tables import priority_closures, priority_reviews
from store.tables import priorities, teams


def _cursor(priority: Priority) -> str:
    """Priorities are ordered current first, then newest set: the cursor carries all three."""
    flag = "1" if priority.current else "0"
    return encode_cursor(datetime.combine(priority.set_on, time(), UTC), flag + priority.id)


def _after(cursor: str) -> Any:
    moment, key = decode_cursor(cursor)
    if key[:1] not in ("0", "1") or len(key) < 2:
        raise BadCursor("is not a cursor returned by this service")
    t = priorities
    after = tuple_(
        literal(key[0] == "1", type_=Boolean()),
        literal(moment.date(), type_=Date()),
        literal(key[1:], type_=String()),
    )
    return tuple_(t.c.current, t.c.set_on, t.c.id) < after


class Priorities:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def lock_team(self, team_id: str) -> None:
        """Serialise changes to one team's priorities (PostgreSQL; SQLite writers queue anyway),
        so two supervisors cannot each add a third current priority at once."""
        query = select(teams.c.id).where(teams.c.id == team_id).with_for_update()
        self.connection.execute(query)

    def current_count(self, team_id: str) -> int:
        query = select(func.count()).where(
            priorities.c.team_id == team_id, priorities.c.current.is_(True)
        )
        return self.connection.execute(query).scalar_one()

    def insert(self, values: dict[str, Any]) -> None:
        self.connection.execute(priorities.insert().values(**values))

    def update(self, priority_id: str, values: dict[str, Any]) -> None:
        self.connection.execute(
            sql_update(priorities).where(priorities.c.id == priority_id).values(**values)
        )

    def add_review(self, priority_id: str, reviewed_on: date, by: str, at: datetime) -> None:
        """Keep the review in the history; a second review the same day is the same review."""
        t = priority_reviews
        known = select(t.c.priority_id).where(
            t.c.priority_id == priority_id, t.c.reviewed_on == reviewed_on
        )
        if self.connection.execute(known).first() is None:
            self.connection.execute(
                t.insert().values(
                    priority_id=priority_id, reviewed_on=reviewed_on, reviewed_by=by, recorded_at=at
                )
            )

    def close(self, priority_id: str, closed_on: date, by: str, at: datetime) -> None:
        self.connection.execute(
            priority_closures.insert().values(
                priority_id=priority_id, closed_on=closed_on, closed_by=by, recorded_at=at
            )
        )

    def reopen(self, priority_id: str) -> None:
        self.connection.execute(
            delete(priority_closures).where(priority_closures.c.priority_id == priority_id)
        )

    def list(
        self,
        visibility: Visibility,
        *,
        team_ids: tuple[str, ...] = (),
        current: bool | None = None,
        limit: int,
        cursor: str | None = None,
    ) -> Page[Priority]:
        """Current priorities first, then the most recently set."""
        t = priorities
        clauses = [visibility.clause(t)]
        if team_ids:
            clauses.append(t.c.team_id.in_(team_ids))
        if current is not None:
            clauses.append(t.c.current.is_(current))
        if cursor is not None:
            clauses.append(_after(cursor))
        query = (
            select(t)
            .where(all_of(clauses))
            .order_by(t.c.current.desc(), t.c.set_on.desc(), t.c.id.desc())
            .limit(limit + 1)
        )
        rows = self.connection.execute(query).mappings().all()
        items = [Priority.model_construct(**row) for row in rows[:limit]]
        more = len(rows) > limit
        return Page(items, _cursor(items[-1]) if more and items else None)
