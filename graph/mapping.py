"""A record's values as list item fields and back, read off the list spec.

Lists show a choice by its label and the API by its value; a multi-choice write names its
type; times are kept to the second; a date-only column reads back as midnight of the site's
time zone in UTC. A value that does not map (a label that is not a choice) is kept as it is
and reported, never dropped.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from schemas.spec import ColumnSpec, ColumnType, ListSpec

MULTI_TYPE = "Collection(Edm.String)"


def _label(column: ColumnSpec, value: Any) -> Any:
    if isinstance(value, Enum):
        value = value.value
    assert column.choices is not None
    member = column.choices._value2member_map_.get(value)
    return member.label if member is not None else value  # type: ignore[attr-defined]


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def field_value(column: ColumnSpec, value: Any) -> Any:
    """One store value as Lists keeps it."""
    if value is None:
        return None
    match column.type:
        case ColumnType.CHOICE:
            return _label(column, value)
        case ColumnType.MULTI_CHOICE:
            return [_label(column, v) for v in value]
        case ColumnType.DATETIME:
            return stamp(value)
        case ColumnType.DATE:
            return value.isoformat()
        case ColumnType.INTEGER:
            return int(value)
        case ColumnType.NUMBER:
            return float(value)
        case ColumnType.BOOLEAN:
            return bool(value)
        case ColumnType.TEXT_LIST:
            return "\n".join(str(v) for v in value)
    return str(value.value if isinstance(value, Enum) else value)


def to_fields(spec: ListSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields to write for `values` (store names); columns kept only in the store are left."""
    fields: dict[str, Any] = {}
    for column in spec.list_columns:
        if column.name not in values:
            continue
        fields[column.graph_name] = field_value(column, values[column.name])
        if column.type is ColumnType.MULTI_CHOICE:
            fields[f"{column.graph_name}@odata.type"] = MULTI_TYPE
    return fields


def _instant(raw: Any) -> datetime:
    moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@functools.cache
def _by_label(choices: type[Enum]) -> dict[str, str]:
    return {member.label: member.value for member in choices}  # type: ignore[attr-defined]


def _choice(column: ColumnSpec, raw: Any, problems: list[str]) -> Any:
    assert column.choices is not None
    value = _by_label(column.choices).get(str(raw))
    if value is None:
        problems.append(f"{column.name}: {raw!r} is not one of its choices; kept as written")
        return str(raw)
    return value


def _multi(column: ColumnSpec, raw: Any, zone: ZoneInfo, problems: list[str]) -> Any:
    values = raw if isinstance(raw, list) else [raw]
    return [_choice(column, v, problems) for v in values]


def _day(column: ColumnSpec, raw: Any, zone: ZoneInfo, problems: list[str]) -> Any:
    text = str(raw)
    if len(text) == 10:
        return date.fromisoformat(text)
    return _instant(text).astimezone(zone).date()


def _whole(column: ColumnSpec, raw: Any, zone: ZoneInfo, problems: list[str]) -> Any:
    number = float(raw)
    if not number.is_integer():
        problems.append(f"{column.name}: {raw} is not a whole number; rounded")
    return round(number)


def _text(column: ColumnSpec, raw: Any, zone: ZoneInfo, problems: list[str]) -> Any:
    text = str(raw)
    if column.type is ColumnType.TEXT and column.max_length and len(text) > column.max_length:
        problems.append(f"{column.name}: longer than {column.max_length} characters; cut short")
        text = text[: column.max_length]
    return text


Reader = Callable[[ColumnSpec, Any, ZoneInfo, list[str]], Any]
_READERS: dict[ColumnType, Reader] = {
    ColumnType.CHOICE: lambda column, raw, zone, problems: _choice(column, raw, problems),
    ColumnType.MULTI_CHOICE: _multi,
    ColumnType.DATETIME: lambda column, raw, zone, problems: _instant(raw),
    ColumnType.DATE: _day,
    ColumnType.INTEGER: _whole,
    ColumnType.NUMBER: lambda column, raw, zone, problems: float(raw),
    ColumnType.BOOLEAN: lambda column, raw, zone, problems: bool(raw),
    ColumnType.TEXT_LIST: lambda column, raw, zone, problems: str(raw).splitlines(),
    ColumnType.TEXT: _text,
    ColumnType.NOTE: _text,
}


def store_value(column: ColumnSpec, raw: Any, zone: ZoneInfo, problems: list[str]) -> Any:
    """One field as the store keeps it; what does not fit is noted in `problems`."""
    if raw is None or raw == "":
        return [] if column.type is ColumnType.MULTI_CHOICE else None
    return _READERS[column.type](column, raw, zone, problems)


_LIST_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {}
"""Each list's columns, kept by list name (specs never change while the process runs)."""


def from_fields(
    spec: ListSpec, fields: Mapping[str, Any], zone: ZoneInfo
) -> tuple[dict[str, Any], list[str]]:
    """Store values of every list column, and what could not be mapped as it was."""
    columns = _LIST_COLUMNS.get(spec.name)
    if columns is None:
        columns = _LIST_COLUMNS[spec.name] = spec.list_columns
    problems: list[str] = []
    values = {}
    for column in columns:
        raw = fields.get(column.graph_name)
        if raw is None or raw == "":
            values[column.name] = [] if column.type is ColumnType.MULTI_CHOICE else None
        else:
            values[column.name] = _READERS[column.type](column, raw, zone, problems)
    return values, problems


def comparable(column: ColumnSpec, value: Any) -> Any:
    """A value at the precision Lists keeps, so that a round trip compares equal."""
    if value is None:
        return [] if column.type is ColumnType.MULTI_CHOICE else None
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [comparable(column, v) for v in value]
    if isinstance(value, date):
        return value
    if column.type in (ColumnType.NUMBER, ColumnType.INTEGER):
        return float(value)
    return value


_COLUMNS: dict[str, dict[str, ColumnSpec]] = {}


def columns_of(spec: ListSpec) -> dict[str, ColumnSpec]:
    """A list's columns by name (kept by list name: hashing a whole spec per item is slow)."""
    found = _COLUMNS.get(spec.name)
    if found is None:
        found = _COLUMNS[spec.name] = {column.name: column for column in spec.columns}
    return found


def differences(
    spec: ListSpec, ours: Mapping[str, Any], theirs: Mapping[str, Any], names: Iterable[str]
) -> list[str]:
    """The names among `names` whose values differ at Lists' precision."""
    columns = columns_of(spec)
    changed = []
    for name in names:
        column = columns[name]
        if comparable(column, ours.get(name)) != comparable(column, theirs.get(name)):
            changed.append(name)
    return changed
