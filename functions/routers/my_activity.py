"""My activity: own records, the weekly summary and its chart, calendar, duties, quick email."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime, create_model

from core import mail, my_activity, schedule
from core.chart import chart, render
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit
from schemas.kinds import ACTIVITY_KINDS
from schemas.mail import EmailSent, QuickEmail
from schemas.my_activity import (
    MAX_WEEKS,
    CalendarEvents,
    Chart,
    MyDuties,
    OwnRecord,
    Summary,
)

router = APIRouter(prefix="/me", tags=["my activity"])

When = date | AwareDatetime
From = Annotated[When | None, Query(alias="from", description="A date (whole day) or a time.")]
To = Annotated[When | None, Query(alias="to", description="A date (whole day) or a time.")]
KindName = Literal[tuple(ACTIVITY_KINDS)]  # type: ignore[valid-type]
Weeks = Annotated[
    int, Query(ge=1, le=MAX_WEEKS, description="ISO weeks up to and including this one.")
]
PRIVATE = {"Cache-Control": "private, no-store"}
OwnRecordPage = create_model(
    "OwnRecordPage",
    items=(list[OwnRecord], ...),  # type: ignore[valid-type]
    next=(str | None, None),
)


@router.get(
    "/activity",
    summary="My records of every kind, newest first",
    description="`from`/`to` bound `started_at`; `kind` (repeatable) picks kinds.",
    response_model=OwnRecordPage,
)
def activity(
    caller: CurrentCaller,
    services: ServicesDep,
    start: From = None,
    end: To = None,
    kind: Annotated[list[KindName] | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = my_activity.own_records(
        services.database,
        caller,
        kinds=tuple(kind or ()),
        start=start,
        end=end,
        limit=limit,
        cursor=cursor,
    )
    return {"items": page.items, "next": page.next}


@router.get(
    "/summary",
    summary="My records per ISO week, patrol minutes, abstraction hours and rate, dip checks",
)
def get_summary(caller: CurrentCaller, services: ServicesDep, weeks: Weeks = 12) -> Summary:
    return my_activity.summary(services.database, caller, weeks=weeks, roster=services.roster)


@router.get(
    "/summary.svg",
    summary="My records per week as an accessible SVG chart",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def summary_svg(caller: CurrentCaller, services: ServicesDep, weeks: Weeks = 12) -> Response:
    figures = my_activity.summary(services.database, caller, weeks=weeks)
    return Response(render(figures), media_type="image/svg+xml", headers=PRIVATE)


@router.get(
    "/summary/chart",
    summary="The chart as SVG text and a data URI, for an image control that cannot send a token",
)
def summary_chart(
    caller: CurrentCaller, services: ServicesDep, response: Response, weeks: Weeks = 12
) -> Chart:
    response.headers.update(PRIVATE)
    return chart(my_activity.summary(services.database, caller, weeks=weeks))


@router.get("/calendar", summary="My calendar events (a week from today unless from/to say)")
def calendar(
    caller: CurrentCaller, services: ServicesDep, start: From = None, end: To = None
) -> CalendarEvents:
    events = schedule.my_calendar(services.database, services.calendar, caller, start, end)
    return CalendarEvents(items=events)


@router.get("/duties", summary="My rostered duties (a week from today unless from/to say)")
def duties(
    caller: CurrentCaller, services: ServicesDep, start: From = None, end: To = None
) -> MyDuties:
    found = schedule.my_duties(services.database, services.roster, caller, start, end)
    return MyDuties(items=found)


@router.post(
    "/email",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a quick plain-text email as me, to people in the organisation",
)
def email(body: QuickEmail, caller: CurrentCaller, services: ServicesDep) -> EmailSent:
    sent = mail.send(
        services.database,
        services.mail,
        caller,
        body,
        domains=services.settings.mail_domains,
    )
    return EmailSent(recipients=sent)
