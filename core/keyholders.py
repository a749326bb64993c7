"""Keyholders of local premises: personal data, read only by people of the owning LPA (any
role) and by admins, and every read of one, alone or in a list, is audited with its id."""

from datetime import datetime
from typing import Any

from core import content as common
from core.access import Caller
from core.content import Clock, ContentFilter
from core.errors import FieldError, InvalidInput, NotPermitted
from core.useful_info import folder_for, may_write_area
from schemas.base import now_utc
from schemas.content import KEYHOLDER as LIST
from schemas.content_fields import ContentRecord
from schemas.roles import Role
from schemas.useful_info import KeyholderCreate
from store.database import Database, Transaction
from store.paging import Page

NOUN = "keyholder"


def may_read(caller: Caller, keyholder: Any) -> bool:
    return caller.role is Role.ADMIN or keyholder.lpa_id == caller.person.lpa_id


def _writer(caller: Caller, lpa_id: str) -> None:
    if not may_write_area(caller, lpa_id):
        raise NotPermitted("Admins keep keyholders; supervisors those of their own LPA.")


def _folder(tx: Transaction, caller: Caller, folder_id: str | None, lpa_id: str) -> None:
    """A keyholder may sit in a force-wide folder or one of its own LPA."""
    if folder_id is None:
        return
    folder = folder_for(tx, caller, folder_id, "folder_id")
    if folder.lpa_id not in (None, lpa_id):
        raise InvalidInput([FieldError("folder_id", "is a folder of another LPA")])


def create(
    db: Database, caller: Caller, data: KeyholderCreate, key: str, clock: Clock = now_utc
) -> tuple[ContentRecord, bool]:
    def build(tx: Transaction, _now: datetime) -> dict[str, Any]:
        lpa_id = data.lpa_id or caller.person.lpa_id
        if lpa_id not in common.lpa_ids(tx):
            raise InvalidInput([FieldError("lpa_id", "is not a known LPA")])
        _writer(caller, lpa_id)
        _folder(tx, caller, data.folder_id, lpa_id)
        return common.values_of(data) | {"lpa_id": lpa_id}

    return common.create_once(db, caller, LIST, data, key, build, clock)


def get(db: Database, caller: Caller, keyholder_id: str, clock: Clock = now_utc) -> ContentRecord:
    """One keyholder; the read is audited as a consultation of that record."""
    return common.consult(
        db, caller, LIST, keyholder_id, lambda k: may_read(caller, k), NOUN, clock
    )


def update(
    db: Database,
    caller: Caller,
    keyholder_id: str,
    changes: Any,
    version: int,
    clock: Clock = now_utc,
) -> ContentRecord:
    sent = changes.model_dump(exclude_unset=True)

    def plan(tx: Transaction, keyholder: Any, _now: datetime) -> dict[str, Any]:
        _writer(caller, keyholder.lpa_id)
        data = common.merged(LIST, keyholder, sent)
        _folder(tx, caller, data.folder_id, keyholder.lpa_id)
        return common.values_of(data, sent)

    return common.change(
        db,
        caller,
        LIST,
        keyholder_id,
        version,
        noun=NOUN,
        may_read=lambda k: may_read(caller, k),
        plan=plan,
        clock=clock,
    )


def delete(
    db: Database, caller: Caller, keyholder_id: str, reason: str, clock: Clock = now_utc
) -> None:
    common.remove(
        db,
        caller,
        LIST,
        keyholder_id,
        reason,
        noun=NOUN,
        may_read=lambda k: may_read(caller, k),
        check=lambda _tx, k: _writer(caller, k.lpa_id),
        clock=clock,
    )


def list_keyholders(
    db: Database,
    caller: Caller,
    *,
    folder_id: str | None = None,
    lpa_ids: tuple[str, ...] = (),
    q: str | None = None,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """Keyholders of the caller's LPA (admins: every LPA) by premises; `q` searches premises.
    The read is audited with the id of every keyholder on the page."""
    visible = None if caller.role is Role.ADMIN else (("lpa_id", (caller.person.lpa_id,)),)
    equal = [("lpa_id", lpa_ids)] if lpa_ids else []
    if folder_id is not None:
        equal.append(("folder_id", (folder_id,)))
    filters = ContentFilter(
        visible_if_any=visible, equal=tuple(equal), contains=("premises", q) if q else None
    )
    return common.consult_page(db, caller, LIST, filters, limit=limit, cursor=cursor, clock=clock)
