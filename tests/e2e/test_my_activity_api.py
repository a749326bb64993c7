"""My activity over HTTP in embedded mode: own records, the weekly summary and its chart."""

import base64
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from fastapi.testclient import TestClient

from core.services import Services
from schemas.base import LONDON
from schemas.dip_check import CRITERIA
from schemas.duty import DutySource
from tests.conftest import LPA_A, TEAM_A1, upn
from tests.payloads import BODIES

Auth = Callable[[str], dict[str, str]]
SVG = "{http://www.w3.org/2000/svg}"


def this_monday() -> date:
    today = datetime.now(LONDON).date()
    return today - timedelta(days=today.weekday())


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON)


def record(
    client: TestClient, auth: Auth, kind: str, started: datetime, minutes: int = 60,
    who: str = "officer",
) -> dict:  # fmt: skip
    body = BODIES[kind](
        started_at=started.isoformat(), ended_at=(started + timedelta(minutes=minutes)).isoformat()
    )
    if kind == "patrols":
        body["hotspot_minutes"] = min(body["hotspot_minutes"], minutes)
    headers = auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    reply = client.post(f"/api/{kind}", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return reply.json()


def duty(n: int, day: date) -> dict[str, object]:
    """An eight-hour imported duty of the officer."""
    return {
        "id": f"duty-{n}",
        "upn": upn("officer"),
        "team_id": TEAM_A1,
        "lpa_id": LPA_A,
        "starts_at": london(day, 8),
        "ends_at": london(day, 16),
        "duty_type": "Early turn",
        "source": DutySource.IMPORTED.value,
    }


def parse_svg(text: str | bytes) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - the service's own output, not untrusted input


def test_my_activity_lists_own_records_of_every_kind_newest_first(
    client: TestClient, auth: Auth
) -> None:
    week_ago = this_monday() - timedelta(days=7)
    patrol = record(client, auth, "patrols", london(week_ago, 9))
    engagement = record(client, auth, "engagements", london(week_ago, 11))
    abstraction = record(client, auth, "abstractions", london(week_ago, 13), 240)
    record(client, auth, "patrols", london(week_ago, 12), who="teammate")
    reply = client.get("/api/me/activity", headers=auth("officer"))
    assert reply.status_code == 200, reply.text
    items = reply.json()["items"]
    assert [(i["kind"], i["id"]) for i in items] == [
        ("abstraction", abstraction["id"]),
        ("engagement", engagement["id"]),
        ("patrol", patrol["id"]),
    ]
    assert items[0]["hours"] == 4.0 and items[2]["duration_minutes"] == 60
    assert items[1]["community_groups"] == engagement["community_groups"]
    assert reply.json()["next"] is None


def test_my_activity_pages_through_every_kind_with_one_cursor(
    client: TestClient, auth: Auth
) -> None:
    start = london(this_monday() - timedelta(days=14), 8)
    kinds = ["patrols", "engagements", "abstractions"] * 3
    made = [record(client, auth, k, start + timedelta(hours=n)) for n, k in enumerate(kinds)]
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/me/activity", params=params, headers=auth("officer")).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [r["id"] for r in reversed(made)]


def test_my_activity_filters_by_kind_and_period(client: TestClient, auth: Auth) -> None:
    monday = this_monday()
    record(client, auth, "patrols", london(monday - timedelta(days=20), 9))
    recent = record(client, auth, "patrols", london(monday - timedelta(days=6), 9))
    record(client, auth, "engagements", london(monday - timedelta(days=6), 10))
    params = {"kind": "patrol", "from": (monday - timedelta(days=7)).isoformat()}
    items = client.get("/api/me/activity", params=params, headers=auth("officer")).json()["items"]
    assert [i["id"] for i in items] == [recent["id"]]
    both = client.get(
        "/api/me/activity?kind=patrol&kind=engagement", headers=auth("officer")
    ).json()["items"]
    assert len(both) == 3


def test_my_activity_rejects_a_cursor_it_did_not_issue_and_an_unknown_kind(
    client: TestClient, auth: Auth
) -> None:
    bad = client.get("/api/me/activity?cursor=nonsense", headers=auth("officer"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "cursor"
    kind = client.get("/api/me/activity?kind=arrest", headers=auth("officer"))
    assert kind.status_code == 422 and kind.json()["errors"][0]["field"] == "kind"


def test_my_activity_needs_a_signed_in_caller(client: TestClient) -> None:
    assert client.get("/api/me/activity").status_code == 401
    assert client.get("/api/me/summary.svg").status_code == 401


def test_summary_counts_each_iso_week_with_minutes_hours_and_abstraction_rate(
    client: TestClient, auth: Auth, services: Services
) -> None:
    last_week = this_monday() - timedelta(days=7)
    record(client, auth, "patrols", london(last_week, 9), 90)
    record(client, auth, "patrols", london(last_week + timedelta(days=1), 9), 30)
    record(client, auth, "abstractions", london(last_week + timedelta(days=2), 9), 240)
    record(client, auth, "engagements", london(last_week - timedelta(days=14), 18))
    record(client, auth, "patrols", london(last_week, 10), who="teammate")
    with services.database.transaction() as tx:
        tx.duties.add([duty(n, last_week + timedelta(days=n)) for n in range(5)])
        tx.commit()
    reply = client.get("/api/me/summary?weeks=4", headers=auth("officer"))
    assert reply.status_code == 200, reply.text
    summary = reply.json()
    weeks = summary["weeks"]
    assert [w["starts_on"] for w in weeks] == [
        (this_monday() - timedelta(weeks=3 - n)).isoformat() for n in range(4)
    ]
    assert weeks[0]["week"] == (
        f"{date.fromisoformat(weeks[0]['starts_on']).isocalendar().year}-"
        f"W{date.fromisoformat(weeks[0]['starts_on']).isocalendar().week:02d}"
    )
    assert weeks[2]["counts"] == {"engagement": 0, "patrol": 2, "abstraction": 1}
    assert (weeks[2]["patrol_minutes"], weeks[2]["abstraction_hours"]) == (120, 4.0)
    assert (weeks[2]["rostered_hours"], weeks[2]["abstraction_rate"]) == (40.0, 0.1)
    assert weeks[0]["counts"]["engagement"] == 1 and weeks[0]["abstraction_rate"] is None
    assert weeks[3]["total"] == 0 and weeks[3]["rostered_hours"] == 0.0
    totals = summary["totals"]
    assert (totals["total"], totals["patrol_minutes"], totals["rostered_hours"]) == (4, 120, 40.0)
    assert totals["abstraction_rate"] == 0.1
    assert summary["dip_checks"] == {}


def test_my_activity_and_summary_show_the_dip_checks_of_my_records(
    client: TestClient, auth: Auth
) -> None:
    monday = this_monday()
    checked = [
        record(client, auth, "patrols", london(monday - timedelta(days=n), 9)) for n in (3, 4)
    ]
    record(client, auth, "patrols", london(monday - timedelta(days=5), 9))
    criteria = dict.fromkeys(CRITERIA, True)
    for patrol, outcome in zip(checked, ("meets_standard", "needs_improvement"), strict=True):
        check = {
            "kind": "patrol", "record_id": patrol["id"], "outcome": outcome,
            "criteria": criteria, "comment": "Say which streets.",
        }  # fmt: skip
        reply = client.post("/api/dip-checks", json=check, headers=auth("supervisor"))
        assert reply.status_code == 201, reply.text
    items = client.get("/api/me/activity", headers=auth("officer")).json()["items"]
    assert [i["dip_check"] and i["dip_check"]["outcome"] for i in items] == [
        "meets_standard", "needs_improvement", None,
    ]  # fmt: skip
    summary = client.get("/api/me/summary", headers=auth("officer")).json()
    assert summary["dip_checks"] == {"meets_standard": 1, "needs_improvement": 1}


def test_summary_without_known_duties_has_no_abstraction_rate(
    client: TestClient, auth: Auth
) -> None:
    record(client, auth, "abstractions", london(this_monday() - timedelta(days=3), 9), 120)
    summary = client.get("/api/me/summary", headers=auth("officer")).json()
    assert len(summary["weeks"]) == 12
    assert summary["totals"]["abstraction_hours"] == 2.0
    assert summary["totals"]["rostered_hours"] is None
    assert summary["totals"]["abstraction_rate"] is None


def test_summary_weeks_must_be_between_1_and_104(client: TestClient, auth: Auth) -> None:
    for weeks in (0, 105):
        reply = client.get(f"/api/me/summary?weeks={weeks}", headers=auth("officer"))
        assert reply.status_code == 422
        assert reply.json()["errors"][0]["field"] == "weeks"


def test_summary_svg_is_an_accessible_chart_for_any_number_of_weeks(
    client: TestClient, auth: Auth
) -> None:
    record(client, auth, "patrols", london(this_monday() - timedelta(days=7), 9))
    for weeks in (1, 8, 52):
        reply = client.get(f"/api/me/summary.svg?weeks={weeks}", headers=auth("officer"))
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("image/svg+xml")
        assert "no-store" in reply.headers["cache-control"]
        root = parse_svg(reply.content)
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text == "My records per week"
    assert "1 in total (1 patrol" in root.find(f"{SVG}desc").text
    empty = parse_svg(client.get("/api/me/summary.svg", headers=auth("teammate")).content)
    assert empty.find(f"{SVG}desc").text.startswith("You made no records")


def test_summary_chart_gives_the_svg_and_a_data_uri_of_it(client: TestClient, auth: Auth) -> None:
    reply = client.get("/api/me/summary/chart", headers=auth("officer"))
    assert reply.status_code == 200
    chart = reply.json()
    prefix = "data:image/svg+xml;base64,"
    assert chart["data_uri"].startswith(prefix)
    assert base64.b64decode(chart["data_uri"].removeprefix(prefix)).decode() == chart["svg"]
    parse_svg(chart["svg"])


def test_summary_reading_is_in_the_processing_log(
    client: TestClient, auth: Auth, services: Services
) -> None:
    client.get("/api/me/summary", headers=auth("officer"))
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn=upn("officer"), limit=10).items
    assert [(e.action.value, e.kind) for e in entries] == [("consultation", "summary")]
