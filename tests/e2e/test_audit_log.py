"""Every collection, consultation, alteration and deletion is audited; failures leave no row."""

import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from core.services import Services
from schemas.audit import AuditSource
from store.audit import AuditEvent
from tests.payloads import patrol

Auth = Callable[[str], dict[str, str]]


def log(client: TestClient, auth: Auth, **params: Any) -> list[dict[str, Any]]:
    reply = client.get("/api/admin/audit", params={"limit": 200} | params, headers=auth("auditor"))
    assert reply.status_code == 200, reply.text
    return [e for e in reply.json()["items"] if e["kind"] != "audit"]


def test_each_action_on_a_record_is_audited_with_who_and_request_id(
    client: TestClient, auth: Auth
) -> None:
    headers = auth("officer") | {"X-Request-Id": "req-create", "X-Purpose": "shift record"}
    made = client.post(
        "/api/patrols", json=patrol(), headers=headers | {"Idempotency-Key": "a1"}
    ).json()
    path = f"/api/patrols/{made['id']}"
    client.get(path, headers=auth("officer") | {"X-Request-Id": "req-read"})
    client.patch(
        path,
        json={"mode": "cycle"},
        headers=auth("officer") | {"If-Match": '"1"', "X-Request-Id": "req-edit"},
    )
    client.get("/api/patrols", headers=auth("officer") | {"X-Request-Id": "req-list"})
    client.delete(
        path, params={"reason": "duplicate"}, headers=auth("officer") | {"X-Request-Id": "req-del"}
    )
    entries = {e["request_id"]: e for e in log(client, auth, upn="officer@test.example")}
    assert entries["req-create"]["action"] == "collection"
    assert entries["req-create"]["purpose"] == "shift record"
    assert entries["req-read"]["action"] == "consultation"
    assert entries["req-edit"]["action"] == "alteration"
    assert entries["req-edit"]["detail"] == {"fields": ["mode"]}
    assert entries["req-list"]["action"] == "consultation"
    assert entries["req-list"]["detail"] == {"record_ids": [made["id"]]}
    assert entries["req-del"]["action"] == "deletion"
    assert entries["req-del"]["detail"] == {"reason": "duplicate"}
    for entry in entries.values():
        assert entry["upn"] == "officer@test.example"
        assert entry["source"] == "api"
        assert entry["kind"] == "patrol"
    assert {entries[r]["record_id"] for r in ("req-create", "req-read", "req-edit", "req-del")} == {
        made["id"]
    }


def test_failed_writes_leave_no_audit_row(client: TestClient, auth: Auth) -> None:
    bad = client.post(
        "/api/patrols",
        json=patrol(mode="horse"),
        headers=auth("officer") | {"Idempotency-Key": "x", "X-Request-Id": "req-bad"},
    )
    assert bad.status_code == 422
    made = client.post(
        "/api/patrols", json=patrol(), headers=auth("officer") | {"Idempotency-Key": "y"}
    ).json()
    stale = client.patch(
        f"/api/patrols/{made['id']}",
        json={"mode": "cycle"},
        headers=auth("officer") | {"If-Match": '"9"', "X-Request-Id": "req-stale"},
    )
    assert stale.status_code == 412
    forbidden = client.delete(
        f"/api/patrols/{made['id']}",
        params={"reason": "x"},
        headers=auth("teammate") | {"X-Request-Id": "req-forbidden"},
    )
    assert forbidden.status_code == 403
    ids = {e["request_id"] for e in log(client, auth)}
    assert not ids & {"req-bad", "req-stale", "req-forbidden"}


def test_audit_row_is_in_the_same_transaction_as_the_change(services: Services) -> None:
    """A change rolled back takes its audit row with it."""
    from schemas.audit import AuditAction
    from schemas.base import now_utc

    event = AuditEvent(
        at=now_utc(),
        upn="officer@test.example",
        action=AuditAction.COLLECTION,
        source=AuditSource.API,
        request_id=str(uuid.uuid4()),
    )
    with services.database.transaction() as tx:
        tx.audit.record(event)
    with services.database.transaction(read_only=True) as tx:
        assert tx.audit.list(limit=10).items == []


def test_only_auditors_read_the_processing_log(client: TestClient, auth: Auth) -> None:
    for role in ("officer", "supervisor", "manager", "admin"):
        assert client.get("/api/admin/audit", headers=auth(role)).status_code == 403
    assert client.get("/api/admin/audit", headers=auth("auditor")).status_code == 200


def test_audit_log_filters_by_period_and_person(client: TestClient, auth: Auth) -> None:
    client.post("/api/patrols", json=patrol(), headers=auth("teammate") | {"Idempotency-Key": "1"})
    assert log(client, auth, upn="teammate@test.example")
    assert log(client, auth, upn="nobody@test.example") == []
    assert log(client, auth, **{"from": "2020-01-01", "to": "2020-01-02"}) == []


def test_reading_the_log_is_itself_audited(client: TestClient, auth: Auth) -> None:
    client.get("/api/admin/audit", headers=auth("auditor"))
    reply = client.get("/api/admin/audit", headers=auth("auditor")).json()["items"]
    assert any(e["kind"] == "audit" and e["upn"] == "auditor@test.example" for e in reply)
