"""People in neighbourhood teams; keyed by their Entra object id, never by a name."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, StrictModel, Text
from schemas.choices import Choice


class Rank(Choice):
    PC = "PC"
    PCSO = "PCSO"
    SPECIAL = "Special"
    SGT = "Sgt"
    INSP = "Insp"
    STAFF = "Staff"


class Person(StrictModel):
    upn: Annotated[Text, Column(indexed=True), Field(min_length=3, max_length=254)]
    entra_object_id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
    display_name: Annotated[Text, Field(min_length=1, max_length=200)]
    collar_number: Annotated[Text, Field(max_length=20)] | None = None
    rank: Rank
    team_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
    lpa_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]


class Me(StrictModel):
    """The signed-in person as the API reports them; the role comes from their token."""

    upn: str
    display_name: str
    collar_number: str | None
    rank: Rank
    role: str
    team_id: str
    lpa_id: str
