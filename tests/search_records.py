"""Activity records for the search tests: rows written straight into the store, as sync and
seeding write them, or records made and searched through the HTTP API."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from schemas.kinds import ACTIVITY_KINDS
from store.database import Database
from tests.conftest import PEOPLE, upn
from tests.payloads import BODIES

Auth = Callable[[str], dict[str, str]]
OUTSIDE_LPA_A = ("stranger", "manager", "admin", "other_supervisor")

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


def post(client: TestClient, auth: Auth, who: str, collection: str, **changes: Any) -> str:
    """A record made through the API by `who` (in `collection`, e.g. "patrols"); its id."""
    body = BODIES[collection](**changes)
    if who in OUTSIDE_LPA_A and collection != "abstractions":
        body["priority_id"] = None
        if collection == "patrols":
            body["hotspot_id"] = "hs-b1"
    headers = auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    reply = client.post(f"/api/{collection}", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


def search(client: TestClient, auth: Auth, who: str = "officer", **params: Any) -> Any:
    """GET /api/search as `who`; the reply's body, which must be a 200."""
    reply = client.get("/api/search", params=params, headers=auth(who))
    assert reply.status_code == 200, reply.text
    return reply.json()
