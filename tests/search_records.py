"""Activity rows written straight into the store, as sync and seeding write them."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.kinds import ACTIVITY_KINDS
from store.database import Database
from tests.conftest import PEOPLE, upn

WHEN = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
KIND_FIELDS: dict[str, dict[str, Any]] = {
    "engagement": {
        "engagement_type": "beat_surgery",
        "community_groups": [],
        "partners": [],
        "feedback_given": False,
    },
    "patrol": {"patrol_type": "asb_patrol", "mode": "foot", "outcomes": [], "arrests": 0},
    "abstraction": {"reason": "training", "planned": True},
}


def row(
    kind: str,
    *,
    who: str = "officer",
    started_at: datetime = WHEN,
    location: str = "Market Square",
    notes: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A complete row of `kind`'s table, made by one of the test organisation's PEOPLE."""
    _, team_id, lpa_id, _ = PEOPLE[who]
    saved = started_at + timedelta(hours=1)
    return {
        "id": str(uuid.uuid4()),
        "officer": upn(who),
        "team_id": team_id,
        "lpa_id": lpa_id,
        "version": 1,
        "created_at": saved,
        "created_by": upn(who),
        "updated_at": saved,
        "updated_by": upn(who),
        "warnings": [],
        "started_at": started_at,
        "ended_at": started_at + timedelta(hours=1),
        "location": location,
        "notes": notes,
        **KIND_FIELDS[kind],
        **fields,
    }


def insert(database: Database, *rows: tuple[str, dict[str, Any]]) -> list[str]:
    """Insert (kind, row) pairs in one transaction; returns their ids in order."""
    with database.transaction() as tx:
        for kind, values in rows:
            tx.activities(ACTIVITY_KINDS[kind]).insert(values)
        tx.commit()
    return [values["id"] for _, values in rows]
