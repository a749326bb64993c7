"""What the three activity logs share: the common fields, server-set fields and rules."""

from datetime import datetime, timedelta
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field

from schemas.base import Breach, Column, Instant, LongText, StrictModel, Text
from schemas.dip_check import DipCheckCriteria, DipCheckOutcome

FUTURE_ALLOWANCE = timedelta(hours=1)
LONGEST_SHIFT = timedelta(hours=24)


def _to_the_millisecond(value: datetime) -> datetime:
    """Finer than any clock an officer reads, and the grain of the order search keeps records in
    (store/search/tables.py), so that every way of searching lists them in the same order."""
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


Time = Annotated[Instant, AfterValidator(_to_the_millisecond)]
"""When an activity started or ended: an Instant kept to the millisecond."""


class DipCheckSummary(StrictModel):
    """The record's current dip check, as the officer sees it on the record."""

    outcome: DipCheckOutcome
    criteria: DipCheckCriteria
    checked_at: Instant
    checked_by: str
    comment: str | None = None


class ActivityFields(StrictModel):
    """Fields an officer writes on every kind of record."""

    ended_at_required: ClassVar[bool] = False

    started_at: Annotated[Time, Column(indexed=True)]
    ended_at: Time | None = None
    location: Annotated[Text, Column(searchable=True), Field(min_length=1, max_length=200)]
    ward: Annotated[Text, Field(max_length=100)] | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    priority_id: Annotated[Text, Field(max_length=64)] | None = None
    notes: Annotated[LongText, Column(searchable=True), Field(max_length=4000)] | None = None

    def breaches(self, now: datetime) -> list[Breach]:
        """Rules across fields; each kind adds its own."""
        found = []
        latest = now + FUTURE_ALLOWANCE
        for name in ("started_at", "ended_at"):
            value = getattr(self, name)
            if value is not None and value > latest:
                found.append(Breach(name, "must not be more than 1 hour in the future"))
        if self.ended_at is None:
            if self.ended_at_required:
                found.append(Breach("ended_at", "is required for this kind of record"))
        elif self.ended_at <= self.started_at:
            found.append(Breach("ended_at", "must be after started_at"))
        elif self.ended_at_required and self.ended_at - self.started_at > LONGEST_SHIFT:
            found.append(Breach("ended_at", "must be at most 24 hours after started_at"))
        return found

    def derived(self) -> dict[str, Any]:
        """Read-only values computed from the fields, stored with the record."""
        return {}

    def duration(self) -> timedelta | None:
        if self.ended_at is None or self.ended_at <= self.started_at:
            return None
        return self.ended_at - self.started_at


class RecordFields(StrictModel):
    """Fields the server sets; a client that sends one gets a 422."""

    id: Annotated[str, Column(indexed=True)]
    officer: Annotated[str, Column(indexed=True)]
    team_id: Annotated[str, Column(indexed=True)]
    lpa_id: Annotated[str, Column(indexed=True)]
    version: int
    created_at: Instant
    created_by: str
    updated_at: Instant
    updated_by: str
    dip_check: DipCheckSummary | None = None
    warnings: list[str] = Field(default_factory=list)
