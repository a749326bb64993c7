"""The lease that keeps one sync of a list running at a time, on SQLite and PostgreSQL."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from store.database import Database
from store.sync_state import exclusive, leases, take_lease


def _holders(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(connection.execute(select(leases.c.holder)).scalars())


def test_a_second_holder_is_refused_while_the_first_holds(database: Database) -> None:
    with exclusive(database.engine, "sync:engagement") as first:
        with exclusive(database.engine, "sync:engagement") as second:
            assert (first, second) == (True, False)
        with exclusive(database.engine, "sync:patrol") as other_name:
            assert other_name


def test_the_lease_is_released_after_the_block(database: Database) -> None:
    with exclusive(database.engine, "sync:engagement") as held:
        assert held
    assert _holders(database) == []
    with exclusive(database.engine, "sync:engagement") as again:
        assert again


def test_the_lease_is_released_when_the_block_raises(database: Database) -> None:
    try:
        with exclusive(database.engine, "sync:engagement"):
            raise LookupError("sync failed")
    except LookupError:
        pass
    with exclusive(database.engine, "sync:engagement") as again:
        assert again


def test_concurrent_holders_never_both_hold(database: Database) -> None:
    threads, rounds = 4, 15
    start = threading.Barrier(threads)
    inside = 0
    overlaps: list[int] = []
    wins: list[int] = []
    guard = threading.Lock()

    def contend() -> None:
        nonlocal inside
        start.wait()
        for _ in range(rounds):
            with exclusive(database.engine, "sync:patrol") as held:
                if not held:
                    continue
                with guard:
                    inside += 1
                    overlaps.append(inside)
                    wins.append(1)
                threading.Event().wait(0.002)
                with guard:
                    inside -= 1

    workers = [threading.Thread(target=contend) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert wins
    assert max(overlaps) == 1


def test_a_crashed_holders_lease_expires(database: Database) -> None:
    ttl = timedelta(seconds=30)
    now = datetime.now(UTC)
    assert take_lease(database.engine, "sync:abstraction", "crashed", ttl, now)
    with exclusive(database.engine, "sync:abstraction") as held:
        assert not held
    assert take_lease(database.engine, "sync:abstraction", "later", ttl, now + ttl)
    assert _holders(database) == ["later"]


def test_a_held_lease_is_renewed_while_its_block_runs(database: Database) -> None:
    ttl = timedelta(seconds=0.3)
    with exclusive(database.engine, "sync:engagement", ttl) as held:
        assert held
        threading.Event().wait(0.9)
        late = datetime.now(UTC)
        assert not take_lease(database.engine, "sync:engagement", "rival", ttl, late)
