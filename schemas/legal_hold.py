"""Legal holds: a record, an officer's records or an LPA's records that retention must keep."""

from typing import Annotated

from pydantic import Field

from schemas.base import Instant, StrictModel, Text
from schemas.choices import Choice


class HoldScope(Choice):
    RECORD = "Record"
    OFFICER = "Officer"
    LPA = "LPA"


class LegalHoldCreate(StrictModel):
    scope: HoldScope
    target: Annotated[Text, Field(min_length=1, max_length=254)]
    """A record id, an officer's UPN or an LPA id, as the scope says."""
    reason: Annotated[Text, Field(min_length=1, max_length=500)]


class LegalHold(LegalHoldCreate):
    id: str
    placed_by: str
    placed_at: Instant
    lifted_by: str | None = None
    lifted_at: Instant | None = None
