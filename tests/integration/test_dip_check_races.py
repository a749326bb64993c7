"""Two supervisors at once: one current check per record, and no record in two queues."""

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from core import dip_checks
from core.access import Caller
from core.services import Services
from core.settings import Settings
from schemas.dip_check import CRITERIA, DipCheckCreate
from store.database import Database
from store.dip_checks import CheckFilter, DipChecks
from store.filters import Visibility
from tests.supervision_data import caller, insert, row, second_supervisor

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls on threads released at the same moment; their results in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(n: int) -> None:
        start.wait()
        results[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_checks_recorded_at_once_leave_one_current_check_and_both_in_history(
    services: Services,
) -> None:
    database: Database = services.database
    record = row("patrol", "officer", NOW - timedelta(days=1))
    insert(database, [("patrol", record)])

    def check(who: Caller, outcome: str) -> Callable[[], Any]:
        body = DipCheckCreate.model_validate(
            {
                "kind": "patrol",
                "record_id": record["id"],
                "outcome": outcome,
                "criteria": dict.fromkeys(CRITERIA, True),
                "comment": "Fine." if outcome == "meets_standard" else "More detail.",
            }
        )
        return lambda: dip_checks.record(database, who, body, clock=lambda: NOW)

    together(
        check(caller(database, "supervisor"), "meets_standard"),
        check(second_supervisor(), "needs_improvement"),
    )
    with database.transaction(read_only=True) as tx:
        checks = DipChecks(tx.connection)
        history = checks.list(
            Visibility(everything=True), CheckFilter(include_replaced=True), limit=10
        ).items
    assert len(history) == 2
    assert sum(check.current for check in history) == 1


def test_queues_asked_for_at_once_never_share_a_record(services: Services) -> None:
    database: Database = services.database
    start = NOW - timedelta(days=2)
    insert(
        database,
        [("patrol", row("patrol", "officer", start + timedelta(hours=n))) for n in range(6)],
    )
    everything = Settings(dip_check_percent=100)

    def ask(who: Caller) -> Callable[[], Any]:
        return lambda: dip_checks.queue(
            database, everything, who, size=6, clock=lambda: NOW, rng=random.Random()
        )

    mine, theirs = together(ask(caller(database, "supervisor")), ask(second_supervisor()))
    first = {item.record.id for item in mine}
    second = {item.record.id for item in theirs}
    assert not first & second
    assert len(first | second) == 6
