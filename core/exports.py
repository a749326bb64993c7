"""Supervisors' workbooks: in scope, streamed from the store, audited as disclosures.

A supervisor exports their own LPA (or a team of it); managers and admins any LPA, team, or
the whole force. Every export is a disclosure in the processing log: who, scope, period,
record count, where the file went and who was emailed.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from core.access import Caller, visibility
from core.errors import FieldError, InvalidInput, NotPermitted, StorageFull
from core.queries import RecordQuery
from exports.workbook import WorkbookContext, build_workbook
from exports.xlsx import MAX_ROWS
from graph.calls import SignedIn
from graph.files import DestinationFull, FileStore, no_room
from graph.mail import Mail
from schemas.audit import AuditAction, AuditSource
from schemas.base import LONDON, now_utc
from schemas.kinds import ACTIVITY_KINDS
from schemas.mail import MAX_RECIPIENTS, QuickEmail
from schemas.person import Person, Rank
from schemas.roles import Role
from store.audit import AuditEvent
from store.database import Database, Transaction
from store.extracts import Extracts
from store.filters import RecordFilter, Visibility

if TYPE_CHECKING:
    from core.services import Services

T = TypeVar("T")
EXPORTERS = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
Progress = Callable[[int], None]
"""Told how many more records were written; a terminal draws a bar with it."""
EVERY = 1_000
LARGE = 250_000
"""Records above which a workbook's sheets may pass 2 GiB of XML and need ZIP64."""


@dataclass(frozen=True)
class WorkbookRequest:
    lpa_id: str | None = None
    team_id: str | None = None
    start: date | None = None
    end: date | None = None
    """The last day included."""


@dataclass(frozen=True)
class Scope:
    """Where a workbook's records come from, said for the Read me and the audit row."""

    text: str
    filters: RecordFilter
    records: Visibility
    team_names: dict[str, str] = field(default_factory=dict)
    hotspot_names: dict[str, str] = field(default_factory=dict)
    slug: str = "force"


@dataclass(frozen=True)
class WorkbookFile:
    """A workbook written: the file name to give it, its records, and its scope in words."""

    name: str
    rows: int
    scope: str


def counted(rows: Iterable[T], progress: Progress | None) -> Iterator[T]:
    """`rows` unchanged, with `progress` told every thousand."""
    if progress is None:
        yield from rows
        return
    done = 0
    for row in rows:
        yield row
        done += 1
        if done == EVERY:
            progress(done)
            done = 0
    if done:
        progress(done)


@contextmanager
def room_to_write() -> Iterator[None]:
    """A full destination, or a full disk under the file being built, as a problem the caller
    can act on rather than an internal error. Nothing is disclosed for a file not delivered."""
    try:
        yield
    except DestinationFull as error:
        raise StorageFull(
            f"{error} Free some space there and export again; the files already there are "
            "unchanged."
        ) from error
    except OSError as error:
        if not no_room(error):
            raise
        raise StorageFull(
            "The disk this export is built on is full; try again later. The files already at "
            "the export destination are unchanged."
        ) from error


def disclose(
    database: Database, caller: Caller, kind: str, at: datetime, detail: dict[str, Any]
) -> None:
    """The processing log's record of an export (DPA 2018 s.62 counts exports as disclosure)."""
    with database.transaction() as tx:
        tx.audit.record(
            AuditEvent(
                at=at,
                upn=caller.upn,
                action=AuditAction.DISCLOSURE,
                source=caller.source,
                kind=kind,
                request_id=caller.request_id,
                purpose=caller.purpose,
                detail=detail,
            )
        )
        tx.commit()


