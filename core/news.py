"""The news reel: admins publish items to the force or one LPA for a window of time; readers
get the items current for their audience, pinned first, then the newest."""

from datetime import datetime
from typing import Any

from core import content as common
from core.access import Caller
from core.content import Clock, ContentFilter
from core.errors import FieldError, InvalidInput, NotPermitted
from schemas.base import now_utc
from schemas.content import NEWS as LIST
from schemas.content_fields import FORCE, ContentRecord
from schemas.news import NewsCreate
from schemas.roles import Role
from store.database import Database, Transaction
from store.paging import Page

NOUN = "news item"


def audiences(caller: Caller) -> tuple[str, ...]:
    return (FORCE, caller.person.lpa_id)


def is_current(item: Any, at: datetime) -> bool:
    return item.publish_from <= at and (item.publish_until is None or at < item.publish_until)


def _may_read(caller: Caller, at: datetime) -> common.MayRead:
    """Admins read every item; others the items published now for their audience."""
    if caller.role is Role.ADMIN:
        return lambda _item: True
    return lambda item: item.audience in audiences(caller) and is_current(item, at)


def _admin_only(caller: Caller) -> None:
    if caller.role is not Role.ADMIN:
        raise NotPermitted("Only admins publish news.")


def _checked(tx: Transaction, data: Any, now: datetime) -> dict[str, Any]:
    """The item's values, with its audience known and its window the right way round."""
    values = common.values_of(data)
    values["publish_from"] = data.publish_from or now
    errors = []
    if data.audience != FORCE and data.audience not in common.lpa_ids(tx):
        errors.append(FieldError("audience", f"must be {FORCE!r} or the id of an LPA"))
    if data.publish_until is not None and data.publish_until <= values["publish_from"]:
        errors.append(FieldError("publish_until", "must be after publish_from"))
    if errors:
        raise InvalidInput(errors)
    return values


def create(
    db: Database, caller: Caller, data: NewsCreate, key: str, clock: Clock = now_utc
) -> tuple[ContentRecord, bool]:
    _admin_only(caller)

    def build(tx: Transaction, now: datetime) -> dict[str, Any]:
        return _checked(tx, data, now)

    return common.create_once(db, caller, LIST, data, key, build, clock)


def get(db: Database, caller: Caller, item_id: str, clock: Clock = now_utc) -> ContentRecord:
    now = clock()
    return common.consult(db, caller, LIST, item_id, _may_read(caller, now), NOUN, lambda: now)


def update(
    db: Database,
    caller: Caller,
    item_id: str,
    changes: Any,
    version: int,
    clock: Clock = now_utc,
) -> ContentRecord:
    sent = changes.model_dump(exclude_unset=True)
    _admin_only(caller)

    def plan(tx: Transaction, item: Any, now: datetime) -> dict[str, Any]:
        data = common.merged(LIST, item, sent)
        values = _checked(tx, data, item.publish_from)
        return {name: values[name] for name in sent}

    return common.change(
        db,
        caller,
        LIST,
        item_id,
        version,
        noun=NOUN,
        may_read=lambda _item: True,
        plan=plan,
        clock=clock,
    )


def delete(db: Database, caller: Caller, item_id: str, reason: str, clock: Clock = now_utc) -> None:
    _admin_only(caller)
    common.remove(
        db,
        caller,
        LIST,
        item_id,
        reason,
        noun=NOUN,
        may_read=lambda _item: True,
        check=lambda _tx, _item: None,
        clock=clock,
    )


def list_news(
    db: Database,
    caller: Caller,
    *,
    every: bool = False,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """The reel: items current for the caller's audience, pinned first, then newest.
    `every` (admins only) lists every item, scheduled and expired too, in the same order."""
    now = clock()
    if every:
        _admin_only(caller)
        filters = ContentFilter()
    else:
        filters = ContentFilter(equal=(("audience", audiences(caller)),), current_at=now)
    return common.consult_page(
        db, caller, LIST, filters, limit=limit, cursor=cursor, clock=lambda: now
    )
