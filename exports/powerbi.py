"""Power BI extracts: a star schema as Parquet and as CSV, facts partitioned by month.

Facts (`fact_engagement`, `fact_patrol`, `fact_abstraction`, `fact_dip_check`) hold keys to the
dimensions, the record's fields and its measures; multi-choice fields go to bridge tables
(`bridge_engagement_community_group`, ...) so they can be counted without splitting strings.
Columns come from the list specs. Rows arrive as columns a batch at a time, so memory stays
flat, and are converted with Arrow kernels: choices and references are mapped once per distinct
value, not once per row. The writer only writes files into a local folder; publishing them is
someone else's job.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from exports.csv_safety import neutralise_array
from exports.dimensions import (
    ARROW_TYPES,
    COORDINATES,
    REFERENCES,
    Keys,
    labels,
    rounded_array,
    stable_key,
    stable_keys,
)
from schemas.base import LONDON
from schemas.dip_check import DipCheck, DipCheckCriteria
from schemas.kinds import ACTIVITY_KINDS, ActivityKind
from schemas.spec import ColumnType, ListSpec, list_spec

SCHEMA_VERSION = 1
CHUNK = 20_000
"""Rows per batch read from the store, and so per Parquet row group."""
TIME = pa.timestamp("us", tz=LONDON.key)
DIP_CHECK_SPEC = list_spec("dip_check", "Dip checks", DipCheck)
CRITERIA_SPEC = list_spec("dip_check_criteria", "Dip check criteria", DipCheckCriteria)
Columns = Mapping[str, pa.Array]
"""A batch of rows as Arrow columns by name, times in UTC and JSON lists as lists, as the
store's `Extracts.record_columns` reads them."""
Build = Callable[[Columns], pa.Array]


def singular(name: str) -> str:
    return name.removesuffix("s")


@dataclass(frozen=True)
class Bridge:
    table: str
    source: str
    column: str
    labels: dict[str, str]
    flag: tuple[str, frozenset[str]] | None = None
    """An extra true/false column and the values it is true for (seldom-heard groups)."""

    def schema(self, key: str) -> pa.Schema:
        fields = [
            (key, pa.int64()),
            (self.column, pa.string()),
            (f"{self.column}_label", pa.string()),
        ]
        if self.flag is not None:
            fields.append((self.flag[0], pa.bool_()))
        return pa.schema(fields)


@dataclass(frozen=True)
class Fact:
    """One fact table: its key, the column that places a row in a month, its columns."""

    table: str
    key: str
    moment: str
    columns: tuple[tuple[str, pa.DataType, Build], ...]
    bridges: tuple[Bridge, ...] = ()

    @property
    def tables(self) -> list[str]:
        """This table and its bridges' tables, which are written month by month together."""
        return [self.table, *(bridge.table for bridge in self.bridges)]

    @property
    def schema(self) -> pa.Schema:
        """The columns, with `date_key` (the day of `moment`, for `dim_date`) second."""
        fields = [(name, kind) for name, kind, _ in self.columns]
        return pa.schema([fields[0], ("date_key", pa.int32()), *fields[1:]])


def _times(name: str) -> Build:
    return lambda columns: columns[name].cast(TIME)


def date_keys(local: pa.Array) -> pa.Array:
    """`yyyymmdd` of each instant's day in the array's time zone."""
    keys = pc.add(
        pc.add(pc.multiply(pc.year(local), 10_000), pc.multiply(pc.month(local), 100)),
        pc.day(local),
    )
    return keys.cast(pa.int32())


def _distinct(name: str, step: Callable[[Any], Any], kind: pa.DataType) -> Build:
    """`step` applied to each distinct value once, then spread over the rows by Arrow."""
    return lambda columns: _per_value(columns[name], step, kind)


def _per_value(values: pa.Array, step: Callable[[Any], Any], kind: pa.DataType) -> pa.Array:
    encoded = values.dictionary_encode()
    mapped = pa.array([step(v) for v in encoded.dictionary.to_pylist()], kind)
    return mapped.take(encoded.indices)


def _plain(name: str, kind: pa.DataType) -> Build:
    return lambda columns: columns[name].cast(kind)


def _rounded(name: str) -> Build:
    return lambda columns: rounded_array(columns[name])


def _joined(name: str) -> Build:
    """A list as `a; b`; an empty list as nothing."""

    def build(columns: Columns) -> pa.Array:
        lists = columns[name]
        text = pc.binary_join(lists, "; ")
        empty = pc.equal(pc.list_value_length(lists), 0)
        return pc.if_else(empty, pa.scalar(None, pa.string()), text)

    return build


