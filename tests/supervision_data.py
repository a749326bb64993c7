"""Rows written straight into the store, for supervision tests that need records at set times."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from core.access import Caller
from schemas.kinds import ACTIVITY_KINDS
from schemas.person import Person, Rank
from schemas.roles import Role
from store.database import Database
from tests.conftest import PEOPLE, upn

KIND_FIELDS: dict[str, dict[str, Any]] = {
    "engagement": {
        "engagement_type": "beat_surgery",
        "community_groups": [],
        "partners": [],
        "feedback_given": False,
    },
    "patrol": {
        "patrol_type": "asb_patrol",
        "mode": "foot",
        "outcomes": [],
        "arrests": 0,
        "stop_searches": 0,
        "intelligence_submissions": 0,
    },
    "abstraction": {"reason": "court", "planned": False},
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def row(
    kind: str, who: str, started_at: datetime | str, minutes: int = 60, **fields: Any
) -> dict[str, Any]:
    """A record of `kind` by one of the test PEOPLE, in their team and LPA."""
    _, team_id, lpa_id, _ = PEOPLE[who]
    start = at(started_at) if isinstance(started_at, str) else started_at
    end = start + timedelta(minutes=minutes)
    values: dict[str, Any] = dict.fromkeys(ACTIVITY_KINDS[kind].spec.names)
    values |= {
        "id": str(uuid.uuid4()),
        "officer": upn(who),
        "team_id": team_id,
        "lpa_id": lpa_id,
        "version": 1,
        "created_at": end,
        "created_by": upn(who),
        "updated_at": end,
        "updated_by": upn(who),
        "warnings": [],
        "started_at": start,
        "ended_at": end,
        "location": "High Street",
        "deleted_at": None,
        "deleted_by": None,
        "delete_reason": None,
        **KIND_FIELDS[kind],
    }
    if kind == "patrol":
        values["duration_minutes"] = minutes
    if kind == "abstraction":
        values["hours"] = round(minutes / 60, 2)
    return values | fields


def insert(database: Database, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """(kind, row) pairs, written in one transaction."""
    with database.transaction() as tx:
        for kind, values in rows:
            tx.activities(ACTIVITY_KINDS[kind]).insert(values)
        tx.commit()


def caller(database: Database, who: str) -> Caller:
    """A caller for one of the test PEOPLE, with the role the organisation gives them."""
    with database.transaction(read_only=True) as tx:
        person = tx.organisation.person(upn(who))
    assert person is not None
    return Caller(person=person, role=PEOPLE[who][3])


def second_supervisor(team_id: str = "team-a1", lpa_id: str = "lpa-a") -> Caller:
    """Another sergeant of the same LPA, known only to the use cases."""
    person = Person(
        upn="sergeant.two@test.example",
        entra_object_id=str(uuid.uuid4()),
        display_name="Sergeant Two",
        collar_number="2002",
        rank=Rank.SGT,
        team_id=team_id,
        lpa_id=lpa_id,
    )
    return Caller(person=person, role=Role.SUPERVISOR)
