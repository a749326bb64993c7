"""What works well over HTTP: officers submit, reviewers move the status, sharing opens it up."""

from fastapi.testclient import TestClient

from core.services import Services
from schemas.audit import AuditAction
from tests.content_payloads import Auth, audit_of, made, patch, post, what_works_well

PATH = "what-works-well"
ROLES = ("officer", "teammate", "supervisor", "other_supervisor", "manager", "admin", "auditor")


def submit(client: TestClient, auth: Auth, who: str = "officer", **changes: object) -> dict:
    return made(client, auth, PATH, who, what_works_well(**changes))


def test_officer_submits_good_practice_that_starts_new_in_their_area(
    client: TestClient, auth: Auth, services: Services
) -> None:
    reply = post(client, auth, PATH, "officer", what_works_well())
    assert reply.status_code == 201, reply.text
    item = reply.json()
    assert (item["created_by"], item["team_id"], item["lpa_id"]) == (
        "officer@test.example",
        "team-a1",
        "lpa-a",
    )
    assert (item["status"], item["version"], item["reviewer_notes"]) == ("new", 1, None)
    assert item["what_was_done"] == "<p>Two <strong>marking days</strong> with the BTP.</p>"
    assert reply.headers["ETag"] == '"1"'
    assert reply.headers["Location"] == f"/api/{PATH}/{item['id']}"
    rows = audit_of(services.database, "what_works_well")
    assert [(r.action, r.record_id) for r in rows] == [(AuditAction.COLLECTION, item["id"])]


