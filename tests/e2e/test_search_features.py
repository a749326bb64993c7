"""GET /api/search over HTTP, feature by feature, on SQLite and PostgreSQL: word forms, prefixes,
phrases, snippets, every filter, sorting and paging, facets, and scope per role."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.paging import encode_cursor
from tests.search_records import Auth, post, search

KINDS = {"engagement": "engagements", "patrol": "patrols", "abstraction": "abstractions"}


def make(client: TestClient, auth: Auth, kind: str, who: str = "officer", **changes: Any) -> str:
    return post(client, auth, who, KINDS[kind], **changes)


def found(client: TestClient, auth: Auth, who: str = "officer", **params: Any) -> list[str]:
    return [item["id"] for item in search(client, auth, who, **params)["items"]]


def every_page(client: TestClient, auth: Auth, **params: Any) -> list[str]:
    """Every hit, following `next` until it is null."""
    ids, cursor = [], None
    while True:
        reply = search(client, auth, **params, **({"cursor": cursor} if cursor else {}))
        ids += [item["id"] for item in reply["items"]]
        cursor = reply["next"]
        if cursor is None:
            return ids


def at(day: int, hour: int = 9) -> str:
    return f"2026-{day // 100:02d}-{day % 100:02d}T{hour:02d}:00:00Z"


def test_other_forms_of_a_word_are_found(client: TestClient, auth: Auth) -> None:
    made = make(client, auth, "patrol", notes="Patrolled the estate; youths dispersing.")
    for q in ("patrolling", "patrol", "patrols", "disperse", "dispersed", "youth"):
        assert found(client, auth, q=q + " ") == [made], q
    assert found(client, auth, q="estates ") == [made]
    assert found(client, auth, q="estimate ") == []


def test_the_last_word_matches_as_a_prefix_only_while_typed(client: TestClient, auth: Auth) -> None:
    made = make(client, auth, "engagement", notes="Launderette owner reported graffiti.")
    assert found(client, auth, q="laund") == [made]
    assert found(client, auth, q="owner graf") == [made]
    assert found(client, auth, q="laund ") == [], "a finished word is not a prefix"
    assert found(client, auth, q="graf owner") == [], "only the last word is a prefix"
    assert found(client, auth, q="la") == [], "two letters are too few for a prefix"


def test_a_phrase_matches_its_words_in_order(client: TestClient, auth: Auth) -> None:
    advice = make(client, auth, "patrol", notes="Gave words of advice to two cyclists.")
    other = make(client, auth, "patrol", notes="Advice on words to use with cyclists.")
    assert found(client, auth, q='"words of advice"') == [advice]
    assert sorted(found(client, auth, q="words advice")) == sorted([advice, other])
    assert found(client, auth, q='"advice words"') == []
    assert found(client, auth, q='"two cyclists" words') == [advice]


def test_snippets_mark_the_matched_words_in_every_field(client: TestClient, auth: Auth) -> None:
    make(client, auth, "engagement", notes="Quiet evening.", issues_raised="Loud scooters.",
         actions_agreed="Speed watch.", feedback_text="Residents thanked us.")  # fmt: skip
    (item,) = search(client, auth, q="scooter")["items"]
    assert "<mark>scooters</mark>" in item["snippet"]
    (item,) = search(client, auth, q='"speed watch"')["items"]
    # PostgreSQL marks each word of a phrase, SQLite the phrase as one span.
    assert "<mark>Speed watch</mark>" in item["snippet"].replace("</mark> <mark>", " ")
    (item,) = search(client, auth, q="thank")["items"]
    assert "<mark>thanked</mark>" in item["snippet"]
    (item,) = search(client, auth)["items"]
    assert "<mark>" not in item["snippet"] and item["snippet"].startswith("Community centre")


def test_date_officer_team_and_lpa_filters_apply(client: TestClient, auth: Auth) -> None:
    early = make(client, auth, "patrol", started_at=at(501), ended_at=at(501, 10))
    late = make(client, auth, "patrol", started_at=at(520), ended_at=at(520, 10))
    mate = make(client, auth, "patrol", "teammate", started_at=at(510), ended_at=at(510, 10))
    near = make(client, auth, "patrol", "neighbour", started_at=at(511), ended_at=at(511, 10))
    far = make(client, auth, "patrol", "stranger", started_at=at(512), ended_at=at(512, 10))
    q = {"q": "shopkeepers", "sort": "newest"}
    who = "manager"
    assert found(client, auth, who, **q, **{"from": "2026-05-10", "to": "2026-05-11"}) == [
        near,
        mate,
    ]
    assert found(client, auth, who, **q, **{"from": "2026-05-12"}) == [late, far]
    assert found(client, auth, who, **q, to="2026-05-01") == [early]
    assert found(client, auth, who, **q, officer="teammate@test.example") == [mate]
    both = found(client, auth, who, **q, officer=["teammate@test.example", "officer@test.example"])
    assert both == [late, mate, early]
    assert found(client, auth, who, **q, team_id="team-a2") == [near]
    assert found(client, auth, who, **q, team_id=["team-a2", "team-b1"]) == [far, near]
    assert found(client, auth, who, **q, lpa_id="lpa-b") == [far]
    assert len(found(client, auth, who, **q, lpa_id=["lpa-a", "lpa-b"])) == 5
    assert found(client, auth, who, **q, lpa_id="lpa-b", team_id="team-a1") == []


def test_kind_and_enum_filters_are_repeatable_for_any_of(client: TestClient, auth: Auth) -> None:
    surgery = make(client, auth, "engagement", engagement_type="beat_surgery",
                   community_groups=["older_people"])  # fmt: skip
    school = make(client, auth, "engagement", engagement_type="school_or_youth_visit",
                  community_groups=["young_people", "students"])  # fmt: skip
    asb = make(client, auth, "patrol", patrol_type="asb_patrol", outcomes=["arrest"], arrests=1)
    hotspot = make(client, auth, "patrol", outcomes=["words_of_advice", "stop_and_search"],
                   stop_searches=1)  # fmt: skip
    court = make(client, auth, "abstraction", reason="court")
    training = make(client, auth, "abstraction", reason="training")

    def ids(**params: Any) -> set[str]:
        return set(found(client, auth, **params))

    assert ids(kind="abstraction") == {court, training}
    assert ids(kind=["engagement", "abstraction"]) == {surgery, school, court, training}
    assert ids(engagement_type="beat_surgery") == {surgery}
    assert ids(engagement_type=["beat_surgery", "school_or_youth_visit"]) == {surgery, school}
    assert ids(community_groups="students") == {school}
    assert ids(community_groups=["students", "older_people"]) == {surgery, school}
    assert ids(patrol_type="asb_patrol") == {asb}
    assert ids(outcomes=["arrest", "stop_and_search"]) == {asb, hotspot}
    assert ids(outcomes="stop_and_search", patrol_type="asb_patrol") == set()
    assert ids(reason=["court", "training"], q="custody") == {court, training}
    assert ids(reason="court", kind="abstraction") == {court}
    assert ids(q="shopkeepers", outcomes="arrest") == {asb}


@pytest.mark.parametrize(
    "params",
    [
        {"engagement_type": "coffee_morning"},
        {"community_groups": "everyone"},
        {"partners": "police"},
        {"patrol_type": "Hotspot patrol"},
        {"mode": "horse"},
        {"outcomes": ["arrest", "caution"]},
        {"reason": "holiday"},
        {"kind": ["patrol", "incident"]},
        {"sort": "RELEVANCE"},
        {"from": "yesterday"},
        {"limit": 201},
    ],
)
def test_an_unknown_filter_value_is_a_422_naming_the_field(
    client: TestClient, auth: Auth, params: dict[str, Any]
) -> None:
    reply = client.get("/api/search", params={"q": "bike", **params}, headers=auth("officer"))
    assert reply.status_code == 422, reply.text
    assert reply.headers["content-type"].startswith("application/problem+json")
    name = next(iter(params))
    fields = [e["field"].split(".")[0] for e in reply.json()["errors"]]
    assert name in fields, fields


def test_newest_and_relevance_orders_and_their_cursors(client: TestClient, auth: Auth) -> None:
    texts = {
        603: ("Park", "Checked the gates. Graffiti reported last week."),
        601: ("Graffiti wall", "Graffiti on graffiti: graffiti everywhere."),
        602: ("Underpass", "Graffiti cleaned. More graffiti tonight."),
    }
    weak, strong, middle = (
        make(
            client,
            auth,
            "patrol",
            started_at=at(day),
            ended_at=at(day, 10),
            location=location,
            notes=notes,
        )
        for day, (location, notes) in texts.items()
    )
    assert found(client, auth, q="graffiti") == [weak, middle, strong]
    assert found(client, auth, q="graffiti", sort="newest") == [weak, middle, strong]
    assert found(client, auth, q="graffiti", sort="relevance") == [strong, middle, weak]
    assert every_page(client, auth, q="graffiti", sort="relevance", limit=1) == [
        strong,
        middle,
        weak,
    ]
    assert every_page(client, auth, q="graffiti", limit=2) == [weak, middle, strong]
    assert found(client, auth, sort="relevance") == [weak, middle, strong], "no words: newest"
    first = search(client, auth, q="graffiti", sort="relevance", limit=1)
    other = client.get("/api/search", params={"q": "graffiti", "cursor": first["next"]},
                       headers=auth("officer"))  # fmt: skip
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "cursor"


JULY = datetime(2026, 7, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sort", "cursor"),
    [
        ("newest", encode_cursor(JULY, "99999999999999999999999")),
        ("newest", encode_cursor(JULY, "-99999999999999999999999")),
        ("newest", encode_cursor(JULY, "\u00b2")),
        ("newest", encode_cursor(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), "5")),
        ("newest", encode_cursor(datetime.max.replace(tzinfo=timezone(-timedelta(hours=1))), "5")),
        ("relevance", encode_cursor(JULY, "+99999999999999999999999")),
    ],
)
def test_an_edited_cursor_is_a_422_not_a_server_error(
    client: TestClient, auth: Auth, sort: str, cursor: str
) -> None:
    make(client, auth, "patrol")
    for q in ("shopkeepers", ""):
        params = {"q": q, "sort": sort, "cursor": cursor}
        reply = client.get("/api/search", params=params, headers=auth("officer"))
        assert reply.status_code == 422, (q, reply.text)
        assert reply.json()["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize(
    ("bounds", "finds"),
    [
        ({"to": "9999-12-31"}, True),
        ({"to": "9999-12-31T23:59:59.999999+00:00"}, True),
        ({"to": "9999-12-31T23:59:59.999998Z"}, True),
        ({"from": "9999-12-31T23:59:59-01:00"}, False),
        ({"from": "9999-12-31"}, False),
        ({"from": "0001-01-01T00:00:00+05:00"}, True),
        ({"from": "0001-01-01"}, True),
        ({"to": "0001-01-01T00:00:00+05:00"}, False),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_bounds_like_any_other(
    client: TestClient, auth: Auth, bounds: dict[str, str], finds: bool
) -> None:
    made = make(client, auth, "patrol")
    for q in ("shopkeepers", ""):
        assert found(client, auth, q=q, **bounds) == ([made] if finds else []), q
    listed = client.get("/api/patrols", params=bounds, headers=auth("officer"))
    assert listed.status_code == 200, listed.text
    assert [item["id"] for item in listed.json()["items"]] == ([made] if finds else [])


def test_records_starting_in_one_millisecond_come_in_one_order_with_or_without_words(
    client: TestClient, auth: Auth
) -> None:
    made = [
        make(client, auth, "patrol", started_at=f"2026-07-01T09:00:00.000{tail}Z",
             ended_at="2026-07-01T10:00:00Z")
        for tail in ("900", "100", "500")
    ]  # fmt: skip
    first = search(client, auth, q="")["items"][0]
    assert first["started_at"] == "2026-07-01T10:00:00+01:00", "kept to the millisecond"
    with_words, without = (found(client, auth, q=q) for q in ("shopkeepers", ""))
    assert with_words == without
    assert sorted(without) == sorted(made)


def test_paging_visits_every_match_once_with_the_same_total(client: TestClient, auth: Auth) -> None:
    made = [
        make(client, auth, kind, started_at=at(701, 8), ended_at=at(701, 9))
        for kind in ("patrol", "engagement", "abstraction") * 3
    ]
    for sort in ("newest", "relevance"):
        totals, ids, cursor = set(), [], None
        while True:
            params: dict[str, Any] = {
                "limit": 4,
                "sort": sort,
                **({"cursor": cursor} if cursor else {}),
            }
            reply = search(client, auth, **params)
            totals.add(reply["total"])
            ids += [item["id"] for item in reply["items"]]
            cursor = reply["next"]
            if cursor is None:
                break
        assert totals == {9} and sorted(ids) == sorted(made), sort


def test_an_empty_query_returns_the_filtered_records_newest_first(
    client: TestClient, auth: Auth
) -> None:
    days = [405, 612, 301, 910, 715]
    made = {
        day: make(client, auth, "patrol", started_at=at(day), ended_at=at(day, 10)) for day in days
    }
    newest_first = [made[day] for day in sorted(days, reverse=True)]
    assert found(client, auth) == newest_first
    assert found(client, auth, q="   ") == newest_first
    assert found(client, auth, q="the of and") == newest_first, "only common words: no words"
    assert found(client, auth, **{"from": "2026-05-01"}) == newest_first[:3]


def test_facets_count_every_match_by_kind_team_and_london_month(
    client: TestClient, auth: Auth
) -> None:
    make(client, auth, "patrol", started_at="2026-06-30T23:30:00Z", ended_at=at(701, 1))
    make(client, auth, "engagement", "neighbour", started_at=at(612), ended_at=at(612, 10),
         notes="Shopkeepers at the PACT meeting.")  # fmt: skip
    make(client, auth, "patrol", "teammate", started_at=at(520), ended_at=at(520, 10))
    make(client, auth, "patrol", "stranger", started_at=at(521), ended_at=at(521, 10))
    reply = search(client, auth, "manager", q="shopkeepers", limit=1)
    assert reply["total"] == 4 and len(reply["items"]) == 1
    assert reply["facets"] == {
        "kind": {"patrol": 3, "engagement": 1},
        "team_id": {"team-a1": 2, "team-a2": 1, "team-b1": 1},
        "month": {"2026-07": 1, "2026-06": 1, "2026-05": 2},
    }
    assert search(client, auth, "manager", limit=1)["facets"] == reply["facets"], "no words"
    dated = search(client, auth, "manager", limit=1, **{"from": "2026-06-30T23:00:00Z"})
    assert dated["total"] == 1 and dated["facets"]["month"] == {"2026-07": 1}


SCOPES = {  # who searches: whose records they find (made by officer, neighbour and stranger)
    "officer": {"officer", "teammate"},
    "teammate": {"officer", "teammate"},
    "neighbour": {"neighbour"},
    "stranger": {"stranger"},
    "supervisor": {"officer", "teammate", "neighbour"},
    "other_supervisor": {"stranger"},
    "manager": {"officer", "teammate", "neighbour", "stranger"},
    "admin": {"officer", "teammate", "neighbour", "stranger"},
    "auditor": {"officer", "teammate", "neighbour", "stranger"},
}


def test_no_role_finds_or_counts_records_outside_its_scope(client: TestClient, auth: Auth) -> None:
    makers = ("officer", "teammate", "neighbour", "stranger")
    made = {who: make(client, auth, "engagement", who, notes=f"Lapwing nest, {who}.")
            for who in makers}  # fmt: skip
    make(client, auth, "patrol", "stranger", notes="Goldcrest seen by the stranger only.")
    for role, visible in SCOPES.items():
        for q in ("lapwing", "", "lapw", '"lapwing nest"'):
            for sort in ("newest", "relevance"):
                reply = search(client, auth, role, q=q, sort=sort, kind="engagement")
                assert {i["id"] for i in reply["items"]} == {made[w] for w in visible}, role
                facets = reply["facets"]
                assert reply["total"] == len(visible), (role, q)
                for name in ("kind", "team_id", "month"):
                    assert sum(facets[name].values()) == len(visible), (role, q, name)
        other_lpa = {"team-b1"} if "stranger" not in visible else set()
        for team in other_lpa:
            reply = search(client, auth, role, q="lapwing", team_id=team)
            assert reply["total"] == 0 and reply["facets"]["team_id"] == {}, role
        goldcrest = search(client, auth, role, q="goldcrest")
        assert goldcrest["total"] == (1 if "stranger" in visible else 0), role
        assert goldcrest["facets"]["kind"] == ({"patrol": 1} if "stranger" in visible else {})


def test_deleted_records_are_never_found_or_counted(client: TestClient, auth: Auth) -> None:
    kept = make(client, auth, "engagement", notes="Curlew nesting on the common.")
    gone = make(client, auth, "engagement", notes="Curlew nesting by the river.")
    reply = client.delete(f"/api/engagements/{gone}", params={"reason": "entered twice"},
                          headers=auth("officer"))  # fmt: skip
    assert reply.status_code == 204
    for who in ("officer", "supervisor", "manager", "auditor"):
        for q in ("curlew", "", "curl", "river"):
            reply = search(client, auth, who, q=q)
            assert gone not in [i["id"] for i in reply["items"]]
            expected = 0 if q == "river" else 1
            assert reply["total"] == sum(reply["facets"]["kind"].values()) == expected, (who, q)
    assert found(client, auth, q="curlew") == [kept]


TYPED = [
    "x" * 501,
    'unbalanced "quote',
    '"""',
    "NEAR(shopkeepers, 2)",
    "shop*",
    "-shopkeepers",
    "notes:shopkeepers",
    "^shopkeepers",
    "shopkeepers OR",
    "(shopkeepers",
    "shopkeepers)",
    "'; DROP TABLE patrols; --",
    "\\",
    "\x00",
    "%_%",
    "<-> & | ! :*",
]


def test_typed_operators_and_bad_input_never_give_a_server_error(
    client: TestClient, auth: Auth
) -> None:
    make(client, auth, "patrol")
    for q in TYPED:
        for sort in ("newest", "relevance"):
            reply = client.get("/api/search", params={"q": q, "sort": sort},
                               headers=auth("officer"))  # fmt: skip
            assert reply.status_code in (200, 422), (q, reply.text)
            if reply.status_code == 422:
                assert reply.json()["errors"][0]["field"] == "q"
                assert len(q) > 500
            else:
                assert reply.json()["total"] in (0, 1), q


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=80) | st.text(alphabet="abc\"*-:^() NEAR\\'", max_size=40))
def test_any_query_string_is_answered_without_a_server_error(
    client: TestClient, auth: Auth, q: str
) -> None:
    for sort in ("newest", "relevance"):
        reply = client.get("/api/search", params={"q": q, "sort": sort}, headers=auth("officer"))
        assert reply.status_code in (200, 422), (q, reply.text)
        if reply.status_code == 200:
            body = reply.json()
            assert body["total"] == sum(body["facets"]["kind"].values())
