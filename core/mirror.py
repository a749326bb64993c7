"""List items applied to the store: the one code path of every sync, and of the dispatcher
when Lists won a conflict.

An item is matched to its record by the link (list item id) or by its `SubmissionId`. An
item whose eTag the store already agrees with changes nothing, so replaying a page changes
nothing. A record with writes still queued is left to the dispatcher, which meets the same
change as a 412 and settles it. Items made in Lists become records: the author comes from the
site's user information list (or Graph's identity of the creator) and the people data, which
also give the team and LPA; a value that cannot be mapped is kept and named in `warnings`.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from core.lists import People, Synced
from core.sanitise import clean
from core.tally import Tally
from core.validation import field_errors
from graph.batch import Operation
from graph.lists import ListItem
from graph.mapping import columns_of, differences, from_fields, to_fields
from schemas.activity import ActivityFields
from schemas.audit import AuditAction, AuditSource
from schemas.content import FOLDER
from schemas.person import Person
from schemas.spec import SUBMISSION_ID, ColumnSpec, ColumnType
from store.audit import AuditEvent
from store.content import ContentRepository
from store.database import Transaction
from store.list_items import Link, mirror_records
from store.outbox import Status

SYNC_ACTOR = "microsoft-lists"
"""Who a change is audited as when Lists does not say which person made it."""
DELETED_IN_LISTS = "deleted in Microsoft Lists"
REFERENCES = {
    "lpa_id": "lpa",
    "team_id": "team",
    "priority_id": "priority",
    "hotspot_id": "hotspot",
    "folder_id": FOLDER.name,
    "parent_id": FOLDER.name,
}
"""Fields naming a row of another list, and that list: an unknown one cannot be stored."""


class Unmappable(Exception):
    """An item that cannot become a record yet (it names a row the store does not have)."""


@dataclass
class Counts(Tally):
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    deferred: int = 0
    """Items of records with writes still queued: the dispatcher settles those."""
    held: int = 0
    """Items that cannot become records yet (their author is not in the people data)."""


@dataclass
class Mirror:
    """What applying one list's items needs besides the transaction."""

    kind: Synced
    zone: ZoneInfo
    people: People
    now: datetime
    run: int
    events: list[AuditEvent] = field(default_factory=list)

    def audit(self, action: AuditAction, upn: str, record_id: str, **detail: Any) -> None:
        self.events.append(
            AuditEvent(
                at=self.now,
                upn=upn,
                action=action,
                source=AuditSource.SYNC,
                kind=self.kind.name,
                record_id=record_id,
                detail=detail,
            )
        )


def submission_id(item: ListItem) -> str | None:
    value = item.fields.get(SUBMISSION_ID)
    text = str(value).strip() if value is not None else ""
    return text if 0 < len(text) <= 64 else None


def _placeholder(column: ColumnSpec, item: ListItem, now: datetime) -> Any:
    """A stand-in for a required value the item lacks, so that the item is still kept."""
    match column.type:
        case ColumnType.DATETIME:
            return item.created_at or now
        case ColumnType.DATE:
            return now.date()
        case ColumnType.BOOLEAN:
            return False
        case ColumnType.INTEGER | ColumnType.NUMBER:
            return 0
        case ColumnType.MULTI_CHOICE | ColumnType.TEXT_LIST:
            return []
    return ""


@functools.cache
def _validated(model: type[BaseModel]) -> frozenset[str]:
    """The fields `model` checks (read once: pydantic's `model_fields` is slow per item)."""
    return frozenset(model.model_fields)


def _known(tx: Transaction, name: str, value: str) -> bool:
    if name == FOLDER.name:
        return ContentRepository(tx.connection, FOLDER).get(value) is not None
    return bool(tx.organisation.known(name, [value]))


