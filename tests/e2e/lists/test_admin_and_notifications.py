"""The Lists endpoints over HTTP: sync on demand, the outbox, and Graph's change notifications."""

import time
import uuid
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from core.dispatch import dispatch
from core.lists import SYNCED, Lists
from core.notifications import keep_subscribed
from core.services import Services
from schemas.kinds import PATROL
from tests.conftest import upn
from tests.fakegraph.tenant import Tenant
from tests.lists_support import all_records, power_app_fields
from tests.payloads import patrol

Auth = Callable[[str], dict[str, str]]
PATROLS = PATROL.spec.title


def _webhook(client: TestClient) -> Callable[[str, dict[str, str], Any], tuple[int, str]]:
    """Graph's call to the notification URL, sent to the app under test."""

    def post(url: str, query: dict[str, str], body: Any) -> tuple[int, str]:
        path = url.split("npt.example", 1)[1]
        reply = client.post(path, params=query, json=body)
        return reply.status_code, reply.text

    return post


def test_only_admins_run_the_sync_and_it_reports_counts(
    client: TestClient, auth: Auth, tenant: Tenant, lists: Lists
) -> None:
    tenant.lists.power_app_create(PATROLS, power_app_fields(PATROL), upn("officer"))
    assert client.post("/api/admin/sync", headers=auth("officer")).status_code == 403
    reply = client.post("/api/admin/sync", headers=auth("admin"))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["created"], body["updated"], body["deleted"]) == (1, 0, 0)
    assert body["lists"]["patrol"]["created"] == 1
    assert set(body["lists"]) == set(SYNCED), "every list is synced, content and reference too"


def test_admins_see_parked_writes_with_their_error_and_retry_them(
    client: TestClient, auth: Auth, services: Services, tenant: Tenant, lists: Lists
) -> None:
    removed = tenant.lists.by_name(PATROLS).columns.pop("Notes")
    headers = auth("officer") | {"Idempotency-Key": str(uuid.uuid4())}
    assert client.post("/api/patrols", json=patrol(), headers=headers).status_code == 201
    dispatch(services.database, lists, until_idle=True)
    assert client.get("/api/admin/outbox", headers=auth("supervisor")).status_code == 403
    reply = client.get("/api/admin/outbox?status=parked", headers=auth("admin"))
    assert reply.status_code == 200, reply.text
    (row,) = reply.json()["items"]
    assert row["status"] == "parked" and "Notes" in row["last_error"]
    assert row["author"] == upn("officer") and row["operation"] == "create"
    tenant.lists.by_name(PATROLS).columns["Notes"] = removed
    again = client.post(f"/api/admin/outbox/{row['id']}/retry", headers=auth("admin"))
    assert again.status_code == 200 and again.json()["status"] == "pending"
    assert (
        client.post(f"/api/admin/outbox/{row['id']}/retry", headers=auth("admin")).status_code
        == 404
    )
    dispatch(services.database, lists, until_idle=True)
    assert client.get("/api/admin/outbox", headers=auth("admin")).json()["items"] == []
    assert len(tenant.lists.rows(PATROLS)) == 1


def test_the_validation_handshake_echoes_the_token_as_plain_text(client: TestClient) -> None:
    reply = client.post("/api/lists/notifications?validationToken=Validation%3a+Testing")
    assert reply.status_code == 200
    assert reply.text == "Validation: Testing"
    assert reply.headers["content-type"].startswith("text/plain")


def test_a_notification_wakes_the_sync_of_its_list(
    client: TestClient, services: Services, tenant: Tenant, lists: Lists
) -> None:
    tenant.subscriptions.webhook = _webhook(client)
    made = keep_subscribed(services.database, lists)
    assert {r.kind: r.action for r in made} == dict.fromkeys(SYNCED, "created")
    assert {r.action for r in keep_subscribed(services.database, lists)} == {"current"}
    tenant.lists.power_app_create(PATROLS, power_app_fields(PATROL), upn("teammate"))
    assert [status for status, _ in tenant.subscriptions.deliver()] == [202]
    deadline = time.monotonic() + 20
    while not all_records(services.database, PATROL) and time.monotonic() < deadline:
        time.sleep(0.05)
    (record,) = all_records(services.database, PATROL)
    assert record.officer == upn("teammate")


def test_a_notification_without_our_client_state_is_refused(
    client: TestClient, lists: Lists
) -> None:
    forged = {"value": [{"subscriptionId": "x", "clientState": "guess", "resource": "r"}]}
    assert client.post("/api/lists/notifications", json=forged).status_code == 403
    assert client.post("/api/lists/notifications", json={"value": 3}).status_code == 422


def test_subscriptions_are_renewed_before_they_end(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    keep_subscribed(services.database, lists)
    tenant.clock.sleep(27 * 24 * 3600)
    assert {r.action for r in keep_subscribed(services.database, lists)} == {"renewed"}
    tenant.clock.sleep(40 * 24 * 3600)
    assert {r.action for r in keep_subscribed(services.database, lists)} == {"created"}


def test_embedded_mode_queues_writes_but_has_no_lists_to_sync(
    client: TestClient, auth: Auth
) -> None:
    headers = auth("officer") | {"Idempotency-Key": str(uuid.uuid4())}
    assert client.post("/api/patrols", json=patrol(), headers=headers).status_code == 201
    assert client.post("/api/admin/sync", headers=auth("admin")).status_code == 403
    (row,) = client.get("/api/admin/outbox", headers=auth("admin")).json()["items"]
    assert (row["status"], row["operation"], row["attempts"]) == ("pending", "create", 0)
