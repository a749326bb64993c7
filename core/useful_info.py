"""Useful information: folders (two levels at most, force-wide or one LPA's) holding items.

Everyone reads the force-wide folders and those of their own LPA; managers, admins and auditors
read them all. Admins write anywhere; supervisors write in their own LPA's folders.
"""

from datetime import datetime
from typing import Any

from core import content as common
from core.access import FORCE_READERS, Caller
from core.content import Clock, ContentFilter
from core.errors import FieldError, InvalidInput, NotFound, NotPermitted
from schemas.base import now_utc
from schemas.content import FOLDER, ITEM, KEYHOLDER
from schemas.content_fields import ContentRecord
from schemas.roles import Role
from schemas.useful_info import FolderCreate, FolderUpdate, ItemCreate
from store.database import Database, Transaction
from store.paging import Page

FOLDER_NOUN, ITEM_NOUN = "folder", "useful information item"


def may_read_area(caller: Caller, lpa_id: str | None) -> bool:
    return caller.role in FORCE_READERS or lpa_id is None or lpa_id == caller.person.lpa_id


def may_write_area(caller: Caller, lpa_id: str | None) -> bool:
    if caller.role is Role.ADMIN:
        return True
    return caller.role is Role.SUPERVISOR and lpa_id is not None and lpa_id == caller.person.lpa_id


def _writer(caller: Caller, lpa_id: str | None) -> None:
    if not may_write_area(caller, lpa_id):
        raise NotPermitted(
            "Admins write useful information anywhere; supervisors in their own LPA's folders."
        )


def _area_scope(caller: Caller) -> ContentFilter:
    if caller.role in FORCE_READERS:
        return ContentFilter()
    return ContentFilter(visible_if_any=(("lpa_id", (None, caller.person.lpa_id)),))


def _read_area(caller: Caller) -> common.MayRead:
    return lambda record: may_read_area(caller, record.lpa_id)


def folder_for(tx: Transaction, caller: Caller, folder_id: str, field: str) -> Any:
    """A folder the caller can see, named by `field` of a request; a 422 otherwise."""
    try:
        return common.readable(tx, FOLDER, folder_id, _read_area(caller), FOLDER_NOUN)
    except NotFound:
        raise InvalidInput([FieldError(field, "is not a folder you can see")]) from None


def _folder_area(tx: Transaction, caller: Caller, data: FolderCreate) -> str | None:
    """A sub-folder takes its parent's area (two levels at most); a top folder its own."""
    if data.parent_id is None:
        if data.lpa_id is not None and data.lpa_id not in common.lpa_ids(tx):
            raise InvalidInput([FieldError("lpa_id", "is not a known LPA")])
        return data.lpa_id
    parent = folder_for(tx, caller, data.parent_id, "parent_id")
    if parent.parent_id is not None:
        raise InvalidInput([FieldError("parent_id", "folders nest two levels at most")])
    if data.lpa_id is not None and data.lpa_id != parent.lpa_id:
        raise InvalidInput([FieldError("lpa_id", "a sub-folder takes its parent's area")])
    return parent.lpa_id


def create_folder(
    db: Database, caller: Caller, data: FolderCreate, key: str, clock: Clock = now_utc
) -> tuple[ContentRecord, bool]:
    def build(tx: Transaction, _now: datetime) -> dict[str, Any]:
        area = _folder_area(tx, caller, data)
        _writer(caller, area)
        return common.values_of(data) | {"lpa_id": area}

    return common.create_once(db, caller, FOLDER, data, key, build, clock)


def get_folder(
    db: Database, caller: Caller, folder_id: str, clock: Clock = now_utc
) -> ContentRecord:
    return common.consult(db, caller, FOLDER, folder_id, _read_area(caller), FOLDER_NOUN, clock)


def update_folder(
    db: Database,
    caller: Caller,
    folder_id: str,
    changes: FolderUpdate,
    version: int,
    clock: Clock = now_utc,
) -> ContentRecord:
    sent = changes.model_dump(exclude_unset=True)

    def plan(_tx: Transaction, folder: Any, _now: datetime) -> dict[str, Any]:
        _writer(caller, folder.lpa_id)
        return common.values_of(common.merged(FOLDER, folder, sent), sent)

    return common.change(
        db,
        caller,
        FOLDER,
        folder_id,
        version,
        noun=FOLDER_NOUN,
        may_read=_read_area(caller),
        plan=plan,
        clock=clock,
    )


