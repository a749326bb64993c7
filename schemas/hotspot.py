"""Hotspots: small named areas (about 150 m square) chosen for patrol."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, StrictModel, Text


class Hotspot(StrictModel):
    id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
    team_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    lpa_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
