"""Create, read, update, soft-delete and list activity records, each with its audit row."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ValidationError

from core import dip_checks, outbox
from core.access import Caller, can_create, can_delete, can_read, can_update, visibility
from core.errors import (
    FieldError,
    InvalidInput,
    NotFound,
    NotPermitted,
    PreconditionFailed,
    Unavailable,
)
from core.queries import RecordQuery
from core.validation import invalid
from schemas.activity import ActivityFields, RecordFields
from schemas.audit import AuditAction
from schemas.base import now_utc
from schemas.kinds import ActivityKind
from store.audit import AuditEvent
from store.database import Database, Transaction
from store.idempotency import KeyTaken
from store.paging import BadCursor, Page

Clock = Callable[[], datetime]
ATTEMPTS = 5


def _plain(value: Any) -> Any:
    """Enum members become their values, so every driver binds them the same way."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _columns(data: BaseModel) -> dict[str, Any]:
    return {name: _plain(getattr(data, name)) for name in type(data).model_fields}


def _audit(
    tx: Transaction,
    caller: Caller,
    action: AuditAction,
    kind: ActivityKind,
    at: datetime,
    record_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    tx.audit.record(
        AuditEvent(
            at=at,
            upn=caller.upn,
            action=action,
            source=caller.source,
            kind=kind.name,
            record_id=record_id,
            request_id=caller.request_id,
            purpose=caller.purpose,
            detail=detail,
        )
    )


def _check(tx: Transaction, data: ActivityFields, lpa_id: str, now: datetime) -> None:
    """Cross-field rules and references to the organisation's priorities and hotspots."""
    errors = [FieldError(b.field, b.message) for b in data.breaches(now)]
    if data.priority_id is not None:
        priority = tx.organisation.priority(data.priority_id)
        if priority is None or priority.lpa_id != lpa_id:
            errors.append(FieldError("priority_id", "is not a priority of this area"))
    hotspot_id = getattr(data, "hotspot_id", None)
    if hotspot_id is not None:
        hotspot = tx.organisation.hotspot(hotspot_id)
        if hotspot is None or hotspot.lpa_id != lpa_id:
            errors.append(FieldError("hotspot_id", "is not a hotspot of this area"))
    if errors:
        raise InvalidInput(errors)


def _readable(tx: Transaction, caller: Caller, kind: ActivityKind, record_id: str) -> RecordFields:
    record = tx.activities(kind).get(record_id)
    if record is None or not can_read(caller, record):
        raise NotFound(f"There is no {kind.name} with id {record_id!r}.")
    return record


def fingerprint(data: BaseModel) -> str:
    return hashlib.sha256(data.model_dump_json().encode()).hexdigest()


def create(
    db: Database,
    caller: Caller,
    kind: ActivityKind,
    data: ActivityFields,
    idempotency_key: str,
    clock: Clock = now_utc,
) -> tuple[RecordFields, bool]:
    """The new record, or the one an earlier request with this key made (then True)."""
    if not can_create(caller):
        raise NotPermitted(f"The {caller.role.value} role cannot record activity.")
    request_hash = fingerprint(data)
    for _ in range(ATTEMPTS):
        try:
            with db.transaction() as tx:
                now = clock()
                earlier = tx.idempotency.find(caller.upn, kind.name, idempotency_key)
                if earlier is not None:
                    if earlier.request_hash != request_hash:
                        raise InvalidInput(
                            [FieldError("Idempotency-Key", "was already used with another body")]
                        )
                    record = _readable(tx, caller, kind, earlier.record_id)
                    _audit(tx, caller, AuditAction.CONSULTATION, kind, now, record.id)
                    tx.commit()
                    return record, True
                _check(tx, data, caller.person.lpa_id, now)
                record_id = str(uuid4())
                tx.idempotency.remember(
                    caller.upn, kind.name, idempotency_key, request_hash, record_id, now
                )
                repo = tx.activities(kind)
                repo.insert(
                    {
                        **_columns(data),
                        **data.derived(),
                        "id": record_id,
                        "officer": caller.upn,
                        "team_id": caller.person.team_id,
                        "lpa_id": caller.person.lpa_id,
                        "version": 1,
                        "created_at": now,
                        "created_by": caller.upn,
                        "updated_at": now,
                        "updated_by": caller.upn,
                        "warnings": [],
                    }
                )
                _audit(tx, caller, AuditAction.COLLECTION, kind, now, record_id)
                record = repo.get(record_id)
                assert record is not None
                outbox.created(tx, kind, record, caller.upn, now)
                tx.commit()
                outbox.wake(db)
                return record, False
        except KeyTaken:
            continue
    raise Unavailable("Too many requests with this idempotency key at once; retry.", 1)


def get(
    db: Database, caller: Caller, kind: ActivityKind, record_id: str, clock: Clock = now_utc
) -> RecordFields:
    with db.transaction() as tx:
        record = dip_checks.attach(tx, kind, [_readable(tx, caller, kind, record_id)])[0]
        _audit(tx, caller, AuditAction.CONSULTATION, kind, clock(), record.id)
        tx.commit()
    return record


def update(
    db: Database,
    caller: Caller,
    kind: ActivityKind,
    record_id: str,
    changes: BaseModel,
    version: int,
    clock: Clock = now_utc,
) -> RecordFields:
    """Apply a partial update to the record at `version`; the merged record must pass the rules."""
    with db.transaction() as tx:
        now = clock()
        record = _readable(tx, caller, kind, record_id)
        if not can_update(caller, record):
            raise NotPermitted(f"You may read this {kind.name} but not change it.")
        if record.version != version:
            raise PreconditionFailed(
                f"The {kind.name} has changed since version {version}; it is now at "
                f"version {record.version}. Read it again and reapply your change."
            )
        sent = changes.model_dump(exclude_unset=True)
        merged_input = {name: getattr(record, name) for name in kind.create.model_fields} | sent
        try:
            merged = kind.create.model_validate(merged_input)
        except ValidationError as error:
            raise invalid(error, kind.read_only) from None
        _check(tx, merged, record.lpa_id, now)
        changed = sorted(n for n in sent if getattr(record, n) != getattr(merged, n))
        values = {n: _plain(getattr(merged, n)) for n in changed}
        repo = tx.activities(kind)
        if not repo.update(
            record_id,
            version,
            {**values, **merged.derived(), "updated_at": now, "updated_by": caller.upn},
        ):
            raise PreconditionFailed(f"The {kind.name} changed while it was being updated.")
        _audit(tx, caller, AuditAction.ALTERATION, kind, now, record_id, {"fields": changed})
        updated = repo.get(record_id)
        assert updated is not None
        outbox.updated(tx, kind, updated, changed, caller.upn, now)
        updated = dip_checks.attach(tx, kind, [updated])[0]
        tx.commit()
    outbox.wake(db)
    return updated


def delete(
    db: Database,
    caller: Caller,
    kind: ActivityKind,
    record_id: str,
    reason: str,
    version: int | None = None,
    clock: Clock = now_utc,
) -> None:
    """Soft delete: the record leaves every view now and is purged later by retention."""
    with db.transaction() as tx:
        now = clock()
        record = _readable(tx, caller, kind, record_id)
        if not can_delete(caller, record):
            raise NotPermitted(f"You may read this {kind.name} but not delete it.")
        if version is not None and record.version != version:
            raise PreconditionFailed(f"The {kind.name} is now at version {record.version}.")
        if not tx.activities(kind).soft_delete(
            record_id, record.version, at=now, by=caller.upn, reason=reason
        ):
            raise PreconditionFailed(f"The {kind.name} changed while it was being deleted.")
        _audit(tx, caller, AuditAction.DELETION, kind, now, record_id, {"reason": reason})
        outbox.deleted(tx, kind, record_id, caller.upn, now)
        tx.commit()
    outbox.wake(db)


def list_records(
    db: Database,
    caller: Caller,
    kind: ActivityKind,
    query: RecordQuery,
    *,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[RecordFields]:
    """Records in the caller's scope matching `query`, newest first; the read is audited."""
    filters = query.to_filter()
    with db.transaction() as tx:
        try:
            page = tx.activities(kind).list(visibility(caller), filters, limit=limit, cursor=cursor)
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None
        page = Page(dip_checks.attach(tx, kind, page.items), page.next)
        ids = [r.id for r in page.items]
        _audit(tx, caller, AuditAction.CONSULTATION, kind, clock(), None, {"record_ids": ids})
        tx.commit()
    return page
