"""Feedback on the app over HTTP: anyone signed in submits, sees their own; admins triage."""

from fastapi.testclient import TestClient

from core.services import Services
from schemas.audit import AuditAction
from tests.content_payloads import Auth, audit_of, feedback, made, patch, post

PATH = "feedback"
EVERYONE = ("officer", "supervisor", "manager", "admin", "auditor")


def test_anyone_signed_in_submits_feedback_that_starts_open(
    client: TestClient, auth: Auth, services: Services
) -> None:
    for who in EVERYONE:
        reply = post(client, auth, PATH, who, feedback())
        assert reply.status_code == 201, (who, reply.text)
        item = reply.json()
        assert (item["created_by"], item["status"], item["reply"]) == (
            f"{who}@test.example",
            "open",
            None,
        )
    actions = {r.action for r in audit_of(services.database, "feedback")}
    assert actions == {AuditAction.COLLECTION}
    assert client.post(f"/api/{PATH}", json=feedback()).status_code == 401


def test_feedback_is_validated_naming_each_field(client: TestClient, auth: Auth) -> None:
    body = feedback(category="rant", description="", device="x" * 201, status="fixed")
    reply = post(client, auth, PATH, "officer", body)
    assert reply.status_code == 422
    fields = {e["field"] for e in reply.json()["errors"]}
    assert fields == {"category", "description", "device", "status"}


def test_people_see_only_their_own_feedback_and_admins_see_all(
    client: TestClient, auth: Auth
) -> None:
    mine = made(client, auth, PATH, "officer", feedback())
    theirs = made(client, auth, PATH, "teammate", feedback(category="praise"))
    own = client.get(f"/api/{PATH}", headers=auth("officer")).json()["items"]
    assert [f["id"] for f in own] == [mine["id"]]
    assert client.get(f"/api/{PATH}/{theirs['id']}", headers=auth("officer")).status_code == 404
    assert client.get(f"/api/{PATH}/{mine['id']}", headers=auth("officer")).status_code == 200
    for who in ("supervisor", "manager", "auditor"):
        assert client.get(f"/api/{PATH}/{mine['id']}", headers=auth(who)).status_code == 404
    every = client.get(f"/api/{PATH}", headers=auth("admin")).json()["items"]
    assert [f["id"] for f in every] == [theirs["id"], mine["id"]]
    praise = client.get(f"/api/{PATH}?category=praise", headers=auth("admin")).json()["items"]
    assert [f["id"] for f in praise] == [theirs["id"]]
    by = client.get(f"/api/{PATH}?author=officer@test.example", headers=auth("admin")).json()
    assert [f["id"] for f in by["items"]] == [mine["id"]]


def test_an_admin_triages_and_replies_and_the_author_sees_it(
    client: TestClient, auth: Auth, services: Services
) -> None:
    item = made(client, auth, PATH, "officer", feedback())
    path = f"{PATH}/{item['id']}"
    reply = patch(
        client, auth, path, "admin", {"status": "in_progress", "reply": "Thanks, looking now."}
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["replied_by"] == "admin@test.example"
    fixed = patch(client, auth, path, "admin", {"status": "fixed"}, 2)
    assert fixed.json()["status"] == "fixed"
    wont = patch(client, auth, path, "admin", {"status": "wont_fix"}, 3)
    assert wont.json()["status"] == "wont_fix"
    seen = client.get(f"/api/{path}", headers=auth("officer")).json()
    assert (seen["status"], seen["reply"], seen["version"]) == (
        "wont_fix",
        "Thanks, looking now.",
        4,
    )
    listed = client.get(f"/api/{PATH}?status=wont_fix", headers=auth("officer")).json()
    assert [f["id"] for f in listed["items"]] == [item["id"]]
    changes = [r for r in audit_of(services.database, "feedback") if r.action.value == "alteration"]
    assert changes[0].detail == {"fields": ["replied_at", "replied_by", "reply", "status"]}


def test_only_admins_triage_feedback(client: TestClient, auth: Auth) -> None:
    item = made(client, auth, PATH, "officer", feedback())
    path = f"{PATH}/{item['id']}"
    assert patch(client, auth, path, "officer", {"status": "fixed"}).status_code == 403
    assert patch(client, auth, path, "supervisor", {"status": "fixed"}).status_code == 404
    assert patch(client, auth, path, "admin", {"status": "closed"}).status_code == 422
    assert patch(client, auth, path, "admin", {"status": None}).status_code == 422
    assert patch(client, auth, path, "admin", {"category": "glitch"}).status_code == 422


def test_feedback_is_not_deleted_through_the_api(client: TestClient, auth: Auth) -> None:
    item = made(client, auth, PATH, "officer", feedback())
    reply = client.delete(f"/api/{PATH}/{item['id']}?reason=x", headers=auth("admin"))
    assert reply.status_code == 405
