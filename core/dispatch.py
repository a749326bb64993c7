"""The outbox dispatcher: queued writes go to Microsoft Lists exactly once, in order per record.

Each round claims up to 20 due rows, the oldest unfinished row of each record only, and sends
them in one `$batch` paced to the resource-unit budget. Whatever Graph answers item by item is
recorded: done (the item id and new eTag kept), throttled (sent again after the wait Graph
asked for, not counted as a failure), failed (retried with backoff, parked after too many),
or stale. A stale eTag is a conflict Lists wins: the item is read back, taken into the store,
and the author's write is kept as a conflict for them to see, never sent over the top. A
create whose outcome is unknown (a lost reply, a dispatcher that stopped) is looked up by its
`SubmissionId` before it is sent again, so a lost reply never makes a duplicate.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import uuid4

from core.lists import SYNCED, Lists, People
from core.mirror import Mirror, adopt, vanished
from core.sync import list_id
from core.tally import Tally
from graph.batch import Operation, Outcome, Write, WriteResult
from graph.errors import GraphError
from graph.lists import ListItem
from graph.mapping import differences, from_fields
from store.database import Database, Transaction
from store.list_items import Link
from store.outbox import OutboxRow, Status

LEASE = timedelta(minutes=5)
BATCH = 20
RUN_SECONDS = 50.0
"""A timer's run stops claiming after this long: the next timer is a minute later."""
WORKERS = 2
"""Batches in flight at once in a run of the timer or of the woken dispatcher."""
LONGEST_BACKOFF = 300.0


@dataclass
class DispatchReport(Tally):
    batches: int = 0
    done: int = 0
    throttled: int = 0
    failed: int = 0
    parked: int = 0
    conflicts: int = 0
    lookups: int = 0


@dataclass
class _Round:
    """One claimed batch and what is known about each of its rows."""

    rows: list[OutboxRow]
    links: dict[tuple[str, str], Link]
    runs: dict[str, int]
    early: dict[int, tuple[str, ListItem | None]]
    results: dict[int, WriteResult]
    fetched: dict[int, ListItem | None]


def _claim(database: Database, lists: Lists, worker: str) -> _Round:
    with database.transaction() as tx:
        rows = tx.outbox.claim(worker, lists.clock.now(), LEASE, BATCH, (Operation.CREATE.value,))
        links: dict[tuple[str, str], Link] = {}
        kinds = {r.kind for r in rows}
        for kind in kinds:
            found = tx.list_items.by_records(kind, [r.record_id for r in rows if r.kind == kind])
            links.update({(kind, record_id): link for record_id, link in found.items()})
        runs = {kind: tx.sync_state.get(kind).run for kind in kinds}
        tx.commit()
    return _Round(rows, links, runs, {}, {}, {})


def _read(call: Any, *args: str) -> ListItem | GraphError | None:
    try:
        found: ListItem | None = call(*args)
    except GraphError as error:
        return error
    return found


def _send(
    database: Database, lists: Lists, batch: _Round, report: DispatchReport, ids: dict[str, str]
) -> None:
    """Look up what must be looked up, send the rest in one batch, read back what was stale."""
    writes = []
    for kind in batch.runs:
        if kind not in ids:
            ids[kind] = list_id(database, lists, SYNCED[kind])
    by_kind = {kind: ids[kind] for kind in batch.runs}
    sources = {row.id: by_kind[row.kind] for row in batch.rows}
    for row in batch.rows:
        source = sources[row.id]
        link = batch.links.get((row.kind, row.record_id))
        operation = Operation(row.operation)
        if operation is Operation.CREATE:
            if link is not None:
                batch.early[row.id] = ("linked", None)
                continue
            if row.uncertain:
                report.lookups += 1
                found = _read(lists.port.find, source, row.record_id)
                if isinstance(found, GraphError):
                    batch.results[row.id] = WriteResult(
                        str(row.id), Outcome.UNKNOWN, error=str(found)
                    )
                    continue
                if found is not None:
                    batch.early[row.id] = ("found", found)
                    continue
            writes.append(Write(str(row.id), source, operation, fields=row.fields))
        elif link is None:
            batch.early[row.id] = ("gone", None)
        else:
            writes.append(
                Write(str(row.id), source, operation, link.item_id, link.etag, row.fields)
            )
    if writes:
        report.batches += 1
        batch.results.update({int(r.key): r for r in lists.port.write(writes)})
    for row in batch.rows:
        result = batch.results.get(row.id)
        if result is None or result.outcome not in (Outcome.STALE, Outcome.CLASH):
            continue
        link = batch.links.get((row.kind, row.record_id))
        if result.outcome is Outcome.STALE and link is not None:
            found = _read(lists.port.item, sources[row.id], link.item_id)
        else:
            found = _read(lists.port.find, sources[row.id], row.record_id)
        if isinstance(found, GraphError):
            batch.results[row.id] = WriteResult(str(row.id), Outcome.UNKNOWN, error=str(found))
        else:
            batch.fetched[row.id] = found


