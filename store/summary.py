"""The area summary's figures, aggregated in the database: a few grouped rows per query."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    FunctionElement,
    Select,
    Table,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles

from schemas.dip_check import DipCheckOutcome
from store.supervision_tables import dip_checks, priority_closures, priority_reviews
from store.tables import activity_tables, duties, priorities
from store.types import UTCDateTime

LINKABLE = ("engagement", "patrol")
"""Kinds that can be linked to a neighbourhood priority."""
OUTCOMES = tuple(outcome.value for outcome in DipCheckOutcome)
OUTCOME_BITS = 20


@dataclass(frozen=True)
class Area:
    """Records of these LPAs (all of them, for the force), or of one team of them."""

    lpa_ids: tuple[str, ...]
    team_id: str | None = None

    def clauses(self, table: Table) -> list[ColumnElement[bool]]:
        found = [table.c.lpa_id.in_(self.lpa_ids)]
        if self.team_id is not None:
            found.append(table.c.team_id == self.team_id)
        return found


@dataclass(frozen=True)
class Period:
    """[since, before) for records; its first and last day for dated things like priorities."""

    since: datetime
    before: datetime
    first_day: date
    last_day: date


@dataclass(frozen=True)
class RecordGroup:
    """Records of one kind by one officer in one team: how many, how many of them have a
    current dip check with each outcome, and how many link a priority current in the period."""

    team_id: str
    officer: str
    records: int
    checked: dict[str, int]
    linked: int


@dataclass(frozen=True)
class SeldomHeard:
    engagements: int
    reaching_any: int
    by_group: dict[str, int]


@dataclass(frozen=True)
class HotspotVisits:
    hotspot_id: str
    visits: int
    minutes: int
    in_dose: int


@dataclass(frozen=True)
class PriorityReview:
    id: str
    team_id: str
    title: str
    last_reviewed_on: date


def _as_int(value: object) -> int:
    return int(value or 0)  # type: ignore[call-overload]


def _current_during(period: Period) -> Select[tuple[str]]:
    """Priorities current at some point of the period: set by its end, and current now or
    closed on or after its first day."""
    p, closed = priorities, priority_closures
    return (
        select(p.c.id)
        .select_from(p.outerjoin(closed, closed.c.priority_id == p.c.id))
        .where(
            p.c.set_on <= period.last_day,
            or_(p.c.current.is_(True), closed.c.closed_on >= period.first_day),
        )
    )


def _checked(kind: str, area: Area, outcome: str | None = None) -> Select[tuple[str]]:
    """Records of the area's LPAs with a current check (with this outcome, when given)."""
    c = dip_checks
    clauses = [c.c.lpa_id.in_(area.lpa_ids), c.c.kind == kind, c.c.current_record.is_not(None)]
    if outcome is not None:
        clauses.append(c.c.outcome == outcome)
    return select(c.c.record_id).where(*clauses)


def _unpack(packed: int) -> dict[str, int]:
    mask = (1 << OUTCOME_BITS) - 1
    return {o: (packed >> (OUTCOME_BITS * n)) & mask for n, o in enumerate(OUTCOMES)}


class _Hours(FunctionElement[float]):
    """Hours from the first timestamp to the second; each database spells it its own way."""

    type = Float()
    inherit_cache = True


@compiles(_Hours, "sqlite")
def _hours_sqlite(element: _Hours, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 24.0)"


@compiles(_Hours, "postgresql")
def _hours_postgresql(element: _Hours, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end}) - ({start})) / 3600.0)"


