"""Neighbourhood priorities, set with the community and reviewed at least every 3 months."""

from datetime import date
from typing import Annotated

from pydantic import Field

from schemas.base import Column, LongText, StrictModel, Text


class Priority(StrictModel):
    id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
    team_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    lpa_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    description: Annotated[LongText, Field(max_length=4000)] | None = None
    set_on: date
    reviewed_on: date | None = None
    current: bool = True


class PriorityCreate(StrictModel):
    """A new current priority of one neighbourhood; `set_on` defaults to today."""

    team_id: Annotated[Text, Field(min_length=1, max_length=64)]
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    description: Annotated[LongText, Field(max_length=4000)] | None = None
    set_on: date | None = None


class PriorityUpdate(StrictModel):
    """A review (`reviewed_on`), a rewording, or closing (`current: false`) and reopening."""

    title: Annotated[Text, Field(min_length=1, max_length=200)] | None = None
    description: Annotated[LongText, Field(max_length=4000)] | None = None
    reviewed_on: date | None = None
    current: bool | None = None