def _applied(lists: Lists, row: OutboxRow, item: ListItem) -> bool:
    """Whether the item already holds what the row writes (our own earlier, unanswered try)."""
    spec = SYNCED[row.kind].spec
    names = [c.name for c in spec.list_columns if c.graph_name in row.fields]
    ours, _ = from_fields(spec, row.fields, lists.zone)
    theirs, _ = from_fields(spec, item.fields, lists.zone)
    return not differences(spec, ours, theirs, names)


class _Settler:
    """Records the outcome of each row of a round, in one transaction."""

    def __init__(
        self, tx: Transaction, lists: Lists, people: People, worker: str, report: DispatchReport
    ) -> None:
        self.tx = tx
        self.lists = lists
        self.people = people
        self.worker = worker
        self.report = report
        self.finished: list[int] = []
        self.links: dict[str, list[Link]] = {}

    def mirror(self, row: OutboxRow, batch: _Round) -> Mirror:
        kind = SYNCED[row.kind]
        return Mirror(
            kind, self.lists.zone, self.people, self.lists.clock.now(), batch.runs[row.kind]
        )

    def ours(self, row: OutboxRow, batch: _Round, item: ListItem) -> None:
        """The item holds our write: take it in, but not over writes still queued after it."""
        later = self.tx.outbox.queued_after(row.kind, row.record_id, row.id)
        deleting = any(r.operation == Operation.DELETE.value for r in later)
        graph_names = {name for r in later for name in r.fields}
        spec = SYNCED[row.kind].spec
        keep = frozenset(c.name for c in spec.list_columns if c.graph_name in graph_names)
        mirror = self.mirror(row, batch)
        adopt(self.tx, mirror, row.record_id, item, keep=keep, content=not deleting)

    def done(self, row: OutboxRow) -> None:
        self.finished.append(row.id)
        self.report.done += 1

    def flush(self) -> None:
        """Write what was gathered: finished rows go, new items are linked (a few statements)."""
        self.tx.outbox.done(self.finished)
        for kind, links in self.links.items():
            self.tx.list_items.put(kind, links)

    def again(self, row: OutboxRow, result: WriteResult, *, counted: bool) -> None:
        """Back to the queue: after Graph's wait when throttled, with backoff when it failed."""
        attempts = row.attempts + counted
        parked = counted and attempts >= self.lists.max_attempts
        wait = result.retry_after if not counted else min(2.0**attempts, LONGEST_BACKOFF)
        self.tx.outbox.settle(
            row.id,
            self.worker,
            status=Status.PARKED if parked else Status.PENDING,
            attempts=attempts,
            next_attempt_at=self.lists.clock.now() + timedelta(seconds=wait),
            uncertain=result.outcome is Outcome.UNKNOWN,
            error=result.error or result.outcome.value,
        )
        self.report.parked += parked
        self.report.failed += counted
        self.report.throttled += not counted

    def conflict(self, row: OutboxRow, batch: _Round, item: ListItem | None) -> None:
        """Lists changed the item first: its version is kept and the write becomes a conflict."""
        mirror = self.mirror(row, batch)
        if item is None:
            vanished(self.tx, mirror, row.record_id)
        else:
            notice = (
                f"A change made here on {row.created_at:%d %b %Y %H:%M} UTC by {row.author} was "
                "not sent to Microsoft Lists: the item had been changed there first, and the "
                "Lists version was kept."
            )
            self.tx.outbox.supersede(row.kind, row.record_id, "Lists changed the item first")
            adopt(self.tx, mirror, row.record_id, item, notice)
        self.report.conflicts += 1

    def settle(self, row: OutboxRow, batch: _Round) -> None:
        kind = row.kind
        operation = Operation(row.operation)
        link = batch.links.get((kind, row.record_id))
        if row.id in batch.early:
            why, item = batch.early[row.id]
            if why == "found" and item is not None:
                self.ours(row, batch, item)
            if why == "gone" and operation is Operation.UPDATE:
                self.conflict(row, batch, None)
                return
            self.done(row)
            return
        result = batch.results[row.id]
        match result.outcome:
            case Outcome.DONE:
                run = batch.runs[kind] + 1
                if operation is Operation.CREATE:
                    made = Link(result.item_id or "", row.record_id, result.etag or "", run)
                    self.links.setdefault(kind, []).append(made)
                elif operation is Operation.DELETE and link is not None:
                    self.tx.list_items.remove(kind, [link.item_id])
                elif link is not None and result.etag:
                    self.tx.list_items.swap_etag(kind, link.item_id, link.etag, result.etag)
                self.done(row)
            case Outcome.THROTTLED:
                self.again(row, result, counted=False)
            case Outcome.UNKNOWN | Outcome.FAILED:
                self.again(row, result, counted=True)
            case Outcome.GONE if operation is Operation.UPDATE:
                self.conflict(row, batch, None)
            case Outcome.GONE:
                if link is not None and operation is Operation.DELETE:
                    self.tx.list_items.remove(kind, [link.item_id])
                self.done(row)
            case Outcome.STALE | Outcome.CLASH:
                item = batch.fetched.get(row.id)
                if item is None and result.outcome is Outcome.CLASH:
                    self.again(row, result, counted=True)
                elif item is None and operation is Operation.DELETE:
                    if link is not None:
                        self.tx.list_items.remove(kind, [link.item_id])
                    self.done(row)
                elif (
                    item is not None
                    and operation is not Operation.DELETE
                    and (result.outcome is Outcome.CLASH or _applied(self.lists, row, item))
                ):
                    self.ours(row, batch, item)
                    self.done(row)
                else:
                    self.conflict(row, batch, item)