def _checked(
    tx: Transaction,
    mirror: Mirror,
    item: ListItem,
    values: dict[str, Any],
    problems: list[str],
    current: Any = None,
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The writable values the store can hold, the values derived from them, and warnings.

    Markup is cleaned as the API cleans it. A field naming a row the store does not have is
    left empty, or when it is required kept as `current` has it; with no `current` (a new
    record) the item is Unmappable.
    """
    kind = mirror.kind
    warnings = list(problems)
    flagged = {p.split(":", 1)[0] for p in problems}
    writable = {name: values.get(name) for name in kind.taken}
    for name in kind.markup:
        text = writable.get(name)
        if text:
            writable[name] = clean(str(text)) or None
    columns = columns_of(kind.spec)
    for name, value in writable.items():
        column = columns[name]
        if column.required and value in (None, "", []):
            writable[name] = _placeholder(column, item, mirror.now)
            warnings.append(f"{name}: is missing in Microsoft Lists")
            flagged.add(name)
    for name, value in writable.items():
        target = REFERENCES.get(name)
        if target is None or value in (None, "") or _known(tx, target, value):
            continue
        if not columns[name].required:
            warnings.append(f"{name}: {value!r} is not known here; left empty")
            writable[name] = None
        elif current is not None:
            warnings.append(f"{name}: {value!r} is not known here; left as it was")
            writable[name] = getattr(current, name)
        else:
            raise Unmappable(f"its {name} {value!r} is not known here")
        flagged.add(name)
    if kind.area_from is not None:
        _take_folder_area(tx, writable, kind.area_from, warnings, flagged)
    validated = _validated(kind.model)
    checked = {k: v for k, v in writable.items() if v is not None and k in validated}
    try:
        model = kind.model.model_validate(checked)
    except ValidationError as error:
        for found in field_errors(error.errors()):
            name = found.field.split("[", 1)[0]
            if name in writable and name not in flagged:
                warnings.append(f"{found.field}: {found.message}")
        model = kind.model.model_construct(**checked)
    derived: dict[str, Any] = {}
    if isinstance(model, ActivityFields):
        warnings += [f"{b.field}: {b.message}" for b in model.breaches(mirror.now)]
        derived = model.derived()
    return writable, derived, list(dict.fromkeys(warnings))


def _take_folder_area(
    tx: Transaction, writable: dict[str, Any], field: str, warnings: list[str], flagged: set[str]
) -> None:
    """Set the LPA to that of the folder `field` names, as readers are limited by it: an item
    whose LpaId was changed or cleared in Lists must not become readable outside its area."""
    folder_id = writable.get(field)
    folder = ContentRepository(tx.connection, FOLDER).get(folder_id) if folder_id else None
    if folder is None or writable.get("lpa_id") == folder.lpa_id:
        return
    if writable.get("lpa_id") is not None:
        given = writable["lpa_id"]
        warnings.append(f"lpa_id: {given!r} is not its folder's area; the folder's is kept")
    writable["lpa_id"] = folder.lpa_id
    flagged.add("lpa_id")


def _noted(kind: Synced, warnings: list[str]) -> dict[str, list[str]]:
    """Audit detail keeping the warnings of a list whose rows have no place for them (the
    organisation lists), so that a value Lists holds and the store cannot check is never
    passed over silently."""
    return {"warnings": warnings} if warnings and not kind.versioned else {}


def _upn(person: Person | None) -> str:
    return person.upn if person is not None else SYNC_ACTOR


def _new_record(
    tx: Transaction,
    mirror: Mirror,
    item: ListItem,
    record_id: str,
    values: dict[str, Any],
    problems: list[str],
) -> dict[str, Any] | str:
    """The row of a record made from `item`, or why it cannot be made yet."""
    kind = mirror.kind
    author = mirror.people.author(tx, item)
    row: dict[str, Any] = {}
    if kind.authored:
        upn_field, *area = kind.authored
        named = mirror.people.person(tx, values[upn_field]) if values.get(upn_field) else None
        officer = named or author
        if officer is None:
            return "its author is not in the people data"
        row = {upn_field: officer.upn, **{name: getattr(officer, name) for name in area}}
    try:
        writable, derived, warnings = _checked(tx, mirror, item, values, problems)
    except Unmappable as error:
        return str(error)
    if kind.versioned:
        editor = mirror.people.editor(tx, item) or author
        row = {
            "version": 1,
            "created_at": item.created_at or mirror.now,
            "created_by": values.get("created_by") or _upn(author),
            "updated_at": item.modified_at or mirror.now,
            "updated_by": _upn(editor),
            **row,
        }
    return {**writable, **derived, kind.spec.key: record_id, "warnings": warnings, **row}


def _version(record: Any) -> int:
    return getattr(record, "version", 0)


def _change(
    tx: Transaction,
    mirror: Mirror,
    item: ListItem,
    record: Any,
    is_deleted: bool,
    values: dict[str, Any],
    problems: list[str],
    notice: str | None = None,
    keep: frozenset[str] = frozenset(),
) -> bool:
    """Bring the record to the item's version, except the fields in `keep` (still on their way
    to Lists); True when the record changed."""
    kind = mirror.kind
    record_id = getattr(record, kind.spec.key)
    writable, derived, warnings = _checked(tx, mirror, item, values, problems, record)
    if notice:
        warnings.append(notice)
    ours = {name: getattr(record, name) for name in writable}
    writable |= {name: ours[name] for name in keep if name in ours}
    changed = differences(kind.spec, ours, writable, writable)
    before = list(getattr(record, "warnings", None) or []) if kind.versioned else warnings
    if not changed and not is_deleted and warnings == before:
        return False
    editor = _upn(mirror.people.editor(tx, item))
    stamp = {"updated_at": item.modified_at or mirror.now, "updated_by": editor}
    repo = mirror_records(tx.connection, kind.name)
    if is_deleted:
        restored = {**writable, **derived, **stamp, "warnings": warnings}
        done = repo.restore(record_id, _version(record), restored)
    else:
        new = {name: writable[name] for name in changed}
        done = repo.update(
            record_id, _version(record), {**new, **derived, **stamp, "warnings": warnings}
        )
    if done:
        detail: dict[str, Any] = {"fields": changed, "item_id": item.id, **_noted(kind, warnings)}
        if is_deleted:
            detail["restored"] = True
        if notice:
            detail["conflict"] = notice
        mirror.audit(AuditAction.ALTERATION, editor, record_id, **detail)
    return done


def _vanish(tx: Transaction, mirror: Mirror, record_id: str) -> bool:
    """The record's item is gone from Lists: Lists wins, so the record goes too."""
    kind = mirror.kind
    repo = mirror_records(tx.connection, kind.name)
    found = repo.many([record_id]).get(record_id)
    if found is None or found[1]:
        return False
    tx.outbox.supersede(kind.name, record_id, f"the item was {DELETED_IN_LISTS} first")
    done = repo.soft_delete(
        record_id, _version(found[0]), at=mirror.now, by=SYNC_ACTOR, reason=DELETED_IN_LISTS
    )
    if done:
        mirror.audit(AuditAction.DELETION, SYNC_ACTOR, record_id, reason=DELETED_IN_LISTS)
    return done


