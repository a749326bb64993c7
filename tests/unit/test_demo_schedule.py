"""Demo rosters and calendars: deterministic, about 40 hours a week, never overlapping."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from core.demo import DemoData, generate
from core.demo_schedule import AHEAD, HISTORY, demo_calendar, demo_duties
from schemas.duty import Duty
from schemas.my_activity import CalendarEvent
from schemas.person import Rank
from store.calendar import calendar_events
from store.tables import duties

ANCHOR = date(2026, 11, 26)


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(seed=7, anchor=ANCHOR, records=100)


@pytest.fixture(scope="module")
def roster(data: DemoData) -> list[dict]:
    return demo_duties(data.people, seed=7, anchor=ANCHOR)


def test_same_seed_gives_the_same_rosters_and_calendars(data: DemoData, roster: list) -> None:
    assert roster == demo_duties(data.people, seed=7, anchor=ANCHOR)
    assert roster != demo_duties(data.people, seed=8, anchor=ANCHOR)
    assert demo_calendar(data.people, seed=7, anchor=ANCHOR) == demo_calendar(
        data.people, seed=7, anchor=ANCHOR
    )


def test_rows_fit_their_tables_and_models(data: DemoData, roster: list) -> None:
    events = demo_calendar(data.people, seed=7, anchor=ANCHOR)
    assert all(set(row) == set(duties.columns.keys()) for row in roster)
    assert all(set(row) == set(calendar_events.columns.keys()) for row in events)
    assert len({row["id"] for row in roster}) == len(roster)
    assert len({row["id"] for row in events}) == len(events)
    for row in roster[::500]:
        Duty.model_validate(row)
    for row in events[::200]:
        CalendarEvent(
            subject=row["subject"],
            start=row["starts_at"],
            end=row["ends_at"],
            location=row["location"],
            is_all_day=row["is_all_day"],
        )


def test_officers_are_rostered_about_40_hours_a_week(data: DemoData, roster: list) -> None:
    hours: dict[str, float] = defaultdict(float)
    for row in roster:
        hours[row["upn"]] += (row["ends_at"] - row["starts_at"]).total_seconds() / 3600
    weeks = (HISTORY + AHEAD) / 7
    for person in data.people:
        weekly = hours[person["upn"]] / weeks
        if person["rank"] == Rank.SPECIAL.value:
            assert 14 <= weekly <= 18
        else:
            assert 38 <= weekly <= 44, (person["rank"], weekly)


def test_no_one_is_rostered_twice_at_once(roster: list) -> None:
    by_person: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in roster:
        by_person[row["upn"]].append((row["starts_at"], row["ends_at"]))
    for spans in by_person.values():
        spans.sort()
        assert all(later[0] >= earlier[1] for earlier, later in pairwise(spans))


def test_rosters_run_from_13_weeks_back_to_4_weeks_ahead(roster: list) -> None:
    starts = [row["starts_at"] for row in roster]
    anchor = datetime(2026, 11, 26, tzinfo=UTC)
    assert min(starts) < anchor - timedelta(days=HISTORY - 2)
    assert max(starts) > anchor + timedelta(days=AHEAD - 3)


def test_turns_start_at_the_same_london_time_in_summer_and_winter(data: DemoData) -> None:
    summer = demo_duties(data.people[:20], seed=7, anchor=date(2026, 7, 15))
    winter = demo_duties(data.people[:20], seed=7, anchor=date(2026, 2, 15))
    day_turn = {r["starts_at"].hour for r in summer if r["duty_type"] == "Day turn"}
    assert day_turn == {6}
    assert {r["starts_at"].hour for r in winter if r["duty_type"] == "Day turn"} == {7}
