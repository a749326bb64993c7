"""Retention: erase records past their time, never those under a legal hold, and log each."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import uuid4

from core import outbox
from core.access import Caller
from core.errors import NotFound, NotPermitted
from core.settings import Mode, Settings
from schemas.audit import AuditAction, AuditSource
from schemas.base import now_utc
from schemas.kinds import ACTIVITY_KINDS
from schemas.legal_hold import LegalHold, LegalHoldCreate
from schemas.roles import Role
from store.audit import AuditEvent
from store.database import Database, Transaction

BATCH = 500
SYSTEM = "system"


@dataclass
class PurgeReport:
    dry_run: bool
    records: dict[str, int] = field(default_factory=dict)
    """Per kind: records erased (or, in a dry run, that would be)."""
    audit_entries: int = 0


def _erasure(
    tx: Transaction,
    source: AuditSource,
    actor: str,
    at: datetime,
    kind: str,
    record_id: str | None,
    detail: dict[str, object],
) -> None:
    tx.audit.record(
        AuditEvent(
            at=at,
            upn=actor,
            action=AuditAction.ERASURE,
            source=source,
            kind=kind,
            record_id=record_id,
            detail=detail,
        )
    )


def purge(
    database: Database,
    settings: Settings,
    *,
    dry_run: bool,
    source: AuditSource,
    actor: str = SYSTEM,
    clock: Callable[[], datetime] = now_utc,
) -> PurgeReport:
    """Erase in batches, each batch with its audit rows; a dry run only counts."""
    now = clock()
    aged_before = now - timedelta(days=settings.retention_days)
    deleted_before = now - timedelta(days=settings.deleted_grace_days)
    audit_before = now - timedelta(days=settings.audit_retention_days)
    to_lists = settings.mode is Mode.MICROSOFT365
    report = PurgeReport(dry_run=dry_run)
    for kind in ACTIVITY_KINDS.values():
        if dry_run:
            with database.transaction(read_only=True) as tx:
                report.records[kind.collection] = tx.retention.count_due(
                    kind.name, aged_before=aged_before, deleted_before=deleted_before
                )
            continue
        erased = 0
        while True:
            with database.transaction() as tx:
                due = tx.retention.due(
                    kind.name, aged_before=aged_before, deleted_before=deleted_before, limit=BATCH
                )
                if not due:
                    break
                for record in due:
                    if to_lists and not record.deleted:
                        tx.outbox.supersede(kind.name, record.id, "erased by retention")
                        outbox.deleted(tx, kind, record.id, actor, now)
                    reason = "deleted, grace period over" if record.deleted else "retention period"
                    detail = {"reason": reason, "officer": record.officer, "lpa_id": record.lpa_id}
                    _erasure(tx, source, actor, now, kind.name, record.id, detail)
                erased += tx.retention.erase(kind.name, [r.id for r in due])
                tx.commit()
        report.records[kind.collection] = erased
    with database.transaction(read_only=dry_run) as tx:
        if dry_run:
            report.audit_entries = tx.audit.count_before(audit_before)
        else:
            report.audit_entries = tx.retention.erase_audit_before(audit_before)
            erased_log = {"before": audit_before.isoformat(), "entries": report.audit_entries}
            _erasure(tx, source, actor, now, "audit", None, erased_log)
            tx.commit()
    return report


def _admin(caller: Caller) -> None:
    if caller.role is not Role.ADMIN:
        raise NotPermitted("Only administrators place and lift legal holds or run retention.")


def run_for(
    database: Database, settings: Settings, caller: Caller, *, dry_run: bool
) -> PurgeReport:
    _admin(caller)
    return purge(database, settings, dry_run=dry_run, source=caller.source, actor=caller.upn)


def _hold_event(tx: Transaction, caller: Caller, hold_id: str, detail: dict[str, object]) -> None:
    tx.audit.record(
        AuditEvent(
            at=now_utc(),
            upn=caller.upn,
            action=AuditAction.ALTERATION,
            source=caller.source,
            kind="legal_hold",
            record_id=hold_id,
            request_id=caller.request_id,
            purpose=caller.purpose,
            detail=detail,
        )
    )


def place_hold(database: Database, caller: Caller, data: LegalHoldCreate) -> LegalHold:
    _admin(caller)
    hold_id = str(uuid4())
    with database.transaction() as tx:
        tx.retention.place(
            {
                "id": hold_id,
                "scope": data.scope.value,
                "target": data.target,
                "reason": data.reason,
                "placed_by": caller.upn,
                "placed_at": now_utc(),
            }
        )
        _hold_event(tx, caller, hold_id, {"placed": data.model_dump(mode="json")})
        hold = tx.retention.hold(hold_id)
        assert hold is not None
        tx.commit()
    return hold


def lift_hold(database: Database, caller: Caller, hold_id: str) -> None:
    _admin(caller)
    with database.transaction() as tx:
        if not tx.retention.lift(hold_id, caller.upn, now_utc()):
            raise NotFound(f"There is no active legal hold with id {hold_id!r}.")
        _hold_event(tx, caller, hold_id, {"lifted": True})
        tx.commit()


def holds(database: Database, caller: Caller) -> list[LegalHold]:
    if caller.role not in (Role.ADMIN, Role.AUDITOR):
        raise NotPermitted("Only administrators and auditors see legal holds.")
    with database.transaction(read_only=True) as tx:
        return tx.retention.holds()
