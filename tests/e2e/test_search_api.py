"""GET /api/search over HTTP: the reply's shape, scope per role, bad input, audit and logs."""

import logging

import pytest
from fastapi.testclient import TestClient

from tests.search_records import Auth, post, search


def test_reply_has_the_documented_shape(client: TestClient, auth: Auth) -> None:
    made = post(client, auth, "officer", "engagements", started_at="2026-07-01T09:00:00Z",
                ended_at=None, follow_up_on=None)  # fmt: skip
    reply = search(client, auth, q="verges")
    assert set(reply) == {"items", "next", "total", "facets"}
    assert reply["total"] == 1 and reply["next"] is None
    assert reply["facets"] == {
        "kind": {"engagement": 1},
        "team_id": {"team-a1": 1},
        "month": {"2026-07": 1},
    }
    (item,) = reply["items"]
    assert set(item) == {"kind", "id", "started_at", "officer", "snippet"}
    assert (item["kind"], item["id"], item["officer"]) == (
        "engagement",
        made,
        "officer@test.example",
    )
    assert item["started_at"] == "2026-07-01T10:00:00+01:00"
    assert "<mark>verges</mark>" in item["snippet"]


def test_each_role_finds_and_counts_only_records_in_its_scope(
    client: TestClient, auth: Auth
) -> None:
    made = {
        who: post(client, auth, who, "patrols")
        for who in ("officer", "teammate", "neighbour", "stranger")
    }
    expected = {
        "officer": {"officer", "teammate"},
        "teammate": {"officer", "teammate"},
        "supervisor": {"officer", "teammate", "neighbour"},
        "other_supervisor": {"stranger"},
        "manager": set(made),
        "admin": set(made),
        "auditor": set(made),
    }
    for role, makers in expected.items():
        for q in ("shopkeepers", ""):
            reply = search(client, auth, role, q=q)
            assert {i["id"] for i in reply["items"]} == {made[w] for w in makers}, role
            assert reply["total"] == sum(reply["facets"]["team_id"].values()) == len(makers)
            assert sum(reply["facets"]["kind"].values()) == len(makers)
    assert search(client, auth, "officer", q="shopkeepers", lpa_id="lpa-b")["total"] == 0


def test_a_deleted_record_is_no_longer_found(client: TestClient, auth: Auth) -> None:
    made = post(client, auth, "officer", "patrols")
    deleted = client.delete(f"/api/patrols/{made}", params={"reason": "duplicate"},
                            headers=auth("officer"))  # fmt: skip
    assert deleted.status_code == 204
    assert search(client, auth, q="shopkeepers")["total"] == 0
    assert search(client, auth)["total"] == 0


def test_filters_and_sort_of_the_list_endpoints_apply(client: TestClient, auth: Auth) -> None:
    patrol = post(client, auth, "officer", "patrols", outcomes=["arrest"], arrests=1)
    post(client, auth, "officer", "patrols", outcomes=["words_of_advice"])
    engagement = post(client, auth, "officer", "engagements", notes="Shopkeepers at PACT.")
    assert [i["id"] for i in search(client, auth, q="shopkeepers", outcomes="arrest")["items"]] == [
        patrol
    ]
    by_kind = search(client, auth, q="shopkeepers", kind="engagement", sort="newest")
    assert [i["id"] for i in by_kind["items"]] == [engagement]
    both = search(client, auth, q="shopkeepers", kind=["engagement", "patrol"], limit=2)
    assert both["total"] == 3 and len(both["items"]) == 2 and both["next"]
    rest = search(client, auth, q="shopkeepers", kind=["engagement", "patrol"], cursor=both["next"])
    assert len(rest["items"]) == 1 and rest["next"] is None


