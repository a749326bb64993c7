"""The audit log, written in the transaction of the change or read it records."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, literal, select, tuple_

from schemas.audit import AuditAction, AuditEntry, AuditSource
from store.paging import BadCursor, Page, decode_cursor, encode_cursor
from store.tables import audit_log
from store.types import UTCDateTime


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    upn: str
    action: AuditAction
    source: AuditSource
    kind: str | None = None
    record_id: str | None = None
    request_id: str | None = None
    purpose: str | None = None
    detail: dict[str, Any] | None = None


def _row(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at,
        "upn": event.upn,
        "action": event.action.value,
        "source": event.source.value,
        "kind": event.kind,
        "record_id": event.record_id,
        "request_id": event.request_id,
        "purpose": event.purpose,
        "detail": event.detail,
    }


class AuditLog:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def record(self, event: AuditEvent) -> None:
        self.record_many([event])

    def record_many(self, events: list[AuditEvent]) -> None:
        """Several events in one statement (a sync page records hundreds)."""
        if events:
            self.connection.execute(audit_log.insert(), [_row(e) for e in events])

    def count_before(self, moment: datetime) -> int:
        query = select(func.count()).select_from(audit_log).where(audit_log.c.at < moment)
        return int(self.connection.execute(query).scalar_one())

    def list(
        self,
        *,
        since: datetime | None = None,
        before: datetime | None = None,
        upn: str | None = None,
        record_id: str | None = None,
        limit: int,
        cursor: str | None = None,
    ) -> Page[AuditEntry]:
        t = audit_log
        query = select(t)
        if since is not None:
            query = query.where(t.c.at >= since)
        if before is not None:
            query = query.where(t.c.at < before)
        if upn is not None:
            query = query.where(t.c.upn == upn)
        if record_id is not None:
            query = query.where(t.c.record_id == record_id)
        if cursor is not None:
            at, entry_id = decode_cursor(cursor)
            if not entry_id.isdigit():
                raise BadCursor("is not a cursor returned by this service")
            after = tuple_(literal(at, type_=UTCDateTime()), literal(int(entry_id)))
            query = query.where(tuple_(t.c.at, t.c.id) < after)
        query = query.order_by(t.c.at.desc(), t.c.id.desc()).limit(limit + 1)
        rows = self.connection.execute(query).mappings().all()
        items = [
            AuditEntry.model_construct(
                **{
                    **row,
                    "action": AuditAction(row["action"]),
                    "source": AuditSource(row["source"]),
                }
            )
            for row in rows[:limit]
        ]
        more = len(rows) > limit
        next_cursor = encode_cursor(items[-1].at, str(items[-1].id)) if more else None
        return Page(items, next_cursor)
