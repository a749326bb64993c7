"""Local policing areas, about ten per force."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, StrictModel, Text


class Lpa(StrictModel):
    id: Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
