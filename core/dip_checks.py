"""Dip checks: a supervisor's queue, recording and listing checks, and the check on each record."""

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from uuid import uuid4

from core import audit
from core.access import Caller, can_read, visibility
from core.errors import FieldError, InvalidInput, NotFound, NotPermitted, Unavailable
from core.queries import RecordQuery
from core.sampling import SamplingRule, choose, week_of
from core.settings import Settings
from schemas.activity import RecordFields
from schemas.audit import AuditAction
from schemas.base import LONDON, now_utc
from schemas.dip_check import DipCheck, DipCheckCreate, RecordKind
from schemas.dip_check_queue import QueueItem
from schemas.kinds import ACTIVITY_KINDS, ActivityKind
from schemas.roles import Role
from store.database import Database, Transaction
from store.dip_checks import Candidate, CheckFilter, CheckRaced, DipChecks, HoldTaken, summary_of
from store.paging import BadCursor, Page

Clock = Callable[[], datetime]
ATTEMPTS = 5
WINDOW_WEEKS = 4
"""The queue samples records of the current week and the three before it."""
CHECK = "dip_check"
READERS = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})


def _checks(tx: Transaction) -> DipChecks:
    return DipChecks(tx.connection)


def attach(tx: Transaction, kind: ActivityKind, records: list[RecordFields]) -> list[RecordFields]:
    """The records with their current dip check set, fetched for all of them in one query."""
    found = _checks(tx).current(kind.name, [record.id for record in records])
    if not found:
        return records
    return [
        record.model_copy(update={"dip_check": summary_of(found[record.id])})
        if record.id in found
        else record
        for record in records
    ]


def _supervisor(caller: Caller, doing: str) -> None:
    if caller.role is not Role.SUPERVISOR:
        raise NotPermitted(f"Only supervisors {doing}.")


def queue(
    db: Database,
    settings: Settings,
    caller: Caller,
    *,
    team_id: str | None = None,
    size: int = 10,
    clock: Clock = now_utc,
    rng: random.Random | None = None,
) -> list[QueueItem]:
    """Records for the caller to check: those already held for them (so asking again gives the
    same queue), then new ones sampled from their LPA (or one team of it) and held for them."""
    _supervisor(caller, "have a dip-check queue")
    rule = SamplingRule(settings.dip_check_percent, settings.dip_check_per_officer)
    hold = timedelta(hours=settings.dip_check_hold_hours)
    lpa_id = caller.person.lpa_id
    for _ in range(ATTEMPTS):
        try:
            with db.transaction() as tx:
                now = clock()
                if team_id is not None and team_id not in _teams_of(tx, lpa_id):
                    raise InvalidInput([FieldError("team_id", "is not a team of your LPA")])
                checks = _checks(tx)
                checks.release_expired(now)
                first_week = week_of(now) - timedelta(weeks=WINDOW_WEEKS - 1)
                since = datetime.combine(first_week, time(), LONDON)
                candidates = [
                    candidate
                    for kind in ACTIVITY_KINDS
                    for candidate in checks.candidates(
                        kind,
                        lpa_id=lpa_id,
                        team_id=team_id,
                        since=since,
                        excluding_officer=caller.upn,
                        now=now,
                    )
                ]
                mine = [c for c in candidates if c.held_by == caller.upn and not c.checked]
                picks = choose(
                    candidates, rule=rule, room=size - len(mine), rng=rng or random.Random()
                )
                checks.hold(picks, supervisor=caller.upn, lpa_id=lpa_id, now=now, until=now + hold)
                items = _items(tx, caller, sorted(mine + picks, key=_queue_order)[:size], now)
                tx.commit()
                return items
        except HoldTaken:
            continue
    raise Unavailable("Other supervisors are sampling the same records; retry.", 1)


def _teams_of(tx: Transaction, lpa_id: str) -> set[str]:
    return {team.id for team in tx.organisation.teams() if team.lpa_id == lpa_id}


def _queue_order(candidate: Candidate) -> tuple[bool, datetime, str, str]:
    """Flagged records first, then oldest first: the same order however often it is asked."""
    return (not candidate.flagged, candidate.started_at, candidate.kind, candidate.record_id)


