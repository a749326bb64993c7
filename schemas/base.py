"""Shared building blocks of the list models: strictness, text, times and column markers."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, PlainSerializer

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Column:
    """How a field appears as a list column, beyond what its type says."""

    indexed: bool = False
    searchable: bool = False
    multiline: bool = False


def _plain_text(value: str) -> str:
    """Refuse control characters other than line breaks and tabs (PostgreSQL rejects NUL)."""
    for char in value:
        if ord(char) < 32 and char not in "\n\r\t":
            raise ValueError(f"must not contain the control character U+{ord(char):04X}")
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be on one line")
    return value


def _report_in_london(value: datetime) -> str:
    return value.astimezone(LONDON).isoformat()


def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


Text = Annotated[str, AfterValidator(_plain_text), AfterValidator(_one_line)]
"""One line of text, such as a location or a reference."""

LongText = Annotated[str, AfterValidator(_plain_text), Column(multiline=True)]
"""Free text over several lines, such as notes."""

Instant = Annotated[
    AwareDatetime,
    AfterValidator(_as_utc),
    PlainSerializer(_report_in_london, return_type=str, when_used="json"),
]
"""A moment in time: sent with an offset, kept in UTC, reported in Europe/London."""


class StrictModel(BaseModel):
    """Unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def now_utc() -> datetime:
    return datetime.now(UTC)


def column_of(metadata: list[Any]) -> Column:
    """The merged column markers found in a field's metadata."""
    merged = Column()
    for item in metadata:
        if isinstance(item, Column):
            merged = Column(
                indexed=merged.indexed or item.indexed,
                searchable=merged.searchable or item.searchable,
                multiline=merged.multiline or item.multiline,
            )
    return merged


@dataclass(frozen=True)
class Breach:
    """A rule that a record breaks: a 422 through the API, a warning on an item from Lists."""

    field: str
    message: str


def _distinct(values: list[Any]) -> list[Any]:
    if len(set(values)) != len(values):
        raise ValueError("must list each choice at most once")
    return values


Distinct = AfterValidator(_distinct)
"""A multi-choice field names each choice once."""
