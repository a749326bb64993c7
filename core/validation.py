"""Turning pydantic's complaints into field errors a person can act on."""

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from core.errors import FieldError, InvalidInput

LOCATIONS = ("body", "query", "header", "path", "cookie")


def field_name(loc: Sequence[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] == "query":
        parts = [p for p in parts[1:] if not isinstance(p, int)]
    elif parts and parts[0] in LOCATIONS:
        parts = parts[1:]
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "body"


def message_of(error: dict[str, Any], read_only: Iterable[str] = ()) -> str:
    name = field_name(error["loc"])
    match error["type"]:
        case "extra_forbidden" if name in set(read_only):
            return "is read-only: the server sets it"
        case "extra_forbidden":
            return "is not a field of this record"
        case "missing":
            return "is required"
        case "json_invalid":
            return "is not valid JSON"
        case "timezone_aware":
            return "must include a UTC offset, such as 2026-05-01T09:30:00+01:00"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def field_errors(
    errors: Iterable[dict[str, Any]], read_only: Iterable[str] = ()
) -> list[FieldError]:
    read_only = frozenset(read_only)
    return [FieldError(field_name(e["loc"]), message_of(e, read_only)) for e in errors]


def invalid(error: ValidationError, read_only: Iterable[str] = ()) -> InvalidInput:
    return InvalidInput(field_errors(error.errors(), read_only))