def scope_of(tx: Transaction, caller: Caller, request: WorkbookRequest) -> Scope:
    """The records a workbook may hold, refusing what the caller's role does not reach."""
    if caller.role not in EXPORTERS:
        raise NotPermitted("Only supervisors, managers and admins export workbooks.")
    org = tx.organisation
    lpas = {lpa.id: lpa.name for lpa in org.lpas()}
    teams = {team.id: team for team in org.teams()}
    lpa_id, team_id = request.lpa_id, request.team_id
    errors = []
    if lpa_id is not None and lpa_id not in lpas:
        errors.append(FieldError("lpa_id", "is not a local policing area"))
    if team_id is not None and team_id not in teams:
        errors.append(FieldError("team_id", "is not a neighbourhood team"))
    elif team_id is not None and lpa_id is not None and teams[team_id].lpa_id != lpa_id:
        errors.append(FieldError("team_id", "is not a team of that local policing area"))
    if errors:
        raise InvalidInput(errors)
    if team_id is not None:
        lpa_id = teams[team_id].lpa_id
    if caller.role is Role.SUPERVISOR:
        own = caller.person.lpa_id
        if lpa_id not in (None, own):
            raise NotPermitted("Supervisors export the records of their own LPA only.")
        lpa_id = own
    query = RecordQuery(
        start=request.start,
        end=request.end,
        team_ids=(team_id,) if team_id else (),
        lpa_ids=(lpa_id,) if lpa_id else (),
    )
    names = {t.id: t.name for t in teams.values()}
    hotspots = {h.id: h.name for h in org.hotspots(lpa_id)}
    if team_id is not None:
        text, slug = f"Team {names[team_id]} ({team_id}), {lpas[teams[team_id].lpa_id]}", team_id
    elif lpa_id is not None:
        text, slug = f"Local policing area {lpas[lpa_id]} ({lpa_id})", lpa_id
    else:
        text, slug = "Whole force", "force"
    return Scope(text, query.to_filter(), visibility(caller), names, hotspots, slug)


def _file_name(scope: Scope, request: WorkbookRequest, at: datetime) -> str:
    start = "start" if request.start is None else request.start.isoformat()
    end = (
        at.astimezone(LONDON).date().isoformat() if request.end is None else request.end.isoformat()
    )
    return f"npt-{scope.slug}-{start}-to-{end}.xlsx"


def write_workbook(
    database: Database,
    caller: Caller,
    request: WorkbookRequest,
    target: Path | IO[bytes],
    *,
    seldom_heard: Iterable[str],
    clock: Callable[[], datetime] = now_utc,
    progress: Progress | None = None,
    totals: Callable[[int], None] | None = None,
) -> WorkbookFile:
    """Build the workbook into `target`; nothing is disclosed yet (see `download`, `save`)."""
    at = clock()
    with database.transaction(read_only=True) as tx:
        scope = scope_of(tx, caller, request)
        extracts = Extracts(tx.connection)
        counts = {
            kind.name: extracts.count(kind, scope.records, scope.filters)
            for kind in ACTIVITY_KINDS.values()
        }
        too_many = [n for n, c in counts.items() if c >= MAX_ROWS]
        if too_many:
            raise InvalidInput(
                [FieldError("from", f"more {too_many[0]} records than a sheet holds: shorten it")]
            )
        if totals is not None:
            totals(sum(counts.values()))
        context = WorkbookContext(
            scope=scope.text,
            start=request.start,
            end=request.end,
            generated_at=at,
            generated_for=f"{caller.person.display_name} ({caller.upn})",
            seldom_heard=frozenset(str(g) for g in seldom_heard),
            team_names=scope.team_names,
            hotspot_names=scope.hotspot_names,
            with_dip_checks=True,
        )
        sources = (
            (
                kind,
                counted(
                    extracts.records(kind, scope.records, scope.filters, with_dip_checks=True),
                    progress,
                ),
            )
            for kind in ACTIVITY_KINDS.values()
        )
        large = sum(counts.values()) > LARGE
        result = build_workbook(target, context, sources, large=large)
    return WorkbookFile(_file_name(scope, request, at), result.total, scope.text)


def _detail(request: WorkbookRequest, built: WorkbookFile, **more: Any) -> dict[str, Any]:
    return {
        "scope": built.scope,
        "lpa_id": request.lpa_id,
        "team_id": request.team_id,
        "from": None if request.start is None else request.start.isoformat(),
        "to": None if request.end is None else request.end.isoformat(),
        "records": built.rows,
        "file": built.name,
        **more,
    }


def download(
    database: Database,
    caller: Caller,
    request: WorkbookRequest,
    *,
    seldom_heard: Iterable[str],
    clock: Callable[[], datetime] = now_utc,
) -> tuple[Path, WorkbookFile]:
    """A workbook in a temporary file for the caller to download; the caller removes it."""
    handle, name = tempfile.mkstemp(suffix=".xlsx")
    path = Path(name)
    done = False
    try:
        with room_to_write(), open(handle, "wb") as file:
            built = write_workbook(
                database, caller, request, file, seldom_heard=seldom_heard, clock=clock
            )
        detail = _detail(request, built, delivered="download")
        disclose(database, caller, "workbook", clock(), detail)
        done = True
    finally:
        if not done:
            path.unlink(missing_ok=True)
    return path, built