def _columns(spec: ListSpec, namespace: str) -> list[tuple[str, pa.DataType, Build]]:
    """Fact columns read off a list spec: keys for references, labels for choices."""
    found: list[tuple[str, pa.DataType, Build]] = [
        (f"{namespace}_key", pa.int64(), _own(spec.key, namespace)),
    ]
    for column in spec.columns:
        name = column.name
        target = REFERENCES.get(name)
        if name == spec.key:
            found.append((f"{namespace}_id", pa.string(), _plain(name, pa.string())))
        elif target is not None:
            found.append((f"{target}_key", pa.int64(), _distinct(name, Keys(target), pa.int64())))
        elif column.type is ColumnType.DATETIME:
            found.append((name, TIME, _times(name)))
        elif column.type is ColumnType.CHOICE:
            names = labels(column)
            step = _label_of(names)
            found.append((name, pa.string(), _distinct(name, step, pa.string())))
        elif column.type is ColumnType.MULTI_CHOICE:
            continue
        elif column.type is ColumnType.TEXT_LIST:
            found.append((name, pa.string(), _joined(name)))
        elif name in COORDINATES:
            found.append((name, pa.float64(), _rounded(name)))
        else:
            found.append((name, ARROW_TYPES[column.type], _plain(name, ARROW_TYPES[column.type])))
    return found


def _own(name: str, namespace: str) -> Build:
    """A row's own key; not remembered, as every row has its own."""
    return lambda columns: pa.array(stable_keys(namespace, columns[name].to_pylist()), pa.int64())


