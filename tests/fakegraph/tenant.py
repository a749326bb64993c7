"""A fake tenant for Lists tests: the fake Graph with its lists and subscriptions, a clock
that tests move by hand, and the real port (msgraph-sdk) connected to them."""

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.lists import Lists
from graph.client import graph_client
from graph.lists import GraphLists
from graph.pacing import Pacer
from graph.transport import LoopThread, RawGraph
from tests.fakegraph.lists import SITE_ID, FakeLists
from tests.fakegraph.server import BASE, FakeGraph
from tests.fakegraph.subscriptions import FakeSubscriptions


@dataclass
class ManualClock:
    """Real time plus every wait, which is skipped rather than slept: waits cost nothing and
    are counted, and the API's writes (stamped by the real clock) are never in its future."""

    skipped: timedelta = timedelta()
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> datetime:
        with self.lock:
            return datetime.now(UTC) + self.skipped

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.skipped += timedelta(seconds=max(0.0, seconds))

    @property
    def slept(self) -> float:
        return self.skipped.total_seconds()

    def timestamp(self) -> float:
        return self.now().timestamp()


@dataclass
class Tenant:
    graph: FakeGraph
    lists: FakeLists
    subscriptions: FakeSubscriptions
    clock: ManualClock
    port: GraphLists

    def close(self) -> None:
        self.port.raw.loop.close()
        self.port.prefetch.shutdown(wait=True)


def fake_tenant(budget: int = 1_000_000, clock: ManualClock | None = None) -> Tenant:
    clock = clock or ManualClock()
    graph = FakeGraph()
    graph.faults.clock = clock.timestamp
    lists = FakeLists(graph, now=clock.now)
    subscriptions = FakeSubscriptions(lists)
    client = graph_client(lambda: graph.token, base_url=BASE, http=graph.async_client())
    port = GraphLists(
        RawGraph(client, BASE, LoopThread("fake-graph")), SITE_ID, Pacer(budget, clock)
    )
    return Tenant(graph, lists, subscriptions, clock, port)


def connected(tenant: Tenant, *, max_attempts: int = 8) -> Lists:
    """The use cases' view of the tenant, as `core.lists.connect` would build it."""
    return Lists(
        port=tenant.port,
        clock=tenant.clock,
        zone=ZoneInfo("Europe/London"),
        max_attempts=max_attempts,
        notification_url="https://npt.example/api/lists/notifications",
        client_state="a-client-state-of-some-length",
    )


def enrol(tenant: Tenant, people: dict[str, str]) -> dict[str, int]:
    """Add people (UPN -> Entra object id) to the site; returns their lookup ids by UPN."""
    return {upn: tenant.lists.add_user(upn, oid, upn.split("@")[0]) for upn, oid in people.items()}
