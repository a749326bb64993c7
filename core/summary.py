"""The area summary: what an LPA or team did in a period, each figure beside the period before."""

import calendar
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

from core import audit
from core.access import Caller
from core.errors import FieldError, InvalidInput, NotPermitted
from core.queries import RecordQuery, check_period_days
from core.settings import Settings
from schemas.abstraction import AbstractionReason
from schemas.audit import AuditAction
from schemas.base import LONDON, now_utc
from schemas.dip_check import DipCheckOutcome
from schemas.kinds import ACTIVITY_KINDS
from schemas.roles import Role
from schemas.supervision_summary import (
    AbstractionFigures,
    AreaSummary,
    Band,
    Checked,
    DipCheckFigures,
    HotspotFigures,
    HotspotSummary,
    KindCounts,
    Linked,
    OverduePriority,
    PeriodFigures,
    PriorityLinks,
    PriorityReviewFigures,
    RecordCounts,
    RecordsPerOfficer,
    SeldomHeardFigures,
)
from store.database import Database, Transaction
from store.summary import LINKABLE, Area, Period, RecordGroup, SummaryQueries

Clock = Callable[[], datetime]
READERS = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
DEFAULT_DAYS = 91
LONGEST_DAYS = 366
DOSE = (10, 16)
"""Minutes inside a hotspot that make the evidence-based dose, both ends included."""
REVIEW_MONTHS = 3
BAND_STARTS = (1, 5, 10, 25, 50, 100, 250)


def share(part: float, whole: float) -> float | None:
    return None if not whole else round(part / whole, 4)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def distribution(counts: list[int]) -> RecordsPerOfficer:
    """Quartiles (inclusive method) and fixed bands of records per officer."""
    ordered = sorted(counts)
    bands = []
    for n, least in enumerate(BAND_STARTS):
        most = BAND_STARTS[n + 1] - 1 if n + 1 < len(BAND_STARTS) else None
        inside = sum(1 for c in ordered if c >= least and (most is None or c <= most))
        bands.append(Band(least=least, most=most, officers=inside))
    quartiles: list[float | None] = [None, None, None]
    if len(ordered) == 1:
        quartiles = [float(ordered[0])] * 3
    elif ordered:
        quartiles = [round(q, 2) for q in statistics.quantiles(ordered, n=4, method="inclusive")]
    return RecordsPerOfficer(
        officers=len(ordered),
        minimum=ordered[0] if ordered else None,
        lower_quartile=quartiles[0],
        median=quartiles[1],
        upper_quartile=quartiles[2],
        maximum=ordered[-1] if ordered else None,
        bands=bands,
    )


def summary(
    db: Database,
    settings: Settings,
    caller: Caller,
    *,
    lpa_id: str | None = None,
    team_id: str | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    clock: Clock = now_utc,
) -> AreaSummary:
    """The figures of an LPA or team (the force when neither is given, for force readers) over
    [first_day, last_day] (the 91 days to today by default) and the same span before it."""
    if caller.role not in READERS:
        raise NotPermitted(f"The {caller.role.value} role does not read area summaries.")
    check_period_days(first_day, last_day)
    now = clock()
    today = now.astimezone(LONDON).date()
    last = last_day or today
    first = first_day or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInput([FieldError("to", "must not be before from")])
    if (last - first).days >= LONGEST_DAYS:
        raise InvalidInput([FieldError("from", f"the period is at most {LONGEST_DAYS} days")])
    before_last = first - timedelta(days=1)
    before_first = before_last - (last - first)
    with db.transaction(read_only=True) as tx:
        lpa_id, team_id = _area(tx, caller, lpa_id, team_id)
        area = _area_of(tx, lpa_id, team_id)
        names = {h.id: h.name for h in tx.organisation.hotspots(lpa_id=lpa_id)}

    def figures_of(span: tuple[date, date]) -> PeriodFigures:
        start, end = span
        with db.transaction(read_only=True) as tx:
            return _figures(tx, settings, area, _period(start, end), min(end, today), names)

    # The two periods are read side by side, each on its own connection: the database does
    # the work and releases the interpreter meanwhile, so on two cores the reply comes in about
    # half the time. Neither holds SQLite's write lock; the figures leave only once their
    # consultation is logged.
    with ThreadPoolExecutor(max_workers=2) as pool:
        figures = list(pool.map(figures_of, ((first, last), (before_first, before_last))))
    with db.transaction() as tx:
        detail = {
            "lpa_id": lpa_id,
            "team_id": team_id,
            "from": first.isoformat(),
            "to": last.isoformat(),
        }
        audit.log(tx, caller, AuditAction.CONSULTATION, "summary", clock(), None, detail)
        tx.commit()
    return AreaSummary(lpa_id=lpa_id, team_id=team_id, period=figures[0], previous=figures[1])


def _area(
    tx: Transaction, caller: Caller, lpa_id: str | None, team_id: str | None
) -> tuple[str | None, str | None]:
    """The LPA and team asked for, checked against the organisation and the caller's role."""
    if team_id is not None:
        team = next((t for t in tx.organisation.teams() if t.id == team_id), None)
        if team is None:
            raise InvalidInput([FieldError("team_id", "is not a known team")])
        if lpa_id is not None and lpa_id != team.lpa_id:
            raise InvalidInput([FieldError("team_id", "is not a team of the given lpa_id")])
        lpa_id = team.lpa_id
    elif lpa_id is not None and lpa_id not in {lpa.id for lpa in tx.organisation.lpas()}:
        raise InvalidInput([FieldError("lpa_id", "is not a known LPA")])
    if caller.role is Role.SUPERVISOR:
        if lpa_id is None:
            lpa_id = caller.person.lpa_id
        elif lpa_id != caller.person.lpa_id:
            raise NotPermitted("Supervisors read the summary of their own LPA only.")
    return lpa_id, team_id


