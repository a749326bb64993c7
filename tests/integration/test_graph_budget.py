"""Instances scaled out share the tenant's Graph budget through the database."""

from collections.abc import Callable, Iterator

import pytest

from core.budget import StoredLedger
from graph.pacing import WINDOWS, Pacer, busiest_minute
from store.database import Database
from tests.fakegraph.tenant import ManualClock

BUDGET = 600
Instances = Callable[[ManualClock, int], list[Pacer]]


@pytest.fixture
def instances(database: Database) -> Iterator[Instances]:
    """Pacers as separate instances build them: each with its own pool on the same database."""
    pools: list[Database] = []

    def build(clock: ManualClock, count: int) -> list[Pacer]:
        pools.extend(Database(database.url.render_as_string(False)) for _ in range(count))
        return [Pacer(BUDGET, clock, StoredLedger(pool)) for pool in pools[-count:]]

    yield build
    for pool in pools:
        pool.dispose()


def test_two_instances_together_keep_within_one_budget(instances: Instances) -> None:
    clock = ManualClock()
    first, second = instances(clock, 2)
    for _ in range(40):
        first.acquire(20)
        second.acquire(20)
    spends = sorted([*first.history, *second.history])
    assert sum(units for _, units in spends) == 1600
    assert busiest_minute(spends) <= BUDGET
    ten_seconds, share = WINDOWS[1]
    for stamp, _ in spends:
        assert sum(u for t, u in spends if stamp <= t < stamp + ten_seconds) <= BUDGET * share
    assert clock.slept >= 60


def test_a_pause_graph_asked_of_one_instance_holds_the_others(instances: Instances) -> None:
    clock = ManualClock()
    first, second = instances(clock, 2)
    first.hold(30)
    second.acquire(2)
    assert clock.slept >= 29


def test_spending_alone_does_not_wait(instances: Instances) -> None:
    clock = ManualClock()
    (only,) = instances(clock, 1)
    for _ in range(5):
        only.acquire(2)
    assert clock.slept == 0