def _items(
    tx: Transaction, caller: Caller, chosen: list[Candidate], now: datetime
) -> list[QueueItem]:
    """The chosen records in full, with the hold; reading them is audited per kind."""
    held = _checks(tx).held_until(caller.upn)
    items = []
    for candidate in chosen:
        record = tx.activities(ACTIVITY_KINDS[candidate.kind]).get(candidate.record_id)
        if record is None:  # deleted by another transaction since it was sampled
            continue
        items.append(
            QueueItem.model_construct(
                kind=RecordKind(candidate.kind),
                flagged=candidate.flagged,
                held_until=held[(candidate.kind, candidate.record_id)],
                record=record,
            )
        )
    for kind in ACTIVITY_KINDS:
        ids = [item.record.id for item in items if item.kind.value == kind]
        if ids:
            detail = {"record_ids": ids, "for": "dip-check queue"}
            audit.log(tx, caller, AuditAction.CONSULTATION, kind, now, None, detail)
    return items


def record(
    db: Database, caller: Caller, data: DipCheckCreate, clock: Clock = now_utc
) -> tuple[DipCheck, bool]:
    """The new current check of the record, or the same check already recorded (then True)."""
    _supervisor(caller, "record dip checks")
    errors = [FieldError(b.field, b.message) for b in data.breaches()]
    if errors:
        raise InvalidInput(errors)
    kind = ACTIVITY_KINDS[data.kind.value]
    for _ in range(ATTEMPTS):
        try:
            with db.transaction() as tx:
                now = clock()
                checked = tx.activities(kind).get(data.record_id)
                if checked is None or not can_read(caller, checked):
                    raise NotFound(f"There is no {kind.name} with id {data.record_id!r}.")
                if checked.officer == caller.upn:
                    raise NotPermitted("Supervisors do not dip check their own records.")
                if checked.lpa_id != caller.person.lpa_id:
                    raise NotPermitted("Supervisors dip check records of their own LPA only.")
                checks = _checks(tx)
                earlier = checks.current(kind.name, [checked.id]).get(checked.id)
                if earlier is not None and _same(earlier, data, caller):
                    audit.log(tx, caller, AuditAction.CONSULTATION, CHECK, now, earlier.id)
                    tx.commit()
                    return earlier, True
                check = DipCheck.model_construct(
                    id=str(uuid4()),
                    kind=data.kind,
                    record_id=checked.id,
                    officer=checked.officer,
                    team_id=checked.team_id,
                    lpa_id=checked.lpa_id,
                    outcome=data.outcome,
                    criteria=data.criteria,
                    comment=data.comment,
                    checked_at=now,
                    checked_by=caller.upn,
                    current=True,
                    replaced_at=None,
                )
                checks.replace(check)
                detail = {
                    "kind": kind.name,
                    "record_id": checked.id,
                    "outcome": data.outcome.value,
                    "replaces": earlier.id if earlier else None,
                }
                audit.log(tx, caller, AuditAction.COLLECTION, CHECK, now, check.id, detail)
                tx.commit()
                return check, False
        except CheckRaced:
            continue
    raise Unavailable("The record is being checked by someone else at this moment; retry.", 1)


def _same(check: DipCheck, data: DipCheckCreate, caller: Caller) -> bool:
    """A resent check (a retry after a lost reply) must not add a second history row."""
    return (
        check.checked_by == caller.upn
        and check.outcome == data.outcome
        and check.criteria == data.criteria
        and check.comment == data.comment
    )


def list_checks(
    db: Database,
    caller: Caller,
    query: RecordQuery,
    *,
    kinds: tuple[str, ...] = (),
    outcomes: tuple[str, ...] = (),
    include_replaced: bool = False,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[DipCheck]:
    """Checks in the caller's scope, newest first; `query`'s period bounds `checked_at`."""
    if caller.role not in READERS:
        raise NotPermitted(f"The {caller.role.value} role does not read dip checks.")
    period = query.to_filter()
    filters = CheckFilter(
        checked_from=period.started_from,
        checked_before=period.started_before,
        officers=query.officers,
        team_ids=query.team_ids,
        lpa_ids=query.lpa_ids,
        kinds=kinds,
        outcomes=outcomes,
        include_replaced=include_replaced,
    )
    with db.transaction() as tx:
        try:
            page = _checks(tx).list(visibility(caller), filters, limit=limit, cursor=cursor)
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None
        detail = {"check_ids": [check.id for check in page.items]}
        audit.log(tx, caller, AuditAction.CONSULTATION, CHECK, clock(), None, detail)
        tx.commit()
    return page
