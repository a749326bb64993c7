"""Keys, months and dimension tables of the Power BI star schema.

Surrogate keys are derived from natural ids (a record's UUID, a team's id, a person's UPN),
so they are the same integer in every run without a key table: 63 bits of a BLAKE2b hash,
positive to suit Power BI's Int64. Months and dates are Europe/London ones.
"""

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from schemas.base import LONDON
from schemas.kinds import ORGANISATION_LISTS
from schemas.spec import ColumnSpec, ColumnType, ListSpec

REFERENCES = {
    "officer": "person",
    "team_id": "team",
    "lpa_id": "lpa",
    "priority_id": "priority",
    "hotspot_id": "hotspot",
}
"""Columns that name a row of a dimension, and the dimension they name."""
COORDINATES = frozenset({"latitude", "longitude"})
COORDINATE_PLACES = 3
"""About 100 m: extracts for analysis do not need to say more (DOMAIN.md)."""
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def stable_key(namespace: str, natural: str) -> int:
    return stable_keys(namespace, (natural,))[0]


def stable_keys(namespace: str, naturals: Iterable[str]) -> list[int]:
    """`stable_key` of many naturals, without a call per value."""
    prefix, blake2b, number = f"{namespace}:".encode(), hashlib.blake2b, int.from_bytes
    return [
        number(blake2b(prefix + n.encode(), digest_size=8).digest(), "big") >> 1 for n in naturals
    ]


class Keys:
    """Keys of one namespace, remembered: a team's key is asked for on every record."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._known: dict[str, int] = {}

    def __call__(self, natural: str | None) -> int | None:
        if natural is None:
            return None
        key = self._known.get(natural)
        if key is None:
            key = self._known[natural] = stable_key(self.namespace, natural)
        return key


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_PLACES)


def rounded_array(values: pa.Array) -> pa.Array:
    """`rounded` over a column in Arrow kernels. Python rounds the exact binary value, so a
    scaled value landing on exactly .5 may lie either side of the tie: those go to Python."""
    scale = 10**COORDINATE_PLACES
    scaled = pc.multiply(values, float(scale))
    found = pc.divide(pc.round(scaled), float(scale))
    ties = pc.fill_null(pc.equal(pc.subtract(scaled, pc.floor(scaled)), 0.5), False)
    if not pc.any(ties).as_py():
        return found
    exact = [rounded(v) for v in pc.filter(values, ties).to_pylist()]
    return pc.replace_with_mask(found, ties, pa.array(exact, pa.float64()))


@dataclass(frozen=True)
class Month:
    """A calendar month in Europe/London, with its bounds as instants."""

    label: str
    start: datetime
    end: datetime


def month_of(moment: datetime) -> date:
    local = moment.astimezone(LONDON)
    return date(local.year, local.month, 1)


def months(first: datetime, last: datetime) -> list[Month]:
    """Every London month from the one holding `first` to the one holding `last`."""
    found = []
    day = month_of(first)
    end = month_of(last)
    while day <= end:
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        found.append(
            Month(
                f"{day:%Y-%m}",
                datetime.combine(day, time(), LONDON),
                datetime.combine(following, time(), LONDON),
            )
        )
        day = following
    return found


def month_labelled(label: str) -> Month:
    """The month `yyyy-mm`, as `months` gives it."""
    first = datetime.combine(date.fromisoformat(f"{label}-01"), time(), LONDON)
    return months(first, first)[0]


def date_key(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def financial_year(day: date) -> int:
    """The year the financial year (April to March) starts in."""
    return day.year if day.month >= 4 else day.year - 1


DATE_SCHEMA = pa.schema(
    [
        ("date_key", pa.int32()),
        ("date", pa.date32()),
        ("year", pa.int16()),
        ("quarter", pa.int8()),
        ("month", pa.int8()),
        ("month_name", pa.string()),
        ("month_short", pa.string()),
        ("year_month", pa.string()),
        ("day", pa.int8()),
        ("day_of_week", pa.int8()),
        ("day_name", pa.string()),
        ("is_weekend", pa.bool_()),
        ("iso_year", pa.int16()),
        ("iso_week", pa.int8()),
        ("iso_week_label", pa.string()),
        ("week_commencing", pa.date32()),
        ("financial_year", pa.string()),
        ("financial_year_start", pa.int16()),
        ("financial_quarter", pa.int8()),
        ("financial_month", pa.int8()),
    ]
)


def _dates(first: date, last: date) -> Iterator[dict[str, Any]]:
    day = date(financial_year(first), 4, 1)
    end = date(financial_year(last) + 1, 3, 31)
    while day <= end:
        iso = day.isocalendar()
        fy = financial_year(day)
        financial_month = (day.month - 4) % 12 + 1
        yield {
            "date_key": date_key(day),
            "date": day,
            "year": day.year,
            "quarter": (day.month - 1) // 3 + 1,
            "month": day.month,
            "month_name": MONTH_NAMES[day.month - 1],
            "month_short": MONTH_NAMES[day.month - 1][:3],
            "year_month": f"{day:%Y-%m}",
            "day": day.day,
            "day_of_week": iso.weekday,
            "day_name": DAY_NAMES[iso.weekday - 1],
            "is_weekend": iso.weekday >= 6,
            "iso_year": iso.year,
            "iso_week": iso.week,
            "iso_week_label": f"{iso.year}-W{iso.week:02d}",
            "week_commencing": day - timedelta(days=iso.weekday - 1),
            "financial_year": f"{fy}/{(fy + 1) % 100:02d}",
            "financial_year_start": fy,
            "financial_quarter": (financial_month - 1) // 3 + 1,
            "financial_month": financial_month,
        }
        day += timedelta(days=1)


def date_table(first: date, last: date) -> pa.Table:
    """Whole financial years (April to March) around every date the facts use."""
    return pa.Table.from_pylist(list(_dates(first, last)), schema=DATE_SCHEMA)


ARROW_TYPES = {
    ColumnType.TEXT: pa.string(),
    ColumnType.NOTE: pa.string(),
    ColumnType.CHOICE: pa.string(),
    ColumnType.TEXT_LIST: pa.string(),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.NUMBER: pa.float64(),
    ColumnType.DATE: pa.date32(),
    ColumnType.BOOLEAN: pa.bool_(),
}


def labels(column: ColumnSpec) -> dict[str, str]:
    assert column.choices is not None
    return {m.value: m.label for m in column.choices}


def dimension_table(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """`dim_<name>` from an organisation list: its key, its fields, references as keys."""
    _, spec = ORGANISATION_LISTS[name]
    fields: list[tuple[str, pa.DataType]] = [(f"{name}_key", pa.int64())]
    convert: list[tuple[str, Any]] = []
    for column in spec.columns:
        target = REFERENCES.get(column.name)
        if target is not None:
            fields.append((f"{target}_key", pa.int64()))
            convert.append((column.name, Keys(target)))
        fields.append((_natural(spec, column), ARROW_TYPES[column.type]))
        convert.append((column.name, _value(column)))
    own = Keys(name)
    data = [[own(row[spec.key]), *(step(row[source]) for source, step in convert)] for row in rows]
    schema = pa.schema(fields)
    return pa.Table.from_pylist([dict(zip(schema.names, r, strict=True)) for r in data], schema)


def _natural(spec: ListSpec, column: ColumnSpec) -> str:
    return f"{spec.name}_id" if column.name == "id" else column.name


def _value(column: ColumnSpec) -> Any:
    if column.type is ColumnType.CHOICE:
        names = labels(column)
        return lambda v: None if v is None else names.get(v, v)
    if column.name in COORDINATES:
        return rounded
    return lambda v: v
