"""Rostered duties and the hours they add up to, for abstraction rates."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from schemas.duty import Duty, DutySource
from store.tables import duties


@dataclass(frozen=True)
class RosterScope:
    """Whose duties: any of these people, teams or LPAs (all empty means the whole force)."""

    upns: tuple[str, ...] = ()
    team_ids: tuple[str, ...] = ()
    lpa_ids: tuple[str, ...] = ()


def _within(scope: RosterScope) -> list[Any]:
    found = []
    if scope.upns:
        found.append(duties.c.upn.in_(scope.upns))
    if scope.team_ids:
        found.append(duties.c.team_id.in_(scope.team_ids))
    if scope.lpa_ids:
        found.append(duties.c.lpa_id.in_(scope.lpa_ids))
    return found


class Duties:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(duties.insert(), rows)

    def replace(self, source: DutySource, rows: list[dict[str, Any]]) -> None:
        """Swap every duty from `source` for `rows` (a roster import is the whole truth)."""
        self.connection.execute(delete(duties).where(duties.c.source == source.value))
        self.add(rows)

    def replace_starting(
        self, source: DutySource, since: datetime, before: datetime, rows: list[dict[str, Any]]
    ) -> None:
        """Swap the duties from `source` that start in [since, before) for `rows` (a window of
        a roster read again), keeping those outside it."""
        self.connection.execute(
            delete(duties).where(
                duties.c.source == source.value,
                duties.c.starts_at >= since,
                duties.c.starts_at < before,
            )
        )
        self.add(rows)

    def between(self, scope: RosterScope, since: datetime, before: datetime) -> list[Duty]:
        query = (
            select(duties)
            .where(*_within(scope), duties.c.ends_at > since, duties.c.starts_at < before)
            .order_by(duties.c.starts_at, duties.c.id)
        )
        return [
            Duty.model_construct(**{**row, "source": DutySource(row["source"])})
            for row in self.connection.execute(query).mappings()
        ]

    def rostered_hours(self, scope: RosterScope, since: datetime, before: datetime) -> float:
        """Hours on duty that fall inside [since, before), clipped at both ends."""
        total = 0.0
        for duty in self.between(scope, since, before):
            start = max(duty.starts_at, since)
            end = min(duty.ends_at, before)
            total += max(0.0, (end - start).total_seconds() / 3600)
        return round(total, 2)

    def count(self) -> int:
        return self.connection.execute(select(func.count()).select_from(duties)).scalar_one()
