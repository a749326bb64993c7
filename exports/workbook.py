"""The supervisors' workbook: a sheet per kind of record, a Summary and a Read me.

Each kind's sheet has one row per record and one column per field of the kind's list spec,
headed by the field's label: choices as their labels, times as Excel dates in Europe/London,
durations and hours as numbers, text as text. The builder takes rows (mappings by field name)
and knows nothing of where they come from; it never holds more than one row at a time.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from exports.summary import WIDTHS, Summary
from exports.xlsx import EXCEL_EPOCH, Moment, Sheet, Style, Workbook
from schemas.base import LONDON
from schemas.dip_check import DipCheckOutcome
from schemas.kinds import ActivityKind
from schemas.spec import ColumnSpec, ColumnType

CLASSIFICATION = "OFFICIAL"
SEPARATOR = "; "
DIP_CHECK_COLUMNS = (
    ("dip_check_outcome", "Dip check outcome"),
    ("dip_checked_at", "Dip checked at"),
)
"""Added after a kind's own fields when the rows carry each record's current dip check."""
READ_ME_NOTES = (
    "Times are UK local time (Europe/London): GMT in winter, BST in summer.",
    "Each record sheet has one row per record and one column per field; deleted records are "
    "left out. Choices show their labels; several choices in one cell are separated by "
    "semicolons.",
    "Handle as OFFICIAL. The records can hold personal data: share them only with those who "
    "need to know, and keep this file only as long as it is needed.",
)

Convert = Callable[[Any], Any]
EXCEL_DAY_ZERO = EXCEL_EPOCH.date()


@dataclass(frozen=True)
class WorkbookContext:
    """What the Read me and Summary say about the workbook, and the names they show."""

    scope: str
    start: date | None
    end: date | None
    """The last day included."""
    generated_at: datetime
    generated_for: str
    seldom_heard: frozenset[str]
    team_names: Mapping[str, str] = field(default_factory=dict)
    hotspot_names: Mapping[str, str] = field(default_factory=dict)
    with_dip_checks: bool = False

    @property
    def period(self) -> str:
        if self.start is None and self.end is None:
            return "all records"
        start = "the first record" if self.start is None else f"{self.start:%d %b %Y}"
        end = "the latest record" if self.end is None else f"{self.end:%d %b %Y}"
        return f"{start} to {end}"


@dataclass
class WorkbookResult:
    rows: dict[str, int] = field(default_factory=dict)
    """Records written per kind."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _london(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(LONDON).replace(tzinfo=None)


@functools.lru_cache(maxsize=65_536)
def _offset(hour: int) -> float:
    """Europe/London's offset from UTC in the given hour since 1970, in seconds."""
    offset = datetime.fromtimestamp(hour * 3600, LONDON).utcoffset()
    return 0.0 if offset is None else offset.total_seconds()


