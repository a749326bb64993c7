"""Abstraction: an NPT member taken away from neighbourhood duties to do other work."""

from datetime import datetime, timedelta
from typing import Annotated, Any

from pydantic import Field

from schemas.activity import ActivityFields, RecordFields
from schemas.base import Breach, Column, Text
from schemas.choices import Choice

SHORTEST = timedelta(minutes=15)


class AbstractionReason(Choice):
    RESPONSE_COVER = "Response cover"
    CUSTODY_PRISONER_HANDLING = "Custody/prisoner handling"
    PUBLIC_ORDER_OR_EVENT_AID = "Public order or event aid"
    MAJOR_INCIDENT = "Major incident"
    SCENE_GUARD = "Scene guard"
    NIGHT_TIME_ECONOMY = "Night-time economy"
    COURT = "Court"
    TRAINING = "Training"
    CONTROL_ROOM_CAD_COVER = "Control room/CAD cover"
    OTHER_FORCE_DEMAND = "Other force demand"
    OTHER = "Other"


class AbstractionFields(ActivityFields):
    ended_at_required = True

    reason: Annotated[AbstractionReason, Column(indexed=True)]
    planned: bool
    authorised_by: Annotated[Text, Field(max_length=200)] | None = None

    def breaches(self, now: datetime) -> list[Breach]:
        found = super().breaches(now)
        duration = self.duration()
        if duration is not None and duration < SHORTEST:
            found.append(Breach("ended_at", "must be at least 15 minutes after started_at"))
        return found

    def derived(self) -> dict[str, Any]:
        duration = self.duration()
        hours = None if duration is None else round(duration.total_seconds() / 3600, 2)
        return {"hours": hours}


class AbstractionCreate(AbstractionFields):
    """What an officer sends to record an abstraction."""


class Abstraction(AbstractionFields, RecordFields):
    """An abstraction as the API reports it."""

    hours: float | None = None
