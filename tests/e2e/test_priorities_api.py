"""Neighbourhood priorities over HTTP: at most three current, reviews, and who may do what."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

Auth = Callable[[str], dict[str, str]]
TODAY = datetime.now(UTC).date()


def new(client: TestClient, auth: Auth, who: str = "supervisor", **changes: Any) -> Any:
    body = {"team_id": "team-a1", "title": "Drug dealing by the park", "set_on": "2026-10-01"}
    return client.post("/api/priorities", json=body | changes, headers=auth(who))


def current_of(client: TestClient, auth: Auth, team_id: str) -> list[str]:
    reply = client.get(
        "/api/priorities",
        params={"team_id": team_id, "current": "true"},
        headers=auth("manager"),
    )
    return [p["id"] for p in reply.json()["items"]]


def test_supervisor_sets_a_current_priority_of_a_team_in_their_lpa(
    client: TestClient, auth: Auth
) -> None:
    reply = new(client, auth, team_id="team-a2", description="Reports from residents.")
    assert reply.status_code == 201, reply.text
    priority = reply.json()
    assert priority["team_id"] == "team-a2" and priority["lpa_id"] == "lpa-a"
    assert priority["current"] is True and priority["reviewed_on"] is None
    assert priority["set_on"] == "2026-10-01"
    assert priority["id"] in current_of(client, auth, "team-a2")


def test_set_on_defaults_to_today_and_may_not_be_in_the_future(
    client: TestClient, auth: Auth
) -> None:
    assert new(client, auth, set_on=None).json()["set_on"] == TODAY.isoformat()
    later = (TODAY + timedelta(days=2)).isoformat()
    reply = new(client, auth, set_on=later)
    assert reply.status_code == 422 and reply.json()["errors"][0]["field"] == "set_on"


def test_a_neighbourhood_has_at_most_three_current_priorities(
    client: TestClient, auth: Auth
) -> None:
    assert new(client, auth).status_code == 201
    assert new(client, auth).status_code == 201
    fourth = new(client, auth)
    assert fourth.status_code == 422
    assert fourth.json()["errors"][0]["field"] == "current"
    assert len(current_of(client, auth, "team-a1")) == 3


def test_closing_a_priority_makes_room_and_reopening_needs_room(
    client: TestClient, auth: Auth
) -> None:
    second, third = new(client, auth).json(), new(client, auth).json()
    closed = client.patch(
        f"/api/priorities/{second['id']}", json={"current": False}, headers=auth("supervisor")
    )
    assert closed.status_code == 200 and closed.json()["current"] is False
    assert new(client, auth).status_code == 201
    reopen = client.patch(
        f"/api/priorities/{second['id']}", json={"current": True}, headers=auth("supervisor")
    )
    assert reopen.status_code == 422
    current = current_of(client, auth, "team-a1")
    assert len(current) == 3 and third["id"] in current and second["id"] not in current


def test_reviewing_a_priority_records_the_latest_review_date(
    client: TestClient, auth: Auth
) -> None:
    priority = new(client, auth).json()
    path = f"/api/priorities/{priority['id']}"
    late = client.patch(path, json={"reviewed_on": "2026-11-01"}, headers=auth("supervisor"))
    assert late.status_code == 200 and late.json()["reviewed_on"] == "2026-11-01"
    early = client.patch(path, json={"reviewed_on": "2026-10-15"}, headers=auth("supervisor"))
    assert early.json()["reviewed_on"] == "2026-11-01"
    reworded = client.patch(path, json={"title": "Drug dealing"}, headers=auth("supervisor"))
    assert reworded.json()["title"] == "Drug dealing"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reviewed_on": "2026-09-01"}, "reviewed_on"),
        ({"reviewed_on": (TODAY + timedelta(days=1)).isoformat()}, "reviewed_on"),
        ({"title": None}, "title"),
        ({"current": None}, "current"),
        ({"title": ""}, "title"),
        ({"lpa_id": "lpa-b"}, "lpa_id"),
    ],
)
def test_invalid_change_to_a_priority_is_422_naming_the_field(
    client: TestClient, auth: Auth, body: dict[str, Any], field: str
) -> None:
    priority = new(client, auth).json()
    reply = client.patch(f"/api/priorities/{priority['id']}", json=body, headers=auth("supervisor"))
    assert reply.status_code == 422
    assert [e["field"] for e in reply.json()["errors"]] == [field]


@pytest.mark.parametrize(
    ("who", "team_id", "status"),
    [
        ("officer", "team-a1", 403),
        ("manager", "team-a1", 403),
        ("admin", "team-a1", 403),
        ("other_supervisor", "team-a1", 403),
        ("supervisor", "team-b1", 403),
        ("supervisor", "team-zz", 422),
    ],
)
def test_only_supervisors_set_priorities_and_only_in_their_lpa(
    client: TestClient, auth: Auth, who: str, team_id: str, status: int
) -> None:
    assert new(client, auth, who, team_id=team_id).status_code == status


def test_changing_a_priority_of_another_lpa_is_404_and_by_an_officer_403(
    client: TestClient, auth: Auth
) -> None:
    body = {"reviewed_on": "2026-10-02"}
    other = client.patch("/api/priorities/pri-b1", json=body, headers=auth("supervisor"))
    assert other.status_code == 404
    officer = client.patch("/api/priorities/pri-a1", json=body, headers=auth("officer"))
    assert officer.status_code == 403


def test_priorities_are_read_in_scope_current_first(client: TestClient, auth: Auth) -> None:
    closed = new(client, auth, set_on="2026-10-20").json()
    client.patch(
        f"/api/priorities/{closed['id']}", json={"current": False}, headers=auth("supervisor")
    )

    def ids(who: str, **params: str) -> list[str]:
        reply = client.get("/api/priorities", params=params, headers=auth(who))
        assert reply.status_code == 200, reply.text
        return [p["id"] for p in reply.json()["items"]]

    assert ids("officer") == ["pri-a1", closed["id"]]
    assert ids("neighbour") == []
    assert ids("supervisor") == ["pri-a1", closed["id"]]
    assert ids("stranger") == ["pri-b1"]
    assert ids("manager") == ["pri-b1", "pri-a1", closed["id"]]
    assert ids("auditor", current="false") == [closed["id"]]


def test_priorities_page_with_a_cursor(client: TestClient, auth: Auth) -> None:
    new(client, auth, set_on="2026-09-20")
    everything = client.get("/api/priorities", headers=auth("manager")).json()["items"]
    first = client.get("/api/priorities", params={"limit": 2}, headers=auth("manager")).json()
    rest = client.get(
        "/api/priorities", params={"limit": 2, "cursor": first["next"]}, headers=auth("manager")
    ).json()
    assert [p["id"] for p in first["items"] + rest["items"]] == [p["id"] for p in everything]
    assert rest["next"] is None
    bad = client.get("/api/priorities", params={"cursor": "xyz"}, headers=auth("manager"))
    assert bad.status_code == 422


def test_setting_and_reviewing_priorities_is_audited(client: TestClient, auth: Auth) -> None:
    priority = new(client, auth).json()
    client.patch(
        f"/api/priorities/{priority['id']}",
        json={"reviewed_on": date(2026, 10, 2).isoformat()},
        headers=auth("supervisor"),
    )
    log = client.get(
        "/api/admin/audit", params={"upn": "supervisor@test.example"}, headers=auth("auditor")
    ).json()["items"]
    actions = [(e["action"], e["kind"]) for e in log if e["record_id"] == priority["id"]]
    assert actions == [("alteration", "priority"), ("collection", "priority")]