def excel_time(value: datetime | None) -> Moment | None:
    """An instant as Europe/London wall-clock time, ready for a cell; the offset is looked up
    once per hour, which keeps a million conversions cheap."""
    if value is None:
        return None
    stamp = value.timestamp()
    return Moment.of(stamp, _offset(int(stamp // 3600)))


@functools.lru_cache(maxsize=4_096)
def _day(serial: int) -> date:
    return EXCEL_DAY_ZERO + timedelta(days=serial)


def _labels(column: ColumnSpec) -> dict[str, str]:
    assert column.choices is not None
    return {member.value: member.label for member in column.choices}


def converter(column: ColumnSpec) -> Convert | None:
    """How a stored value becomes a cell value; None where it is written as it is."""
    match column.type:
        case ColumnType.DATETIME:
            return excel_time
        case ColumnType.CHOICE:
            labels = _labels(column)
            return lambda value: None if value is None else labels.get(value, value)
        case ColumnType.MULTI_CHOICE:
            labels = _labels(column)
            return lambda values: SEPARATOR.join(labels.get(v, v) for v in values or ())
        case ColumnType.TEXT_LIST:
            return lambda values: SEPARATOR.join(values or ())
    return None


def width(column: ColumnSpec) -> float:
    """Wide enough for the header and a typical value, never wider than a screenful."""
    typical = {
        ColumnType.DATETIME: 17,
        ColumnType.DATE: 12,
        ColumnType.BOOLEAN: 8,
        ColumnType.INTEGER: 10,
        ColumnType.NUMBER: 12,
        ColumnType.NOTE: 60,
        ColumnType.MULTI_CHOICE: 40,
        ColumnType.TEXT_LIST: 40,
    }.get(column.type)
    if typical is None and column.choices is not None:
        typical = max(len(m.label) for m in column.choices) + 2
    if typical is None:
        typical = 38 if column.name == "id" else min(column.max_length or 30, 40)
    return float(max(typical, len(column.label) + 4))


@dataclass(frozen=True)
class _Layout:
    kind: ActivityKind
    names: tuple[str, ...]
    converters: tuple[Convert | None, ...]
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    started: int
    """The position of `started_at` in the row."""


def layout(kind: ActivityKind, with_dip_checks: bool) -> _Layout:
    columns = kind.spec.columns
    names = [c.name for c in columns]
    converters = [converter(c) for c in columns]
    headers = [c.label for c in columns]
    widths = [width(c) for c in columns]
    if with_dip_checks:
        outcomes = {o.value: o.label for o in DipCheckOutcome}
        names += [name for name, _ in DIP_CHECK_COLUMNS]
        converters += [lambda v: None if v is None else outcomes.get(v, v), excel_time]
        headers += [label for _, label in DIP_CHECK_COLUMNS]
        widths += [20.0, 17.0]
    return _Layout(
        kind,
        tuple(names),
        tuple(converters),
        tuple(headers),
        tuple(widths),
        names.index("started_at"),
    )


def _records(
    sheet: Sheet, shape: _Layout, rows: Iterable[Mapping[str, Any]], summary: Summary
) -> int:
    sheet.append(shape.headers, Style.HEADER)
    pairs = tuple(zip(shape.names, shape.converters, strict=True))
    observe = summary.observe
    kind = shape.kind.name
    started = shape.started
    count = 0
    for row in rows:
        values = [row[name] if convert is None else convert(row[name]) for name, convert in pairs]
        sheet.append(values)
        observe(kind, row, _day(int(values[started])))
        count += 1
    return count


def build_workbook(
    target: Path | IO[bytes],
    context: WorkbookContext,
    sources: Iterable[tuple[ActivityKind, Iterable[Mapping[str, Any]]]],
    *,
    large: bool = False,
) -> WorkbookResult:
    """Write the workbook to `target`; `sources` gives each kind with its rows, in order.
    `large` says the rows are many (hundreds of thousands), see `Workbook`."""
    result = WorkbookResult()
    summary = Summary(context.seldom_heard, context.with_dip_checks)
    title = f"Neighbourhood policing activity: {context.scope}"
    with Workbook(target, title=title, large=large) as book:
        for position, (kind, rows) in enumerate(sources, start=2):
            shape = layout(kind, context.with_dip_checks)
            name = kind.collection.capitalize()
            with book.sheet(name, shape.widths, tab=position, header=True) as sheet:
                result.rows[kind.name] = _records(sheet, shape, rows, summary)
        with book.sheet("Summary", WIDTHS, tab=1) as sheet:
            heading = f"{context.scope}, {context.period}"
            summary.write(sheet, heading, context.team_names, context.hotspot_names)
        with book.sheet("Read me", (28, 100), tab=0) as sheet:
            _read_me(sheet, context, result)
    return result


def _read_me(sheet: Sheet, context: WorkbookContext, result: WorkbookResult) -> None:
    sheet.append(["Neighbourhood policing activity"], Style.TITLE)
    sheet.append(["Classification", CLASSIFICATION], Style.TITLE)
    for label, value in (
        ("Scope", context.scope),
        ("Period", context.period),
        ("From", context.start),
        ("To", context.end),
        ("Generated at", _london(context.generated_at.replace(microsecond=0))),
        ("Generated for", context.generated_for),
        ("Records", result.total),
    ):
        sheet.append([label, value])
    for kind, rows in result.rows.items():
        sheet.append([f"{kind.capitalize()} records", rows])
    sheet.append([])
    for note in READ_ME_NOTES:
        sheet.append(["Note", note], Style.WRAP)
