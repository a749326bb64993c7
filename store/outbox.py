"""The transactional outbox: writes to Microsoft Lists, queued with the change they carry.

A row is written in the transaction of the API change. Dispatchers claim rows (`FOR UPDATE
SKIP LOCKED` on PostgreSQL; SQLite's write lock serialises claims) for a lease, only the
oldest unfinished row of each record, so that one record's writes go out in order and never
two in one batch. A row that is done is deleted; one that failed too often is parked, and one
whose eTag was stale is kept as a conflict for its author and the administrators.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, delete, func, literal, or_, select, update

from store.lists_tables import outbox
from store.paging import BadCursor, Page, decode_cursor, encode_cursor


class Status(StrEnum):
    PENDING = "pending"
    PARKED = "parked"
    """Failed too often; waits for an administrator to retry it."""
    CONFLICT = "conflict"
    """Lists changed the item first; the Lists version was kept. Never sent again."""


UNFINISHED = (Status.PENDING, Status.PARKED)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    record_id: str
    operation: str
    fields: dict[str, Any]
    author: str
    created_at: datetime
    status: Status
    attempts: int
    next_attempt_at: datetime
    uncertain: bool
    last_error: str | None


def _row(values: Any) -> OutboxRow:
    return OutboxRow(
        id=values.id,
        kind=values.kind,
        record_id=values.record_id,
        operation=values.operation,
        fields=values.fields or {},
        author=values.author,
        created_at=values.created_at,
        status=Status(values.status),
        attempts=values.attempts,
        next_attempt_at=values.next_attempt_at,
        uncertain=values.uncertain,
        last_error=values.last_error,
    )


class Outbox:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(
        self,
        kind: str,
        record_id: str,
        operation: str,
        fields: dict[str, Any] | None,
        author: str,
        at: datetime,
    ) -> None:
        self.connection.execute(
            outbox.insert().values(
                kind=kind,
                record_id=record_id,
                operation=operation,
                fields=fields,
                author=author,
                created_at=at,
                status=Status.PENDING.value,
                attempts=0,
                next_attempt_at=at,
                uncertain=False,
            )
        )

    @staticmethod
    def _blocked() -> Any:
        """The row waits behind an earlier unfinished row of its record."""
        earlier = outbox.alias("earlier")
        return (
            select(earlier.c.id)
            .where(
                earlier.c.kind == outbox.c.kind,
                earlier.c.record_id == outbox.c.record_id,
                earlier.c.id < outbox.c.id,
                earlier.c.status.in_([s.value for s in UNFINISHED]),
            )
            .exists()
        )

    def claim(
        self,
        worker: str,
        now: datetime,
        lease: timedelta,
        limit: int,
        uncertain_ops: tuple[str, ...],
    ) -> list[OutboxRow]:
        """Due rows that head their record's queue, claimed by `worker` until the lease ends.

        Rows whose operation is in `uncertain_ops` are marked uncertain as they are claimed:
        should this worker stop before it records the outcome, the next one looks first.
        """
        query = (
            select(outbox)
            .where(
                outbox.c.status == Status.PENDING.value,
                outbox.c.next_attempt_at <= now,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
                ~self._blocked(),
            )
            .order_by(outbox.c.id)
            .limit(limit)
        )
        if self.connection.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=outbox)
        rows = [_row(r) for r in self.connection.execute(query)]
        ids = [r.id for r in rows]
        if ids:
            self.connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids))
                .values(claimed_by=worker, claimed_until=now + lease)
            )
            sure = [r.id for r in rows if r.operation in uncertain_ops]
            if sure:
                self.connection.execute(
                    update(outbox).where(outbox.c.id.in_(sure)).values(uncertain=True)
                )
        return rows

    def done(self, row_ids: list[int]) -> None:
        if row_ids:
            self.connection.execute(delete(outbox).where(outbox.c.id.in_(row_ids)))

    def settle(
        self,
        row_id: int,
        worker: str,
        *,
        status: Status,
        attempts: int,
        next_attempt_at: datetime,
        uncertain: bool,
        error: str | None,
    ) -> None:
        """Record an attempt that did not finish the row, and release `worker`'s claim.

        A row that is no longer claimed by `worker` (a sync made it a conflict) is left alone.
        """
        self.connection.execute(
            update(outbox)
            .where(outbox.c.id == row_id, outbox.c.claimed_by == worker)
            .values(
                status=status.value,
                attempts=attempts,
                next_attempt_at=next_attempt_at,
                uncertain=uncertain,
                last_error=error[:1000] if error else None,
                claimed_by=None,
                claimed_until=None,
            )
        )

    def supersede(self, kind: str, record_id: str, reason: str) -> int:
        """Every unfinished write of the record becomes a conflict: Lists' version won."""
        statement = (
            update(outbox)
            .where(
                outbox.c.kind == kind,
                outbox.c.record_id == record_id,
                outbox.c.status.in_([s.value for s in UNFINISHED]),
            )
            .values(
                status=Status.CONFLICT.value,
                last_error=reason[:1000],
                claimed_by=None,
                claimed_until=None,
            )
        )
        return self.connection.execute(statement).rowcount

    def records_with(
        self, kind: str, record_ids: list[str], statuses: tuple[Status, ...]
    ) -> set[str]:
        """Which of `record_ids` have a row in one of `statuses`."""
        if not record_ids:
            return set()
        query = select(outbox.c.record_id).where(
            outbox.c.kind == kind,
            outbox.c.record_id.in_(record_ids),
            outbox.c.status.in_([s.value for s in statuses]),
        )
        return set(self.connection.execute(query).scalars())

    def queued_after(self, kind: str, record_id: str, row_id: int) -> list[OutboxRow]:
        """The record's unfinished writes that come after `row_id`."""
        query = (
            select(outbox)
            .where(
                outbox.c.kind == kind,
                outbox.c.record_id == record_id,
                outbox.c.id > row_id,
                outbox.c.status.in_([s.value for s in UNFINISHED]),
            )
            .order_by(outbox.c.id)
        )
        return [_row(r) for r in self.connection.execute(query)]

    def retry(self, row_id: int, now: datetime) -> OutboxRow | None:
        """A parked row goes back to the queue with its attempts forgotten."""
        statement = (
            update(outbox)
            .where(outbox.c.id == row_id, outbox.c.status == Status.PARKED.value)
            .values(status=Status.PENDING.value, attempts=0, next_attempt_at=now)
        )
        if self.connection.execute(statement).rowcount != 1:
            return None
        found = self.connection.execute(select(outbox).where(outbox.c.id == row_id)).first()
        return None if found is None else _row(found)

    def next_due(self) -> datetime | None:
        """When the next row can be claimed (None when every row waits on a parked one)."""
        due = func.coalesce(outbox.c.claimed_until, outbox.c.next_attempt_at)
        later = func.max(outbox.c.next_attempt_at, due)
        if self.connection.dialect.name == "postgresql":
            later = func.greatest(outbox.c.next_attempt_at, due)
        query = select(func.min(later)).where(
            outbox.c.status == Status.PENDING.value, ~self._blocked()
        )
        found: datetime | None = self.connection.execute(query).scalar_one()
        return found

    def counts(self) -> dict[str, int]:
        query = select(outbox.c.status, func.count()).group_by(outbox.c.status)
        return {status: n for status, n in self.connection.execute(query)}

    def list(
        self, statuses: tuple[Status, ...], *, limit: int, cursor: str | None = None
    ) -> Page[OutboxRow]:
        """Oldest first; `cursor` continues after the last row of the previous page."""
        query = select(outbox).where(outbox.c.status.in_([s.value for s in statuses]))
        if cursor is not None:
            _, row_id = decode_cursor(cursor)
            if not row_id.isdigit():
                raise BadCursor("is not a cursor returned by this service")
            query = query.where(outbox.c.id > literal(int(row_id)))
        query = query.order_by(outbox.c.id).limit(limit + 1)
        rows = [_row(r) for r in self.connection.execute(query)]
        items = rows[:limit]
        more = len(rows) > limit
        next_cursor = encode_cursor(items[-1].created_at, str(items[-1].id)) if more else None
        return Page(items, next_cursor)
