"""The Graph budget kept in the database, so that every instance paces against the same one."""

from collections.abc import Callable

from graph.pacing import WINDOWS, Spends
from store.database import Database


class StoredLedger:
    """graph.pacing.Ledger over the store: one short transaction per decision."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def spend(self, now: float, units: int, wait: Callable[[Spends, float], float]) -> float:
        with self.database.transaction() as tx:
            tx.graph_budget.lock()
            spent, held_until = tx.graph_budget.recent(now - WINDOWS[0][0])
            seconds = wait(spent, held_until)
            if seconds <= 0:
                tx.graph_budget.record(now, units)
                tx.commit()
        return seconds

    def hold(self, until: float) -> None:
        with self.database.transaction() as tx:
            tx.graph_budget.hold(until)
            tx.commit()
