"""Which list item holds which record, with the eTag the store last agreed with.

Also the record reads and writes only the mirror makes: many records at once (deleted ones
too, to compare a whole delta page in one query), and bringing a deleted record back when
Lists kept the item.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, select, update
from sqlalchemy.exc import IntegrityError

from schemas.content import CONTENT_LISTS
from schemas.kinds import ACTIVITY_KINDS, ORGANISATION_LISTS
from store.activities import ActivityRepository
from store.content import ContentRepository
from store.lists_tables import list_items
from store.organisation import TABLES, organisation_model

CHUNK = 500
"""Ids per IN (...) list: well inside every driver's limit on bound parameters."""


@dataclass(frozen=True)
class Link:
    item_id: str
    record_id: str | None
    etag: str
    seen_run: int


@dataclass(frozen=True)
class HeldItem:
    item_id: str
    item: dict[str, Any]
    reason: str


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _link(row: Any) -> Link:
    return Link(row.item_id, row.record_id, row.etag, row.seen_run)


class ListItems:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _where(self, kind: str, column: str, values: list[str]) -> dict[str, Link]:
        found = {}
        for chunk in _chunks(values):
            query = select(list_items).where(
                list_items.c.kind == kind, list_items.c[column].in_(chunk)
            )
            for row in self.connection.execute(query):
                link = _link(row)
                found[getattr(link, column)] = link
        return found

    def by_items(self, kind: str, item_ids: list[str]) -> dict[str, Link]:
        return self._where(kind, "item_id", item_ids)

    def by_records(self, kind: str, record_ids: list[str]) -> dict[str, Link]:
        return self._where(kind, "record_id", record_ids)

    def add(self, kind: str, links: list[Link]) -> None:
        if links:
            self.connection.execute(
                list_items.insert(),
                [
                    {
                        "kind": kind,
                        "item_id": x.item_id,
                        "record_id": x.record_id,
                        "etag": x.etag,
                        "seen_run": x.seen_run,
                    }
                    for x in links
                ],
            )

    def put(self, kind: str, links: list[Link]) -> None:
        """Link records to their items, replacing whatever links either had."""
        for start in range(0, len(links), CHUNK):
            chunk = links[start : start + CHUNK]
            self.connection.execute(
                delete(list_items).where(
                    list_items.c.kind == kind,
                    list_items.c.item_id.in_([x.item_id for x in chunk])
                    | list_items.c.record_id.in_([x.record_id for x in chunk]),
                )
            )
        self.add(kind, links)

    def set_etags(self, kind: str, etags: dict[str, str], run: int | None = None) -> None:
        """New eTags by item id (and, during a sync, the run that saw them)."""
        for item_id, etag in etags.items():
            values: dict[str, Any] = {"etag": etag}
            if run is not None:
                values["seen_run"] = run
            self.connection.execute(
                update(list_items)
                .where(list_items.c.kind == kind, list_items.c.item_id == item_id)
                .values(**values)
            )

    def swap_etag(self, kind: str, item_id: str, expected: str | None, etag: str) -> bool:
        """Store `etag` only if the link still holds `expected` (a sync may have moved on)."""
        where = [list_items.c.kind == kind, list_items.c.item_id == item_id]
        if expected is not None:
            where.append(list_items.c.etag == expected)
        statement = update(list_items).where(and_(*where)).values(etag=etag)
        return self.connection.execute(statement).rowcount == 1

    def mark_seen(self, kind: str, item_ids: list[str], run: int) -> None:
        for chunk in _chunks(item_ids):
            self.connection.execute(
                update(list_items)
                .where(list_items.c.kind == kind, list_items.c.item_id.in_(chunk))
                .values(seen_run=run)
            )

    def remove(self, kind: str, item_ids: list[str]) -> None:
        for chunk in _chunks(item_ids):
            self.connection.execute(
                delete(list_items).where(list_items.c.kind == kind, list_items.c.item_id.in_(chunk))
            )

    def unseen(self, kind: str, run: int) -> list[Link]:
        """Links to records that a full enumeration of run `run` did not meet."""
        query = select(list_items).where(
            list_items.c.kind == kind,
            list_items.c.seen_run < run,
            list_items.c.record_id.is_not(None),
        )
        return [_link(row) for row in self.connection.execute(query)]

    def hold(self, kind: str, item_id: str, item: dict[str, Any], reason: str, run: int) -> None:
        self.remove(kind, [item_id])
        self.connection.execute(
            list_items.insert().values(
                kind=kind,
                item_id=item_id,
                record_id=None,
                etag="",
                seen_run=run,
                held=item,
                held_reason=reason[:500],
            )
        )

    def held(self, kind: str) -> list[HeldItem]:
        query = select(list_items).where(list_items.c.kind == kind, list_items.c.held.is_not(None))
        return [
            HeldItem(row.item_id, row.held, row.held_reason or "")
            for row in self.connection.execute(query)
        ]


