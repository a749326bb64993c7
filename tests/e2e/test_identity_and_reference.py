"""Health, readiness, the signed-in person and reference data."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from schemas.content import CONTENT_LISTS
from schemas.kinds import ACTIVITY_KINDS

Auth = Callable[[str], dict[str, str]]


def test_health_needs_no_auth_and_no_database(client: TestClient) -> None:
    reply = client.get("/api/health")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok"}
    assert reply.headers["X-Request-Id"]


def test_ready_answers_when_the_store_does(client: TestClient) -> None:
    assert client.get("/api/ready").status_code == 200


def test_request_id_is_echoed_when_well_formed_and_replaced_otherwise(client: TestClient) -> None:
    assert (
        client.get("/api/health", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"]
        == "abc-123"
    )
    replaced = client.get("/api/health", headers={"X-Request-Id": "bad id\twith spaces"})
    assert replaced.headers["X-Request-Id"] != "bad id\twith spaces"


def test_reference_lists_every_enum_with_labels(client: TestClient, auth: Auth) -> None:
    reply = client.get("/api/reference", headers=auth("officer"))
    assert reply.status_code == 200
    choices = reply.json()["choices"]
    for kind in ACTIVITY_KINDS.values():
        for column in kind.spec.choice_columns:
            assert column.name in choices
    assert {"value": "beat_surgery", "label": "Beat surgery"} in choices["engagement_type"]
    groups = {g["value"]: g for g in choices["community_groups"]}
    assert groups["gypsy_roma_traveller"]["label"] == "Gypsy/Roma/Traveller"
    assert groups["lgbt"]["seldom_heard"] is True
    assert groups["general_public"]["seldom_heard"] is False
    assert {"value": "custody_prisoner_handling", "label": "Custody/prisoner handling"} in choices[
        "reason"
    ]


def test_reference_lists_the_other_forms_enums_by_form_and_field(
    client: TestClient, auth: Auth
) -> None:
    choices = client.get("/api/reference", headers=auth("officer")).json()["choices"]
    for content in CONTENT_LISTS.values():
        for column in content.spec.choice_columns:
            assert f"{content.name}.{column.name}" in choices
    assert {"value": "wont_fix", "label": "Won't fix"} in choices["feedback.status"]
    assert {"value": "under_review", "label": "Under review"} in choices["what_works_well.status"]
    assert [o["value"] for o in choices["dip_check.outcome"]] == [
        "meets_standard",
        "needs_improvement",
        "not_acceptable",
    ]


def test_reference_gives_the_callers_area(client: TestClient, auth: Auth) -> None:
    mine = client.get("/api/reference", headers=auth("officer")).json()
    assert [p["id"] for p in mine["priorities"]] == ["pri-a1"]
    assert [h["id"] for h in mine["hotspots"]] == ["hs-a1"]
    assert {lpa["id"] for lpa in mine["lpas"]} == {"lpa-a", "lpa-b"}
    force = client.get("/api/reference", headers=auth("manager")).json()
    assert {p["id"] for p in force["priorities"]} == {"pri-a1", "pri-b1"}


def test_reference_needs_sign_in(client: TestClient) -> None:
    assert client.get("/api/reference").status_code == 401


def test_ready_is_503_until_the_schema_is_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from core.services import Services
    from core.settings import Settings
    from functions.app import create_app

    services = Services(Settings(data_dir=tmp_path))
    with TestClient(create_app(lambda: services)) as client:
        reply = client.get("/api/ready")
    assert reply.status_code == 503
    assert "npt migrate" in reply.json()["detail"]
    services.close()