class SummaryQueries:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _where(self, table: Table, area: Area, period: Period) -> list[ColumnElement[bool]]:
        return [
            *area.clauses(table),
            table.c.started_at >= period.since,
            table.c.started_at < period.before,
            table.c.deleted_at.is_(None),
        ]

    def records(self, kind: str, area: Area, period: Period) -> list[RecordGroup]:
        """Counts by team and officer. Checks and priorities are matched by membership of small
        sets built once per query, which costs far less than a join probed for every record.

        A record is looked up once among all checked records; only a checked one is then looked
        up by outcome, and the three outcome counts travel packed in one sum (`OUTCOME_BITS`
        each: far more records than one officer makes in a year)."""
        t = activity_tables[kind]
        packed = case(
            *(
                (t.c.id.in_(_checked(kind, area, outcome)), 1 << (OUTCOME_BITS * n))
                for n, outcome in enumerate(OUTCOMES)
                if n
            ),
            else_=1,
        )
        checked = func.sum(case((t.c.id.in_(_checked(kind, area)), packed), else_=0))
        linked = (
            func.sum(case((t.c.priority_id.in_(_current_during(period)), 1), else_=0))
            if kind in LINKABLE
            else func.sum(0)
        )
        query = (
            select(t.c.team_id, t.c.officer, func.count(), linked, checked)
            .where(*self._where(t, area, period))
            .group_by(t.c.team_id, t.c.officer)
        )
        return [
            RecordGroup(
                team_id=row[0],
                officer=row[1],
                records=_as_int(row[2]),
                linked=_as_int(row[3]),
                checked=_unpack(_as_int(row[4])),
            )
            for row in self.connection.execute(query)
        ]

    def rostered_hours(self, area: Area, period: Period) -> float:
        """Hours of duty inside the period, each duty clipped at both ends (as Duties does, but
        summed by the database)."""
        d = duties
        since, before = literal(period.since, UTCDateTime()), literal(period.before, UTCDateTime())
        start = case((d.c.starts_at > since, d.c.starts_at), else_=since)
        end = case((d.c.ends_at < before, d.c.ends_at), else_=before)
        query = select(func.sum(_Hours(start, end))).where(
            *area.clauses(d), d.c.ends_at > period.since, d.c.starts_at < period.before
        )
        return round(float(self.connection.execute(query).scalar_one() or 0), 2)

    def seldom_heard(self, area: Area, period: Period, groups: list[str]) -> SeldomHeard:
        """Engagements reaching each group, and reaching any of them. The database counts each
        distinct combination of groups (a few hundred), which are then read group by group."""
        t = activity_tables["engagement"]
        query = (
            select(t.c.community_groups, func.count())
            .where(*self._where(t, area, period))
            .group_by(t.c.community_groups)
        )
        wanted = set(groups)
        engagements = reaching_any = 0
        by_group = dict.fromkeys(groups, 0)
        for reached, n in self.connection.execute(query):
            engagements += n
            seldom = wanted.intersection(reached or ())
            reaching_any += n if seldom else 0
            for group in seldom:
                by_group[group] += n
        return SeldomHeard(engagements, reaching_any, by_group)

    def abstraction_hours(self, area: Area, period: Period) -> dict[str, float]:
        t = activity_tables["abstraction"]
        query = (
            select(t.c.reason, func.sum(t.c.hours))
            .where(*self._where(t, area, period))
            .group_by(t.c.reason)
        )
        return {reason: float(hours or 0) for reason, hours in self.connection.execute(query)}

    def hotspot_visits(
        self, area: Area, period: Period, dose: tuple[int, int]
    ) -> list[HotspotVisits]:
        """Hotspot patrols per hotspot: visits, minutes inside, and visits within `dose`."""
        t = activity_tables["patrol"]
        minutes = t.c.hotspot_minutes
        query = (
            select(
                t.c.hotspot_id,
                func.count(),
                func.sum(func.coalesce(minutes, 0)),
                func.sum(case((minutes.between(*dose), 1), else_=0)),
            )
            .where(
                *self._where(t, area, period),
                t.c.patrol_type == "hotspot_patrol",
                t.c.hotspot_id.is_not(None),
            )
            .group_by(t.c.hotspot_id)
            .order_by(t.c.hotspot_id)
        )
        return [
            HotspotVisits(row[0], _as_int(row[1]), _as_int(row[2]), _as_int(row[3]))
            for row in self.connection.execute(query)
        ]

    def priorities_as_of(self, area: Area, as_of: date) -> list[PriorityReview]:
        """Priorities current on `as_of`, each with its last review on or before that day
        (the day it was set when never reviewed by then)."""
        p = priorities
        reviewed = (
            select(func.max(priority_reviews.c.reviewed_on))
            .where(
                priority_reviews.c.priority_id == p.c.id,
                priority_reviews.c.reviewed_on <= as_of,
            )
            .scalar_subquery()
        )
        query = (
            select(p.c.id, p.c.team_id, p.c.title, p.c.set_on, p.c.reviewed_on, reviewed)
            .select_from(p.outerjoin(priority_closures, priority_closures.c.priority_id == p.c.id))
            .where(
                *area.clauses(p),
                p.c.set_on <= as_of,
                or_(p.c.current.is_(True), priority_closures.c.closed_on > as_of),
            )
            .order_by(p.c.team_id, p.c.id)
        )
        found = []
        for row in self.connection.execute(query):
            dates = [row.set_on, row[5]]
            if row.reviewed_on is not None and row.reviewed_on <= as_of:
                dates.append(row.reviewed_on)
            last = max(d for d in dates if d is not None)
            found.append(PriorityReview(row.id, row.team_id, row.title, last))
        return found