def _empty(tx: Transaction, folder: Any) -> None:
    holds = (
        common.repository(tx, FOLDER).any(ContentFilter(equal=(("parent_id", (folder.id,)),)))
        or common.repository(tx, ITEM).any(ContentFilter(equal=(("folder_id", (folder.id,)),)))
        or common.repository(tx, KEYHOLDER).any(ContentFilter(equal=(("folder_id", (folder.id,)),)))
    )
    if holds:
        message = "the folder still holds folders, items or keyholders; move or delete them first"
        raise InvalidInput([FieldError("id", message)])


def delete_folder(
    db: Database, caller: Caller, folder_id: str, reason: str, clock: Clock = now_utc
) -> None:
    """Only an empty folder is deleted, so nothing is left without a place."""

    def check(tx: Transaction, folder: Any) -> None:
        _writer(caller, folder.lpa_id)
        _empty(tx, folder)

    common.remove(
        db,
        caller,
        FOLDER,
        folder_id,
        reason,
        noun=FOLDER_NOUN,
        may_read=_read_area(caller),
        check=check,
        clock=clock,
    )


def list_folders(
    db: Database,
    caller: Caller,
    *,
    parent_id: str | None = None,
    top_level: bool = False,
    lpa_ids: tuple[str, ...] = (),
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """Folders in the caller's scope by name: sub-folders of `parent_id`, or only top ones."""
    wanted: list[tuple[str, tuple[Any, ...]]] = []
    if parent_id is not None:
        wanted.append(("parent_id", (parent_id,)))
    if top_level:
        wanted.append(("parent_id", (None,)))
    if lpa_ids:
        wanted.append(("lpa_id", lpa_ids))
    filters = ContentFilter(visible_if_any=_area_scope(caller).visible_if_any, equal=tuple(wanted))
    return common.consult_page(db, caller, FOLDER, filters, limit=limit, cursor=cursor, clock=clock)


def _placed(tx: Transaction, caller: Caller, data: Any) -> dict[str, Any]:
    """An item's values, in a folder the caller may write in, with both coordinates or none."""
    folder = folder_for(tx, caller, data.folder_id, "folder_id")
    _writer(caller, folder.lpa_id)
    if (data.latitude is None) != (data.longitude is None):
        missing = "latitude" if data.latitude is None else "longitude"
        raise InvalidInput([FieldError(missing, "is required with the other coordinate")])
    return common.values_of(data) | {"lpa_id": folder.lpa_id}


def create_item(
    db: Database, caller: Caller, data: ItemCreate, key: str, clock: Clock = now_utc
) -> tuple[ContentRecord, bool]:
    def build(tx: Transaction, _now: datetime) -> dict[str, Any]:
        return _placed(tx, caller, data)

    return common.create_once(db, caller, ITEM, data, key, build, clock)


def get_item(db: Database, caller: Caller, item_id: str, clock: Clock = now_utc) -> ContentRecord:
    return common.consult(db, caller, ITEM, item_id, _read_area(caller), ITEM_NOUN, clock)


def update_item(
    db: Database,
    caller: Caller,
    item_id: str,
    changes: Any,
    version: int,
    clock: Clock = now_utc,
) -> ContentRecord:
    """Change an item, or move it to another folder the caller may write in."""
    sent = changes.model_dump(exclude_unset=True)

    def plan(tx: Transaction, item: Any, _now: datetime) -> dict[str, Any]:
        _writer(caller, item.lpa_id)
        values = _placed(tx, caller, common.merged(ITEM, item, sent))
        return {name: values[name] for name in (*sent, "lpa_id")}

    return common.change(
        db,
        caller,
        ITEM,
        item_id,
        version,
        noun=ITEM_NOUN,
        may_read=_read_area(caller),
        plan=plan,
        clock=clock,
    )


def delete_item(
    db: Database, caller: Caller, item_id: str, reason: str, clock: Clock = now_utc
) -> None:
    common.remove(
        db,
        caller,
        ITEM,
        item_id,
        reason,
        noun=ITEM_NOUN,
        may_read=_read_area(caller),
        check=lambda _tx, item: _writer(caller, item.lpa_id),
        clock=clock,
    )


def list_items(
    db: Database,
    caller: Caller,
    *,
    folder_id: str | None = None,
    q: str | None = None,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> Page[ContentRecord]:
    """Items in the caller's scope by title: one folder's, or those whose title holds `q`."""
    equal = (("folder_id", (folder_id,)),) if folder_id is not None else ()
    filters = ContentFilter(
        visible_if_any=_area_scope(caller).visible_if_any,
        equal=equal,
        contains=("title", q) if q else None,
    )
    return common.consult_page(db, caller, ITEM, filters, limit=limit, cursor=cursor, clock=clock)
