"""A person's own records reduced to what a weekly summary counts, read in one query per kind."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, literal, select

from schemas.kinds import ActivityKind
from store.tables import activity_tables


@dataclass(frozen=True)
class Moment:
    """When one record started, and its measure (patrol minutes, abstraction hours) if any."""

    id: str
    started_at: datetime
    measure: float | None


class OwnRecords:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def moments(
        self,
        kind: ActivityKind,
        officer: str,
        since: datetime,
        before: datetime,
        measure: str | None = None,
    ) -> list[Moment]:
        """The officer's records of `kind` started in [since, before), deleted ones left out."""
        table = activity_tables[kind.name]
        value = table.c[measure] if measure else literal(None)
        query = select(table.c.id, table.c.started_at, value).where(
            table.c.officer == officer,
            table.c.deleted_at.is_(None),
            table.c.started_at >= since,
            table.c.started_at < before,
        )
        return [Moment(row[0], row[1], row[2]) for row in self.connection.execute(query)]
