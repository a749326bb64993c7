"""Rosters and calendars for the demo force, standing in for Shifts and Outlook.

Officers work four twelve-hour turns in eight days (42 hours a week, so abstraction rates mean
something), specials two evenings a week and staff office hours. Rosters cover the last 13
weeks and the next 4: a year of them for 650 people would be 170,000 rows and take longer to
load than the rest of the demo. Calendars cover four weeks either side of the anchor. Both come
from their own generators seeded from the demo seed, so the records stay as they were.
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from schemas.base import LONDON
from schemas.duty import DutySource
from schemas.person import Rank
from store.database import Transaction

HISTORY = 91
BATCH = 5_000
AHEAD = 28
CALENDAR_DAYS = 28
Turn = tuple[str, time, int]
DAY: Turn = ("Day turn", time(7), 12)
LATE: Turn = ("Late turn", time(12), 12)
ROTATION: tuple[Turn | None, ...] = (DAY, DAY, LATE, LATE, None, None, None, None)
"""Four on, four off: rest days move round the week."""
SPECIAL: Turn = ("Special constabulary duty", time(18), 8)
OFFICE: Turn = ("Office hours", time(9), 8)
SOURCE = DutySource.DEMO.value


def _turn(rank: str, offset: int, day: date, index: int) -> Turn | None:
    if rank == Rank.STAFF.value:
        return OFFICE if day.weekday() < 5 else None
    if rank == Rank.SPECIAL.value:
        return SPECIAL if day.weekday() in (4, 5) else None
    return ROTATION[(index + offset) % len(ROTATION)]


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, LONDON).astimezone(UTC)


def demo_duties(people: list[dict[str, Any]], *, seed: int, anchor: date) -> list[dict[str, Any]]:
    """Rows for the duties table: every person's roster from 13 weeks back to 4 weeks ahead."""
    rng = random.Random(f"{seed}:rosters")
    first = anchor - timedelta(days=HISTORY)
    days = [first + timedelta(days=n) for n in range(HISTORY + AHEAD)]
    turns = {turn for turn in (*ROTATION, SPECIAL, OFFICE) if turn is not None}
    times = {  # the same few turns each day: convert each from London time once
        (index, turn): (_local(day, turn[1]), _local(day, turn[1]) + timedelta(hours=turn[2]))
        for index, day in enumerate(days)
        for turn in turns
    }
    rows = []
    for n, person in enumerate(people):
        offset = rng.randrange(len(ROTATION))
        for index, day in enumerate(days):
            turn = _turn(person["rank"], offset, day, index)
            if turn is None:
                continue
            starts_at, ends_at = times[index, turn]
            rows.append({
                "id": f"demo-{n:05d}-{index:04d}", "upn": person["upn"],
                "team_id": person["team_id"], "lpa_id": person["lpa_id"],
                "starts_at": starts_at, "ends_at": ends_at, "duty_type": turn[0], "source": SOURCE,
            })  # fmt: skip
    return rows


def demo_calendar(people: list[dict[str, Any]], *, seed: int, anchor: date) -> list[dict[str, Any]]:
    """Rows for calendar_events: briefings, meetings and training around the anchor date."""
    rng = random.Random(f"{seed}:calendars")
    first = anchor - timedelta(days=CALENDAR_DAYS)
    days = [first + timedelta(days=n) for n in range(2 * CALENDAR_DAYS)]
    rows = []
    for n, person in enumerate(people):
        for m, (subject, start, minutes, location) in enumerate(_events(rng, person, days)):
            all_day = minutes == 0
            starts_at = (
                _local(start.date(), time()) if all_day else _local(start.date(), start.time())
            )
            ends_at = (
                _local(start.date() + timedelta(days=1), time())
                if all_day
                else starts_at + timedelta(minutes=minutes)
            )
            rows.append({
                "id": f"demo-{n:05d}-{m:03d}", "upn": person["upn"], "subject": subject,
                "starts_at": starts_at, "ends_at": ends_at, "location": location,
                "is_all_day": all_day,
            })  # fmt: skip
    return rows


def _events(
    rng: random.Random, person: dict[str, Any], days: list[date]
) -> Iterator[tuple[str, datetime, int, str | None]]:
    """(subject, local start, minutes or 0 for all day, location) for one person."""
    neighbourhood = person["rank"] != Rank.STAFF.value
    pact_week = rng.randrange(2)
    training = rng.randrange(len(days))
    for index, day in enumerate(days):
        at = datetime.combine(day, time())
        if day.weekday() == 0:
            yield "Team briefing", at.replace(hour=9, minute=30), 30, "Briefing room"
        if neighbourhood and day.weekday() == 3 and (index // 7) % 2 == pact_week:
            yield "PACT meeting", at.replace(hour=19), 90, "Community centre"
        if day.weekday() == 2 and day.day <= 7:
            yield "One-to-one with line manager", at.replace(hour=11), 30, None
        if index == training:
            yield "Training day", at, 0, "Force training centre"
        if neighbourhood and day.weekday() < 5 and rng.random() < 0.08:
            subject, location = rng.choice(
                (
                    ("School visit", "Primary school"),
                    ("Ward panel", "Ward office"),
                    ("Partnership meeting", "Council offices"),
                    ("Neighbourhood Watch catch-up", None),
                )
            )
            yield subject, at.replace(hour=rng.choice((10, 13, 15))), 60, location


def add_demo_schedule(
    tx: Transaction, people: list[dict[str, Any]], *, seed: int, anchor: date
) -> dict[str, int]:
    """Load the demo rosters and calendars; returns how many of each."""
    duties = demo_duties(people, seed=seed, anchor=anchor)
    events = demo_calendar(people, seed=seed, anchor=anchor)
    for start in range(0, len(duties), BATCH):
        tx.duties.add(duties[start : start + BATCH])
    tx.calendar.add(events)
    return {"duties": len(duties), "calendar events": len(events)}
