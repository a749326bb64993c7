"""Calendar events of the embedded default, standing in for people's Outlook calendars."""

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Index, String, Table, func, select

from schemas.my_activity import CalendarEvent
from store.tables import metadata
from store.types import UTCDateTime

calendar_events = Table(
    "calendar_events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("upn", String(254), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("location", String(200), nullable=True),
    Column("is_all_day", Boolean(), nullable=False),
)
Index(None, calendar_events.c.upn, calendar_events.c.starts_at)


class CalendarEvents:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(calendar_events.insert(), rows)

    def between(self, upn: str, since: datetime, before: datetime) -> list[CalendarEvent]:
        """The person's events overlapping [since, before), earliest first."""
        t = calendar_events
        query = (
            select(t.c.subject, t.c.starts_at, t.c.ends_at, t.c.location, t.c.is_all_day)
            .where(t.c.upn == upn, t.c.ends_at > since, t.c.starts_at < before)
            .order_by(t.c.starts_at, t.c.id)
        )
        return [
            CalendarEvent.model_construct(
                subject=row.subject,
                start=row.starts_at,
                end=row.ends_at,
                location=row.location,
                is_all_day=row.is_all_day,
            )
            for row in self.connection.execute(query)
        ]

    def count(self) -> int:
        return self.connection.execute(
            select(func.count()).select_from(calendar_events)
        ).scalar_one()
