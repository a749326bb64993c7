"""Feedback on the app: anyone signed in submits; they see their own, with its status and the
reply; admins see all of it, triage it and reply."""

from datetime import datetime
from typing import Any

from core import content as common
from core.access import Caller
from core.content import Clock, ContentFilter
from core.errors import FieldError, InvalidInput, NotPermitted
from schemas.base import now_utc
from schemas.content import FEEDBACK as LIST
from schemas.content_fields import ContentRecord
from schemas.feedback import FeedbackCreate, FeedbackStatus, FeedbackUpdate
from schemas.roles import Role
from store.database import Database, Transaction
from store.paging import Page

NOUN = "feedback"


def may_read(caller: Caller, feedback: Any) -> bool:
    return caller.role is Role.ADMIN or feedback.created_by == caller.upn


def create(
    db: Database, caller: Caller, data: FeedbackCreate, key: str, clock: Clock = now_utc
) -> tuple[ContentRecord, bool]:
    def build(_tx: Transaction, _now: datetime) -> dict[str, Any]:
        return {
            **common.values_of(data),
            "team_id": caller.person.team_id,
            "lpa_id": caller.person.lpa_id,
            "status": FeedbackStatus.OPEN.value,
            "reply": None,
            "replied_by": None,
            "replied_at": None,
        }

    return common.create_once(db, caller, LIST, data, key, build, clock)


def get(db: Database, caller: Caller, feedback_id: str, clock: Clock = now_utc) -> ContentRecord:
    return common.consult(db, caller, LIST, feedback_id, lambda f: may_read(caller, f), NOUN, clock)


def update(
    db: Database,
    caller: Caller,
    feedback_id: str,
    changes: FeedbackUpdate,
    version: int,
    clock: Clock = now_utc,
) -> ContentRecord:
    """Triage: any status may follow any other (a fixed bug can come back); a reply is signed."""
    sent = changes.model_dump(exclude_unset=True)

    def plan(_tx: Transaction, _feedback: Any, now: datetime) -> dict[str, Any]:
        if caller.role is not Role.ADMIN:
            raise NotPermitted("Only admins triage feedback.")
        if "status" in sent and sent["status"] is None:
            raise InvalidInput([FieldError("status", "must not be null")])
        values = common.values_of(changes, sent)
        if "reply" in sent:
            values |= {"replied_by": caller.upn, "replied_at": now}
        return values

    return common.change(
        db,
        caller,
        LIST,
        feedback_id,
        version,
        noun=NOUN,
        may_read=lambda f: may_read(caller, f),
        plan=plan,
        clock=clock,
    )


def list_feedback(
    db: Database,
    caller: Caller,
    *,
    status: tuple[str, ...] = (),
    category: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """The caller's own feedback, newest first; admins get everyone's."""
    visible = None if caller.role is Role.ADMIN else (("created_by", (caller.upn,)),)
    wanted = (("status", status), ("category", category), ("created_by", authors))
    filters = ContentFilter(visible_if_any=visible, equal=tuple((n, v) for n, v in wanted if v))
    return common.consult_page(db, caller, LIST, filters, limit=limit, cursor=cursor, clock=clock)
