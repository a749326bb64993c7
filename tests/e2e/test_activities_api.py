"""Create, read, update, delete and list each kind of activity record over HTTP."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from core.services import Services
from store.paging import encode_cursor
from tests.payloads import BODIES, abstraction, engagement, patrol
from tests.search_records import insert, row

KINDS = list(BODIES)
Auth = Callable[[str], dict[str, str]]


def create(client: TestClient, auth: Auth, kind: str, who: str = "officer", **changes: object):
    headers = auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    return client.post(f"/api/{kind}", json=BODIES[kind](**changes), headers=headers)


@pytest.mark.parametrize("kind", KINDS)
def test_created_record_is_returned_with_server_fields_and_etag(
    client: TestClient, auth: Auth, kind: str
) -> None:
    reply = create(client, auth, kind)
    assert reply.status_code == 201, reply.text
    record = reply.json()
    assert record["officer"] == "officer@test.example"
    assert (record["team_id"], record["lpa_id"]) == ("team-a1", "lpa-a")
    assert record["version"] == 1
    assert record["created_by"] == record["updated_by"] == "officer@test.example"
    assert record["dip_check"] is None and record["warnings"] == []
    assert reply.headers["ETag"] == '"1"'
    assert reply.headers["Location"] == f"/api/{kind}/{record['id']}"
    again = client.get(f"/api/{kind}/{record['id']}", headers=auth("officer"))
    assert again.status_code == 200
    assert again.json() == record


def test_times_are_reported_in_london_with_their_offset(client: TestClient, auth: Auth) -> None:
    body = engagement(started_at="2026-07-01T09:00:00Z", ended_at="2026-07-01T10:00:00Z")
    body["follow_up_on"] = None
    reply = client.post(
        "/api/engagements", json=body, headers=auth("officer") | {"Idempotency-Key": "k1"}
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["started_at"] == "2026-07-01T10:00:00+01:00"
    winter = client.post(
        "/api/engagements",
        json=body | {"started_at": "2026-01-05T09:00:00+00:00", "ended_at": None},
        headers=auth("officer") | {"Idempotency-Key": "k2"},
    )
    assert winter.json()["started_at"] == "2026-01-05T09:00:00+00:00"


def test_patrol_duration_and_abstraction_hours_are_derived(client: TestClient, auth: Auth) -> None:
    made = create(
        client,
        auth,
        "patrols",
        started_at="2026-03-02T09:00:00+00:00",
        ended_at="2026-03-02T10:30:00+00:00",
    ).json()
    assert made["duration_minutes"] == 90
    hours = create(
        client,
        auth,
        "abstractions",
        started_at="2026-03-02T09:00:00+00:00",
        ended_at="2026-03-02T11:15:00+00:00",
    ).json()
    assert hours["hours"] == 2.25


@pytest.mark.parametrize("kind", KINDS)
def test_patch_with_current_etag_changes_fields_and_bumps_version(
    client: TestClient, auth: Auth, kind: str
) -> None:
    record = create(client, auth, kind).json()
    reply = client.patch(
        f"/api/{kind}/{record['id']}",
        json={"location": "Library steps", "notes": "Updated after briefing."},
        headers=auth("officer") | {"If-Match": '"1"'},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["location"] == "Library steps"
    assert reply.json()["version"] == 2
    assert reply.headers["ETag"] == '"2"'


def test_patch_accepts_a_bare_version_in_if_match(client: TestClient, auth: Auth) -> None:
    record = create(client, auth, "patrols").json()
    reply = client.patch(
        f"/api/patrols/{record['id']}",
        json={"mode": "cycle"},
        headers=auth("officer") | {"If-Match": "1"},
    )
    assert reply.status_code == 200
    assert reply.json()["mode"] == "cycle"


def test_patch_recomputes_derived_fields(client: TestClient, auth: Auth) -> None:
    record = create(
        client,
        auth,
        "patrols",
        started_at="2026-03-02T09:00:00+00:00",
        ended_at="2026-03-02T10:00:00+00:00",
    ).json()
    reply = client.patch(
        f"/api/patrols/{record['id']}",
        json={"ended_at": "2026-03-02T11:00:00+00:00"},
        headers=auth("officer") | {"If-Match": '"1"'},
    )
    assert reply.json()["duration_minutes"] == 120


def test_patch_with_stale_etag_is_412_and_changes_nothing(client: TestClient, auth: Auth) -> None:
    record = create(client, auth, "engagements").json()
    path = f"/api/engagements/{record['id']}"
    first = client.patch(path, json={"attendees": 3}, headers=auth("officer") | {"If-Match": '"1"'})
    assert first.status_code == 200
    stale = client.patch(
        path, json={"attendees": 99}, headers=auth("officer") | {"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert client.get(path, headers=auth("officer")).json()["attendees"] == 3


def test_patch_without_if_match_is_428(client: TestClient, auth: Auth) -> None:
    record = create(client, auth, "engagements").json()
    reply = client.patch(
        f"/api/engagements/{record['id']}", json={"attendees": 3}, headers=auth("officer")
    )
    assert reply.status_code == 428
    assert reply.json()["status"] == 428


def test_patch_that_breaks_a_rule_on_the_merged_record_is_422(
    client: TestClient, auth: Auth
) -> None:
    record = create(client, auth, "patrols").json()
    reply = client.patch(
        f"/api/patrols/{record['id']}",
        json={"hotspot_minutes": 600},
        headers=auth("officer") | {"If-Match": '"1"'},
    )
    assert reply.status_code == 422
    assert [e["field"] for e in reply.json()["errors"]] == ["hotspot_minutes"]


def test_patch_setting_a_required_field_to_null_is_422(client: TestClient, auth: Auth) -> None:
    record = create(client, auth, "engagements").json()
    reply = client.patch(
        f"/api/engagements/{record['id']}",
        json={"location": None},
        headers=auth("officer") | {"If-Match": '"1"'},
    )
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "location"


@pytest.mark.parametrize("kind", KINDS)
def test_deleted_record_disappears_from_reads_and_lists(
    client: TestClient, auth: Auth, kind: str
) -> None:
    record = create(client, auth, kind).json()
    path = f"/api/{kind}/{record['id']}"
    reply = client.delete(path, params={"reason": "Entered twice"}, headers=auth("officer"))
    assert reply.status_code == 204
    assert client.get(path, headers=auth("officer")).status_code == 404
    listed = client.get(f"/api/{kind}", headers=auth("officer")).json()["items"]
    assert record["id"] not in [r["id"] for r in listed]
    again = client.delete(path, params={"reason": "again"}, headers=auth("officer"))
    assert again.status_code == 404


def test_delete_without_a_reason_is_422(client: TestClient, auth: Auth) -> None:
    record = create(client, auth, "patrols").json()
    reply = client.delete(f"/api/patrols/{record['id']}", headers=auth("officer"))
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "reason"
    long = client.delete(
        f"/api/patrols/{record['id']}", params={"reason": "x" * 501}, headers=auth("officer")
    )
    assert long.status_code == 422


@pytest.mark.parametrize("kind", KINDS)
def test_list_pages_newest_first_with_an_opaque_cursor(
    client: TestClient, auth: Auth, kind: str
) -> None:
    made = [
        create(
            client,
            auth,
            kind,
            started_at=f"2026-02-{day:02d}T09:00:00+00:00",
            ended_at=f"2026-02-{day:02d}T10:00:00+00:00",
        ).json()["id"]
        for day in range(1, 6)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get(f"/api/{kind}", params=params, headers=auth("officer")).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == list(reversed(made))


def test_list_filters_by_period_officer_team_and_choice(client: TestClient, auth: Auth) -> None:
    early = create(
        client,
        auth,
        "patrols",
        started_at="2026-01-10T09:00:00+00:00",
        ended_at="2026-01-10T10:00:00+00:00",
        patrol_type="asb_patrol",
        hotspot_id=None,
        hotspot_minutes=None,
    ).json()
    late = create(client, auth, "patrols", who="teammate").json()
    headers = auth("officer")

    def ids(**params: object) -> list[str]:
        reply = client.get("/api/patrols", params=params, headers=headers)
        assert reply.status_code == 200, reply.text
        return [r["id"] for r in reply.json()["items"]]

    assert ids(**{"from": "2026-01-10", "to": "2026-01-10"}) == [early["id"]]
    assert ids(officer="teammate@test.example") == [late["id"]]
    assert ids(patrol_type="asb_patrol") == [early["id"]]
    assert set(ids(patrol_type=["asb_patrol", "hotspot_patrol"])) == {early["id"], late["id"]}
    assert ids(outcomes="words_of_advice") == [late["id"], early["id"]]
    assert ids(outcomes="arrest") == []
    assert ids(team_id="team-b1") == []


def test_list_filter_on_multi_choice_matches_any_member(client: TestClient, auth: Auth) -> None:
    youth = create(client, auth, "engagements", community_groups=["young_people", "lgbt"]).json()
    create(client, auth, "engagements", community_groups=["business"])
    reply = client.get(
        "/api/engagements", params={"community_groups": "lgbt"}, headers=auth("officer")
    )
    assert [r["id"] for r in reply.json()["items"]] == [youth["id"]]


def test_list_rejects_an_unknown_choice_and_a_forged_cursor(client: TestClient, auth: Auth) -> None:
    bad = client.get("/api/patrols", params={"mode": "horse"}, headers=auth("officer"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "mode"
    forged = client.get("/api/patrols", params={"cursor": "not-a-cursor"}, headers=auth("officer"))
    assert forged.status_code == 422
    assert forged.json()["errors"][0]["field"] == "cursor"
    too_many = client.get("/api/patrols", params={"limit": 201}, headers=auth("officer"))
    assert too_many.status_code == 422


def test_a_page_ending_on_a_record_whose_id_has_unusual_characters_leads_on(
    client: TestClient, auth: Auth, services: Services
) -> None:
    """Records synced from Lists keep the ids typed there (core/mirror.py)."""
    made = insert(
        services.database,
        *(("patrol", row("patrol", id=f"SUB\u00a0{n}\t\u2028\u200b")) for n in range(3)),
    )
    seen, cursor = [], None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        reply = client.get("/api/patrols", params=params, headers=auth("officer"))
        assert reply.status_code == 200, reply.text
        seen += [r["id"] for r in reply.json()["items"]]
        cursor = reply.json()["next"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)


@pytest.mark.parametrize("record_id", ["\ud800", "a\x00b"])
def test_a_cursor_edited_to_hold_what_no_id_can_be_is_a_422(
    client: TestClient, auth: Auth, record_id: str
) -> None:
    cursor = encode_cursor(datetime(2026, 7, 1, tzinfo=UTC), record_id)
    for path in ("/api/patrols", "/api/engagements", "/api/me/activity", "/api/dip-checks"):
        who = "supervisor" if path == "/api/dip-checks" else "officer"
        reply = client.get(path, params={"cursor": cursor}, headers=auth(who))
        assert reply.status_code == 422, (path, reply.text)
        assert reply.json()["errors"][0]["field"] == "cursor"


def test_list_rejects_a_period_that_ends_before_it_starts(client: TestClient, auth: Auth) -> None:
    reply = client.get(
        "/api/patrols", params={"from": "2026-02-01", "to": "2026-01-01"}, headers=auth("officer")
    )
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "to"


def test_patrol_and_abstraction_bodies_are_accepted_as_documented(
    client: TestClient, auth: Auth
) -> None:
    for kind, body in (("patrols", patrol()), ("abstractions", abstraction())):
        reply = client.post(
            f"/api/{kind}", json=body, headers=auth("officer") | {"Idempotency-Key": kind}
        )
        assert reply.status_code == 201, reply.text


def test_paging_merges_own_and_team_records_in_order_without_repeats(
    client: TestClient, auth: Auth
) -> None:
    made = {}
    for day, who in enumerate(["officer", "teammate", "officer", "teammate", "teammate"], 1):
        when = f"2026-02-{day:02d}T09:00:00+00:00"
        reply = create(
            client,
            auth,
            "abstractions",
            who,
            started_at=when,
            ended_at=f"2026-02-{day:02d}T12:00:00+00:00",
        )
        made[reply.json()["id"]] = when
    supervisor_record = create(client, auth, "abstractions", "supervisor").json()["id"]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/abstractions", params=params, headers=auth("officer")).json()
        seen += [r["id"] for r in page["items"]]
        if not (cursor := page["next"]):
            break
    assert seen == sorted(made, key=made.__getitem__, reverse=True)
    assert supervisor_record not in seen
