"""A create retried with the same Idempotency-Key yields one record, however the retries arrive."""

import asyncio
from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient

from core.services import Services
from functions.app import create_app
from schemas.kinds import BY_COLLECTION
from tests.payloads import engagement, patrol

Auth = Callable[[str], dict[str, str]]


def count(services: Services, kind: str) -> int:
    with services.database.transaction(read_only=True) as tx:
        return tx.activities(BY_COLLECTION[kind]).count()


def test_create_without_idempotency_key_is_428(client: TestClient, auth: Auth) -> None:
    reply = client.post("/api/patrols", json=patrol(), headers=auth("officer"))
    assert reply.status_code == 428
    assert "Idempotency-Key" in reply.json()["detail"]


def test_replay_with_same_key_returns_the_same_record_with_200(
    client: TestClient, auth: Auth, services: Services
) -> None:
    body = patrol()
    headers = auth("officer") | {"Idempotency-Key": "submission-1"}
    first = client.post("/api/patrols", json=body, headers=headers)
    second = client.post("/api/patrols", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert second.headers["ETag"] == '"1"'
    assert count(services, "patrols") == 1


def test_same_key_with_another_body_is_422(
    client: TestClient, auth: Auth, services: Services
) -> None:
    headers = auth("officer") | {"Idempotency-Key": "submission-2"}
    client.post("/api/patrols", json=patrol(), headers=headers)
    other = client.post("/api/patrols", json=patrol(location="Elsewhere"), headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert count(services, "patrols") == 1


def test_same_key_is_scoped_to_caller_and_kind(
    client: TestClient, auth: Auth, services: Services
) -> None:
    key = {"Idempotency-Key": "shared-key"}
    assert (
        client.post("/api/patrols", json=patrol(), headers=auth("officer") | key).status_code == 201
    )
    assert (
        client.post("/api/patrols", json=patrol(), headers=auth("teammate") | key).status_code
        == 201
    )
    reply = client.post("/api/engagements", json=engagement(), headers=auth("officer") | key)
    assert reply.status_code == 201
    assert count(services, "patrols") == 2


def test_twenty_concurrent_retries_with_one_key_make_one_record(
    services: Services, auth: Auth
) -> None:
    app = create_app(lambda: services)
    headers = auth("officer") | {"Idempotency-Key": "flaky-signal"}
    body = engagement()

    async def storm() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await asyncio.gather(
                *(http.post("/api/engagements", json=body, headers=headers) for _ in range(20))
            )

    replies = asyncio.run(storm())
    statuses = sorted(r.status_code for r in replies)
    assert statuses == [200] * 19 + [201], [r.text for r in replies if r.status_code >= 300]
    assert len({r.json()["id"] for r in replies}) == 1
    assert count(services, "engagements") == 1