def _label_of(names: dict[str, str]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else names.get(v, v)


def activity_fact(kind: ActivityKind, seldom_heard: frozenset[str]) -> Fact:
    bridges = tuple(
        Bridge(
            f"bridge_{kind.name}_{singular(c.name)}",
            c.name,
            singular(c.name),
            labels(c),
            ("seldom_heard", seldom_heard) if c.name == "community_groups" else None,
        )
        for c in kind.spec.columns
        if c.type is ColumnType.MULTI_CHOICE
    )
    columns = _columns(kind.spec, kind.name)
    return Fact(f"fact_{kind.name}", f"{kind.name}_key", "started_at", tuple(columns), bridges)


def dip_check_fact() -> Fact:
    """Every check, current or replaced, keyed to the fact row of the record it checked."""
    columns = _columns(DIP_CHECK_SPEC, "dip_check")
    for kind in ACTIVITY_KINDS:

        def record_key(columns: Columns, kind: str = kind) -> pa.Array:
            pairs = zip(columns["kind"].to_pylist(), columns["record_id"].to_pylist(), strict=True)
            keys = [stable_key(kind, record) if of == kind else None for of, record in pairs]
            return pa.array(keys, pa.int64())

        columns.append((f"{kind}_key", pa.int64(), record_key))
    checker = _distinct("checked_by", Keys("person"), pa.int64())
    columns.append(("checked_by_person_key", pa.int64(), checker))
    columns += [(c.name, pa.bool_(), _plain(c.name, pa.bool_())) for c in CRITERIA_SPEC.columns]
    return Fact("fact_dip_check", "dip_check_key", "checked_at", tuple(columns))


def _iso(instants: pa.Array) -> pa.Array:
    """ISO 8601 wall-clock times with their offset (`2026-03-29T02:30:00+01:00`), built from
    Arrow kernels: strftime with a time zone is several times slower."""
    seconds = instants.cast(pa.timestamp("s", tz=LONDON.key), safe=False)
    local = pc.local_timestamp(seconds)
    text = pc.replace_substring(local.cast(pa.string()), " ", "T")
    offset = pc.subtract(local.cast(pa.int64()), seconds.cast(pa.int64()))
    size = pc.abs(offset)

    def two(values: pa.Array) -> pa.Array:
        return pc.utf8_lpad(values.cast(pa.string()), 2, "0")

    sign = pc.if_else(pc.less(offset, 0), "-", "+")
    hours, minutes = two(pc.divide(size, 3600)), two(pc.divide(pc.remainder(size, 3600), 60))
    return pc.binary_join_element_wise(text, sign, hours, ":", minutes, "")


def _csv_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """CSV's view of a batch: times as ISO 8601 with their offset, text neutralised."""
    arrays = []
    for column in batch.columns:
        if pa.types.is_timestamp(column.type):
            column = _iso(column)
        elif pa.types.is_string(column.type):
            column = neutralise_array(column)
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


class _Output:
    """One table's Parquet and CSV files of one partition, opened on the first batch."""

    def __init__(self, folder: Path, table: str, partition: str | None) -> None:
        place = Path(table) / f"month={partition}" if partition else Path()
        stem = f"{table}-{partition}" if partition else table
        self.parquet = Path("parquet") / place / f"{stem}.parquet"
        self.csv = Path("csv") / place / f"{stem}.csv"
        self.folder = folder
        self.rows = 0
        self._parquet: pq.ParquetWriter | None = None
        self._csv: pacsv.CSVWriter | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        text = _csv_batch(batch)
        if self._parquet is None:
            for path in (self.parquet, self.csv):
                (self.folder / path).parent.mkdir(parents=True, exist_ok=True)
            self._parquet = pq.ParquetWriter(self.folder / self.parquet, batch.schema)
            self._csv = pacsv.CSVWriter(self.folder / self.csv, text.schema)
        assert self._csv is not None
        self._parquet.write_batch(batch)
        self._csv.write_batch(text)
        self.rows += batch.num_rows

    def close(self) -> list[str]:
        if self._parquet is None:
            return []
        self._parquet.close()
        assert self._csv is not None
        self._csv.close()
        return [self.parquet.as_posix(), self.csv.as_posix()]


@dataclass
class Written:
    rows: int
    files: list[str]


@dataclass
class ExtractWriter:
    """Writes tables into `folder`; `written` says what each table and partition holds."""

    folder: Path
    written: dict[str, dict[str | None, Written]] = field(default_factory=dict)

    def _record(self, table: str, partition: str | None, output: _Output) -> None:
        self.written.setdefault(table, {})[partition] = Written(output.rows, output.close())

    def partition(self, fact: Fact, month: str, batches: Iterable[Columns]) -> None:
        """A fact's rows of one month, with its bridges' rows of the same month."""
        outputs = {fact.table: _Output(self.folder, fact.table, month)}
        for bridge in fact.bridges:
            outputs[bridge.table] = _Output(self.folder, bridge.table, month)
        schema = fact.schema
        moment = [name for name, _, _ in fact.columns].index(fact.moment)
        for columns in batches:
            arrays = [build(columns) for _, _, build in fact.columns]
            arrays.insert(1, date_keys(arrays[moment]))
            outputs[fact.table].write(pa.RecordBatch.from_arrays(arrays, schema=schema))
            for bridge in fact.bridges:
                outputs[bridge.table].write(_bridge_batch(bridge, fact.key, columns, arrays[0]))
        for table, output in outputs.items():
            self._record(table, month, output)

    def table(self, name: str, data: pa.Table) -> None:
        """A whole table in one file pair, such as a dimension."""
        output = _Output(self.folder, name, None)
        for batch in data.to_batches():
            output.write(batch)
        self._record(name, None, output)

    @property
    def files(self) -> dict[str, Path]:
        return {
            name: self.folder / name
            for partitions in self.written.values()
            for written in partitions.values()
            for name in written.files
        }


def _bridge_batch(bridge: Bridge, key: str, columns: Columns, keys: pa.Array) -> pa.RecordBatch:
    """A row per value of each record's list, owned by the record's key."""
    lists = columns[bridge.source]
    values = pc.list_flatten(lists)
    arrays = [
        keys.take(pc.list_parent_indices(lists)),
        values,
        _per_value(values, lambda v: bridge.labels.get(v, v), pa.string()),
    ]
    if bridge.flag is not None:
        flagged = pa.array(sorted(bridge.flag[1]), pa.string())
        arrays.append(pc.is_in(values, value_set=flagged))
    return pa.RecordBatch.from_arrays(arrays, schema=bridge.schema(key))


def schemas(facts: Iterable[Fact], dimensions: Mapping[str, pa.Schema]) -> dict[str, pa.Schema]:
    """Every table's schema by name, facts and their bridges included."""
    found = dict(dimensions)
    for fact in facts:
        found[fact.table] = fact.schema
        for bridge in fact.bridges:
            found[bridge.table] = bridge.schema(fact.key)
    return found


def schema_fingerprint(tables: Mapping[str, pa.Schema]) -> str:
    """Changes whenever a column is added, dropped, renamed or retyped: then rebuild all."""
    text = json.dumps({n: [f"{f.name}:{f.type}" for f in s] for n, s in sorted(tables.items())})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def manifest(
    *,
    generated_at: str,
    full: bool,
    tables: Mapping[str, pa.Schema],
    contents: Mapping[str, Mapping[str | None, Mapping[str, Any]]],
) -> dict[str, Any]:
    """What the extract holds: per table its row count, column types and files, per month of
    a fact its fingerprint; readers and the next incremental run both start here."""
    described = {}
    for name, schema in sorted(tables.items()):
        parts = contents.get(name, {})
        entry: dict[str, Any] = {
            "rows": sum(p["rows"] for p in parts.values()),
            "columns": {f.name: str(f.type) for f in schema},
        }
        if None in parts:
            entry["files"] = list(parts[None]["files"])
        else:
            entry["partitioned_by"] = "month"
            entry["partitions"] = {k: dict(v) for k, v in sorted(parts.items()) if k is not None}
        described[name] = entry
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": schema_fingerprint(tables),
        "generated_at": generated_at,
        "full_rebuild": full,
        "tables": described,
    }
