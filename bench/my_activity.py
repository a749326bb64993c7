"""My activity through the ASGI app on SQLite, and reading a calendar from Graph two ways.

The store is the demo force with one officer given a year of heavy recording (default 3,000
own records, about twelve a working day). Prints p50/p99 latency of my activity pages, the
52-week summary and its chart. Then reads a month of calendar (default 500 events) from the
fake Graph through msgraph-sdk, once as plain JSON (what graph/calendar.py does) and once as
the SDK's models, and prints both times and their ratio.

Run from the checkout: `.venv/bin/python -m bench.my_activity` (it uses the fake Graph of the
tests).
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from core.demo import generate
from core.seed import seed_demo
from core.services import Services
from core.settings import Settings
from functions.app import create_app
from graph.calendar import GraphCalendar
from graph.calls import GraphSession, SignedIn, configuration
from graph.client import graph_client
from schemas.kinds import ACTIVITY_KINDS
from store.migrate import migrate
from tests.fakegraph import FakeGraph
from tests.fakegraph.people import FakeEvent, People
from tests.fakegraph.server import BASE

OFFICER = "demo.officer@northshire.example"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(name: str, count: int, call: Callable[[int], object]) -> None:
    latencies = []
    for n in range(count):
        begun = time.perf_counter()
        call(n)
        latencies.append(time.perf_counter() - begun)
    print(
        f"{name:<38} {count:>5} req  p50 {statistics.median(latencies) * 1000:7.2f} ms  "
        f"p99 {percentile(latencies, 0.99) * 1000:7.2f} ms"
    )


def own_records(services: Services, count: int) -> None:
    """`count` more records for the demo officer, spread over the past year."""
    data = generate(seed=1, anchor=date.today(), records=count * 3)
    rows = {kind: [] for kind in data.activities}
    taken = 0
    for kind, found in data.activities.items():
        for row in found:
            if taken >= count:
                break
            rows[kind].append(row | {"officer": OFFICER, "created_by": OFFICER})
            taken += 1
    with services.database.transaction() as tx:
        for kind, found in rows.items():
            tx.activities(ACTIVITY_KINDS[kind]).insert_many(
                [r | {"id": f"bench-{r['id']}"} for r in found]
            )
        tx.commit()


def http(services: Services, requests: int) -> None:
    client = TestClient(create_app(lambda: services))
    headers = {"Authorization": f"Bearer {services.development_token(OFFICER)}"}
    cursors: list[str | None] = [None]

    def page(n: int) -> None:
        params = {"limit": 50} | ({"cursor": cursors[-1]} if cursors[-1] else {})
        reply = client.get("/api/me/activity", params=params, headers=headers)
        assert reply.status_code == 200, reply.text
        cursors.append(reply.json()["next"])

    def get(path: str) -> Callable[[int], None]:
        def call(_: int) -> None:
            reply = client.get(path, headers=headers)
            assert reply.status_code == 200, reply.text

        return call

    timed("GET /me/activity (pages of 50)", requests, page)
    timed("GET /me/activity?kind=patrol", requests, get("/api/me/activity?kind=patrol"))
    timed("GET /me/summary (12 weeks)", requests, get("/api/me/summary"))
    timed("GET /me/summary?weeks=52", requests, get("/api/me/summary?weeks=52"))
    timed("GET /me/summary.svg?weeks=52", requests, get("/api/me/summary.svg?weeks=52"))
    timed("GET /me/calendar (a week)", requests, get("/api/me/calendar"))
    timed("GET /me/duties (a week)", requests, get("/api/me/duties"))


class Tokens:
    def __init__(self, token: str) -> None:
        self.token = token

    def app_token(self) -> str:
        return self.token

    def user_token(self, assertion: str, home_account_id: str) -> str:
        return self.token


def calendar(events: int, rounds: int) -> None:
    fake = FakeGraph()
    people = People(fake, me="bench")
    start = datetime(2026, 11, 2, 7, tzinfo=UTC)
    for n in range(events):
        begins = start + timedelta(minutes=80 * n)
        people.add_event("bench", FakeEvent(f"Event {n}", begins, begins + timedelta(hours=1)))
    since, before = start, start + timedelta(days=60)
    user = SignedIn("bench@x.example", "Bench", "bench", "t", "bench.t")
    ours = GraphCalendar(Tokens(fake.token), GraphSession(BASE, fake.async_client), zone="UTC")
    ours.events(user, since, before)

    async def with_models() -> int:
        from msgraph.generated.users.item.calendar_view.calendar_view_request_builder import (
            CalendarViewRequestBuilder,
        )

        client = graph_client(lambda: fake.token, base_url=BASE, http=fake.async_client())
        query = CalendarViewRequestBuilder.CalendarViewRequestBuilderGetQueryParameters(
            start_date_time=since.isoformat(), end_date_time=before.isoformat(), top=100
        )
        page = await client.me.calendar_view.get(configuration(query))
        found = len(page.value)
        while page.odata_next_link:
            page = await client.me.calendar_view.with_url(page.odata_next_link).get(configuration())
            found += len(page.value)
        return found

    asyncio.run(with_models())
    began = time.perf_counter()
    for _ in range(rounds):
        assert len(ours.events(user, since, before)) == events
    plain = (time.perf_counter() - began) / rounds
    began = time.perf_counter()
    for _ in range(rounds):
        assert asyncio.run(with_models()) == events
    models = (time.perf_counter() - began) / rounds
    print(
        f"calendarView, {events} events: plain JSON {plain * 1000:.1f} ms, "
        f"SDK models {models * 1000:.1f} ms, ratio {models / plain:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=3_000, help="the officer's own records")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        services = Services(Settings(data_dir=Path(folder)))
        migrate(services.database)
        seed_demo(services.database, seed=1, anchor=date.today(), records=20_000)
        own_records(services, args.records)
        http(services, args.requests)
        services.close()
    calendar(args.events, rounds=5)


if __name__ == "__main__":
    main()
