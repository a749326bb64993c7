"""Where Shifts is the roster, its published shifts are copied into the store, so that team and
LPA abstraction rates count them; a copy replaces only the window it read."""

from datetime import UTC, datetime, timedelta

from core.duties import copy_shifts
from graph.calls import GraphSession
from graph.shifts import ShiftsRoster
from schemas.duty import DutySource
from store.database import Database
from store.duties import RosterScope
from tests.conftest import TEAM_A1, TEAM_B1, add_organisation, object_id, upn
from tests.fakegraph import FakeGraph
from tests.fakegraph.people import FakeShift, People
from tests.fakegraph.server import BASE
from tests.integration.test_graph_my_activity import StaticTokens

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
TEAMS = {
    TEAM_A1: "11111111-1111-4111-8111-111111111111",
    TEAM_B1: "22222222-2222-4222-8222-222222222222",
}


def shift(who: str, days: int, hours: int = 8) -> FakeShift:
    start = NOW.replace(hour=7) + timedelta(days=days)
    return FakeShift(object_id(who), start, start + timedelta(hours=hours))


def test_copy_puts_each_teams_shifts_in_the_store_for_team_figures(database: Database) -> None:
    add_organisation(database)
    fake = FakeGraph()
    people = People(fake, me=object_id("officer"))
    for n in range(5):
        people.add_shift(TEAMS[TEAM_A1], shift("officer", -7 + n))
        people.add_shift(TEAMS[TEAM_A1], shift("teammate", -7 + n, 10))
    people.add_shift(TEAMS[TEAM_B1], shift("stranger", -3))
    people.add_shift(TEAMS[TEAM_A1], shift("officer", -60))
    roster = ShiftsRoster(StaticTokens(fake.token), GraphSession(BASE, fake.async_client), TEAMS)
    with database.transaction() as tx:
        tx.duties.add(
            [
                {
                    "id": "old-copy",
                    "upn": upn("officer"),
                    "team_id": TEAM_A1,
                    "lpa_id": "lpa-a",
                    "starts_at": NOW - timedelta(days=50),
                    "ends_at": NOW - timedelta(days=50) + timedelta(hours=8),
                    "duty_type": "Day",
                    "source": DutySource.SHIFTS.value,
                }
            ]
        )
        tx.commit()
    assert copy_shifts(database, roster, clock=lambda: NOW) == {"duties": 11}
    assert copy_shifts(database, roster, clock=lambda: NOW) == {"duties": 11}
    week = (NOW - timedelta(days=8), NOW)
    with database.transaction(read_only=True) as tx:
        team = tx.duties.rostered_hours(RosterScope(team_ids=(TEAM_A1,)), *week)
        force = tx.duties.between(RosterScope(), NOW - timedelta(days=90), NOW + timedelta(days=9))
    assert team == 5 * 8 + 5 * 10
    assert {d.id for d in force} >= {"old-copy"}
    assert len(force) == 12
