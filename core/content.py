"""What every content list does alike: idempotent create, versioned change, soft delete, and
reads; each writes its audit row in the transaction of what it records.

The use cases of each list (what works well, feedback, news, useful information, keyholders)
say who may do what and which values a change stores; these functions do the rest.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ValidationError

from core import audit, outbox
from core.access import Caller
from core.activities import ATTEMPTS, Clock, _plain, fingerprint
from core.errors import FieldError, InvalidInput, NotFound, PreconditionFailed, Unavailable
from core.sanitise import sanitise
from core.validation import invalid
from schemas.audit import AuditAction
from schemas.base import now_utc
from schemas.content import ContentList
from schemas.content_fields import ContentRecord
from store.content import ContentFilter, ContentRepository
from store.database import Database, Transaction
from store.idempotency import KeyTaken
from store.paging import BadCursor, Page

MayRead = Callable[[Any], bool]
"""Whether the caller may read an item (any content list's read model)."""
Build = Callable[[Transaction, datetime], dict[str, Any]]
Plan = Callable[[Transaction, Any, datetime], dict[str, Any]]
Check = Callable[[Transaction, Any], None]


def values_of(data: BaseModel, names: Any = None) -> dict[str, Any]:
    """Column values of a model's fields (all, or `names`), enum members as their values."""
    chosen = type(data).model_fields if names is None else names
    return {name: _plain(getattr(data, name)) for name in chosen}


def repository(tx: Transaction, content: ContentList) -> ContentRepository:
    return ContentRepository(tx.connection, content)


def lpa_ids(tx: Transaction) -> set[str]:
    """The ids of the force's LPAs, which an audience or an area must be one of."""
    return {lpa.id for lpa in tx.organisation.lpas()}


def readable(
    tx: Transaction, content: ContentList, record_id: str, may_read: MayRead, noun: str
) -> ContentRecord:
    """The item if it exists and the caller may read it; otherwise as if it did not exist."""
    record = repository(tx, content).get(record_id)
    if record is None or not may_read(record):
        raise NotFound(f"There is no {noun} with id {record_id!r}.")
    return record


def merged(content: ContentList, record: ContentRecord, sent: dict[str, Any]) -> BaseModel:
    """The item's writable fields with the changes applied, checked as a whole create."""
    current = {n: getattr(record, n) for n in content.create.model_fields if hasattr(record, n)}
    try:
        return content.create.model_validate(current | sent)
    except ValidationError as error:
        raise invalid(error, content.read_only) from None


def create_once(
    db: Database,
    caller: Caller,
    content: ContentList,
    data: BaseModel,
    key: str,
    build: Build,
    clock: Clock = now_utc,
) -> tuple[ContentRecord, bool]:
    """The new item, or the one an earlier request with this key made (then True).

    `build` checks the request against the store and returns the item's column values; the
    server fields (id, version, who and when) are added here, and markup is sanitised.
    """
    request_hash = fingerprint(data)
    for _ in range(ATTEMPTS):
        try:
            with db.transaction() as tx:
                now = clock()
                repo = repository(tx, content)
                earlier = tx.idempotency.find(caller.upn, content.name, key)
                if earlier is not None:
                    if earlier.request_hash != request_hash:
                        raise InvalidInput(
                            [FieldError("Idempotency-Key", "was already used with another body")]
                        )
                    record = repo.get(earlier.record_id)
                    if record is None:
                        raise NotFound("The item this key created has since been deleted.")
                    audit.log(tx, caller, AuditAction.CONSULTATION, content.name, now, record.id)
                    tx.commit()
                    return record, True
                values = sanitise(content, build(tx, now))
                record_id = str(uuid4())
                tx.idempotency.remember(caller.upn, content.name, key, request_hash, record_id, now)
                repo.insert(
                    {
                        **values,
                        "id": record_id,
                        "version": 1,
                        "created_at": now,
                        "created_by": caller.upn,
                        "updated_at": now,
                        "updated_by": caller.upn,
                        "warnings": [],
                    }
                )
                audit.log(tx, caller, AuditAction.COLLECTION, content.name, now, record_id)
                record = repo.get(record_id)
                assert record is not None
                outbox.created(tx, content, record, caller.upn, now)
                tx.commit()
                outbox.wake(db)
                return record, False
        except KeyTaken:
            continue
    raise Unavailable("Too many requests with this idempotency key at once; retry.", 1)


def consult(
    db: Database,
    caller: Caller,
    content: ContentList,
    record_id: str,
    may_read: MayRead,
    noun: str,
    clock: Clock = now_utc,
) -> ContentRecord:
    """One item, its reading audited as a consultation."""
    with db.transaction() as tx:
        record = readable(tx, content, record_id, may_read, noun)
        audit.log(tx, caller, AuditAction.CONSULTATION, content.name, clock(), record.id)
        tx.commit()
    return record


def consult_page(
    db: Database,
    caller: Caller,
    content: ContentList,
    filters: ContentFilter,
    *,
    limit: int,
    cursor: str | None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """One page of items, its reading audited as a consultation naming each item."""
    with db.transaction() as tx:
        try:
            page = repository(tx, content).page(filters, limit=limit, cursor=cursor)
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None
        detail = {"record_ids": [r.id for r in page.items]}
        audit.log(tx, caller, AuditAction.CONSULTATION, content.name, clock(), None, detail)
        tx.commit()
    return page


def change(
    db: Database,
    caller: Caller,
    content: ContentList,
    record_id: str,
    version: int,
    *,
    noun: str,
    may_read: MayRead,
    plan: Plan,
    clock: Clock = now_utc,
) -> ContentRecord:
    """Apply the values `plan` returns (it checks permission and rules) to the item at
    `version`; markup is sanitised and the fields that changed are audited."""
    with db.transaction() as tx:
        now = clock()
        record = readable(tx, content, record_id, may_read, noun)
        values = sanitise(content, plan(tx, record, now))
        if record.version != version:
            raise PreconditionFailed(
                f"The {noun} has changed since version {version}; it is now at version "
                f"{record.version}. Read it again and reapply your change."
            )
        changed = {k: v for k, v in values.items() if getattr(record, k, None) != v}
        stamp = {"updated_at": now, "updated_by": caller.upn}
        repo = repository(tx, content)
        if not repo.update(record_id, version, changed | stamp):
            raise PreconditionFailed(f"The {noun} changed while it was being updated.")
        detail = {"fields": sorted(changed)}
        audit.log(tx, caller, AuditAction.ALTERATION, content.name, now, record_id, detail)
        updated = repo.get(record_id)
        assert updated is not None
        outbox.updated(tx, content, updated, changed, caller.upn, now)
        tx.commit()
    outbox.wake(db)
    return updated


def remove(
    db: Database,
    caller: Caller,
    content: ContentList,
    record_id: str,
    reason: str,
    *,
    noun: str,
    may_read: MayRead,
    check: Check,
    clock: Clock = now_utc,
) -> None:
    """Soft delete: the item leaves every view now and is purged later by retention.
    `check` refuses (by raising) what the caller may not delete."""
    with db.transaction() as tx:
        now = clock()
        record = readable(tx, content, record_id, may_read, noun)
        check(tx, record)
        if not repository(tx, content).soft_delete(
            record_id, record.version, at=now, by=caller.upn, reason=reason
        ):
            raise PreconditionFailed(f"The {noun} changed while it was being deleted.")
        detail = {"reason": reason}
        audit.log(tx, caller, AuditAction.DELETION, content.name, now, record_id, detail)
        outbox.deleted(tx, content, record_id, caller.upn, now)
        tx.commit()
    outbox.wake(db)
