"""Patrol activity: a deliberate patrol, with hotspot dosage in minutes."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from schemas.activity import ActivityFields, RecordFields
from schemas.base import Breach, Column, Distinct, Text
from schemas.choices import Choice

Count = Annotated[int, Field(ge=0, le=1000)]


class PatrolType(Choice):
    HOTSPOT_PATROL = "Hotspot patrol"
    TASKING = "Tasking"
    PRIORITY_PATROL = "Priority patrol"
    ASB_PATROL = "ASB patrol"
    HIGH_VISIBILITY_REASSURANCE = "High-visibility reassurance"
    OPERATION = "Operation"
    OTHER = "Other"


class PatrolMode(Choice):
    FOOT = "Foot"
    CYCLE = "Cycle"
    VEHICLE = "Vehicle"
    MIXED = "Mixed"


class PatrolOutcome(Choice):
    NONE = "None"
    WORDS_OF_ADVICE = "Words of advice"
    STOP_AND_SEARCH = "Stop and search"
    ARREST = "Arrest"
    INTELLIGENCE_SUBMITTED = "Intelligence submitted"
    ASB_WARNING_INTERVENTION = "ASB warning/intervention"
    COMMUNITY_ENGAGEMENT = "Community engagement"
    VEHICLE_SEIZED = "Vehicle seized"
    DRUGS_WEAPONS_SEIZED = "Drugs/weapons seized"
    SAFEGUARDING_REFERRAL = "Safeguarding referral"
    OTHER = "Other"


class PatrolFields(ActivityFields):
    ended_at_required = True

    patrol_type: Annotated[PatrolType, Column(indexed=True)]
    operation_name: Annotated[Text, Column(searchable=True), Field(max_length=200)] | None = None
    hotspot_id: Annotated[Text, Column(indexed=True), Field(max_length=64)] | None = None
    hotspot_minutes: Annotated[int, Field(ge=0, le=1440)] | None = None
    tasking_ref: Annotated[Text, Column(searchable=True), Field(max_length=100)] | None = None
    mode: PatrolMode
    outcomes: Annotated[list[PatrolOutcome], Distinct] = Field(default_factory=list)
    arrests: Count = 0
    stop_searches: Count = 0
    intelligence_submissions: Count = 0

    def breaches(self, now: datetime) -> list[Breach]:
        found = super().breaches(now)
        if self.patrol_type == PatrolType.OPERATION and not self.operation_name:
            found.append(Breach("operation_name", "is required when patrol_type is operation"))
        if self.patrol_type == PatrolType.HOTSPOT_PATROL:
            if not self.hotspot_id:
                found.append(Breach("hotspot_id", "is required when patrol_type is hotspot_patrol"))
            if self.hotspot_minutes is None:
                found.append(
                    Breach("hotspot_minutes", "is required when patrol_type is hotspot_patrol")
                )
        duration = self.duration()
        minutes = self.hotspot_minutes
        longest = None if duration is None else duration.total_seconds() / 60
        if minutes is not None and longest is not None and minutes > longest:
            found.append(Breach("hotspot_minutes", "must not exceed the patrol's duration"))
        return found

    def derived(self) -> dict[str, Any]:
        duration = self.duration()
        minutes = None if duration is None else round(duration.total_seconds() / 60)
        return {"duration_minutes": minutes}


class PatrolCreate(PatrolFields):
    """What an officer sends to record a patrol."""


class Patrol(PatrolFields, RecordFields):
    """A patrol as the API reports it."""

    duration_minutes: int | None = None
