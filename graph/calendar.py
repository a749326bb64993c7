"""The signed-in person's calendar: Outlook through Graph, or events kept in the store."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from graph.calls import GraphSession, SignedIn, pages
from graph.credentials import TokenSource
from graph.errors import GraphError
from schemas.my_activity import CalendarEvent

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

PAGE_SIZE = 100
SEVENTH_DIGIT = re.compile(r"(\.\d{6})\d+")
"""Graph writes seven fractional digits; Python reads at most six."""
FIELDS = ["subject", "start", "end", "location", "isAllDay"]
WINDOWS_ZONES = {
    "GMT Standard Time": "Europe/London",
    "UTC": "UTC",
    "Coordinated Universal Time": "UTC",
}
"""Windows names Outlook may answer with, for the zones this service asks for."""


class Calendar(Protocol):
    def events(self, user: SignedIn, since: datetime, before: datetime) -> list[CalendarEvent]:
        """Events overlapping [since, before), earliest first."""
        ...


class GraphCalendar:
    """`/me/calendarView` as the person (on-behalf-of), with times in their time zone.

    Outlook reports local wall-clock times with a zone name when asked through
    `Prefer: outlook.timezone`; all-day events then start at local midnight, as people see them.
    """

    def __init__(self, tokens: TokenSource, session: GraphSession, *, zone: str) -> None:
        self.tokens = tokens
        self.session = session
        self.zone = zone

    def events(self, user: SignedIn, since: datetime, before: datetime) -> list[CalendarEvent]:
        def token() -> str:
            return self.tokens.user_token(user.assertion, user.home_account_id)

        async def read(client: "GraphServiceClient") -> list[dict[str, Any]]:
            from msgraph.generated.users.item.calendar_view.calendar_view_request_builder import (
                CalendarViewRequestBuilder,
            )

            query = CalendarViewRequestBuilder.CalendarViewRequestBuilderGetQueryParameters(
                start_date_time=_utc_text(since),
                end_date_time=_utc_text(before),
                select=FIELDS,
                orderby=["start/dateTime"],
                top=PAGE_SIZE,
            )
            prefer = {"Prefer": f'outlook.timezone="{self.zone}"'}
            return await pages(client, client.me.calendar_view, query, prefer)

        return [_event(item) for item in self.session.run(token, read)]


class StoredCalendar:
    """The embedded stand-in: events read from the store by a function core passes in."""

    def __init__(self, read: Callable[[str, datetime, datetime], list[CalendarEvent]]) -> None:
        self.read = read

    def events(self, user: SignedIn, since: datetime, before: datetime) -> list[CalendarEvent]:
        return self.read(user.upn, since, before)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _event(item: dict[str, Any]) -> CalendarEvent:
    location = (item.get("location") or {}).get("displayName") or None
    return CalendarEvent(
        subject=item.get("subject") or "(no subject)",
        start=moment(item.get("start")),
        end=moment(item.get("end")),
        location=location,
        is_all_day=bool(item.get("isAllDay")),
    )


def moment(value: Any) -> datetime:
    """A Graph dateTimeTimeZone (`2026-11-26T09:00:00.0000000` + zone name) as an aware time."""
    if not isinstance(value, dict) or not isinstance(value.get("dateTime"), str):
        raise GraphError("Microsoft Graph sent an event without a start or end time.")
    name = str(value.get("timeZone") or "UTC")
    try:
        zone = ZoneInfo(WINDOWS_ZONES.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        raise GraphError(f"Microsoft Graph sent an unknown time zone {name!r}.") from None
    try:
        local = datetime.fromisoformat(SEVENTH_DIGIT.sub(r"\1", value["dateTime"]))
    except ValueError:
        raise GraphError(
            f"Microsoft Graph sent an unreadable time {value['dateTime']!r}."
        ) from None
    return local.replace(tzinfo=zone) if local.tzinfo is None else local
