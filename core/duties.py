"""Rosters from a duty management system: a CSV of duties, checked whole, loaded whole.

An import is the whole truth about imported duties: it replaces the previous import (and the
demo roster), or, when any row is wrong, changes nothing and says which rows and why.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, uuid5

from core.access import Caller
from core.activities import Clock
from core.delegation import graph_failures
from core.errors import FieldError, InvalidInput, NotPermitted
from core.settings import Mode, Settings
from graph.shifts import ShiftsRoster
from schemas.audit import AuditAction, AuditSource
from schemas.base import LONDON, now_utc
from schemas.duty import DutySource
from schemas.person import Person
from schemas.roles import Role
from store.audit import AuditEvent
from store.database import Database

if TYPE_CHECKING:
    from core.services import Services

COLUMNS = ("upn", "start", "end", "duty_type")
LONGEST = timedelta(hours=24)
SHIFTS_BACK = timedelta(days=35)
SHIFTS_AHEAD = timedelta(days=28)
MAX_REPORTED = 200
TIME_HINT = "must be a date and time such as 2026-11-26T07:00 (Europe/London) or with an offset"


def _when(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([FieldError("file", "must be UTF-8 text")]) from None


@dataclass(frozen=True)
class _Line:
    """One good row of the file, with its line number for reports."""

    line: int
    person: Person
    start: datetime
    end: datetime
    duty_type: str

    def row(self) -> dict[str, object]:
        return {
            "id": str(uuid5(NAMESPACE_URL, f"duty:{self.person.upn}:{self.start.isoformat()}")),
            "upn": self.person.upn,
            "team_id": self.person.team_id,
            "lpa_id": self.person.lpa_id,
            "starts_at": self.start,
            "ends_at": self.end,
            "duty_type": self.duty_type,
            "source": DutySource.IMPORTED.value,
        }


def parse(raw: bytes, people: dict[str, Person]) -> list[dict[str, object]]:
    """Rows for the duties table; InvalidInput naming every rejected row (by line) otherwise.

    `people` is keyed by lower-case UPN. Times without an offset are Europe/London.
    """
    reader = csv.reader(io.StringIO(_text(raw), newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    if sorted(header) != sorted(COLUMNS):
        found = ", ".join(header) or "nothing"
        raise InvalidInput(
            [FieldError("file", f"must have the columns {', '.join(COLUMNS)}, not {found}")]
        )
    problems: list[tuple[int, FieldError]] = []
    good: list[_Line] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            problems.append((line, FieldError(f"row {line}", f"has {len(values)} values, not 4")))
            continue
        parsed, wrong = _line(line, dict(zip(header, values, strict=True)), people)
        problems += [(line, FieldError(f"row {line}.{c}", message)) for c, message in wrong]
        if parsed is not None:
            good.append(parsed)
    problems += _overlaps(good)
    if not good and not problems:
        problems.append((0, FieldError("file", "holds no duties")))
    if problems:
        errors = [error for _, error in sorted(problems, key=lambda p: p[0])]
        if len(errors) > MAX_REPORTED:
            hidden = len(errors) - MAX_REPORTED
            errors = [*errors[:MAX_REPORTED], FieldError("file", f"and {hidden} more problems")]
        raise InvalidInput(errors)
    return [duty.row() for duty in good]


def _line(
    line: int, values: dict[str, str], people: dict[str, Person]
) -> tuple[_Line | None, list[tuple[str, str]]]:
    wrong = []
    person = people.get(values["upn"].strip().lower())
    if person is None:
        wrong.append(("upn", "is not a person in the people data"))
    start, end = _when(values["start"]), _when(values["end"])
    if start is None:
        wrong.append(("start", TIME_HINT))
    if end is None:
        wrong.append(("end", TIME_HINT))
    if start is not None and end is not None:
        if end <= start:
            wrong.append(("end", "must be after start"))
        elif end - start > LONGEST:
            wrong.append(("end", "must be at most 24 hours after start"))
    duty_type = values["duty_type"].strip()
    if not 1 <= len(duty_type) <= 100 or not duty_type.isprintable():
        wrong.append(("duty_type", "must be 1-100 printable characters"))
    if wrong or person is None or start is None or end is None:
        return None, wrong
    return _Line(line, person, start, end, duty_type), []


def _overlaps(duties: list[_Line]) -> list[tuple[int, FieldError]]:
    """Each duty that starts before an earlier duty of the same person has ended."""
    by_person: dict[str, list[_Line]] = defaultdict(list)
    for duty in duties:
        by_person[duty.person.upn].append(duty)
    found = []
    for own in by_person.values():
        own.sort(key=lambda d: (d.start, d.line))
        latest = own[0]
        for duty in own[1:]:
            if duty.start < latest.end:
                message = f"overlaps the duty in row {latest.line}"
                found.append((duty.line, FieldError(f"row {duty.line}.start", message)))
            if duty.end > latest.end:
                latest = duty
    return found


def duties_from_shifts(settings: Settings) -> bool:
    """Shifts is the roster only with Microsoft 365; the embedded default keeps its own."""
    return settings.mode is Mode.MICROSOFT365 and settings.duties_source is DutySource.SHIFTS


def import_roster(
    db: Database,
    raw: bytes,
    *,
    by: str,
    source: AuditSource,
    from_shifts: bool,
    request_id: str | None = None,
    clock: Clock = now_utc,
) -> int:
    """Load a roster CSV (upn, start, end, duty_type); returns the number of duties loaded."""
    if from_shifts:
        raise NotPermitted(
            "Duties come from Microsoft Shifts here (NPT_DUTIES_SOURCE=shifts); "
            "an imported roster would count them twice."
        )
    with db.transaction() as tx:
        people = {p.upn.lower(): p for p in tx.organisation.people()}
        rows = parse(raw, people)
        tx.duties.replace(DutySource.IMPORTED, rows)
        tx.duties.replace(DutySource.DEMO, [])
        tx.audit.record(
            AuditEvent(
                at=clock(),
                upn=by,
                action=AuditAction.COLLECTION,
                source=source,
                kind="duty",
                request_id=request_id,
                purpose="roster import",
                detail={"duties": len(rows)},
            )
        )
        tx.commit()
    return len(rows)


def import_as(db: Database, caller: Caller, raw: bytes, *, from_shifts: bool) -> int:
    """A roster import through the API: administrators only."""
    if caller.role is not Role.ADMIN:
        raise NotPermitted("Only administrators load rosters.")
    return import_roster(
        db,
        raw,
        by=caller.upn,
        source=caller.source,
        from_shifts=from_shifts,
        request_id=caller.request_id,
    )


def copy_shifts(db: Database, roster: ShiftsRoster, *, clock: Clock = now_utc) -> dict[str, int]:
    """Copy every mapped team's published shifts of the last five weeks and the next four into
    the store, where team and LPA abstraction rates count them; older copies are kept."""
    now = clock()
    since, before = now - SHIFTS_BACK, now + SHIFTS_AHEAD
    with db.transaction(read_only=True) as tx:
        people = tx.organisation.people()
    by_object_id = {p.entra_object_id: p for p in people}
    rows = []
    for team_id in sorted(roster.teams):
        members = [p.entra_object_id for p in people if p.team_id == team_id]
        if not members:
            continue
        found = roster.team_duties(team_id, by_object_id, since, before, acting_as=members[0])
        rows += [
            {**d.model_dump(), "source": d.source.value}
            for d in found
            if since <= d.starts_at < before
        ]
    with db.transaction() as tx:
        tx.duties.replace_starting(DutySource.SHIFTS, since, before, rows)
        tx.audit.record(
            AuditEvent(
                at=now,
                upn="system",
                action=AuditAction.COLLECTION,
                source=AuditSource.TIMER,
                kind="duty",
                purpose="copy of Microsoft Shifts for team and LPA figures",
                detail={"duties": len(rows), "teams": len(roster.teams)},
            )
        )
        tx.commit()
    return {"duties": len(rows)}


def copy_shifts_if_used(services: "Services") -> dict[str, int]:
    """The timer's job: copy Shifts where it is the roster, nothing otherwise."""
    if not duties_from_shifts(services.settings):
        return {"duties": 0}
    roster = services.roster
    assert isinstance(roster, ShiftsRoster)
    with graph_failures("Microsoft Shifts could not be copied"):
        return copy_shifts(services.database, roster)
