"""The quick email an officer sends from "my activity": plain text, no attachments."""

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from schemas.base import LongText, StrictModel, Text

MAX_RECIPIENTS = 20
ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
"""A plain address, `local@domain`: no display name, spaces, commas, quotes or line breaks, so
nothing in it can become another header or another recipient."""


def _address(value: str) -> str:
    if len(value) > 254 or not ADDRESS.fullmatch(value):
        raise ValueError("must be a plain email address such as name@example.org")
    return value.lower()


def _distinct(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("must list each address once")
    return values


Address = Annotated[str, AfterValidator(_address)]
Addresses = Annotated[list[Address], AfterValidator(_distinct)]
Subject = Annotated[str, Field(min_length=1, max_length=255), *Text.__metadata__]
Body = Annotated[str, Field(max_length=50_000), *LongText.__metadata__]
"""Limits before the text rules, so that a reply says "characters" rather than "items"."""


class QuickEmail(StrictModel):
    """Sent as the signed-in person to people in the organisation's own domains."""

    to: Annotated[Addresses, Field(min_length=1, max_length=MAX_RECIPIENTS)]
    cc: Annotated[Addresses, Field(max_length=MAX_RECIPIENTS)] = Field(default_factory=list)
    subject: Subject
    body: Body

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc]


class EmailSent(StrictModel):
    recipients: int
