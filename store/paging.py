"""Opaque cursors: a client can hand one back but cannot read or forge meaning into it."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


class BadCursor(ValueError):
    """The cursor was not one this service issued."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None


def encode_cursor(started_at: datetime, record_id: str) -> str:
    raw = json.dumps([started_at.isoformat(), record_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _an_id(value: object) -> bool:
    """Whether `value` could be what a cursor carries (a record id, a position, a key): text
    without NUL or a lone surrogate, which no database would take."""
    return isinstance(value, str) and not any(
        char == "\x00" or "\ud800" <= char <= "\udfff" for char in value
    )


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        started_at, record_id = json.loads(raw)
        when = datetime.fromisoformat(started_at)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise BadCursor("is not a cursor returned by this service") from error
    if when.tzinfo is None or not _an_id(record_id):
        raise BadCursor("is not a cursor returned by this service")
    try:
        return when.astimezone(UTC), record_id
    except OverflowError as error:
        raise BadCursor("is not a cursor returned by this service") from error
