"""Calendar, Shifts and sendMail through the real msgraph-sdk against the fake Graph."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from graph.calendar import GraphCalendar, moment
from graph.calls import GraphSession, SignedIn, retry_after
from graph.errors import GraphError, GraphUnavailable
from graph.mail import GraphMail
from graph.shifts import ShiftsRoster
from schemas.duty import DutySource
from schemas.mail import QuickEmail
from schemas.person import Person, Rank
from tests.fakegraph import FakeGraph
from tests.fakegraph.people import FakeEvent, FakeShift, People
from tests.fakegraph.server import BASE

LONDON = ZoneInfo("Europe/London")
ME = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
TEAMMATE = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"
TEAMS_ID = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"


class StaticTokens:
    """Entra's part: every token is the one the fake Graph accepts."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.delegated: list[tuple[str, str]] = []

    def app_token(self) -> str:
        return self.token

    def user_token(self, assertion: str, home_account_id: str) -> str:
        self.delegated.append((assertion, home_account_id))
        return self.token


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def people(fake: FakeGraph) -> People:
    return People(fake, me=ME)


@pytest.fixture
def tokens(fake: FakeGraph) -> StaticTokens:
    return StaticTokens(fake.token)


@pytest.fixture
def session(fake: FakeGraph) -> GraphSession:
    return GraphSession(base_url=BASE, http=fake.async_client)


USER = SignedIn("me@test.example", "Me", ME, "api-token", f"{ME}.tenant")
PERSON = Person(
    upn="me@test.example",
    entra_object_id=ME,
    display_name="Me",
    rank=Rank.PC,
    team_id="team-a1",
    lpa_id="lpa-a",
)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def test_calendar_follows_next_links_and_asks_for_london_time_on_every_page(
    people: People, tokens: StaticTokens, session: GraphSession
) -> None:
    start = at(2026, 11, 2, 8)
    for n in range(250):
        begins = start + timedelta(hours=n)
        people.add_event(ME, FakeEvent(f"Event {n}", begins, begins + timedelta(minutes=30)))
    calendar = GraphCalendar(tokens, session, zone="Europe/London")
    events = calendar.events(USER, start, start + timedelta(days=30))
    assert [e.subject for e in events] == [f"Event {n}" for n in range(250)]
    assert len(people.calendar_requests) == 3
    for request in people.calendar_requests:
        assert request.headers["prefer"] == 'outlook.timezone="Europe/London"'
    assert tokens.delegated == [("api-token", f"{ME}.tenant")] * 3


def test_calendar_times_keep_their_instant_across_summer_time(
    people: People, tokens: StaticTokens, session: GraphSession
) -> None:
    people.add_event(ME, FakeEvent("Summer", at(2026, 7, 1, 9), at(2026, 7, 1, 10), "Hall"))
    people.add_event(ME, FakeEvent("Winter", at(2026, 12, 1, 9), at(2026, 12, 1, 10)))
    people.add_event(
        ME, FakeEvent("Training", at(2026, 7, 2, 0), at(2026, 7, 3, 0), is_all_day=True)
    )
    calendar = GraphCalendar(tokens, session, zone="Europe/London")
    summer, training, winter = calendar.events(USER, at(2026, 6, 1), at(2027, 1, 1))
    assert summer.start == datetime(2026, 7, 1, 8, tzinfo=UTC)
    assert summer.location == "Hall" and winter.location is None
    assert winter.start == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert training.is_all_day and training.start == datetime(2026, 7, 1, 23, tzinfo=UTC)


def test_calendar_returns_only_the_signed_in_persons_overlapping_events(
    people: People, tokens: StaticTokens, session: GraphSession
) -> None:
    people.add_event(ME, FakeEvent("Before", at(2026, 11, 1, 8), at(2026, 11, 1, 9)))
    people.add_event(ME, FakeEvent("Straddles", at(2026, 11, 1, 23), at(2026, 11, 2, 1)))
    people.add_event(TEAMMATE, FakeEvent("Not mine", at(2026, 11, 2, 9), at(2026, 11, 2, 10)))
    calendar = GraphCalendar(tokens, session, zone="Europe/London")
    events = calendar.events(USER, at(2026, 11, 2), at(2026, 11, 3))
    assert [e.subject for e in events] == ["Straddles"]


def test_graph_times_in_windows_zone_names_are_read() -> None:
    read = moment({"dateTime": "2026-07-01T09:00:00.0000000", "timeZone": "GMT Standard Time"})
    assert read == datetime(2026, 7, 1, 8, tzinfo=UTC)
    with pytest.raises(GraphError):
        moment({"dateTime": "2026-07-01T09:00:00", "timeZone": "Mars Standard Time"})


