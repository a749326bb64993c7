"""Security headers on every reply, CORS only for configured origins, writes rate-limited."""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from core.services import Services
from functions.app import create_app
from tests.payloads import patrol

Auth = Callable[[str], dict[str, str]]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/health"), ("GET", "/api/me"), ("GET", "/api/nowhere"), ("GET", "/api/patrols")],
)
def test_every_reply_carries_security_headers(
    client: TestClient, auth: Auth, method: str, path: str
) -> None:
    reply = client.request(method, path, headers=auth("officer"))
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
    assert reply.headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_and_oversized_replies_carry_them_too(client: TestClient, auth: Auth) -> None:
    unauthenticated = client.get("/api/me")
    oversized = client.post(
        "/api/patrols",
        content=b"x" * 2_000_000,
        headers=auth("officer") | {"Idempotency-Key": "k", "Content-Type": "application/json"},
    )
    for reply in (unauthenticated, oversized):
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Cache-Control"] == "no-store"


@pytest.fixture
def cors_client(services: Services) -> Iterator[TestClient]:
    services.settings = replace(services.settings, cors_origins=("https://apps.example.org",))
    with TestClient(create_app(lambda: services)) as client:
        yield client


def test_cors_answers_configured_origins_only(cors_client: TestClient) -> None:
    allowed = cors_client.options(
        "/api/patrols",
        headers={
            "Origin": "https://apps.example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,idempotency-key",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://apps.example.org"
    refused = cors_client.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in refused.headers


def test_no_cors_headers_without_configured_origins(client: TestClient) -> None:
    reply = client.get("/api/health", headers={"Origin": "https://apps.example.org"})
    assert "access-control-allow-origin" not in reply.headers


def test_writes_beyond_the_burst_get_429_with_retry_after(services: Services, auth: Auth) -> None:
    services.settings = replace(services.settings, write_burst=3, writes_per_minute=1)
    with TestClient(create_app(lambda: services)) as client:
        statuses = [
            client.post(
                "/api/patrols",
                json=patrol(),
                headers=auth("officer") | {"Idempotency-Key": str(uuid.uuid4())},
            ).status_code
            for _ in range(4)
        ]
        assert statuses == [201, 201, 201, 429]
        limited = client.post(
            "/api/patrols", json=patrol(), headers=auth("officer") | {"Idempotency-Key": "z"}
        )
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert limited.headers["content-type"] == "application/problem+json"
        assert client.get("/api/patrols", headers=auth("officer")).status_code == 200
        other = client.post(
            "/api/patrols", json=patrol(), headers=auth("teammate") | {"Idempotency-Key": "t"}
        )
        assert other.status_code == 201
