"""Writes bound for Microsoft Lists: queued with each API change, woken, and administered.

`created`, `updated` and `deleted` add the outbox row in the transaction of the change, so
the store and the queue never disagree. After the commit, `wake` nudges this process's
dispatcher (when one is registered) without making the caller wait for Graph.
"""

import weakref
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from core.access import Caller
from core.errors import FieldError, InvalidInput, NotFound, NotPermitted
from graph.batch import Operation
from graph.mapping import to_fields
from schemas.activity import RecordFields
from schemas.audit import AuditAction
from schemas.base import now_utc
from schemas.lists import OutboxWrite, WriteStatus
from schemas.roles import Role
from schemas.spec import ListSpec
from store.audit import AuditEvent
from store.database import Database, Transaction
from store.outbox import OutboxRow, Status
from store.paging import BadCursor, Page

_wakers: "weakref.WeakKeyDictionary[Database, Callable[[], None]]" = weakref.WeakKeyDictionary()


def on_write(database: Database, wake_up: Callable[[], None]) -> None:
    """Call `wake_up` after each API change committed to `database` (microsoft365 mode)."""
    _wakers[database] = wake_up


def wake(database: Database) -> None:
    wake_up = _wakers.get(database)
    if wake_up is not None:
        wake_up()


class Listed(Protocol):
    """A list whose records are written to Microsoft Lists: an activity log, a content list,
    or the priorities."""

    @property
    def name(self) -> str: ...

    @property
    def spec(self) -> ListSpec: ...


def _values(record: Any, names: Iterable[str]) -> dict[str, object]:
    return {name: getattr(record, name, None) for name in names}


def created(tx: Transaction, kind: Listed, record: Any, author: str, at: datetime) -> None:
    record_id = getattr(record, kind.spec.key)
    fields = to_fields(kind.spec, _values(record, kind.spec.names))
    tx.outbox.add(kind.name, record_id, Operation.CREATE.value, fields, author, at)


def updated(
    tx: Transaction,
    kind: Listed,
    record: Any,
    changed: Iterable[str],
    author: str,
    at: datetime,
) -> None:
    """Only what changed (and what is derived from it) is sent: Lists keeps the rest."""
    server_set = set(RecordFields.model_fields)
    derived = {c.name for c in kind.spec.columns if c.read_only} - server_set
    names = {*changed, *derived, "updated_at", "updated_by"}
    fields = to_fields(kind.spec, _values(record, names))
    record_id = getattr(record, kind.spec.key)
    tx.outbox.add(kind.name, record_id, Operation.UPDATE.value, fields, author, at)


def deleted(tx: Transaction, kind: Listed, record_id: str, author: str, at: datetime) -> None:
    tx.outbox.add(kind.name, record_id, Operation.DELETE.value, None, author, at)


WATCHED = (Status.PENDING, Status.PARKED, Status.CONFLICT)


def _shown(row: OutboxRow) -> OutboxWrite:
    return OutboxWrite(
        id=row.id,
        kind=row.kind,
        record_id=row.record_id,
        operation=row.operation,
        status=WriteStatus(row.status.value),
        author=row.author,
        created_at=row.created_at,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
    )


def admin_only(caller: Caller) -> None:
    if caller.role is not Role.ADMIN:
        raise NotPermitted("Only administrators manage the link to Microsoft Lists.")


def _audit(tx: Transaction, caller: Caller, action: AuditAction, detail: dict[str, object]) -> None:
    tx.audit.record(
        AuditEvent(
            at=now_utc(),
            upn=caller.upn,
            action=action,
            source=caller.source,
            kind="outbox",
            request_id=caller.request_id,
            purpose=caller.purpose,
            detail=detail,
        )
    )


def writes(
    database: Database,
    caller: Caller,
    statuses: tuple[WriteStatus, ...] = (),
    *,
    limit: int,
    cursor: str | None = None,
) -> Page[OutboxWrite]:
    """Writes not yet in Lists (pending, parked) and conflicts, oldest first; audited."""
    admin_only(caller)
    wanted = tuple(Status(s.value) for s in statuses) or WATCHED
    with database.transaction() as tx:
        try:
            page = tx.outbox.list(wanted, limit=limit, cursor=cursor)
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None
        _audit(tx, caller, AuditAction.CONSULTATION, {"rows": [r.id for r in page.items]})
        tx.commit()
    return Page([_shown(r) for r in page.items], page.next)


def retry(database: Database, caller: Caller, row_id: int) -> OutboxWrite:
    """Put a parked write back in the queue now."""
    admin_only(caller)
    with database.transaction() as tx:
        row = tx.outbox.retry(row_id, now_utc())
        if row is None:
            raise NotFound(f"There is no parked write with id {row_id}.")
        _audit(tx, caller, AuditAction.ALTERATION, {"retried": row_id, "record_id": row.record_id})
        tx.commit()
    wake(database)
    return _shown(row)