class MirrorRecords:
    """Rows of one mirrored list as the mirror needs them, beyond what the API's repositories
    offer: many at once (deleted ones too, to compare a whole delta page in one query), and
    bringing a deleted record back when Lists kept the item.

    Organisation tables keep no version, warnings or deletion (admins keep them in Lists): a
    change there applies whatever the version, and a deletion closes a priority, or removes a
    row that nothing refers to any more.
    """

    def __init__(
        self, connection: Connection, table: Table, key: str, model: Callable[[Any], Any]
    ) -> None:
        self.connection = connection
        self.table = table
        self.key = table.c[key]
        self.model = model
        self.names = frozenset(table.c.keys())
        self.versioned = "version" in self.names

    def _kept(self, values: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in values.items() if k in self.names}

    def many(self, record_ids: list[str]) -> dict[str, tuple[Any, bool]]:
        """Records by id, deleted ones included: (record, is deleted)."""
        found = {}
        for chunk in _chunks(record_ids):
            query = select(self.table).where(self.key.in_(chunk))
            for row in self.connection.execute(query).mappings():
                deleted = self.versioned and row["deleted_at"] is not None
                found[row[self.key.name]] = (self.model(row), deleted)
        return found

    def insert_many(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(self.table.insert(), [self._kept(r) for r in rows])

    def _set(self, record_id: str, version: int, values: dict[str, Any], deleted: bool) -> bool:
        where = [self.key == record_id]
        bump: dict[str, Any] = {}
        if self.versioned:
            gone = self.table.c.deleted_at
            where += [
                self.table.c.version == version,
                gone.is_not(None) if deleted else gone.is_(None),
            ]
            bump = {"version": self.table.c.version + 1}
        statement = update(self.table).where(*where).values(**self._kept(values), **bump)
        return self.connection.execute(statement).rowcount == 1

    def update(self, record_id: str, version: int, values: dict[str, Any]) -> bool:
        """Apply `values` if the record is still at `version` and not deleted."""
        return self._set(record_id, version, values, deleted=False)

    def restore(self, record_id: str, version: int, values: dict[str, Any]) -> bool:
        """Bring a deleted record back with `values`, bumping its version."""
        cleared = {"deleted_at": None, "deleted_by": None, "delete_reason": None}
        return self._set(record_id, version, {**values, **cleared}, deleted=True)

    def soft_delete(
        self, record_id: str, version: int, *, at: datetime, by: str, reason: str
    ) -> bool:
        if self.versioned:
            values = {"deleted_at": at, "deleted_by": by, "delete_reason": reason}
            return self.update(record_id, version, {**values, "updated_at": at, "updated_by": by})
        if "current" in self.table.c:
            return self.update(record_id, version, {"current": False})
        try:
            with self.connection.begin_nested():
                gone = self.connection.execute(delete(self.table).where(self.key == record_id))
        except IntegrityError:
            return False
        return gone.rowcount == 1


def mirror_records(connection: Connection, name: str) -> MirrorRecords:
    """The rows of the list called `name`: an activity log, a content list or reference data."""
    if name in ACTIVITY_KINDS:
        activity = ActivityRepository(connection, ACTIVITY_KINDS[name])
        return MirrorRecords(connection, activity.table, "id", activity._model)
    if name in CONTENT_LISTS:
        content = ContentRepository(connection, CONTENT_LISTS[name])
        return MirrorRecords(connection, content.table, "id", content._model)
    _, spec = ORGANISATION_LISTS[name]
    return MirrorRecords(connection, TABLES[name], spec.key, organisation_model(name))
