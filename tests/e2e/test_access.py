"""API.md's role-by-action table, against own / same team / same LPA / other LPA records."""

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.payloads import BODIES

Auth = Callable[[str], dict[str, str]]

# Whose record: "own" is the caller's; the others are made by these people.
MAKER = {"team": "teammate", "lpa": "neighbour", "other_lpa": "stranger"}

# role -> {relation: (read, update, delete)} with expected statuses.
OK, HIDDEN, FORBIDDEN = 200, 404, 403
TABLE = {
    "officer": {
        "own": (OK, OK, OK),
        "team": (OK, FORBIDDEN, FORBIDDEN),
        "lpa": (HIDDEN, HIDDEN, HIDDEN),
        "other_lpa": (HIDDEN, HIDDEN, HIDDEN),
    },
    "supervisor": {
        "own": (OK, OK, OK),
        "team": (OK, OK, OK),
        "lpa": (OK, OK, OK),
        "other_lpa": (HIDDEN, HIDDEN, HIDDEN),
    },
    "manager": {
        "own": (OK, FORBIDDEN, FORBIDDEN),
        "team": (OK, FORBIDDEN, FORBIDDEN),
        "lpa": (OK, FORBIDDEN, FORBIDDEN),
        "other_lpa": (OK, FORBIDDEN, FORBIDDEN),
    },
    "admin": {
        "own": (OK, FORBIDDEN, OK),
        "team": (OK, FORBIDDEN, OK),
        "lpa": (OK, FORBIDDEN, OK),
        "other_lpa": (OK, FORBIDDEN, OK),
    },
    "auditor": {
        "team": (OK, FORBIDDEN, FORBIDDEN),
        "lpa": (OK, FORBIDDEN, FORBIDDEN),
        "other_lpa": (OK, FORBIDDEN, FORBIDDEN),
    },
}
CASES = [
    (role, relation, expected)
    for role, relations in TABLE.items()
    for relation, expected in relations.items()
]
# The table speaks from the officer's seat; supervisors sit in team-a2 of lpa-a, so their
# "team" and "lpa" records are both in lpa-a, and "other_lpa" is lpa-b.


def make(client: TestClient, auth: Auth, who: str, kind: str = "engagements") -> str:
    body = BODIES[kind]()
    if who in ("stranger", "manager", "admin", "other_supervisor"):
        body = body | {"priority_id": None}
    if kind == "patrols" and who in ("stranger", "manager", "admin"):
        body = body | {"hotspot_id": "hs-b1"}
    reply = client.post(
        f"/api/{kind}", json=body, headers=auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


@pytest.mark.parametrize(("role", "relation", "expected"), CASES)
def test_role_by_action_table(
    client: TestClient, auth: Auth, role: str, relation: str, expected: tuple[int, int, int]
) -> None:
    maker = role if relation == "own" else MAKER[relation]
    record_id = make(client, auth, maker)
    path = f"/api/engagements/{record_id}"
    read, update, delete = expected
    assert client.get(path, headers=auth(role)).status_code == read
    patched = client.patch(path, json={"attendees": 5}, headers=auth(role) | {"If-Match": '"1"'})
    assert patched.status_code == update
    version = 2 if update == OK else 1
    deleted = client.delete(
        path, params={"reason": "test"}, headers=auth(role) | {"If-Match": f'"{version}"'}
    )
    assert deleted.status_code == (204 if delete == OK else delete)


@pytest.mark.parametrize("role", ["officer", "supervisor", "manager", "admin"])
def test_every_role_but_auditor_creates_own_records(
    client: TestClient, auth: Auth, role: str
) -> None:
    make(client, auth, role)


def test_auditor_cannot_create_records(client: TestClient, auth: Auth) -> None:
    reply = client.post(
        "/api/patrols",
        json=BODIES["patrols"](hotspot_id="hs-b1"),
        headers=auth("auditor") | {"Idempotency-Key": "a"},
    )
    assert reply.status_code == 403


def test_lists_show_only_records_in_scope(client: TestClient, auth: Auth) -> None:
    own = make(client, auth, "officer")
    team = make(client, auth, "teammate")
    lpa = make(client, auth, "neighbour")
    other = make(client, auth, "stranger")

    def listed(role: str, **params: str) -> set[str]:
        reply = client.get("/api/engagements", params=params, headers=auth(role))
        return {r["id"] for r in reply.json()["items"]}

    assert listed("officer") == {own, team}
    assert listed("supervisor") == {own, team, lpa}
    assert listed("other_supervisor") == {other}
    assert listed("manager") == listed("admin") == listed("auditor") == {own, team, lpa, other}
    assert listed("officer", lpa_id="lpa-b") == set()
    assert listed("officer", officer="stranger@test.example") == set()


def test_supervisor_may_change_records_of_own_lpa_only(client: TestClient, auth: Auth) -> None:
    inside = make(client, auth, "officer", "patrols")
    reply = client.patch(
        f"/api/patrols/{inside}",
        json={"notes": "Reviewed by sergeant."},
        headers=auth("supervisor") | {"If-Match": '"1"'},
    )
    assert reply.status_code == 200
    assert reply.json()["updated_by"] == "supervisor@test.example"
    assert reply.json()["officer"] == "officer@test.example"
