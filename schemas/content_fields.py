"""What the content lists share: server-set fields, markup bodies and https links."""

from dataclasses import dataclass
from typing import Annotated, Any, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, Field

from schemas.base import Column, Instant, LongText, StrictModel, Text


@dataclass(frozen=True)
class Markup:
    """Marks a field whose text may carry the small safe subset of markup core/ sanitises."""


RichText = Annotated[
    LongText,
    Markup(),
    Field(
        description="HTML limited to p, br, strong, em, ul, ol, li and links to https: or "
        "mailto:; anything else is removed before the text is stored."
    ),
]
"""A body that may use p, br, strong, em, ul, ol, li and https/mailto links; the rest is removed."""


def _https_only(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise ValueError("must be an https:// URL")
    if any(char.isspace() for char in value):
        raise ValueError("must not contain spaces")
    return value


HttpsUrl = Annotated[Text, Field(min_length=9, max_length=255), AfterValidator(_https_only)]
"""An absolute https URL (no other scheme is opened from the app), within the 255 characters
of a single line of text in Lists."""

FORCE = "force"
"""The audience of content meant for everyone, as against one LPA's id."""


class ContentRecord(StrictModel):
    """Fields the server sets on every content item; a client that sends one gets a 422."""

    id: Annotated[str, Column(indexed=True)]
    version: int
    created_at: Instant
    created_by: str
    updated_at: Instant
    updated_by: str
    warnings: list[str] = Field(default_factory=list)


def _marked(annotation: Any) -> bool:
    if isinstance(annotation, Markup):
        return True
    return any(_marked(arg) for arg in get_args(annotation))


def markup_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that take markup, wherever the marker sits in their annotation."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if _marked(field.annotation) or any(isinstance(m, Markup) for m in field.metadata)
    )