def test_shifts_gives_only_the_callers_published_shifts_in_the_period(
    people: People, tokens: StaticTokens, session: GraphSession
) -> None:
    day = at(2026, 11, 23, 7)
    mine = people.add_shift(TEAMS_ID, FakeShift(ME, day, day + timedelta(hours=10), "Early"))
    people.add_shift(TEAMS_ID, FakeShift(TEAMMATE, day, day + timedelta(hours=10)))
    people.add_shift(
        TEAMS_ID,
        FakeShift(ME, day + timedelta(days=1), day + timedelta(days=1, hours=8), published=False),
    )
    people.add_shift(
        TEAMS_ID, FakeShift(ME, day - timedelta(days=9), day - timedelta(days=9, hours=-8))
    )
    roster = ShiftsRoster(tokens, session, {"team-a1": TEAMS_ID})
    duties = roster.duties(PERSON, at(2026, 11, 23), at(2026, 11, 30))
    assert [(d.id, d.duty_type, d.team_id, d.source) for d in duties] == [
        (mine.id, "Early", "team-a1", DutySource.SHIFTS)
    ]
    assert duties[0].starts_at == day and duties[0].upn == PERSON.upn


def test_shifts_pages_through_a_long_schedule(
    people: People, tokens: StaticTokens, session: GraphSession, fake: FakeGraph
) -> None:
    first = at(2026, 9, 1, 7)
    for n in range(120):
        begins = first + timedelta(days=n)
        people.add_shift(TEAMS_ID, FakeShift(ME, begins, begins + timedelta(hours=8)))
    roster = ShiftsRoster(tokens, session, {"team-a1": TEAMS_ID})
    duties = roster.duties(PERSON, at(2026, 9, 1), at(2027, 1, 1))
    assert len(duties) == 120
    assert fake.requests.count(("GET", f"/teams/{TEAMS_ID}/schedule/shifts")) == 3


def test_shifts_asks_nothing_for_a_team_without_a_schedule(
    tokens: StaticTokens, session: GraphSession, fake: FakeGraph
) -> None:
    roster = ShiftsRoster(tokens, session, {})
    assert roster.duties(PERSON, at(2026, 11, 1), at(2026, 11, 8)) == []
    assert fake.requests == []


def test_send_mail_posts_a_plain_text_message_saved_to_sent_items(
    people: People, tokens: StaticTokens, session: GraphSession
) -> None:
    message = QuickEmail(
        to=["sgt.one@test.example", "pc.two@test.example"],
        cc=["insp@test.example"],
        subject="Market Square tonight",
        body="Shop theft again.\nCan we double up on the late turn?",
    )
    GraphMail(tokens, session).send(USER, message)
    [sent] = people.sent
    assert sent.sender == ME and sent.save_to_sent_items
    assert sent.message["subject"] == "Market Square tonight"
    assert sent.message["body"] == {"content": message.body, "contentType": "text"}
    to = [r["emailAddress"]["address"] for r in sent.message["toRecipients"]]
    cc = [r["emailAddress"]["address"] for r in sent.message["ccRecipients"]]
    assert (to, cc) == (message.to, message.cc)
    assert "attachments" not in sent.message
    assert tokens.delegated == [("api-token", f"{ME}.tenant")]


def test_throttled_graph_is_unavailable_with_its_retry_after_and_not_retried(
    people: People, tokens: StaticTokens, session: GraphSession, fake: FakeGraph
) -> None:
    fake.faults.throttle_every = 1
    fake.faults.retry_after = 7
    message = QuickEmail(to=["a@test.example"], subject="s", body="b")
    with pytest.raises(GraphUnavailable) as raised:
        GraphMail(tokens, session).send(USER, message)
    assert raised.value.retry_after == 7 and raised.value.status == 429
    assert len(fake.requests) == 1 and people.sent == []


def test_graph_outage_is_unavailable(
    tokens: StaticTokens, session: GraphSession, fake: FakeGraph, people: People
) -> None:
    fake.faults.outage_until = 1.0
    calendar = GraphCalendar(tokens, session, zone="Europe/London")
    with pytest.raises(GraphUnavailable) as raised:
        calendar.events(USER, at(2026, 11, 1), at(2026, 11, 8))
    assert raised.value.status == 503 and raised.value.retry_after == 5


def test_graph_refusal_is_an_error_not_a_retry(
    tokens: StaticTokens, session: GraphSession, people: People
) -> None:
    roster = ShiftsRoster(tokens, session, {"team-a1": "no-such-team"})
    with pytest.raises(GraphError) as raised:
        roster.duties(PERSON, at(2026, 11, 1), at(2026, 11, 8))
    assert not isinstance(raised.value, GraphUnavailable)
    assert raised.value.status == 404


def test_unreachable_graph_is_unavailable(tokens: StaticTokens) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    session = GraphSession(
        base_url=BASE, http=lambda: httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    )
    with pytest.raises(GraphUnavailable):
        GraphCalendar(tokens, session, zone="Europe/London").events(
            USER, at(2026, 11, 1), at(2026, 11, 8)
        )


def test_retry_after_takes_the_later_of_retry_after_and_ratelimit_reset() -> None:
    assert retry_after({"retry-after": "3", "ratelimit-reset": "20"}) == 20
    assert retry_after({"retry-after": "12"}) == 12
    assert retry_after({}) == 10