def _run(
    database: Database, lists: Lists, worker: str, until_idle: bool, seconds: float
) -> DispatchReport:
    clock = lists.clock
    started = clock.now()
    people = People(lists.port)
    report = DispatchReport()
    ids: dict[str, str] = {}
    while until_idle or (clock.now() - started).total_seconds() < seconds:
        batch = _claim(database, lists, worker)
        if not batch.rows:
            if not until_idle:
                break
            with database.transaction(read_only=True) as tx:
                due = tx.outbox.next_due()
            if due is None:
                break
            clock.sleep(max((due - clock.now()).total_seconds(), 0.001))
            continue
        _send(database, lists, batch, report, ids)
        with database.transaction() as tx:
            settler = _Settler(tx, lists, people, worker, report)
            for row in batch.rows:
                settler.settle(row, batch)
            settler.flush()
            tx.commit()
    return report


def dispatch(
    database: Database,
    lists: Lists,
    *,
    worker: str | None = None,
    workers: int = 1,
    until_idle: bool = False,
    seconds: float = RUN_SECONDS,
) -> DispatchReport:
    """Send due writes for `seconds` (a timer's run), or until none is left (`until_idle`).

    With several `workers`, one batch waits for Graph while another is recorded; their claims
    keep them from ever sending the same write. SQLite lets one writer in at a time, and its
    deployments are one process: there one worker does better than several.
    """
    name = worker or uuid4().hex[:16]
    if workers == 1 or database.dialect == "sqlite":
        return _run(database, lists, name, until_idle, seconds)
    total = DispatchReport()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dispatch") as pool:
        runs = [
            pool.submit(_run, database, lists, f"{name}-{n}", until_idle, seconds)
            for n in range(workers)
        ]
        for run in runs:
            total.add(run.result())
    return total
