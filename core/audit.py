"""The processing log, read only by auditors; reading it is itself logged."""

from datetime import date, datetime
from typing import Any

from core.access import Caller
from core.errors import FieldError, InvalidInput, NotPermitted
from core.queries import RecordQuery
from schemas.audit import AuditAction, AuditEntry
from schemas.base import now_utc
from schemas.roles import Role
from store.audit import AuditEvent
from store.database import Database, Transaction
from store.paging import BadCursor, Page


def log(
    tx: Transaction,
    caller: Caller,
    action: AuditAction,
    kind: str,
    at: datetime,
    record_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """One row of the processing log, written in the transaction of what it records."""
    tx.audit.record(
        AuditEvent(
            at=at,
            upn=caller.upn,
            action=action,
            source=caller.source,
            kind=kind,
            record_id=record_id,
            request_id=caller.request_id,
            purpose=caller.purpose,
            detail=detail,
        )
    )


def read_log(
    database: Database,
    caller: Caller,
    *,
    start: date | datetime | None,
    end: date | datetime | None,
    upn: str | None,
    limit: int,
    cursor: str | None,
) -> Page[AuditEntry]:
    if caller.role is not Role.AUDITOR:
        raise NotPermitted("Only auditors read the processing log.")
    period = RecordQuery(start=start, end=end).to_filter()
    with database.transaction() as tx:
        try:
            page = tx.audit.list(
                since=period.started_from,
                before=period.started_before,
                upn=upn,
                limit=limit,
                cursor=cursor,
            )
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None
        tx.audit.record(
            AuditEvent(
                at=now_utc(),
                upn=caller.upn,
                action=AuditAction.CONSULTATION,
                source=caller.source,
                kind="audit",
                request_id=caller.request_id,
                purpose=caller.purpose,
                detail={"upn": upn, "count": len(page.items)},
            )
        )
        tx.commit()
    return page
