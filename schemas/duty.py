"""Rostered duties: the hours a person was on duty, for abstraction rates and "my duties"."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, Instant, StrictModel, Text
from schemas.choices import Choice


class DutySource(Choice):
    SHIFTS = "Shifts"
    IMPORTED = "Imported"
    DEMO = "Demo"


class Duty(StrictModel):
    id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
    upn: Annotated[Text, Column(indexed=True), Field(min_length=3, max_length=254)]
    team_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    lpa_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    starts_at: Instant
    ends_at: Instant
    duty_type: Annotated[Text, Field(min_length=1, max_length=100)]
    source: DutySource