BAD_INPUT = [
    ({"q": "x" * 501}, "q"),
    ({"q": " ".join(["bike"] * 33)}, "q"),
    ({"patrol_type": "fast_patrol"}, "patrol_type"),
    ({"kind": "incident"}, "kind"),
    ({"sort": "oldest"}, "sort"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"limit": 0}, "limit"),
    ({"from": "2026-05-02", "to": "2026-05-01"}, "to"),
    ({"patrol_type": "asb_patrol", "engagement_type": "beat_surgery"}, "patrol_type"),
    ({"kind": "engagement", "outcomes": "arrest"}, "outcomes"),
]


def test_bad_input_gets_a_422_naming_the_field(client: TestClient, auth: Auth) -> None:
    for params, field in BAD_INPUT:
        reply = client.get("/api/search", params=params, headers=auth("officer"))
        assert reply.status_code == 422, (params, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert field in [e["field"] for e in reply.json()["errors"]], params


TYPED = {  # what a person typed: how many records it finds, reading every token as a word
    "NEAR(shopkeepers theft)": 0,  # "near" is a word the record does not have
    "shopkeepers*": 1,
    "-shopkeepers": 1,
    "notes:shopkeepers": 0,
    "^shopkeepers": 1,
    '"shopkeepers': 1,
    "shopkeepers AND OR NOT": 1,
    "shopkeepers'); DROP TABLE patrols;--": 0,
    "shopkeepers:*": 1,
    "shopkeepers <-> theft": 1,
    "{location}: shopkeepers": 0,
}


def test_operators_typed_by_users_are_read_as_plain_words(client: TestClient, auth: Auth) -> None:
    post(client, auth, "officer", "patrols")
    found = {q: search(client, auth, q=q)["total"] for q in TYPED}
    assert found == TYPED


def test_snippets_are_safe_to_render(client: TestClient, auth: Auth) -> None:
    post(
        client,
        auth,
        "officer",
        "patrols",
        notes='<img src=x onerror="alert(1)"> shopkeepers & staff',
    )
    (item,) = search(client, auth, q="shopkeepers")["items"]
    assert "<img" not in item["snippet"] and "&lt;img" in item["snippet"]
    assert "<mark>shopkeepers</mark> &amp; staff" in item["snippet"]


def test_only_matched_words_are_marked_whatever_the_text_holds(
    client: TestClient, auth: Auth
) -> None:
    post(client, auth, "officer", "patrols", notes="shopkeepers \ue100secret\ue101 text")
    (item,) = search(client, auth, q="shopkeepers")["items"]
    assert item["snippet"].count("<mark>") == 1
    assert "<mark>shopkeepers</mark> \ue100secret\ue101 text" in item["snippet"]


def test_a_search_is_audited_with_its_page_and_filters(client: TestClient, auth: Auth) -> None:
    made = post(client, auth, "officer", "patrols")
    headers = auth("officer") | {"X-Request-Id": "req-search"}
    client.get("/api/search", params={"q": "shopkeepers", "kind": "patrol"}, headers=headers)
    log = client.get("/api/admin/audit", params={"upn": "officer@test.example"},
                     headers=auth("auditor")).json()["items"]  # fmt: skip
    (entry,) = [e for e in log if e["request_id"] == "req-search"]
    assert (entry["action"], entry["kind"]) == ("consultation", "search")
    assert entry["detail"]["record_ids"] == [made]
    assert entry["detail"]["q"] == "shopkeepers"
    assert entry["detail"]["filters"]["kind"] == ["patrol"]


def test_search_words_never_reach_the_application_log(
    client: TestClient, auth: Auth, caplog: pytest.LogCaptureFixture
) -> None:
    post(client, auth, "officer", "patrols")
    with caplog.at_level(logging.DEBUG):
        search(client, auth, q="Zebediah shopkeepers")
        client.get("/api/search", params={"q": "Zebediah" * 100}, headers=auth("officer"))
    ours = [r for r in caplog.records if not r.name.startswith("httpx")]  # the test client's
    assert ours and not [r for r in ours if "Zebediah" in r.getMessage()]
