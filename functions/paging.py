"""Shapes shared by list replies: `{"items": [...], "next": ...}` and the paging parameters."""

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, create_model

from core.queries import DEFAULT_LIMIT, MAX_LIMIT

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (default {DEFAULT_LIMIT}).")
]
Cursor = Annotated[
    str | None,
    Query(max_length=500, description="The `next` value of the previous page, as given."),
]


def page_model(item: type[BaseModel]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        "items": (list[item], ...),  # type: ignore[valid-type]
        "next": (str | None, None),
    }
    return create_model(f"{item.__name__}Page", **fields)
