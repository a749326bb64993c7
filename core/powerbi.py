"""Power BI extracts: incremental by month every day, a full rebuild on demand.

A run compares each month's fingerprint in the store with the one the last manifest recorded
and writes only the months that differ (and every month when the table layout changed or a
full rebuild is asked for). Dimensions are small and written every time. The new files and
the unchanged ones are then published as one folder in one step, with the manifest last.
"""

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.access import Caller
from core.errors import NotPermitted
from core.exports import Progress, counted, disclose, room_to_write, system_caller
from exports.dimensions import DATE_SCHEMA, Month, date_table, dimension_table, months
from exports.powerbi import (
    ExtractWriter,
    Fact,
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
from store.extracts import Extracts, Fingerprint
from store.filters import RecordFilter, Visibility

if TYPE_CHECKING:
    from core.services import Services

FOLDER = "powerbi"
MANIFEST = "manifest.json"
EVERYTHING = Visibility(everything=True)


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
    """Where one fact's rows come from: its span, each month's fingerprint, each month's rows."""

    fact: Fact
    span: tuple[datetime, datetime] | None
    fingerprint: Callable[[Month], Fingerprint]
    rows: Callable[[Month], Iterable[Mapping[str, Any]]]


def _sources(extracts: Extracts, seldom_heard: frozenset[str]) -> list[_Source]:
    found = []
    for kind in ACTIVITY_KINDS.values():

        def rows(month: Month, kind: Any = kind) -> Iterator[Mapping[str, Any]]:
            period = RecordFilter(started_from=month.start, started_before=month.end)
            return extracts.records(kind, EVERYTHING, period)

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
            lambda month: extracts.checks(month.start, month.end),
        )
    )
    return found


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
            sources = _sources(extracts, seldom)
            dimensions = {f"dim_{n}": dimension_table(n, []).schema for n in ORGANISATION_LISTS}
            tables = schemas((s.fact for s in sources), {**dimensions, "dim_date": DATE_SCHEMA})
            rebuild = (
                full or previous is None or previous.get("schema") != schema_fingerprint(tables)
            )
            spans = []
            for source in sources:
                fact = source.fact
                names = [fact.table, *(b.table for b in fact.bridges)]
                old = {name: _partitions(previous, name) for name in names}
                rewritten[fact.table] = []
                if source.span is not None:
                    spans.append(source.span)
                for month in months(*source.span) if source.span else []:
                    mark = str(source.fingerprint(month))
                    before = old[fact.table].get(month.label)
                    if not rebuild and before is not None and before.get("fingerprint") == mark:
                        for name in names:
                            entry = old[name].get(month.label, {"rows": 0, "files": []})
                            contents.setdefault(name, {})[month.label] = entry
                            keep.extend(entry["files"])
                        continue
                    writer.partition(fact, month.label, counted(source.rows(month), progress))
                    rewritten[fact.table].append(month.label)
                    for name in names:
                        written = writer.written[name][month.label]
                        contents.setdefault(name, {})[month.label] = {
                            "rows": written.rows,
                            "files": written.files,
                            "fingerprint": mark,
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
