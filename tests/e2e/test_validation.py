"""Bad input gets a problem+json naming the field, and nothing is written."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.services import Services
from schemas.kinds import BY_COLLECTION
from tests.payloads import BODIES

Auth = Callable[[str], dict[str, str]]
SOON = (datetime.now(UTC) + timedelta(hours=2)).isoformat()

CASES: list[tuple[str, dict[str, Any], str]] = [
    # (kind, changes to a valid body, the field the error names)
    ("engagements", {"location": ""}, "location"),
    ("engagements", {"location": "x" * 201}, "location"),
    ("engagements", {"location": "two\nlines"}, "location"),
    ("engagements", {"notes": "x" * 4001}, "notes"),
    ("engagements", {"notes": "nul \x00 byte"}, "notes"),
    ("engagements", {"issues_raised": "x" * 4001}, "issues_raised"),
    ("engagements", {"actions_agreed": "x" * 4001}, "actions_agreed"),
    ("engagements", {"feedback_text": "x" * 4001}, "feedback_text"),
    ("engagements", {"attendees": -1}, "attendees"),
    ("engagements", {"attendees": 10_001}, "attendees"),
    ("engagements", {"engagement_type": "tea_party"}, "engagement_type"),
    ("engagements", {"community_groups": ["martians"]}, "community_groups[0]"),
    ("engagements", {"community_groups": ["lgbt", "lgbt"]}, "community_groups"),
    ("engagements", {"partners": ["police"]}, "partners[0]"),
    ("engagements", {"latitude": 91}, "latitude"),
    ("engagements", {"longitude": -181}, "longitude"),
    ("engagements", {"started_at": "2026-05-01T09:00:00"}, "started_at"),
    ("engagements", {"started_at": "yesterday"}, "started_at"),
    ("engagements", {"started_at": SOON, "ended_at": None}, "started_at"),
    ("engagements", {"ended_at": SOON}, "ended_at"),
    ("engagements", {"ended_at": "2020-01-01T00:00:00+00:00"}, "ended_at"),
    ("engagements", {"feedback_given": False}, "feedback_text"),
    ("engagements", {"follow_up_on": "2020-01-01"}, "follow_up_on"),
    ("engagements", {"priority_id": "pri-b1"}, "priority_id"),
    ("engagements", {"priority_id": "nope"}, "priority_id"),
    ("engagements", {"officer": "someone@test.example"}, "officer"),
    ("engagements", {"id": "mine"}, "id"),
    ("engagements", {"version": 7}, "version"),
    ("engagements", {"colour": "blue"}, "colour"),
    ("patrols", {"ended_at": None}, "ended_at"),
    ("patrols", {"ended_at": "2020-01-01T00:00:00+00:00"}, "ended_at"),
    (
        "patrols",
        {"started_at": "2026-01-01T00:00:00+00:00", "ended_at": "2026-01-02T01:00:00+00:00"},
        "ended_at",
    ),
    ("patrols", {"patrol_type": "operation", "operation_name": None}, "operation_name"),
    ("patrols", {"hotspot_id": None}, "hotspot_id"),
    ("patrols", {"hotspot_minutes": None}, "hotspot_minutes"),
    ("patrols", {"hotspot_minutes": 61}, "hotspot_minutes"),
    ("patrols", {"hotspot_id": "hs-b1"}, "hotspot_id"),
    ("patrols", {"mode": "horse"}, "mode"),
    ("patrols", {"arrests": -1}, "arrests"),
    ("patrols", {"outcomes": ["arrest", "arrest"]}, "outcomes"),
    ("patrols", {"duration_minutes": 60}, "duration_minutes"),
    ("abstractions", {"ended_at": None}, "ended_at"),
    ("abstractions", {"reason": "annual_leave"}, "reason"),
    ("abstractions", {"planned": None}, "planned"),
    ("abstractions", {"hours": 4}, "hours"),
    (
        "abstractions",
        {"started_at": "2026-01-01T00:00:00+00:00", "ended_at": "2026-01-01T00:10:00+00:00"},
        "ended_at",
    ),
    (
        "abstractions",
        {"started_at": "2026-01-01T00:00:00+00:00", "ended_at": "2026-01-02T00:01:00+00:00"},
        "ended_at",
    ),
]


def count(services: Services, kind: str) -> int:
    with services.database.transaction(read_only=True) as tx:
        return tx.activities(BY_COLLECTION[kind]).count()


@pytest.mark.parametrize(("kind", "changes", "field"), CASES)
def test_invalid_create_names_the_field_and_writes_nothing(
    client: TestClient, auth: Auth, services: Services, kind: str, changes: dict, field: str
) -> None:
    body = BODIES[kind](**changes)
    reply = client.post(
        f"/api/{kind}", json=body, headers=auth("officer") | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert reply.status_code == 422, reply.text
    problem = reply.json()
    assert reply.headers["content-type"] == "application/problem+json"
    assert problem["status"] == 422 and problem["title"] and problem["type"]
    assert field in [e["field"] for e in problem["errors"]]
    assert all(e["message"] for e in problem["errors"])
    assert count(services, kind) == 0


def test_read_only_field_error_says_it_is_read_only(client: TestClient, auth: Auth) -> None:
    reply = client.post(
        "/api/engagements",
        json=BODIES["engagements"](team_id="team-b1"),
        headers=auth("officer") | {"Idempotency-Key": "ro"},
    )
    assert reply.json()["errors"] == [
        {"field": "team_id", "message": "is read-only: the server sets it"}
    ]


def test_body_that_is_not_json_is_422(client: TestClient, auth: Auth) -> None:
    reply = client.post(
        "/api/patrols",
        content=b"{not json",
        headers=auth("officer") | {"Idempotency-Key": "x", "Content-Type": "application/json"},
    )
    assert reply.status_code == 422
    assert reply.json()["type"] == "urn:npt:problem:validation-error"


def test_body_over_one_megabyte_is_413_and_writes_nothing(
    client: TestClient, auth: Auth, services: Services
) -> None:
    body = BODIES["engagements"](notes="x" * 1_100_000)
    reply = client.post(
        "/api/engagements", json=body, headers=auth("officer") | {"Idempotency-Key": "big"}
    )
    assert reply.status_code == 413
    assert reply.headers["content-type"] == "application/problem+json"
    assert count(services, "engagements") == 0


def test_patch_with_unknown_or_read_only_field_is_422(client: TestClient, auth: Auth) -> None:
    made = client.post(
        "/api/patrols", json=BODIES["patrols"](), headers=auth("officer") | {"Idempotency-Key": "p"}
    ).json()
    for field in ("version", "officer", "speed"):
        reply = client.patch(
            f"/api/patrols/{made['id']}",
            json={field: 1},
            headers=auth("officer") | {"If-Match": '"1"'},
        )
        assert reply.status_code == 422
        assert reply.json()["errors"][0]["field"] == field


def test_malformed_if_match_is_422(client: TestClient, auth: Auth) -> None:
    made = client.post(
        "/api/patrols", json=BODIES["patrols"](), headers=auth("officer") | {"Idempotency-Key": "p"}
    ).json()
    reply = client.patch(
        f"/api/patrols/{made['id']}",
        json={"mode": "cycle"},
        headers=auth("officer") | {"If-Match": "latest"},
    )
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "If-Match"


def test_unknown_path_is_a_problem_not_html(client: TestClient) -> None:
    reply = client.get("/api/nothing-here")
    assert reply.status_code == 404
    assert reply.headers["content-type"] == "application/problem+json"


def test_the_other_forms_say_which_fields_the_server_sets(client: TestClient, auth: Auth) -> None:
    reply = client.post(
        "/api/feedback",
        json={"category": "bug", "description": "The map is blank", "status": "fixed"},
        headers=auth("officer") | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert reply.status_code == 422
    assert {"field": "status", "message": "is read-only: the server sets it"} in reply.json()[
        "errors"
    ]
    assert client.get("/api/feedback", headers=auth("officer")).json()["items"] == []
