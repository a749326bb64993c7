"""A list's spec (columns, types, limits, indexes, search and export fields), read off its model."""

import types
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

from schemas.base import Column, column_of
from schemas.choices import Choice

SUBMISSION_ID = "SubmissionId"
STORE_ONLY = frozenset({"version", "warnings"})
"""Fields the store keeps for itself; Lists has its own version (the eTag)."""

_WORDS = {"id": "ID", "lpa": "LPA", "upn": "UPN", "asb": "ASB"}


class ColumnType(StrEnum):
    TEXT = "text"
    NOTE = "note"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    INTEGER = "integer"
    NUMBER = "number"
    DATETIME = "datetime"
    DATE = "date"
    BOOLEAN = "boolean"
    TEXT_LIST = "text_list"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    graph_name: str
    label: str
    type: ColumnType
    required: bool
    read_only: bool
    indexed: bool = False
    searchable: bool = False
    choices: type[Choice] | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def in_list(self) -> bool:
        return self.name not in STORE_ONLY


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: str
    columns: tuple[ColumnSpec, ...]
    key: str

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def searchable(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.searchable)

    @cached_property
    def indexed(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.indexed)

    @cached_property
    def choice_columns(self) -> tuple[ColumnSpec, ...]:
        types_ = (ColumnType.CHOICE, ColumnType.MULTI_CHOICE)
        return tuple(c for c in self.columns if c.type in types_)

    @cached_property
    def list_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.in_list)


def label_of(name: str) -> str:
    words = [_WORDS.get(w, w) for w in name.split("_")]
    first = words[0] if words[0].isupper() else words[0].capitalize()
    return " ".join([first, *words[1:]])


def graph_name_of(name: str, key: str) -> str:
    if name == key:
        return SUBMISSION_ID
    return "".join(w.capitalize() for w in name.split("_"))


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The bare type inside Optional/Annotated, the metadata met on the way, and nullability."""
    metadata: list[Any] = []
    nullable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            nullable = nullable or len(members) < len(get_args(annotation))
            if len(members) != 1:
                raise TypeError(f"cannot map the union {annotation!r} to a column")
            annotation = members[0]
        else:
            return annotation, metadata, nullable


def _limits(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_limits(item.metadata))
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            found["minimum"] = item.ge
        elif isinstance(item, annotated_types.Le):
            found["maximum"] = item.le
    return found


def _column_type(bare: Any, marker: Column) -> tuple[ColumnType, type[Choice] | None]:
    if get_origin(bare) is list:
        (item,) = get_args(bare)
        item, _, _ = _unwrap(item)
        if isinstance(item, type) and issubclass(item, Choice):
            return ColumnType.MULTI_CHOICE, item
        return ColumnType.TEXT_LIST, None
    if isinstance(bare, type) and issubclass(bare, Choice):
        return ColumnType.CHOICE, bare
    simple = {
        bool: ColumnType.BOOLEAN,
        int: ColumnType.INTEGER,
        float: ColumnType.NUMBER,
        datetime: ColumnType.DATETIME,
        AwareDatetime: ColumnType.DATETIME,
        date: ColumnType.DATE,
    }
    if bare in simple:
        return simple[bare], None
    if bare is str:
        return (ColumnType.NOTE if marker.multiline else ColumnType.TEXT), None
    raise TypeError(f"cannot map {bare!r} to a column")


def list_spec(
    name: str, title: str, model: type[BaseModel], writable: type[BaseModel] | None = None
) -> ListSpec:
    """Read a list's columns off its read model; fields missing from `writable` are read-only."""
    key = "id" if "id" in model.model_fields else next(iter(model.model_fields))
    columns = []
    for field_name, field in model.model_fields.items():
        bare, metadata, nullable = _unwrap(field.annotation)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            continue
        metadata = [*metadata, *field.metadata]
        marker = column_of(metadata)
        column_type, choices = _column_type(bare, marker)
        columns.append(
            ColumnSpec(
                name=field_name,
                graph_name=graph_name_of(field_name, key),
                label=field.title or label_of(field_name),
                type=column_type,
                required=field.is_required() and not nullable,
                read_only=writable is not None and field_name not in writable.model_fields,
                indexed=marker.indexed or field_name == key,
                searchable=marker.searchable,
                choices=choices,
                **_limits(metadata),
            )
        )
    return ListSpec(name=name, title=title, columns=tuple(columns), key=key)
