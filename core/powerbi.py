"""Power BI extracts: incremental by month every day, a full rebuild on demand.

A run compares each month's fingerprint in the store with the one the last manifest recorded
and writes only the months that differ (and every month when the table layout changed or a
full rebuild is asked for). Dimensions are small and written every time. The new files and
the unchanged ones are then published as one folder in one step, with the manifest last.

A run with many rows to write shares the months with a second process (`core.extract_worker`),
which reads them over its own connection and writes into the same scratch folder: reading and
converting a million rows keeps a core busy, and the machines this runs on have two.
"""

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.access import Caller
from core.errors import NotPermitted
from core.exports import Progress, disclose, room_to_write, system_caller
from exports.dimensions import (
    DATE_SCHEMA,
    Month,
    date_table,
    dimension_table,
    months,
)
from exports.powerbi import (
    CHUNK,
    ExtractWriter,
    Fact,
    Written,
    activity_fact,
    dip_check_fact,
    manifest,
    schema_fingerprint,
    schemas,
)
from graph.files import FileStore
from schemas.audit import AuditSource
from schemas.base import LONDON, now_utc
from schemas.kinds import ACTIVITY_KINDS, ORGANISATION_LISTS
from schemas.roles import Role
from store.database import Database
from store.extracts import Columns, Extracts, Fingerprint
from store.filters import RecordFilter, Visibility

if TYPE_CHECKING:
    from core.services import Services

FOLDER = "powerbi"
MANIFEST = "manifest.json"
EVERYTHING = Visibility(everything=True)
PARALLEL_ROWS = 100_000
"""Rows to write from which a second process shares the work; below it, starting one (about
two seconds of imports) costs more than it saves."""
HEAD_START = 50_000
"""Rows the first process writes while the second one starts (a quarter of a smaller run)."""
WORKER = "core.extract_worker"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ExtractReport:
    url: str
    full: bool
    generated_at: datetime
    tables: dict[str, int]
    files: dict[str, int]
    rewritten: dict[str, list[str]]

    @property
    def records(self) -> int:
        return sum(rows for name, rows in self.tables.items() if name.startswith("fact_"))

    def as_reply(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "full_rebuild": self.full,
            "generated_at": self.generated_at.astimezone(LONDON).isoformat(),
            "files": [{"path": p, "rows": n} for p, n in sorted(self.files.items())],
            "tables": self.tables,
            "rewritten": self.rewritten,
        }


@dataclass(frozen=True)
class _Source:
    """Where one fact's rows come from: its span, each month's fingerprint, each month's rows
    as batches of columns."""

    fact: Fact
    span: tuple[datetime, datetime] | None
    fingerprint: Callable[[Month], Fingerprint]
    rows: Callable[[Month], Iterable[Columns]]


def sources(extracts: Extracts, seldom_heard: frozenset[str]) -> list[_Source]:
    found = []
    for kind in ACTIVITY_KINDS.values():

        def rows(month: Month, kind: Any = kind) -> Iterator[Columns]:
            period = RecordFilter(started_from=month.start, started_before=month.end)
            return extracts.record_columns(kind, EVERYTHING, period, size=CHUNK)

        def fingerprint(month: Month, kind: Any = kind) -> Fingerprint:
            return extracts.fingerprint(kind, month.start, month.end)

        found.append(
            _Source(activity_fact(kind, seldom_heard), extracts.span(kind), fingerprint, rows)
        )
    found.append(
        _Source(
            dip_check_fact(),
            extracts.check_span(),
            lambda month: extracts.check_fingerprint(month.start, month.end),
            lambda month: extracts.check_columns(month.start, month.end, size=CHUNK),
        )
    )
    return found


@dataclass(frozen=True)
class _Job:
    """A month of a fact to write, with what its fingerprint says."""

    table: str
    month: Month
    mark: str
    rows: int