def item_json(item: ListItem) -> dict[str, Any]:
    """An item as JSON, to hold until it can be made into a record."""
    return {
        "id": item.id,
        "eTag": item.etag,
        "fields": item.fields,
        "createdDateTime": item.created_at.isoformat() if item.created_at else None,
        "lastModifiedDateTime": item.modified_at.isoformat() if item.modified_at else None,
        "createdBy": {"user": {"id": item.author_object_id}},
        "lastModifiedBy": {"user": {"id": item.editor_object_id}},
    }


def apply_page(
    tx: Transaction, mirror: Mirror, items: list[ListItem], deleted: list[str]
) -> Counts:
    """Apply one delta page (or held items) to the store, in the caller's transaction."""
    kind = mirror.kind
    counts = Counts()
    links = tx.list_items.by_items(kind.name, [i.id for i in items] + deleted)
    keys = {}
    for item in items:
        link = links.get(item.id)
        keys[item.id] = link.record_id if link and link.record_id else submission_id(item)
    record_ids = [k for k in keys.values() if k]
    gone = [links[d].record_id for d in deleted if d in links and links[d].record_id]
    records = mirror_records(tx.connection, kind.name).many(record_ids)
    # Only records the store holds can have queued writes or links (a first sync has none).
    known = [k for k in record_ids if k in records]
    busy = tx.outbox.records_with(kind.name, known + gone, (Status.PENDING,))
    parked = tx.outbox.records_with(kind.name, known, (Status.PARKED,))
    taken = tx.list_items.by_records(kind.name, known)
    seen, etags, new_rows, new_links = [], {}, [], []
    for item in items:
        link = links.get(item.id)
        record_id = keys[item.id]
        if link and link.record_id and link.etag == item.etag:
            seen.append(item.id)
            counts.unchanged += 1
            continue
        if record_id in busy:
            seen.append(item.id)
            counts.deferred += 1
            continue
        values, problems = from_fields(kind.spec, item.fields, mirror.zone)
        if record_id in taken and taken[record_id].item_id != item.id:
            record_id = None  # a copy of another item, SubmissionId and all
        found = records.get(record_id) if record_id else None
        if found is not None:
            if record_id in parked:
                tx.outbox.supersede(kind.name, record_id, "Lists changed the item first")
            changed = _change(tx, mirror, item, found[0], found[1], values, problems)
            counts.updated += changed
            counts.unchanged += not changed
            if link is not None and link.record_id is not None:
                etags[item.id] = item.etag
            else:
                tx.list_items.remove(kind.name, [item.id])
                new_links.append(Link(item.id, record_id, item.etag, mirror.run))
            continue
        if record_id is None and kind.spec.key != "id":
            reason = f"it has no {kind.spec.column(kind.spec.key).label}"
            tx.list_items.hold(kind.name, item.id, item_json(item), reason, mirror.run)
            counts.held += 1
            continue
        record_id = record_id or str(uuid4())
        made = _new_record(tx, mirror, item, record_id, values, problems)
        if isinstance(made, str):
            tx.list_items.hold(kind.name, item.id, item_json(item), made, mirror.run)
            counts.held += 1
            continue
        if link is not None:
            tx.list_items.remove(kind.name, [item.id])
        new_rows.append(made)
        new_links.append(Link(item.id, record_id, item.etag, mirror.run))
        author = made.get("created_by") or SYNC_ACTOR
        noted = _noted(kind, made["warnings"])
        mirror.audit(AuditAction.COLLECTION, author, record_id, item_id=item.id, **noted)
        if values.get(kind.spec.key) != record_id:
            server_set = (kind.spec.key, *kind.authored)
            fields = to_fields(kind.spec, {k: made[k] for k in server_set})
            tx.outbox.add(
                kind.name, record_id, Operation.COMPLETE.value, fields, SYNC_ACTOR, mirror.now
            )
        counts.created += 1
    mirror_records(tx.connection, kind.name).insert_many(new_rows)
    tx.list_items.add(kind.name, new_links)
    tx.list_items.set_etags(kind.name, etags, mirror.run)
    tx.list_items.mark_seen(kind.name, seen, mirror.run)
    for item_id in deleted:
        link = links.get(item_id)
        if link is not None and link.record_id is not None:
            counts.deleted += _vanish(tx, mirror, link.record_id)
    tx.list_items.remove(kind.name, [d for d in deleted if d in links])
    tx.audit.record_many(mirror.events)
    mirror.events.clear()
    return counts