def test_a_replayed_key_returns_the_same_item_and_another_body_is_refused(
    client: TestClient, auth: Auth
) -> None:
    headers = auth("officer") | {"Idempotency-Key": "www-1"}
    first = client.post(f"/api/{PATH}", json=what_works_well(), headers=headers)
    again = client.post(f"/api/{PATH}", json=what_works_well(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    other = client.post(f"/api/{PATH}", json=what_works_well(title="Else"), headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    missing = client.post(f"/api/{PATH}", json=what_works_well(), headers=auth("officer"))
    assert missing.status_code == 428


def test_invalid_submissions_are_refused_naming_each_field_and_nothing_is_written(
    client: TestClient, auth: Auth
) -> None:
    body = what_works_well(evidence="maybe", title="", status="shared")
    del body["summary"]
    reply = post(client, auth, PATH, "officer", body)
    assert reply.status_code == 422
    assert reply.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in reply.json()["errors"]}
    assert fields == {"evidence", "title", "status", "summary"}
    assert client.get(f"/api/{PATH}", headers=auth("officer")).json()["items"] == []


def test_an_auditor_cannot_submit_good_practice(client: TestClient, auth: Auth) -> None:
    assert post(client, auth, PATH, "auditor", what_works_well()).status_code == 403


def test_an_item_not_yet_shared_is_read_only_by_its_author_and_reviewers(
    client: TestClient, auth: Auth
) -> None:
    item = submit(client, auth)
    readers = {"officer", "supervisor", "admin"}
    for who in ROLES:
        reply = client.get(f"/api/{PATH}/{item['id']}", headers=auth(who))
        assert reply.status_code == (200 if who in readers else 404), who
        listed = client.get(f"/api/{PATH}", headers=auth(who)).json()["items"]
        assert [i["id"] for i in listed] == ([item["id"]] if who in readers else []), who


def test_a_shared_item_is_readable_force_wide(client: TestClient, auth: Auth) -> None:
    item = submit(client, auth)
    assert patch(client, auth, f"{PATH}/{item['id']}", "admin", {"status": "under_review"})
    shared = patch(client, auth, f"{PATH}/{item['id']}", "admin", {"status": "shared"}, 2)
    assert shared.status_code == 200, shared.text
    for who in ROLES:
        assert client.get(f"/api/{PATH}/{item['id']}", headers=auth(who)).status_code == 200
        listed = client.get(f"/api/{PATH}?status=shared", headers=auth(who)).json()["items"]
        assert [i["id"] for i in listed] == [item["id"]], who


def test_a_supervisor_reviews_an_item_of_their_lpa_and_is_recorded_as_reviewer(
    client: TestClient, auth: Auth, services: Services
) -> None:
    item = submit(client, auth)
    reply = patch(
        client,
        auth,
        f"{PATH}/{item['id']}",
        "supervisor",
        {"status": "under_review", "reviewer_notes": "Checking the figures with the BTP."},
    )
    assert reply.status_code == 200, reply.text
    reviewed = reply.json()
    assert (reviewed["status"], reviewed["version"]) == ("under_review", 2)
    assert reviewed["reviewed_by"] == "supervisor@test.example"
    assert reviewed["reviewed_at"] is not None
    assert reply.headers["ETag"] == '"2"'
    closed = patch(client, auth, f"{PATH}/{item['id']}", "supervisor", {"status": "closed"}, 2)
    assert closed.json()["status"] == "closed"
    alteration = audit_of(services.database, "what_works_well")[-1]
    assert alteration.action is AuditAction.ALTERATION
    assert alteration.detail == {"fields": ["reviewed_at", "status"]}


def test_the_status_cannot_skip_the_review(client: TestClient, auth: Auth) -> None:
    item = submit(client, auth)
    reply = patch(client, auth, f"{PATH}/{item['id']}", "admin", {"status": "shared"})
    assert reply.status_code == 422
    assert reply.json()["errors"] == [
        {"field": "status", "message": "cannot move from new to shared"}
    ]
    null = patch(client, auth, f"{PATH}/{item['id']}", "admin", {"status": None})
    assert null.status_code == 422


def test_only_reviewers_of_the_items_lpa_change_its_status(client: TestClient, auth: Auth) -> None:
    item = submit(client, auth)
    path = f"{PATH}/{item['id']}"
    assert patch(client, auth, path, "officer", {"status": "under_review"}).status_code == 403
    notes = patch(client, auth, path, "officer", {"reviewer_notes": "Looks good to me"})
    assert notes.status_code == 403
    for who in ("other_supervisor", "manager", "auditor", "teammate"):
        assert patch(client, auth, path, who, {"status": "under_review"}).status_code == 404


def test_the_author_edits_while_new_or_under_review_but_not_once_shared(
    client: TestClient, auth: Auth
) -> None:
    item = submit(client, auth)
    path = f"{PATH}/{item['id']}"
    edited = patch(client, auth, path, "officer", {"title": "Bike marking works", "topic": None})
    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["topic"]) == ("Bike marking works", None)
    assert patch(client, auth, path, "supervisor", {"title": "Mine now"}, 2).status_code == 403
    patch(client, auth, path, "admin", {"status": "under_review"}, 2)
    patch(client, auth, path, "admin", {"status": "shared"}, 3)
    late = patch(client, auth, path, "officer", {"title": "Too late"}, 4)
    assert late.status_code == 403
    blank = patch(client, auth, path, "officer", {"title": None}, 4)
    assert blank.status_code in (403, 422)


def test_a_change_needs_the_current_etag(client: TestClient, auth: Auth) -> None:
    item = submit(client, auth)
    path = f"/api/{PATH}/{item['id']}"
    stale = patch(client, auth, f"{PATH}/{item['id']}", "officer", {"title": "x"}, 7)
    assert stale.status_code == 412
    bare = client.patch(path, json={"title": "x"}, headers=auth("officer") | {"If-Match": "1"})
    assert bare.status_code == 200
    assert client.patch(path, json={"title": "y"}, headers=auth("officer")).status_code == 428


def test_unsafe_markup_in_the_account_is_removed_before_it_is_stored(
    client: TestClient, auth: Auth
) -> None:
    item = submit(
        client,
        auth,
        what_was_done='<p onclick="steal()">Marked <script>alert(1)</script>bikes</p>',
        outcome='<a href="javascript:alert(1)">see</a> <a href="https://stats.example/">stats</a>',
    )
    assert item["what_was_done"] == "<p>Marked bikes</p>"
    assert item["outcome"] == (
        '<a rel="noopener noreferrer">see</a> '
        '<a href="https://stats.example/" rel="noopener noreferrer">stats</a>'
    )


def test_lists_are_newest_first_paged_and_filtered(client: TestClient, auth: Auth) -> None:
    ids = [submit(client, auth, title=f"Item {n}", evidence="worked")["id"] for n in range(3)]
    submit(client, auth, title="Untested idea", evidence="untested")
    first = client.get(f"/api/{PATH}?evidence=worked&limit=2", headers=auth("officer")).json()
    second = client.get(
        f"/api/{PATH}?evidence=worked&limit=2&cursor={first['next']}", headers=auth("officer")
    ).json()
    assert [i["id"] for i in first["items"] + second["items"]] == ids[::-1]
    assert second["next"] is None
    bad = client.get(f"/api/{PATH}?cursor=nonsense", headers=auth("officer"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_the_author_withdraws_a_new_item_and_admins_delete_any(
    client: TestClient, auth: Auth, services: Services
) -> None:
    mine = submit(client, auth)
    assert client.delete(f"/api/{PATH}/{mine['id']}", headers=auth("officer")).status_code == 422
    gone = client.delete(f"/api/{PATH}/{mine['id']}?reason=duplicate", headers=auth("officer"))
    assert gone.status_code == 204
    assert client.get(f"/api/{PATH}/{mine['id']}", headers=auth("officer")).status_code == 404
    reviewed = submit(client, auth)
    patch(client, auth, f"{PATH}/{reviewed['id']}", "supervisor", {"status": "under_review"})
    path = f"/api/{PATH}/{reviewed['id']}?reason=withdrawn"
    assert client.delete(path, headers=auth("officer")).status_code == 403
    assert client.delete(path, headers=auth("supervisor")).status_code == 403
    assert client.delete(path, headers=auth("admin")).status_code == 204
    deletions = [
        r for r in audit_of(services.database, "what_works_well") if r.action.value == "deletion"
    ]
    assert [(r.record_id, r.detail) for r in deletions] == [
        (mine["id"], {"reason": "duplicate"}),
        (reviewed["id"], {"reason": "withdrawn"}),
    ]
