"""Which list item holds which record, with the eTag the store last agreed with.

Also the record reads and writes only the mirror makes: many records at once (deleted ones
too, to compare a whole delta page in one query), and bringing a deleted record back when
Lists kept the item.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, select, update

from schemas.activity import RecordFields
from store.activities import ActivityRepository
from store.lists_tables import list_items

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


class MirrorRecords(ActivityRepository):
    """Activity rows as the mirror needs them, beyond what the API's repository offers."""

    def many(self, record_ids: list[str]) -> dict[str, tuple[RecordFields, bool]]:
        """Records by id, deleted ones included: (record, is deleted)."""
        found = {}
        for chunk in _chunks(record_ids):
            query = select(self.table).where(self.table.c.id.in_(chunk))
            for row in self.connection.execute(query).mappings():
                found[row["id"]] = (self._model(row), row["deleted_at"] is not None)
        return found

    def restore(self, record_id: str, version: int, values: dict[str, Any]) -> bool:
        """Bring a deleted record back with `values`, bumping its version."""
        statement = (
            update(self.table)
            .where(
                self.table.c.id == record_id,
                self.table.c.version == version,
                self.table.c.deleted_at.is_not(None),
            )
            .values(
                **values,
                deleted_at=None,
                deleted_by=None,
                delete_reason=None,
                version=self.table.c.version + 1,
            )
        )
        return self.connection.execute(statement).rowcount == 1
