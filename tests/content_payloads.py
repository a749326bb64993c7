"""Valid bodies for the content lists, and small helpers to write and audit them over HTTP."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from schemas.audit import AuditEntry
from store.database import Database

Auth = Callable[[str], dict[str, str]]


def at(hours: float) -> str:
    """A moment `hours` from now (negative: in the past), as ISO 8601 with its offset."""
    return (datetime.now(UTC).replace(microsecond=0) + timedelta(hours=hours)).isoformat()


def what_works_well(**changes: Any) -> dict[str, Any]:
    body = {
        "title": "Bike marking at the station",
        "summary": "Free bike marking reduced cycle theft at the station.",
        "what_was_done": "<p>Two <strong>marking days</strong> with the BTP.</p>",
        "outcome": "Thefts fell from 12 to 4 in three months.",
        "evidence": "promising",
        "topic": "Cycle theft",
        "partners": "British Transport Police, rail operator",
        "scale": "One neighbourhood",
        "contact": "PC 1000",
    }
    return body | changes


def feedback(**changes: Any) -> dict[str, Any]:
    body = {
        "category": "bug",
        "description": "The patrol form loses the hotspot when the signal drops.",
        "where": "Patrol form",
        "device": "Android phone",
    }
    return body | changes


def news(**changes: Any) -> dict[str, Any]:
    body = {
        "title": "New radios from Monday",
        "body": "<p>Collect yours from the <em>stores</em>.</p>",
        "audience": "force",
        "publish_from": at(-2),
        "publish_until": at(48),
        "pinned": False,
    }
    return body | changes


def folder(**changes: Any) -> dict[str, Any]:
    return {"name": "Guidance", "description": "How we do things"} | changes


def item(folder_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "folder_id": folder_id,
        "title": "Out-of-hours council contacts",
        "body": "<p>Call the <strong>duty officer</strong>.</p>",
        "link": "https://council.example/out-of-hours",
        "location": "Town hall",
        "latitude": 52.61,
        "longitude": -1.21,
    }
    return body | changes


def keyholder(**changes: Any) -> dict[str, Any]:
    body = {
        "premises": "Mill Lane Community Centre",
        "address": "1 Mill Lane, Millfield",
        "keyholder_name": "Pat Example",
        "phone": "+44 7700 900123",
    }
    return body | changes


def post(client: TestClient, auth: Auth, path: str, who: str, body: dict[str, Any]) -> Response:
    headers = auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    return client.post(f"/api/{path}", json=body, headers=headers)


def made(client: TestClient, auth: Auth, path: str, who: str, body: dict[str, Any]) -> dict:
    """Create an item that must be created, and return it."""
    reply = post(client, auth, path, who, body)
    assert reply.status_code == 201, reply.text
    return reply.json()


def patch(
    client: TestClient,
    auth: Auth,
    path: str,
    who: str,
    body: dict[str, Any],
    version: int = 1,
) -> Response:
    headers = auth(who) | {"If-Match": f'"{version}"'}
    return client.patch(f"/api/{path}", json=body, headers=headers)


def audit_of(database: Database, kind: str) -> list[AuditEntry]:
    """The audit rows about one content list, oldest first."""
    with database.transaction(read_only=True) as tx:
        rows = tx.audit.list(limit=1000).items
    return [row for row in reversed(rows) if row.kind == kind]