def adopt(
    tx: Transaction,
    mirror: Mirror,
    record_id: str,
    item: ListItem,
    notice: str | None = None,
    keep: frozenset[str] = frozenset(),
    content: bool = True,
) -> None:
    """Take the item's version into the store: all of it after a conflict Lists won, or all
    but the fields in `keep` (those of writes still queued for the record). With `content`
    false (a delete is queued) the record is left as it is and only the link moves on."""
    kind = mirror.kind
    found = mirror_records(tx.connection, kind.name).many([record_id]).get(record_id)
    if found is not None and content:
        values, problems = from_fields(kind.spec, item.fields, mirror.zone)
        _change(tx, mirror, item, found[0], found[1], values, problems, notice, keep)
    tx.list_items.put(kind.name, [Link(item.id, record_id, item.etag, mirror.run + 1)])
    tx.audit.record_many(mirror.events)
    mirror.events.clear()


def vanished(tx: Transaction, mirror: Mirror, record_id: str) -> bool:
    """The dispatcher found the record's item gone: soft-delete it, drop the link."""
    done = _vanish(tx, mirror, record_id)
    link = tx.list_items.by_records(mirror.kind.name, [record_id]).get(record_id)
    if link is not None:
        tx.list_items.remove(mirror.kind.name, [link.item_id])
    tx.audit.record_many(mirror.events)
    mirror.events.clear()
    return done


def reconcile(tx: Transaction, mirror: Mirror) -> Counts:
    """After a full enumeration: records whose item it did not meet are gone from Lists."""
    counts = Counts()
    unseen = tx.list_items.unseen(mirror.kind.name, mirror.run)
    for link in unseen:
        if link.record_id is not None:
            counts.deleted += _vanish(tx, mirror, link.record_id)
    tx.list_items.remove(mirror.kind.name, [link.item_id for link in unseen])
    tx.audit.record_many(mirror.events)
    mirror.events.clear()
    return counts
