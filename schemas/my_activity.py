"""Shapes of "my activity": own records of every kind, the weekly summary, calendar and duties."""

from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import Field, create_model

from schemas.base import Instant, StrictModel
from schemas.kinds import ACTIVITY_KINDS, ActivityKind

MAX_WEEKS = 104


def _own(kind: ActivityKind) -> type[StrictModel]:
    """The kind's read model with a `kind` field, so one list can hold every kind."""
    fields: dict[str, Any] = {"kind": (Literal[kind.name], kind.name)}  # type: ignore[valid-type]
    return create_model(f"Own{kind.read.__name__}", __base__=kind.read, **fields)


OWN_RECORDS: dict[str, type[StrictModel]] = {
    name: _own(kind) for name, kind in ACTIVITY_KINDS.items()
}
OwnRecord = Annotated[
    Union[tuple(OWN_RECORDS.values())],  # type: ignore[valid-type]  # noqa: UP007
    Field(discriminator="kind"),
]
"""One of the caller's records, whichever kind, told apart by `kind`."""


class Figures(StrictModel):
    """What the caller did in a stretch of time, and how much of their duty time was abstracted."""

    counts: dict[str, int] = Field(description="Records per kind.")
    total: int
    patrol_minutes: int
    abstraction_hours: float
    rostered_hours: float | None = Field(
        description="Hours on rostered duty; null when no duties are known for the period."
    )
    abstraction_rate: float | None = Field(
        description="Abstraction hours / rostered hours; null when no duties are known."
    )


class WeekFigures(Figures):
    week: str = Field(description="The ISO week, such as 2026-W48 (weeks start on Monday).")
    starts_on: date = Field(description="The Monday the week starts on, in Europe/London.")


class Summary(StrictModel):
    weeks: list[WeekFigures] = Field(description="Oldest week first; the last is this week.")
    totals: Figures
    dip_checks: dict[str, int] = Field(
        description="Dip-check outcomes of the caller's records started in these weeks."
    )


class Chart(StrictModel):
    """The summary chart for an image control that cannot send a token."""

    svg: str
    data_uri: str = Field(description="data:image/svg+xml;base64,...")


class CalendarEvent(StrictModel):
    subject: str
    start: Instant
    end: Instant
    location: str | None = None
    is_all_day: bool = False


class MyDuty(StrictModel):
    """A rostered duty as the officer sees it."""

    start: Instant
    end: Instant
    duty_type: str
    team_id: str


class CalendarEvents(StrictModel):
    items: list[CalendarEvent]


class MyDuties(StrictModel):
    items: list[MyDuty]


class RosterLoaded(StrictModel):
    """A roster import that was accepted whole."""

    duties: int = Field(description="Duties loaded; they replace the previous import.")
