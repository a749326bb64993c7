"""My calendar and duties over HTTP: the embedded stand-ins read the store; with the Graph
implementations in place, Microsoft 365's throttling and failures reach the caller as 503/502."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient

from core.services import Services
from graph.calendar import GraphCalendar
from graph.calls import GraphSession
from graph.mail import GraphMail
from graph.shifts import ShiftsRoster
from schemas.base import LONDON
from schemas.duty import DutySource
from tests.conftest import LPA_A, TEAM_A1, object_id, upn
from tests.fakegraph import FakeGraph
from tests.fakegraph.people import FakeEvent, FakeShift, People
from tests.fakegraph.server import BASE
from tests.integration.test_graph_my_activity import StaticTokens

Auth = Callable[[str], dict[str, str]]
DAY = date(2026, 7, 6)
TEAMS_ID = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"


def london(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), LONDON)


def event(
    n: int, who: str, subject: str, start: datetime, hours: int, where: str | None = None
) -> dict[str, object]:
    return {
        "id": f"e{n}",
        "upn": upn(who),
        "subject": subject,
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "location": where,
        "is_all_day": hours == 24,
    }


def duty(n: int, who: str, day: date) -> dict[str, object]:
    return {
        "id": f"d{n}",
        "upn": upn(who),
        "team_id": TEAM_A1,
        "lpa_id": LPA_A,
        "starts_at": london(day, 7),
        "ends_at": london(day, 17),
        "duty_type": "Day turn",
        "source": DutySource.DEMO.value,
    }


def add_events(services: Services) -> None:
    next_week = DAY + timedelta(days=8)
    with services.database.transaction() as tx:
        tx.calendar.add(
            [
                event(1, "officer", "Team briefing", london(DAY, 9), 1, "Briefing room"),
                event(2, "officer", "Training day", london(DAY, 0), 24),
                event(3, "officer", "Next week", london(next_week, 9), 1),
                event(4, "teammate", "Not mine", london(DAY, 9), 1),
            ]
        )
        tx.commit()


def test_my_calendar_reads_the_stand_in_in_london_time(
    client: TestClient, auth: Auth, services: Services
) -> None:
    add_events(services)
    reply = client.get(
        "/api/me/calendar", params={"from": DAY.isoformat()}, headers=auth("officer")
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["items"] == [
        {
            "subject": "Training day",
            "start": "2026-07-06T00:00:00+01:00",
            "end": "2026-07-07T00:00:00+01:00",
            "location": None,
            "is_all_day": True,
        },
        {
            "subject": "Team briefing",
            "start": "2026-07-06T09:00:00+01:00",
            "end": "2026-07-06T10:00:00+01:00",
            "location": "Briefing room",
            "is_all_day": False,
        },
    ]


def test_my_calendar_period_is_bounded(client: TestClient, auth: Auth) -> None:
    params = {"from": "2026-01-01", "to": "2026-06-01"}
    reply = client.get("/api/me/calendar", params=params, headers=auth("officer"))
    assert reply.status_code == 422 and reply.json()["errors"][0]["field"] == "to"
    params = {"from": "2026-06-01", "to": "2026-05-01"}
    reply = client.get("/api/me/calendar", params=params, headers=auth("officer"))
    assert reply.status_code == 422 and reply.json()["errors"][0]["field"] == "to"


@pytest.mark.parametrize(
    "params",
    [
        {"to": "9999-12-31"},
        {"from": "9999-12-31T23:59:59-01:00"},
        {"from": "0001-01-01T00:00:00+05:00"},
        {"to": "0001-01-01"},
        {"from": "0001-01-01", "to": "0001-01-02"},
    ],
)
def test_a_calendar_or_roster_at_the_ends_of_the_calendar_is_a_422(
    client: TestClient, auth: Auth, params: dict[str, str]
) -> None:
    for path in ("/api/me/calendar", "/api/me/duties"):
        reply = client.get(path, params=params, headers=auth("officer"))
        assert reply.status_code == 422, (path, reply.text)
        assert reply.json()["errors"][0]["field"] in params


def test_my_duties_reads_the_roster_in_the_store(
    client: TestClient, auth: Auth, services: Services
) -> None:
    with services.database.transaction() as tx:
        tx.duties.add(
            [
                duty(1, "officer", DAY),
                duty(2, "officer", DAY + timedelta(days=1)),
                duty(3, "teammate", DAY),
                duty(4, "officer", DAY + timedelta(days=9)),
            ]
        )
        tx.commit()
    params = {"from": DAY.isoformat(), "to": (DAY + timedelta(days=6)).isoformat()}
    reply = client.get("/api/me/duties", params=params, headers=auth("officer"))
    assert reply.status_code == 200, reply.text
    assert reply.json()["items"] == [
        {
            "start": "2026-07-06T07:00:00+01:00",
            "end": "2026-07-06T17:00:00+01:00",
            "duty_type": "Day turn",
            "team_id": TEAM_A1,
        },
        {
            "start": "2026-07-07T07:00:00+01:00",
            "end": "2026-07-07T17:00:00+01:00",
            "duty_type": "Day turn",
            "team_id": TEAM_A1,
        },
    ]


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def people(fake: FakeGraph) -> People:
    return People(fake, me=object_id("officer"))


@pytest.fixture
def with_graph(services: Services, fake: FakeGraph, people: People) -> StaticTokens:
    """The Microsoft 365 implementations of the ports, against the fake Graph."""
    tokens = StaticTokens(fake.token)
    session = GraphSession(base_url=BASE, http=fake.async_client)
    services.__dict__["calendar"] = GraphCalendar(tokens, session, zone="Europe/London")
    services.__dict__["roster"] = ShiftsRoster(tokens, session, {TEAM_A1: TEAMS_ID})
    services.__dict__["mail"] = GraphMail(tokens, session)
    return tokens


def test_calendar_through_graph_acts_for_the_caller(
    client: TestClient, auth: Auth, people: People, with_graph: StaticTokens
) -> None:
    people.add_event(
        object_id("officer"), FakeEvent("PACT meeting", london(DAY, 19), london(DAY, 21))
    )
    reply = client.get(
        "/api/me/calendar", params={"from": DAY.isoformat()}, headers=auth("officer")
    )
    assert reply.status_code == 200, reply.text
    assert [e["start"] for e in reply.json()["items"]] == ["2026-07-06T19:00:00+01:00"]
    assertion, account = with_graph.delegated[0]
    assert auth("officer")["Authorization"] == f"Bearer {assertion}"
    assert account.startswith(object_id("officer") + ".")


def test_duties_and_summary_rates_through_shifts(
    client: TestClient, auth: Auth, people: People, with_graph: StaticTokens
) -> None:
    today = datetime.now(LONDON).date()
    start = datetime.combine(today - timedelta(days=today.weekday() + 7), time(8), LONDON)
    for n in range(4):
        begins = start + timedelta(days=n)
        people.add_shift(
            TEAMS_ID, FakeShift(object_id("officer"), begins, begins + timedelta(hours=10))
        )
    reply = client.get(
        "/api/me/duties", params={"from": start.date().isoformat()}, headers=auth("officer")
    )
    assert [d["duty_type"] for d in reply.json()["items"]] == ["Day"] * 4
    summary = client.get("/api/me/summary?weeks=2", headers=auth("officer")).json()
    assert summary["weeks"][0]["rostered_hours"] == 40.0


def test_throttled_microsoft_365_is_a_503_with_retry_after(
    client: TestClient, auth: Auth, fake: FakeGraph, with_graph: StaticTokens
) -> None:
    fake.faults.throttle_every = 1
    fake.faults.retry_after = 12
    reply = client.get("/api/me/calendar", headers=auth("officer"))
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "12"
    assert reply.headers["content-type"] == "application/problem+json"
    assert "retry in 12 seconds" in reply.json()["detail"]


def test_failing_microsoft_365_is_a_502_with_a_retry_hint(
    client: TestClient, auth: Auth, with_graph: StaticTokens
) -> None:
    reply = client.get("/api/me/duties", headers=auth("officer"))
    assert reply.status_code == 502
    assert reply.json()["type"] == "urn:npt:problem:dependency-failed"
    assert int(reply.headers["Retry-After"]) > 0


def test_email_through_graph_that_is_throttled_discloses_nothing(
    client: TestClient, auth: Auth, services: Services, fake: FakeGraph, people: People,
    with_graph: StaticTokens,
) -> None:  # fmt: skip
    message = {"to": [upn("supervisor")], "subject": "Tonight", "body": "Late turn swap?"}
    fake.faults.throttle_every = 1
    refused = client.post("/api/me/email", json=message, headers=auth("officer"))
    assert refused.status_code == 503 and people.sent == []
    fake.faults.throttle_every = 0
    sent = client.post("/api/me/email", json=message, headers=auth("officer"))
    assert sent.status_code == 202 and len(people.sent) == 1
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn=upn("officer"), limit=10).items
    assert [e.action.value for e in entries if e.kind == "email"] == ["disclosure"]
