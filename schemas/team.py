"""Neighbourhood teams, five to ten per local policing area."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, StrictModel, Text


class Team(StrictModel):
    id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    lpa_id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
