"""Recording, replacing and listing dip checks over HTTP, and the check shown on the record."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.payloads import BODIES

Auth = Callable[[str], dict[str, str]]
ALL_MET = {
    "enough_detail": True,
    "right_category": True,
    "priority_linked": True,
    "no_unnecessary_personal_data": True,
    "location_recorded": True,
}


def made(client: TestClient, auth: Auth, who: str = "officer", kind: str = "patrols") -> str:
    headers = auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    body = BODIES[kind]()
    if who == "stranger":
        body |= {"priority_id": None} | ({"hotspot_id": "hs-b1"} if kind == "patrols" else {})
    reply = client.post(f"/api/{kind}", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


def check_body(record_id: str, kind: str = "patrol", **changes: Any) -> dict[str, Any]:
    body = {
        "kind": kind,
        "record_id": record_id,
        "outcome": "needs_improvement",
        "criteria": ALL_MET | {"location_recorded": False},
        "comment": "Add where the patrol went.",
    }
    return body | changes


def test_supervisor_records_a_check_that_the_officer_sees_on_the_record(
    client: TestClient, auth: Auth
) -> None:
    record_id = made(client, auth)
    reply = client.post("/api/dip-checks", json=check_body(record_id), headers=auth("supervisor"))
    assert reply.status_code == 201, reply.text
    check = reply.json()
    assert check["checked_by"] == "supervisor@test.example"
    assert (check["officer"], check["team_id"], check["lpa_id"]) == (
        "officer@test.example",
        "team-a1",
        "lpa-a",
    )
    assert check["current"] is True and check["replaced_at"] is None
    seen = client.get(f"/api/patrols/{record_id}", headers=auth("officer")).json()["dip_check"]
    assert seen == {
        "outcome": "needs_improvement",
        "criteria": ALL_MET | {"location_recorded": False},
        "checked_at": check["checked_at"],
        "checked_by": "supervisor@test.example",
        "comment": "Add where the patrol went.",
    }
    listed = client.get("/api/patrols", headers=auth("officer")).json()["items"]
    assert [item["dip_check"] for item in listed if item["id"] == record_id] == [seen]


def test_an_edit_after_a_check_replies_with_the_check_still_on_the_record(
    client: TestClient, auth: Auth
) -> None:
    record_id = made(client, auth)
    client.post("/api/dip-checks", json=check_body(record_id), headers=auth("supervisor"))
    edited = client.patch(
        f"/api/patrols/{record_id}",
        json={"notes": "Walked the precinct and the underpass."},
        headers=auth("officer") | {"If-Match": "1"},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["dip_check"]["outcome"] == "needs_improvement"


def test_a_second_check_replaces_the_first_and_the_history_is_kept(
    client: TestClient, auth: Auth
) -> None:
    record_id = made(client, auth)
    first = client.post(
        "/api/dip-checks", json=check_body(record_id), headers=auth("supervisor")
    ).json()
    second = client.post(
        "/api/dip-checks",
        json=check_body(record_id, outcome="meets_standard", criteria=ALL_MET, comment=None),
        headers=auth("supervisor"),
    )
    assert second.status_code == 201
    record = client.get(f"/api/patrols/{record_id}", headers=auth("officer")).json()
    assert record["dip_check"]["outcome"] == "meets_standard"
    current = client.get("/api/dip-checks", headers=auth("supervisor")).json()["items"]
    assert [c["id"] for c in current] == [second.json()["id"]]
    history = client.get(
        "/api/dip-checks", params={"history": "true"}, headers=auth("supervisor")
    ).json()["items"]
    assert [c["id"] for c in history] == [second.json()["id"], first["id"]]
    assert history[1]["current"] is False and history[1]["replaced_at"] is not None


def test_resending_the_same_check_returns_it_without_a_second_history_row(
    client: TestClient, auth: Auth
) -> None:
    record_id = made(client, auth)
    first = client.post("/api/dip-checks", json=check_body(record_id), headers=auth("supervisor"))
    again = client.post("/api/dip-checks", json=check_body(record_id), headers=auth("supervisor"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    history = client.get("/api/dip-checks", params={"history": "true"}, headers=auth("manager"))
    assert len(history.json()["items"]) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"comment": None}, "comment"),
        ({"outcome": "not_acceptable", "comment": "  "}, "comment"),
        ({"outcome": "fine"}, "outcome"),
        ({"criteria": {"enough_detail": True}}, "criteria.right_category"),
        ({"criteria": ALL_MET | {"spelling": True}}, "criteria.spelling"),
        ({"kind": "patrols"}, "kind"),
    ],
)
def test_invalid_check_is_422_naming_the_field_and_writes_nothing(
    client: TestClient, auth: Auth, changes: dict[str, Any], field: str
) -> None:
    record_id = made(client, auth)
    reply = client.post(
        "/api/dip-checks", json=check_body(record_id, **changes), headers=auth("supervisor")
    )
    assert reply.status_code == 422
    assert field in [e["field"] for e in reply.json()["errors"]]
    listed = client.get("/api/dip-checks", headers=auth("manager")).json()["items"]
    assert listed == []


def test_a_comment_is_optional_when_the_record_meets_the_standard(
    client: TestClient, auth: Auth
) -> None:
    record_id = made(client, auth)
    body = check_body(record_id, outcome="meets_standard", comment=None)
    assert client.post("/api/dip-checks", json=body, headers=auth("supervisor")).status_code == 201


@pytest.mark.parametrize(
    ("who", "author", "status"),
    [
        ("officer", "teammate", 403),
        ("manager", "officer", 403),
        ("admin", "officer", 403),
        ("auditor", "officer", 403),
        ("other_supervisor", "officer", 404),
        ("supervisor", "supervisor", 403),
        ("supervisor", "stranger", 404),
    ],
)
def test_only_supervisors_check_records_of_their_lpa_and_never_their_own(
    client: TestClient, auth: Auth, who: str, author: str, status: int
) -> None:
    record_id = made(client, auth, author)
    reply = client.post("/api/dip-checks", json=check_body(record_id), headers=auth(who))
    assert reply.status_code == status, reply.text


def test_checking_a_record_that_does_not_exist_is_404(client: TestClient, auth: Auth) -> None:
    reply = client.post("/api/dip-checks", json=check_body("nope"), headers=auth("supervisor"))
    assert reply.status_code == 404


def test_checks_are_listed_in_scope_for_supervisors_managers_and_admins(
    client: TestClient, auth: Auth
) -> None:
    alpha = made(client, auth, "officer")
    bravo = made(client, auth, "stranger")
    client.post("/api/dip-checks", json=check_body(alpha), headers=auth("supervisor"))
    client.post("/api/dip-checks", json=check_body(bravo), headers=auth("other_supervisor"))

    def listed(who: str, **params: str) -> list[str]:
        reply = client.get("/api/dip-checks", params=params, headers=auth(who))
        assert reply.status_code == 200, reply.text
        return [c["record_id"] for c in reply.json()["items"]]

    assert listed("supervisor") == [alpha]
    assert listed("other_supervisor") == [bravo]
    assert sorted(listed("manager")) == sorted([alpha, bravo])
    assert sorted(listed("admin")) == sorted([alpha, bravo])
    assert listed("manager", lpa_id="lpa-b") == [bravo]
    assert listed("manager", outcome="meets_standard") == []
    assert listed("manager", officer="officer@test.example") == [alpha]
    for who in ("officer", "auditor"):
        assert client.get("/api/dip-checks", headers=auth(who)).status_code == 403


def test_checks_list_pages_with_a_cursor(client: TestClient, auth: Auth) -> None:
    ids = {made(client, auth) for _ in range(3)}
    for record_id in ids:
        client.post("/api/dip-checks", json=check_body(record_id), headers=auth("supervisor"))
    first = client.get("/api/dip-checks", params={"limit": 2}, headers=auth("supervisor")).json()
    rest = client.get(
        "/api/dip-checks", params={"limit": 2, "cursor": first["next"]}, headers=auth("supervisor")
    ).json()
    assert rest["next"] is None
    assert {c["record_id"] for c in first["items"] + rest["items"]} == ids


def test_recording_a_check_is_audited_as_a_collection(client: TestClient, auth: Auth) -> None:
    record_id = made(client, auth)
    check = client.post(
        "/api/dip-checks", json=check_body(record_id), headers=auth("supervisor")
    ).json()
    log = client.get(
        "/api/admin/audit", params={"upn": "supervisor@test.example"}, headers=auth("auditor")
    ).json()["items"]
    entry = next(e for e in log if e["record_id"] == check["id"])
    assert (entry["action"], entry["kind"]) == ("collection", "dip_check")
    assert entry["detail"]["record_id"] == record_id


def test_queue_over_http_hands_a_supervisor_records_of_their_lpa(
    client: TestClient, auth: Auth
) -> None:
    record_id = made(client, auth, "teammate", "engagements")
    reply = client.get("/api/dip-checks/queue", params={"size": 5}, headers=auth("supervisor"))
    assert reply.status_code == 200, reply.text
    (item,) = reply.json()["items"]
    assert (item["kind"], item["record"]["id"], item["flagged"]) == (
        "engagement",
        record_id,
        False,
    )
    assert client.get("/api/dip-checks/queue", headers=auth("officer")).status_code == 403
    too_big = client.get("/api/dip-checks/queue", params={"size": 51}, headers=auth("supervisor"))
    assert too_big.status_code == 422