def write_months(
    writer: ExtractWriter,
    extracts: Extracts,
    seldom_heard: frozenset[str],
    jobs: Iterable[tuple[str, Month]],
    progress: Progress | None = None,
    done: Callable[[Fact, Month], None] | None = None,
) -> None:
    """Each month of a fact written, with its bridges; `done` is told of each in turn."""
    by_table = {source.fact.table: source for source in sources(extracts, seldom_heard)}
    for table, month in jobs:
        source = by_table[table]
        writer.partition(source.fact, month.label, _counted(source.rows(month), progress))
        if done is not None:
            done(source.fact, month)


def _share(jobs: list[_Job], *, started: bool) -> tuple[list[_Job], list[_Job]]:
    """The months split in two by rows, the second share for the worker, which has a head
    start to make up unless it was `started` early."""
    own: list[_Job] = []
    theirs: list[_Job] = []
    load = [0, 0 if started else min(HEAD_START, sum(job.rows for job in jobs) // 4)]
    for job in sorted(jobs, key=lambda j: j.rows, reverse=True):
        side = 0 if load[0] <= load[1] else 1
        (own, theirs)[side].append(job)
        load[side] += job.rows
    return own, theirs


class _Worker:
    """The second process: told its months on stdin, it says on stdout what it wrote. Started
    before its months are known, so that its imports overlap the fingerprinting."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )

    def send(
        self, database: Database, folder: Path, seldom_heard: frozenset[str], jobs: list[_Job]
    ) -> None:
        # The URL and its password go through the pipe, not the command line others can read.
        order = {
            "database": database.url.render_as_string(hide_password=False),
            "folder": str(folder),
            "seldom_heard": sorted(seldom_heard),
            "jobs": [[job.table, job.month.label] for job in jobs],
        }
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(order))
        self.process.stdin.close()

    def collect(self, writer: ExtractWriter, progress: Progress | None) -> None:
        """Waits for the worker and adds what it wrote to `writer.written`."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            reply = json.loads(line)
            if "errno" in reply:
                raise OSError(reply["errno"], reply["error"])
            for table, written in reply["written"].items():
                writer.written.setdefault(table, {})[reply["month"]] = Written(**written)
            if progress is not None:
                progress(reply["written"][reply["table"]]["rows"])
        if self.process.wait() != 0:
            raise RuntimeError(
                f"The extract worker failed with exit code {self.process.returncode}."
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _large(previous: dict[str, Any] | None, rows: int) -> bool:
    """Whether the last extract's facts held at least `rows` rows."""
    tables = (previous or {}).get("tables", {})
    return sum(e.get("rows", 0) for n, e in tables.items() if n.startswith("fact_")) >= rows


def _counted(batches: Iterable[Columns], progress: Progress | None) -> Iterator[Columns]:
    """`batches` unchanged, with `progress` told the rows of each."""
    for columns in batches:
        yield columns
        if progress is not None:
            progress(len(next(iter(columns.values()))))


def read_manifest(files: FileStore) -> dict[str, Any] | None:
    raw = files.read(f"{FOLDER}/{MANIFEST}")
    if raw is None:
        return None
    try:
        document = json.loads(raw)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _partitions(previous: dict[str, Any] | None, table: str) -> dict[str, Any]:
    if previous is None:
        return {}
    return previous.get("tables", {}).get(table, {}).get("partitions", {})


def refresh(
    database: Database,
    files: FileStore,
    caller: Caller,
    *,
    seldom_heard: Iterable[str],
    full: bool = False,
    clock: Callable[[], datetime] = now_utc,
    progress: Progress | None = None,
    parallel_rows: int = PARALLEL_ROWS,
) -> ExtractReport:
    """Bring the extract up to date with the store and publish it; an admin's or a timer's job."""
    if caller.role is not Role.ADMIN:
        raise NotPermitted("Only admins rebuild the Power BI extracts.")
    seldom = frozenset(str(g) for g in seldom_heard)
    previous = read_manifest(files)
    at = clock()
    with room_to_write(), tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        writer = ExtractWriter(folder)
        contents: dict[str, dict[str | None, dict[str, Any]]] = {}
        keep: list[str] = []
        rewritten: dict[str, list[str]] = {}
        with database.transaction(read_only=True) as tx:
            extracts = Extracts(tx.connection)
            found = sources(extracts, seldom)
            dimensions = {f"dim_{n}": dimension_table(n, []).schema for n in ORGANISATION_LISTS}
            tables = schemas((s.fact for s in found), {**dimensions, "dim_date": DATE_SCHEMA})
            rebuild = (
                full or previous is None or previous.get("schema") != schema_fingerprint(tables)
            )
            worker = _Worker() if rebuild and _large(previous, parallel_rows) else None
            try:
                spans = []
                jobs: list[_Job] = []
                for source in found:
                    fact = source.fact
                    names = fact.tables
                    old = {name: _partitions(previous, name) for name in names}
                    rewritten[fact.table] = []
                    if source.span is not None:
                        spans.append(source.span)
                    for month in months(*source.span) if source.span else []:
                        fingerprint = source.fingerprint(month)
                        mark = str(fingerprint)
                        before = old[fact.table].get(month.label)
                        if not rebuild and before is not None and before.get("fingerprint") == mark:
                            for name in names:
                                entry = old[name].get(month.label, {"rows": 0, "files": []})
                                contents.setdefault(name, {})[month.label] = entry
                                keep.extend(entry["files"])
                            continue
                        jobs.append(_Job(fact.table, month, mark, fingerprint.rows))
                        rewritten[fact.table].append(month.label)
                parallel = sum(job.rows for job in jobs) >= parallel_rows and len(jobs) > 1
                started = worker is not None
                own, theirs = _share(jobs, started=started) if parallel else (jobs, [])
                if theirs and worker is None:
                    worker = _Worker()
                if worker is not None:
                    worker.send(database, folder, seldom, theirs)
                mine = [(job.table, job.month) for job in own]
                write_months(writer, extracts, seldom, mine, progress)
                if worker is not None:
                    worker.collect(writer, progress)
            finally:
                if worker is not None:
                    worker.stop()
            written_with = {s.fact.table: s.fact.tables for s in found}
            for job in jobs:
                for name in written_with[job.table]:
                    written = writer.written[name][job.month.label]
                    contents.setdefault(name, {})[job.month.label] = {
                        "rows": written.rows,
                        "files": written.files,
                        "fingerprint": job.mark,
                    }
            for name in ORGANISATION_LISTS:
                writer.table(f"dim_{name}", dimension_table(name, extracts.organisation(name)))
        first = min((s[0] for s in spans), default=at)
        last = max((s[1] for s in spans), default=at)
        writer.table(
            "dim_date", date_table(first.astimezone(LONDON).date(), last.astimezone(LONDON).date())
        )
        for name in [*(f"dim_{n}" for n in ORGANISATION_LISTS), "dim_date"]:
            written = writer.written[name][None]
            contents[name] = {None: {"rows": written.rows, "files": written.files}}
        document = manifest(
            generated_at=at.astimezone(LONDON).isoformat(),
            full=rebuild,
            tables=tables,
            contents=contents,
        )
        (folder / MANIFEST).write_text(json.dumps(document, indent=2), encoding="utf-8")
        url = files.publish(FOLDER, {**writer.files, MANIFEST: folder / MANIFEST}, keep)
    counts = {name: entry["rows"] for name, entry in document["tables"].items()}
    listed = {
        path: entry["rows"]
        for parts in contents.values()
        for entry in parts.values()
        for path in entry["files"]
    }
    report = ExtractReport(url, rebuild, at, counts, listed, rewritten)
    disclose(
        database,
        caller,
        "powerbi",
        clock(),
        {
            "scope": "Whole force",
            "records": report.records,
            "tables": counts,
            "rewritten": rewritten,
            "full_rebuild": rebuild,
            "destination": url,
        },
    )
    return report


def scheduled_extract(services: "Services") -> dict[str, list[str]]:
    """The daily timer's job: an incremental run; the months it rewrote."""
    report = refresh(
        services.database,
        services.files,
        system_caller(AuditSource.TIMER),
        seldom_heard=services.settings.seldom_heard,
    )
    return report.rewritten
