"""The dip-check queue: who is sampled, how many, held for whom, and never one's own records."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from core import dip_checks
from core.errors import InvalidInput, NotPermitted
from core.services import Services
from core.settings import Settings
from schemas.dip_check import DipCheckCreate
from schemas.dip_check_queue import QueueItem
from store.database import Database
from tests.supervision_data import caller, insert, row, second_supervisor

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday; its week began on 23 November
THIS_WEEK = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LAST_WEEK = THIS_WEEK - timedelta(weeks=1)
DEFAULT = Settings()


def ask(
    database: Database,
    who: str = "supervisor",
    *,
    settings: Settings = DEFAULT,
    size: int = 50,
    at: datetime = NOW,
    team_id: str | None = None,
) -> list[QueueItem]:
    person = second_supervisor() if who == "sergeant.two" else caller(database, who)
    return dip_checks.queue(
        database,
        settings,
        person,
        team_id=team_id,
        size=size,
        clock=lambda: at,
        rng=random.Random(5),
    )


def records(who: str, count: int, start: datetime, kind: str = "patrol") -> list:
    return [(kind, row(kind, who, start + timedelta(hours=i))) for i in range(count)]


def officers_of(items: list[QueueItem]) -> Counter[str]:
    return Counter(item.record.officer.split("@")[0] for item in items)


def check(database: Database, item: QueueItem, who: str = "supervisor") -> None:
    body = DipCheckCreate.model_validate(
        {
            "kind": item.kind.value,
            "record_id": item.record.id,
            "outcome": "meets_standard",
            "criteria": dict.fromkeys(
                (
                    "enough_detail",
                    "right_category",
                    "priority_linked",
                    "no_unnecessary_personal_data",
                    "location_recorded",
                ),
                True,
            ),
        }
    )
    dip_checks.record(database, caller(database, who), body, clock=lambda: NOW)


def test_every_active_officer_of_the_lpa_is_sampled_each_week(services: Services) -> None:
    database = services.database
    insert(
        database,
        records("officer", 12, THIS_WEEK)
        + records("teammate", 1, THIS_WEEK)
        + records("neighbour", 1, THIS_WEEK + timedelta(days=1)),
    )
    items = ask(database)
    assert officers_of(items) == {"officer": 1, "teammate": 1, "neighbour": 1}


def test_each_week_is_sampled_at_the_configured_rate_rounded_up(services: Services) -> None:
    database = services.database
    insert(database, records("officer", 30, LAST_WEEK) + records("officer", 20, THIS_WEEK))
    items = ask(database)
    weeks = Counter(item.record.started_at >= THIS_WEEK - timedelta(hours=9) for item in items)
    assert weeks == {False: 3, True: 2}
    assert len(ask(database, "sergeant.two", settings=Settings(dip_check_percent=20))) == 5


def test_sample_spreads_across_kinds_of_one_officer(services: Services) -> None:
    database = services.database
    insert(
        database,
        records("officer", 10, THIS_WEEK, "patrol")
        + records("officer", 10, THIS_WEEK, "engagement")
        + records("officer", 10, THIS_WEEK, "abstraction"),
    )
    items = ask(database)
    assert sorted(item.kind.value for item in items) == ["abstraction", "engagement", "patrol"]


def test_the_same_supervisor_asking_twice_gets_the_same_queue(services: Services) -> None:
    database = services.database
    insert(database, records("officer", 40, THIS_WEEK) + records("teammate", 40, THIS_WEEK))
    first = ask(database, size=5)
    again = ask(database, size=5, at=NOW + timedelta(hours=2))
    assert [i.record.id for i in first] == [i.record.id for i in again]
    assert len(first) == 5


def test_recording_a_check_takes_the_record_off_the_queue_and_keeps_the_rest(
    services: Services,
) -> None:
    database = services.database
    insert(database, records("officer", 40, THIS_WEEK) + records("teammate", 40, THIS_WEEK))
    first = ask(database, size=4)
    check(database, first[0])
    after = ask(database, size=4)
    assert first[0].record.id not in {i.record.id for i in after}
    assert {i.record.id for i in first[1:]} <= {i.record.id for i in after}
    assert len(after) == 4


def test_two_supervisors_of_one_area_are_never_handed_the_same_record(
    services: Services,
) -> None:
    database = services.database
    insert(database, records("officer", 10, THIS_WEEK) + records("teammate", 10, THIS_WEEK))
    everything = Settings(dip_check_percent=100)
    mine = ask(database, settings=everything, size=12)
    theirs = ask(database, "sergeant.two", settings=everything, size=12)
    assert len(mine) == 12 and len(theirs) == 8
    assert not {i.record.id for i in mine} & {i.record.id for i in theirs}


def test_a_hold_lapses_after_the_configured_hours(services: Services) -> None:
    database = services.database
    insert(database, records("officer", 3, THIS_WEEK))
    hold = Settings(dip_check_percent=100, dip_check_hold_hours=2)
    mine = ask(database, settings=hold)
    assert {i.held_until for i in mine} == {NOW + timedelta(hours=2)}
    assert ask(database, "sergeant.two", settings=hold, at=NOW + timedelta(hours=1)) == []
    later = ask(database, "sergeant.two", settings=hold, at=NOW + timedelta(hours=2))
    assert {i.record.id for i in later} == {i.record.id for i in mine}


def test_queue_never_offers_the_supervisors_own_records(services: Services) -> None:
    database = services.database
    insert(database, records("supervisor", 10, THIS_WEEK) + records("neighbour", 2, THIS_WEEK))
    items = ask(database, settings=Settings(dip_check_percent=100))
    assert officers_of(items) == {"neighbour": 2}


def test_queue_offers_only_unchecked_live_records_of_the_window_in_the_lpa(
    services: Services,
) -> None:
    database = services.database
    deleted = row("patrol", "officer", THIS_WEEK, deleted_at=NOW, deleted_by="x", delete_reason="y")
    too_old = row("patrol", "officer", THIS_WEEK - timedelta(weeks=4))
    oldest_kept = row("patrol", "officer", THIS_WEEK - timedelta(weeks=3))
    other_lpa = row("patrol", "stranger", THIS_WEEK)
    insert(
        database,
        [("patrol", r) for r in (deleted, too_old, oldest_kept, other_lpa)],
    )
    items = ask(database, settings=Settings(dip_check_percent=100))
    assert [i.record.id for i in items] == [oldest_kept["id"]]
    check(database, items[0])
    assert ask(database, settings=Settings(dip_check_percent=100)) == []


def test_records_flagged_with_warnings_come_first_even_beyond_the_rate(
    services: Services,
) -> None:
    database = services.database
    flagged = row("engagement", "teammate", THIS_WEEK + timedelta(days=2), warnings=["bad end"])
    insert(database, [*records("officer", 5, THIS_WEEK), ("engagement", flagged)])
    items = ask(database)
    assert items[0].record.id == flagged["id"] and items[0].flagged
    assert officers_of(items) == {"teammate": 1, "officer": 1}


def test_queue_can_be_narrowed_to_one_team_of_the_lpa_only(services: Services) -> None:
    database = services.database
    insert(database, records("officer", 5, THIS_WEEK) + records("neighbour", 5, THIS_WEEK))
    items = ask(database, team_id="team-a2", settings=Settings(dip_check_percent=100))
    assert officers_of(items) == {"neighbour": 5}
    with pytest.raises(InvalidInput):
        ask(database, team_id="team-b1")


@pytest.mark.parametrize("who", ["officer", "manager", "admin", "auditor"])
def test_only_supervisors_have_a_queue(services: Services, who: str) -> None:
    with pytest.raises(NotPermitted):
        ask(services.database, who)


def test_reading_the_queue_is_audited_as_a_consultation(services: Services) -> None:
    database = services.database
    insert(database, records("officer", 2, THIS_WEEK))
    items = ask(database, settings=Settings(dip_check_percent=100))
    with database.transaction(read_only=True) as tx:
        page = tx.audit.list(upn="supervisor@test.example", limit=10)
    (entry,) = page.items
    assert entry.action.value == "consultation" and entry.kind == "patrol"
    assert entry.detail is not None
    assert sorted(entry.detail["record_ids"]) == sorted(i.record.id for i in items)