def _area_of(tx: Transaction, lpa_id: str | None, team_id: str | None) -> Area:
    """The force is every LPA: the store reads it as one index range per LPA."""
    if lpa_id is None:
        return Area(tuple(lpa.id for lpa in tx.organisation.lpas()))
    return Area((lpa_id,), team_id)


def _period(first: date, last: date) -> Period:
    bounds = RecordQuery(start=first, end=last).to_filter()
    assert bounds.started_from is not None and bounds.started_before is not None
    return Period(bounds.started_from, bounds.started_before, first, last)


def _figures(
    tx: Transaction,
    settings: Settings,
    area: Area,
    period: Period,
    as_of: date,
    hotspot_names: dict[str, str],
) -> PeriodFigures:
    queries = SummaryQueries(tx.connection)
    groups = {kind: queries.records(kind, area, period) for kind in ACTIVITY_KINDS}
    seldom = queries.seldom_heard(area, period, [g.value for g in settings.seldom_heard])
    rostered = queries.rostered_hours(area, period)
    return PeriodFigures(
        first_day=period.first_day,
        last_day=period.last_day,
        records=_counts(groups),
        records_per_officer=distribution(_per_officer(groups)),
        dip_checks=_checks(groups),
        abstraction=_abstraction(queries.abstraction_hours(area, period), rostered),
        seldom_heard=SeldomHeardFigures(
            engagements=seldom.engagements,
            reaching_any=seldom.reaching_any,
            share_reaching_any=share(seldom.reaching_any, seldom.engagements),
            by_group=seldom.by_group,
        ),
        priority_links=PriorityLinks(**{kind: _linked(groups[kind]) for kind in LINKABLE}),
        priority_reviews=_reviews(queries, area, as_of),
        hotspots=_hotspots(queries, area, period, hotspot_names),
    )


def _counts(groups: dict[str, list[RecordGroup]]) -> RecordCounts:
    by_kind: Counter[str] = Counter()
    by_team: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, rows in groups.items():
        for row in rows:
            by_kind[kind] += row.records
            by_team[row.team_id][kind] += row.records
    return RecordCounts(
        by_kind=KindCounts(**by_kind, total=by_kind.total()),
        by_team={
            team: KindCounts(**counts, total=counts.total())
            for team, counts in sorted(by_team.items())
        },
    )


def _per_officer(groups: dict[str, list[RecordGroup]]) -> list[int]:
    per_officer: Counter[str] = Counter()
    for rows in groups.values():
        for row in rows:
            per_officer[row.officer] += row.records
    return list(per_officer.values())


def _checks(groups: dict[str, list[RecordGroup]]) -> DipCheckFigures:
    records: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    outcomes: Counter[str] = Counter({outcome.value: 0 for outcome in DipCheckOutcome})
    for rows in groups.values():
        for row in rows:
            records[row.team_id] += row.records
            checked[row.team_id] += sum(row.checked.values())
            outcomes.update(row.checked)
    done = checked.total()
    return DipCheckFigures(
        records=records.total(),
        checked=done,
        share_checked=share(done, records.total()),
        outcomes=dict(outcomes),
        outcome_shares={outcome: share(n, done) for outcome, n in outcomes.items()},
        by_team={
            team: Checked(records=n, checked=checked[team], share_checked=share(checked[team], n))
            for team, n in sorted(records.items())
        },
    )


def _abstraction(hours: dict[str, float], rostered: float) -> AbstractionFigures:
    by_reason = {reason.value: 0.0 for reason in AbstractionReason} | hours
    total = round(sum(by_reason.values()), 2)
    known = rostered if rostered > 0 else None
    return AbstractionFigures(
        hours=total,
        by_reason={reason: round(h, 2) for reason, h in by_reason.items()},
        rostered_hours=known,
        rate=None if known is None else share(total, known),
    )


def _linked(rows: list[RecordGroup]) -> Linked:
    records = sum(row.records for row in rows)
    linked = sum(row.linked for row in rows)
    return Linked(records=records, linked=linked, share=share(linked, records))


def _reviews(queries: SummaryQueries, area: Area, as_of: date) -> PriorityReviewFigures:
    current = queries.priorities_as_of(area, as_of)
    due = months_before(as_of, REVIEW_MONTHS)
    overdue = [
        OverduePriority(
            id=p.id, team_id=p.team_id, title=p.title, last_reviewed_on=p.last_reviewed_on
        )
        for p in current
        if p.last_reviewed_on < due
    ]
    return PriorityReviewFigures(
        as_of=as_of,
        current=len(current),
        not_reviewed_in_3_months=len(overdue),
        overdue=overdue,
    )


def _hotspots(
    queries: SummaryQueries, area: Area, period: Period, names: dict[str, str]
) -> HotspotSummary:
    rows = queries.hotspot_visits(area, period, DOSE)
    visits = sum(r.visits for r in rows)
    in_dose = sum(r.in_dose for r in rows)
    return HotspotSummary(
        visits=visits,
        minutes=sum(r.minutes for r in rows),
        visits_in_dose=in_dose,
        share_in_dose=share(in_dose, visits),
        by_hotspot=[
            HotspotFigures(
                hotspot_id=r.hotspot_id,
                name=names.get(r.hotspot_id),
                visits=r.visits,
                minutes=r.minutes,
                visits_in_dose=r.in_dose,
                share_in_dose=share(r.in_dose, r.visits),
            )
            for r in rows
        ],
    )
