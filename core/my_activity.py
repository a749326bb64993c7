"""My activity: the caller's own records of every kind, newest first, and their weekly summary."""

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from core import dip_checks
from core.access import Caller, visibility
from core.activities import Clock, _audit
from core.delegation import graph_failures
from core.errors import FieldError, InvalidInput
from core.queries import RecordQuery
from graph.shifts import Roster
from schemas.activity import RecordFields
from schemas.audit import AuditAction
from schemas.base import LONDON, StrictModel, now_utc
from schemas.duty import Duty
from schemas.kinds import ACTIVITY_KINDS, ActivityKind
from schemas.my_activity import MAX_WEEKS, OWN_RECORDS, Figures, Summary, WeekFigures
from store.audit import AuditEvent
from store.database import Database, Transaction
from store.dip_checks import DipChecks
from store.own_records import OwnRecords
from store.paging import BadCursor, Page, encode_cursor

MEASURES = {
    "patrol": ("duration_minutes", "patrol_minutes"),
    "abstraction": ("hours", "abstraction_hours"),
}
"""Kind -> (the column it adds up, the weekly figure that sums it)."""


def _kinds(names: Sequence[str]) -> list[ActivityKind]:
    chosen = dict.fromkeys(names or ACTIVITY_KINDS)
    return [ACTIVITY_KINDS[name] for name in chosen]


def own_records(
    db: Database,
    caller: Caller,
    *,
    kinds: Sequence[str] = (),
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[StrictModel]:
    """The caller's records of the chosen kinds (all when none), newest first.

    Each kind's log is read from the cursor on, at most a page of each; merged, the first
    `limit` are the page, and its last record is the next cursor for every kind alike.
    """
    filters = RecordQuery(start=start, end=end, officers=(caller.upn,)).to_filter()
    scope = visibility(caller)
    found: list[tuple[ActivityKind, RecordFields]] = []
    more = False
    with db.transaction() as tx:
        for kind in _kinds(kinds):
            try:
                page = tx.activities(kind).list(scope, filters, limit=limit, cursor=cursor)
            except BadCursor as error:
                raise InvalidInput([FieldError("cursor", str(error))]) from None
            found += [(kind, record) for record in dip_checks.attach(tx, kind, page.items)]
            more = more or page.next is not None
        found.sort(key=lambda pair: (pair[1].started_at, pair[1].id), reverse=True)
        more = more or len(found) > limit
        found = found[:limit]
        now = clock()
        for kind in _kinds(kinds):
            ids = [r.id for k, r in found if k is kind]
            _audit(tx, caller, AuditAction.CONSULTATION, kind, now, None, {"record_ids": ids})
        tx.commit()
    last = found[-1][1] if found else None
    items = [OWN_RECORDS[k.name].model_construct(**dict(r), kind=k.name) for k, r in found]
    return Page(items, encode_cursor(last.started_at, last.id) if more and last else None)


@dataclass
class _Week:
    """Running figures of one week."""

    starts_on: date
    counts: Counter[str] = field(default_factory=Counter)
    patrol_minutes: int = 0
    abstraction_hours: float = 0.0
    rostered_hours: float = 0.0

    def figures(self, duties_known: bool) -> dict[str, object]:
        rostered = round(self.rostered_hours, 2) if duties_known else None
        rate = round(self.abstraction_hours / rostered, 3) if rostered else None
        return {
            "counts": {name: self.counts[name] for name in ACTIVITY_KINDS},
            "total": sum(self.counts.values()),
            "patrol_minutes": self.patrol_minutes,
            "abstraction_hours": round(self.abstraction_hours, 2),
            "rostered_hours": rostered,
            "abstraction_rate": rate,
        }


def week_starts(today: date, weeks: int) -> list[date]:
    """The Mondays of the `weeks` ISO weeks ending with the one holding `today`."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LONDON)


def summary(
    db: Database,
    caller: Caller,
    *,
    weeks: int = 12,
    roster: Roster | None = None,
    clock: Clock = now_utc,
) -> Summary:
    """Counts per kind per ISO week (Europe/London), with patrol minutes, abstraction hours,
    dip-check outcomes and, given a roster, rostered hours and the abstraction rate."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput([FieldError("weeks", f"must be between 1 and {MAX_WEEKS}")])
    now = clock()
    mondays = week_starts(now.astimezone(LONDON).date(), weeks)
    bounds = [_midnight(d) for d in mondays] + [_midnight(mondays[-1] + timedelta(weeks=1))]
    buckets = [_Week(d) for d in mondays]
    duties = []
    if roster is not None:
        with graph_failures("your duties could not be read"):
            duties = roster.duties(caller.person, bounds[0], bounds[-1])
    with db.transaction() as tx:
        outcomes = _count(tx, caller, bounds, buckets)
        _audit_view(tx, caller, now, {"view": "my summary", "weeks": weeks})
        tx.commit()
    _add_rostered(buckets, bounds, duties)
    known = roster is not None and bool(duties)
    total = _Week(mondays[0])
    for week in buckets:
        total.counts.update(week.counts)
        total.patrol_minutes += week.patrol_minutes
        total.abstraction_hours += week.abstraction_hours
        total.rostered_hours += week.rostered_hours
    return Summary(
        weeks=[
            WeekFigures(
                week=f"{w.starts_on.isocalendar().year}-W{w.starts_on.isocalendar().week:02d}",
                starts_on=w.starts_on,
                **w.figures(known),  # type: ignore[arg-type]
            )
            for w in buckets
        ],
        totals=Figures(**total.figures(known)),  # type: ignore[arg-type]
        dip_checks=dict(sorted(outcomes.items())),
    )


def _count(
    tx: Transaction, caller: Caller, bounds: list[datetime], buckets: list[_Week]
) -> Counter[str]:
    """Add the caller's records to their weeks; returns the dip-check outcomes among them."""
    own = OwnRecords(tx.connection)
    outcomes: Counter[str] = Counter()
    for kind in ACTIVITY_KINDS.values():
        column, figure = MEASURES.get(kind.name, (None, None))
        moments = own.moments(kind, caller.upn, bounds[0], bounds[-1], column)
        for moment in moments:
            week = buckets[bisect_right(bounds, moment.started_at) - 1]
            week.counts[kind.name] += 1
            if figure is not None:
                setattr(week, figure, getattr(week, figure) + (moment.measure or 0))
        checks = DipChecks(tx.connection).current(kind.name, [m.id for m in moments])
        outcomes.update(check.outcome.value for check in checks.values())
    return outcomes


def _add_rostered(buckets: list[_Week], bounds: list[datetime], duties: list[Duty]) -> None:
    """Each duty's hours go to the weeks they fall in, clipped at the week boundaries."""
    for duty in duties:
        for n, week in enumerate(buckets):
            start = max(duty.starts_at, bounds[n])
            end = min(duty.ends_at, bounds[n + 1])
            if end > start:
                week.rostered_hours += (end - start).total_seconds() / 3600


def _audit_view(tx: Transaction, caller: Caller, at: datetime, detail: dict[str, object]) -> None:
    """A consultation of the caller's own records in aggregate, no record named."""
    tx.audit.record(
        AuditEvent(
            at=at,
            upn=caller.upn,
            action=AuditAction.CONSULTATION,
            source=caller.source,
            kind="summary",
            request_id=caller.request_id,
            purpose=caller.purpose,
            detail=detail,
        )
    )
