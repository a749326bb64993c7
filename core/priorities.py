"""Neighbourhood priorities: at most three current per team, kept and reviewed by supervisors."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from core import audit, outbox
from core.access import Caller, visibility
from core.errors import FieldError, InvalidInput, NotFound, NotPermitted
from core.lists import SYNCED
from schemas.audit import AuditAction
from schemas.base import LONDON, now_utc
from schemas.priority import Priority, PriorityCreate, PriorityUpdate
from schemas.roles import Role
from store.database import Database, Transaction
from store.filters import Visibility
from store.paging import BadCursor, Page
from store.priorities import Priorities

Clock = Callable[[], datetime]
MOST_CURRENT = 3
KIND = "priority"
LIST = SYNCED[KIND]
"""The priorities' list in Microsoft Lists, written through the outbox like the records."""


def _scope(caller: Caller) -> Visibility:
    """The caller's read scope by team and LPA (a priority has no officer)."""
    return replace(visibility(caller), officers=())


def _readable(tx: Transaction, caller: Caller, priority_id: str) -> Priority:
    priority = tx.organisation.priority(priority_id)
    scope = _scope(caller)
    if priority is None or not (
        scope.everything or priority.team_id in scope.team_ids or priority.lpa_id in scope.lpa_ids
    ):
        raise NotFound(f"There is no priority with id {priority_id!r}.")
    return priority


def _may_keep(caller: Caller, lpa_id: str) -> None:
    if caller.role is not Role.SUPERVISOR:
        raise NotPermitted("Only supervisors set and review priorities.")
    if lpa_id != caller.person.lpa_id:
        raise NotPermitted("Supervisors keep the priorities of their own LPA only.")


def _room_for_one_more(repo: Priorities, team_id: str) -> None:
    repo.lock_team(team_id)
    if repo.current_count(team_id) >= MOST_CURRENT:
        raise InvalidInput(
            [
                FieldError(
                    "current",
                    f"the neighbourhood already has {MOST_CURRENT} current priorities; "
                    "close one first",
                )
            ]
        )


def list_priorities(
    db: Database,
    caller: Caller,
    *,
    team_ids: tuple[str, ...] = (),
    current: bool | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[Priority]:
    with db.transaction(read_only=True) as tx:
        try:
            return Priorities(tx.connection).list(
                _scope(caller), team_ids=team_ids, current=current, limit=limit, cursor=cursor
            )
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None


def create(db: Database, caller: Caller, data: PriorityCreate, clock: Clock = now_utc) -> Priority:
    """A new current priority of a neighbourhood of the caller's LPA."""
    with db.transaction() as tx:
        now = clock()
        today = now.astimezone(LONDON).date()
        team = next((t for t in tx.organisation.teams() if t.id == data.team_id), None)
        if team is None:
            raise InvalidInput([FieldError("team_id", "is not a known neighbourhood team")])
        _may_keep(caller, team.lpa_id)
        set_on = data.set_on or today
        if set_on > today:
            raise InvalidInput([FieldError("set_on", "must not be in the future")])
        repo = Priorities(tx.connection)
        _room_for_one_more(repo, team.id)
        priority_id = str(uuid4())
        repo.insert(
            {
                "id": priority_id,
                "team_id": team.id,
                "lpa_id": team.lpa_id,
                "title": data.title,
                "description": data.description,
                "set_on": set_on,
                "reviewed_on": None,
                "current": True,
            }
        )
        audit.log(tx, caller, AuditAction.COLLECTION, KIND, now, priority_id)
        created = tx.organisation.priority(priority_id)
        assert created is not None
        outbox.created(tx, LIST, created, caller.upn, now)
        tx.commit()
    outbox.wake(db)
    return created


def update(
    db: Database,
    caller: Caller,
    priority_id: str,
    changes: PriorityUpdate,
    clock: Clock = now_utc,
) -> Priority:
    """Reword, review (`reviewed_on`, kept in the history), close or reopen a priority."""
    sent = changes.model_dump(exclude_unset=True)
    required = [name for name in ("title", "reviewed_on", "current") if name in sent]
    errors = [FieldError(name, "must not be null") for name in required if sent[name] is None]
    if errors:
        raise InvalidInput(errors)
    with db.transaction() as tx:
        now = clock()
        today = now.astimezone(LONDON).date()
        priority = _readable(tx, caller, priority_id)
        _may_keep(caller, priority.lpa_id)
        repo = Priorities(tx.connection)
        values: dict[str, Any] = {k: sent[k] for k in ("title", "description") if k in sent}
        reviewed: date | None = sent.get("reviewed_on")
        if reviewed is not None:
            if not priority.set_on <= reviewed <= today:
                message = "must be between the date the priority was set and today"
                raise InvalidInput([FieldError("reviewed_on", message)])
            repo.add_review(priority.id, reviewed, caller.upn, now)
            values["reviewed_on"] = max(reviewed, priority.reviewed_on or reviewed)
        current = sent.get("current")
        if current is not None and current != priority.current:
            if current:
                _room_for_one_more(repo, priority.team_id)
                repo.reopen(priority.id)
            else:
                repo.close(priority.id, today, caller.upn, now)
            values["current"] = current
        if values:
            repo.update(priority.id, values)
        detail = {"fields": sorted(sent)}
        audit.log(tx, caller, AuditAction.ALTERATION, KIND, now, priority.id, detail)
        updated = tx.organisation.priority(priority.id)
        assert updated is not None
        if values:
            outbox.updated(tx, LIST, updated, values, caller.upn, now)
        tx.commit()
    outbox.wake(db)
    return updated
