"""The caller's calendar and rostered duties, from Microsoft 365 or from the store."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from core.access import Caller
from core.activities import Clock
from core.delegation import graph_failures, signed_in
from core.errors import FieldError, InvalidInput
from core.queries import RecordQuery, check_period_days
from graph.calendar import Calendar
from graph.shifts import Roster
from schemas.audit import AuditAction
from schemas.base import LONDON, now_utc
from schemas.duty import Duty
from schemas.my_activity import CalendarEvent, MyDuty
from schemas.person import Person
from store.audit import AuditEvent
from store.database import Database
from store.duties import RosterScope

DEFAULT_DAYS = 7
LONGEST = timedelta(days=93)


def period(
    start: date | datetime | None, end: date | datetime | None, clock: Clock = now_utc
) -> tuple[datetime, datetime]:
    """[since, before) from `from`/`to` (a date is that whole day in Europe/London): a week
    from `from`, or up to `to`, or from today; at most about three months."""
    check_period_days(start, end)
    bounds = RecordQuery(start=start, end=end).to_filter()
    since = bounds.started_from
    before = bounds.started_before
    if since is None:
        today = clock().astimezone(LONDON).date()
        midnight = datetime.combine(today, time(), LONDON)
        since = midnight if before is None else before - timedelta(days=DEFAULT_DAYS)
    if before is None:
        before = since + timedelta(days=DEFAULT_DAYS)
    if before - since > LONGEST:
        raise InvalidInput([FieldError("to", "must be at most 93 days after from")])
    return since, before


def my_calendar(
    db: Database,
    calendar: Calendar,
    caller: Caller,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    clock: Clock = now_utc,
) -> list[CalendarEvent]:
    since, before = period(start, end, clock)
    with graph_failures("your calendar could not be read"):
        events = calendar.events(signed_in(caller), since, before)
    _audit(db, caller, "calendar", clock(), len(events))
    return events


def my_duties(
    db: Database,
    roster: Roster,
    caller: Caller,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    clock: Clock = now_utc,
) -> list[MyDuty]:
    since, before = period(start, end, clock)
    with graph_failures("your duties could not be read"):
        duties = roster.duties(caller.person, since, before)
    _audit(db, caller, "duty", clock(), len(duties))
    return [
        MyDuty(start=d.starts_at, end=d.ends_at, duty_type=d.duty_type, team_id=d.team_id)
        for d in duties
    ]


def _audit(db: Database, caller: Caller, kind: str, at: datetime, count: int) -> None:
    with db.transaction() as tx:
        tx.audit.record(
            AuditEvent(
                at=at,
                upn=caller.upn,
                action=AuditAction.CONSULTATION,
                source=caller.source,
                kind=kind,
                request_id=caller.request_id,
                purpose=caller.purpose,
                detail={"count": count},
            )
        )
        tx.commit()


def stored_calendar(db: Database) -> Callable[[str, datetime, datetime], list[CalendarEvent]]:
    """How the embedded calendar stand-in reads the store."""

    def read(upn: str, since: datetime, before: datetime) -> list[CalendarEvent]:
        with db.transaction(read_only=True) as tx:
            return tx.calendar.between(upn, since, before)

    return read


def stored_roster(db: Database) -> Callable[[Person, datetime, datetime], list[Duty]]:
    """How the roster stand-in reads imported (or demo) duties from the store."""

    def read(person: Person, since: datetime, before: datetime) -> list[Duty]:
        with db.transaction(read_only=True) as tx:
            return tx.duties.between(RosterScope(upns=(person.upn,)), since, before)

    return read
