"""What works well: officers share good practice; admins and supervisors review it.

An item is readable force-wide once shared; before that by its author and its reviewers (admins,
and supervisors of the item's LPA). Its status moves new -> under review -> shared or closed.
"""

from datetime import datetime
from typing import Any

from core import content as common
from core.access import Caller, can_create
from core.content import Clock, ContentFilter
from core.errors import FieldError, InvalidInput, NotPermitted
from schemas.base import now_utc
from schemas.content import WHAT_WORKS_WELL as LIST
from schemas.content_fields import ContentRecord
from schemas.roles import Role
from schemas.what_works_well import (
    REVIEW_FIELDS,
    ReviewStatus,
    WhatWorksWellCreate,
    WhatWorksWellUpdate,
)
from store.database import Database, Transaction
from store.paging import Page

NOUN = "what-works-well item"
NEW, UNDER_REVIEW, SHARED, CLOSED = (
    ReviewStatus.NEW,
    ReviewStatus.UNDER_REVIEW,
    ReviewStatus.SHARED,
    ReviewStatus.CLOSED,
)
MOVES: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    NEW: frozenset({UNDER_REVIEW, CLOSED}),
    UNDER_REVIEW: frozenset({SHARED, CLOSED}),
    SHARED: frozenset({CLOSED}),
    CLOSED: frozenset({UNDER_REVIEW}),
}
"""Where a review may take an item from each status; a closed item can be reopened."""
EDITABLE = frozenset({NEW, UNDER_REVIEW})


def is_reviewer(caller: Caller, lpa_id: str) -> bool:
    if caller.role is Role.ADMIN:
        return True
    return caller.role is Role.SUPERVISOR and caller.person.lpa_id == lpa_id


def may_read(caller: Caller, item: Any) -> bool:
    return (
        item.status == SHARED or item.created_by == caller.upn or is_reviewer(caller, item.lpa_id)
    )


def scope(caller: Caller) -> ContentFilter:
    """Shared items, the caller's own, and those they review."""
    if caller.role is Role.ADMIN:
        return ContentFilter()
    visible = [("status", (SHARED.value,)), ("created_by", (caller.upn,))]
    if caller.role is Role.SUPERVISOR:
        visible.append(("lpa_id", (caller.person.lpa_id,)))
    return ContentFilter(visible_if_any=tuple(visible))


def create(
    db: Database,
    caller: Caller,
    data: WhatWorksWellCreate,
    key: str,
    clock: Clock = now_utc,
) -> tuple[ContentRecord, bool]:
    if not can_create(caller):
        raise NotPermitted(f"The {caller.role.value} role cannot submit good practice.")

    def build(_tx: Transaction, _now: datetime) -> dict[str, Any]:
        return {
            **common.values_of(data),
            "team_id": caller.person.team_id,
            "lpa_id": caller.person.lpa_id,
            "status": NEW.value,
            "reviewer_notes": None,
            "reviewed_by": None,
            "reviewed_at": None,
        }

    return common.create_once(db, caller, LIST, data, key, build, clock)


def get(db: Database, caller: Caller, item_id: str, clock: Clock = now_utc) -> ContentRecord:
    return common.consult(db, caller, LIST, item_id, lambda i: may_read(caller, i), NOUN, clock)


def _moved(item: Any, sent: dict[str, Any]) -> dict[str, Any]:
    """The review part of a change: a permitted status move and the reviewer's notes."""
    values: dict[str, Any] = {}
    if "status" in sent:
        status = sent["status"]
        if status is None:
            raise InvalidInput([FieldError("status", "must not be null")])
        if status != item.status and status not in MOVES[ReviewStatus(item.status)]:
            message = f"cannot move from {item.status} to {status.value}"
            raise InvalidInput([FieldError("status", message)])
        values["status"] = status.value
    if "reviewer_notes" in sent:
        values["reviewer_notes"] = sent["reviewer_notes"]
    return values


def update(
    db: Database,
    caller: Caller,
    item_id: str,
    changes: WhatWorksWellUpdate,
    version: int,
    clock: Clock = now_utc,
) -> ContentRecord:
    """The author edits while the item is new or under review; reviewers move its status."""
    sent = changes.model_dump(exclude_unset=True)
    review = {k: v for k, v in sent.items() if k in REVIEW_FIELDS}
    edits = {k: v for k, v in sent.items() if k not in REVIEW_FIELDS}

    def plan(_tx: Transaction, item: Any, now: datetime) -> dict[str, Any]:
        if review and not is_reviewer(caller, item.lpa_id):
            raise NotPermitted("Only admins and supervisors of the item's LPA review it.")
        values: dict[str, Any] = {}
        if edits:
            if item.created_by != caller.upn:
                raise NotPermitted("Only the author changes what the item says.")
            if item.status not in EDITABLE:
                raise NotPermitted("The item can be changed only while new or under review.")
            data = common.merged(LIST, item, edits)
            values |= common.values_of(data, edits)
        if review:
            values |= _moved(item, review)
            values |= {"reviewed_by": caller.upn, "reviewed_at": now}
        return values

    return common.change(
        db,
        caller,
        LIST,
        item_id,
        version,
        noun=NOUN,
        may_read=lambda i: may_read(caller, i),
        plan=plan,
        clock=clock,
    )


def delete(db: Database, caller: Caller, item_id: str, reason: str, clock: Clock = now_utc) -> None:
    """Admins delete any item; an author withdraws their own while it is still new."""

    def check(_tx: Transaction, item: Any) -> None:
        if caller.role is Role.ADMIN:
            return
        if item.created_by != caller.upn or item.status != NEW:
            raise NotPermitted("Only admins, or the author while it is new, delete an item.")

    common.remove(
        db,
        caller,
        LIST,
        item_id,
        reason,
        noun=NOUN,
        may_read=lambda i: may_read(caller, i),
        check=check,
        clock=clock,
    )


def list_items(
    db: Database,
    caller: Caller,
    *,
    status: tuple[str, ...] = (),
    evidence: tuple[str, ...] = (),
    lpa_ids: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """Items the caller may read, newest first."""
    wanted = (
        ("status", status),
        ("evidence", evidence),
        ("lpa_id", lpa_ids),
        ("created_by", authors),
    )
    filters = ContentFilter(
        visible_if_any=scope(caller).visible_if_any,
        equal=tuple((name, values) for name, values in wanted if values),
    )
    return common.consult_page(db, caller, LIST, filters, limit=limit, cursor=cursor, clock=clock)
