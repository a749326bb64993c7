"""Retention erases what is past its time, keeps what is held, and logs every erasure."""

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from core.retention import PurgeReport, purge
from core.services import Services
from schemas.audit import AuditAction, AuditSource
from store.audit import AuditEvent
from store.tables import activity_tables, audit_log, idempotency_keys
from tests.payloads import patrol

Auth = Callable[[str], dict[str, str]]
NOW = datetime.now(UTC)


def make(client: TestClient, auth: Auth, who: str = "officer", days_ago: int = 1) -> str:
    start = NOW - timedelta(days=days_ago)
    body = patrol(
        started_at=start.isoformat(),
        ended_at=(start + timedelta(hours=1)).isoformat(),
        patrol_type="asb_patrol",
        hotspot_id=None,
        hotspot_minutes=None,
        priority_id=None,
    )
    reply = client.post(
        "/api/patrols", json=body, headers=auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


def ids(services: Services) -> set[str]:
    table = activity_tables["patrol"]
    with services.database.engine.connect() as connection:
        return {row.id for row in connection.execute(select(table.c.id))}


def erasures(services: Services) -> list[dict[str, Any]]:
    query = select(audit_log).where(audit_log.c.action == "erasure")
    with services.database.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def run(services: Services, dry_run: bool = False, days: int = 365) -> PurgeReport:
    settings = replace(services.settings, retention_days=days, deleted_grace_days=30)
    return purge(services.database, settings, dry_run=dry_run, source=AuditSource.TIMER)


@pytest.fixture
def records(client: TestClient, auth: Auth) -> dict[str, str]:
    made = {
        "old": make(client, auth, days_ago=400),
        "recent": make(client, auth, days_ago=10),
        "old_team": make(client, auth, "teammate", days_ago=500),
        "old_other_lpa": make(client, auth, "stranger", days_ago=450),
    }
    return made


def test_dry_run_reports_and_changes_nothing(services: Services, records: dict[str, str]) -> None:
    before = ids(services)
    report = run(services, dry_run=True)
    assert report.records["patrols"] == 3
    assert ids(services) == before
    assert erasures(services) == []


def test_records_past_retention_are_erased_each_with_an_audit_row(
    services: Services, records: dict[str, str]
) -> None:
    report = run(services)
    assert report.records == {"engagements": 0, "patrols": 3, "abstractions": 0}
    assert ids(services) == {records["recent"]}
    logged = {e["record_id"] for e in erasures(services) if e["kind"] == "patrol"}
    assert logged == {records["old"], records["old_team"], records["old_other_lpa"]}
    with services.database.engine.connect() as connection:
        keys = {r.record_id for r in connection.execute(select(idempotency_keys.c.record_id))}
    assert keys == {records["recent"]}


def test_soft_deleted_records_go_after_the_grace_period(
    client: TestClient, auth: Auth, services: Services
) -> None:
    record = make(client, auth, days_ago=5)
    client.delete(f"/api/patrols/{record}", params={"reason": "wrong"}, headers=auth("officer"))
    assert run(services).records["patrols"] == 0
    later = replace(services.settings, retention_days=365, deleted_grace_days=0)
    report = purge(services.database, later, dry_run=False, source=AuditSource.TIMER)
    assert report.records["patrols"] == 1
    assert record not in ids(services)


@pytest.mark.parametrize(
    ("scope", "target"),
    [("record", "old"), ("officer", "officer@test.example"), ("lpa", "lpa-a")],
)
def test_a_legal_hold_stops_purging(
    client: TestClient,
    auth: Auth,
    services: Services,
    records: dict[str, str],
    scope: str,
    target: str,
) -> None:
    target = records.get(target, target)
    placed = client.post(
        "/api/admin/legal-holds",
        json={"scope": scope, "target": target, "reason": "Civil claim pending"},
        headers=auth("admin"),
    )
    assert placed.status_code == 201, placed.text
    run(services)
    assert records["old"] in ids(services)
    assert records["old_other_lpa"] not in ids(services)
    lifted = client.delete(f"/api/admin/legal-holds/{placed.json()['id']}", headers=auth("admin"))
    assert lifted.status_code == 204
    run(services)
    assert records["old"] not in ids(services)


def test_only_admins_place_holds_and_run_retention(client: TestClient, auth: Auth) -> None:
    body = {"scope": "lpa", "target": "lpa-a", "reason": "Inquiry"}
    for role in ("officer", "supervisor", "manager", "auditor"):
        assert (
            client.post("/api/admin/legal-holds", json=body, headers=auth(role)).status_code == 403
        )
        assert client.post("/api/admin/purge", headers=auth(role)).status_code == 403
    assert client.get("/api/admin/legal-holds", headers=auth("auditor")).status_code == 200
    dry = client.post("/api/admin/purge", params={"dry_run": "true"}, headers=auth("admin"))
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True


def test_audit_log_is_kept_for_its_own_period(services: Services, records: dict[str, str]) -> None:
    with services.database.transaction() as tx:
        tx.audit.record(
            AuditEvent(
                at=NOW - timedelta(days=4000),
                upn="someone@test.example",
                action=AuditAction.CONSULTATION,
                source=AuditSource.API,
            )
        )
        tx.commit()
    settings = replace(services.settings, audit_retention_days=3650)
    report = purge(services.database, settings, dry_run=False, source=AuditSource.TIMER)
    assert report.audit_entries == 1
    assert any(e["kind"] == "audit" for e in erasures(services))
