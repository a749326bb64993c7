"""The area summary over HTTP: who may read which area, and that each read is logged."""

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.payloads import engagement

Auth = Callable[[str], dict[str, str]]
PATH = "/api/supervision/summary"


@pytest.mark.parametrize(
    ("who", "params", "status", "lpa_id"),
    [
        ("supervisor", {}, 200, "lpa-a"),
        ("supervisor", {"team_id": "team-a1"}, 200, "lpa-a"),
        ("supervisor", {"lpa_id": "lpa-b"}, 403, None),
        ("other_supervisor", {}, 200, "lpa-b"),
        ("manager", {}, 200, None),
        ("manager", {"lpa_id": "lpa-a"}, 200, "lpa-a"),
        ("admin", {"team_id": "team-b1"}, 200, "lpa-b"),
        ("officer", {}, 403, None),
        ("auditor", {}, 403, None),
        ("manager", {"lpa_id": "nowhere"}, 422, None),
    ],
)
def test_each_role_reads_the_summary_of_its_area_only(
    client: TestClient,
    auth: Auth,
    who: str,
    params: dict[str, str],
    status: int,
    lpa_id: str | None,
) -> None:
    reply = client.get(PATH, params=params, headers=auth(who))
    assert reply.status_code == status, reply.text
    if status == 200:
        assert reply.json()["lpa_id"] == lpa_id


def test_summary_counts_a_new_record_and_reports_both_periods(
    client: TestClient, auth: Auth
) -> None:
    headers = auth("officer") | {"Idempotency-Key": str(uuid.uuid4())}
    assert client.post("/api/engagements", json=engagement(), headers=headers).status_code == 201
    body = client.get(PATH, headers=auth("supervisor")).json()
    assert body["period"]["records"]["by_kind"]["engagement"] == 1
    assert body["period"]["seldom_heard"]["by_group"]["older_people"] == 1
    assert body["period"]["priority_links"]["engagement"]["share"] == 1.0
    assert body["previous"]["records"]["by_kind"]["total"] == 0
    assert body["previous"]["dip_checks"]["share_checked"] is None


def test_period_must_be_in_order_and_dates(client: TestClient, auth: Auth) -> None:
    backwards = client.get(
        PATH, params={"from": "2026-10-02", "to": "2026-10-01"}, headers=auth("manager")
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "to"
    garbled = client.get(PATH, params={"from": "last week"}, headers=auth("manager"))
    assert garbled.status_code == 422 and garbled.json()["errors"][0]["field"] == "from"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "9999-12-31"}, "to"),
        ({"to": "0001-01-01"}, "to"),
        ({"from": "0001-01-01", "to": "0001-03-01"}, "from"),
        ({"from": "1899-12-31", "to": "1900-01-31"}, "from"),
    ],
)
def test_a_period_at_the_ends_of_the_calendar_is_a_422(
    client: TestClient, auth: Auth, params: dict[str, str], field: str
) -> None:
    reply = client.get(PATH, params=params, headers=auth("manager"))
    assert reply.status_code == 422, reply.text
    assert reply.json()["errors"][0]["field"] == field


def test_reading_the_summary_is_audited(client: TestClient, auth: Auth) -> None:
    client.get(PATH, params={"from": "2026-10-01", "to": "2026-10-31"}, headers=auth("manager"))
    log = client.get(
        "/api/admin/audit", params={"upn": "manager@test.example"}, headers=auth("auditor")
    ).json()["items"]
    (entry,) = [e for e in log if e["kind"] == "summary"]
    assert entry["action"] == "consultation"
    assert entry["detail"] == {
        "lpa_id": None,
        "team_id": None,
        "from": "2026-10-01",
        "to": "2026-10-31",
    }