def save(
    database: Database,
    files: FileStore,
    caller: Caller,
    request: WorkbookRequest,
    *,
    seldom_heard: Iterable[str],
    clock: Callable[[], datetime] = now_utc,
    folder: str = "workbooks",
    progress: Progress | None = None,
    totals: Callable[[int], None] | None = None,
) -> tuple[str, WorkbookFile]:
    """A workbook saved to the export destination; its link and what it holds."""
    with room_to_write(), tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "workbook.xlsx"
        built = write_workbook(
            database,
            caller,
            request,
            path,
            seldom_heard=seldom_heard,
            clock=clock,
            progress=progress,
            totals=totals,
        )
        url = files.put(f"{folder}/{built.name}", path)
    disclose(database, caller, "workbook", clock(), _detail(request, built, destination=url))
    return url, built


def last_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week before the one holding `today`."""
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=6)


SUPERVISOR_RANKS = frozenset({Rank.SGT, Rank.INSP})
"""Who the weekly workbook of an LPA is emailed to: its sergeants and inspectors."""


def system_caller(source: AuditSource) -> Caller:
    """Scheduled and command-line exports act for the service itself, with force-wide reach."""
    person = Person.model_construct(
        upn="system",
        entra_object_id="system",
        display_name="Scheduled exports",
        collar_number=None,
        rank=Rank.STAFF,
        team_id="",
        lpa_id="",
    )
    return Caller(person=person, role=Role.ADMIN, source=source)


def _message(lpa: str, start: date, end: date, url: str, to: list[str]) -> QuickEmail:
    return QuickEmail(
        to=to,
        subject=f"Neighbourhood activity workbook: {lpa}, week of {start:%d %b %Y}",
        body=(
            f"The workbook of {lpa}'s neighbourhood activity from {start:%A %d %B %Y} to "
            f"{end:%A %d %B %Y} is ready:\n\n{url}\n\n"
            "OFFICIAL: it can hold personal data. Please do not forward it."
        ),
    )


def _sender(address: str) -> SignedIn:
    return SignedIn(
        upn=address,
        display_name="Neighbourhood policing exports",
        object_id="",
        assertion="",
        home_account_id="",
    )


def weekly_workbooks(
    database: Database,
    files: FileStore,
    mail: Mail | None,
    *,
    seldom_heard: Iterable[str],
    today: date,
    sender: str = "",
    clock: Callable[[], datetime] = now_utc,
) -> list[dict[str, Any]]:
    """Last week's workbook of every LPA, saved to the destination and emailed to the LPA's
    supervisors when a mail port that can send for the service is given, from `sender`
    (by default `neighbourhood-exports@` the supervisors' own domain)."""
    start, end = last_week(today)
    caller = system_caller(AuditSource.TIMER)
    with database.transaction(read_only=True) as tx:
        lpas = tx.organisation.lpas()
        people = tx.organisation.people()
    done = []
    for lpa in lpas:
        request = WorkbookRequest(lpa_id=lpa.id, start=start, end=end)
        with room_to_write(), tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "workbook.xlsx"
            built = write_workbook(
                database, caller, request, path, seldom_heard=seldom_heard, clock=clock
            )
            url = files.put(f"workbooks/{lpa.id}/{built.name}", path)
        recipients = sorted(
            p.upn.lower() for p in people if p.lpa_id == lpa.id and p.rank in SUPERVISOR_RANKS
        )
        emailed: list[str] = []
        if mail is not None and recipients:
            domain = recipients[0].rpartition("@")[2]
            source = _sender(sender or f"neighbourhood-exports@{domain}")
            for first in range(0, len(recipients), MAX_RECIPIENTS):
                batch = recipients[first : first + MAX_RECIPIENTS]
                mail.send(source, _message(lpa.name, start, end, url, batch))
                emailed += batch
        detail = _detail(request, built, destination=url, recipients=emailed)
        disclose(database, caller, "workbook", clock(), detail)
        done.append({"lpa_id": lpa.id, "url": url, "rows": built.rows, "recipients": emailed})
    return done


def scheduled_workbooks(services: "Services") -> list[dict[str, Any]]:
    """The weekly timer's job. A timer has no signed-in person to send as, so email goes out
    from the service's own mailbox (`NPT_MAIL_SENDER` in microsoft365 mode), or not at all."""
    return weekly_workbooks(
        services.database,
        services.files,
        services.service_mail,
        seldom_heard=services.settings.seldom_heard,
        today=now_utc().astimezone(LONDON).date(),
        sender=services.settings.mail_sender,
    )
