"""A resource-unit budget per minute, so that Lists traffic is rarely throttled at all.

SharePoint meters an application by resource units per minute per tenant (1,250 in the
smallest tenants). Spending is paced so that every 60-second window stays within the budget
and every 10-second window within a sixth of it: the traffic is spread, not sent in one burst
and then starved. A 429 or 503 holds all traffic for as long as Graph asks.
"""

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Protocol

WRITE = 2
"""A create, update or delete of a list item."""
DELTA_WITH_TOKEN = 1
DELTA_WITHOUT_TOKEN = 2
QUERY = 2
"""A query that returns several items, such as a filter on SubmissionId."""
READ = 1
"""One item, one list, a column definition or a subscription."""

WINDOWS = ((60.0, 1.0), (10.0, 1 / 6))
"""(seconds, share of the budget) that each sliding window may spend."""
HISTORY = 100_000


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


Spends = Sequence[tuple[float, int]]
"""(timestamp, units) of recent spends, oldest first."""


def wait_for(spent: Spends, held_until: float, now: float, units: int, budget: int) -> float:
    """Seconds until `units` fit every window (0 when they fit now)."""
    wait = max(0.0, held_until - now)
    for seconds, share in WINDOWS:
        allowed = max(units, budget * share)
        inside = [(t, u) for t, u in spent if t > now - seconds]
        total = sum(u for _, u in inside)
        for stamp, used in inside:
            if total + units <= allowed:
                break
            total -= used
            wait = max(wait, stamp + seconds - now)
    return wait


class Ledger(Protocol):
    """The tenant's spending shared by every instance of the service: the budget is the
    tenant's, so instances scaled out must not each spend all of it."""

    def spend(self, now: float, units: int, wait: Callable[[Spends, float], float]) -> float:
        """Under a lock shared by every instance, `wait(recent spends, held until)`; when it
        is 0, record the spend. Returns that wait."""
        ...

    def hold(self, until: float) -> None: ...


class Pacer:
    """Shared by every Graph call of the process; safe to use from several threads. With a
    `ledger` the windows count what every instance spent, and a hold stops them all."""

    def __init__(self, budget: int, clock: Clock, ledger: Ledger | None = None) -> None:
        self.budget = budget
        self.clock = clock
        self.ledger = ledger
        self.spent: deque[tuple[float, int]] = deque()
        self.held_until = 0.0
        self.units = 0
        self.requests = 0
        self.history: deque[tuple[float, int]] = deque(maxlen=HISTORY)
        """Recent spends of this process as (timestamp, units), for reports and benchmarks."""
        self._lock = threading.Lock()

    def _try(self, now: float, units: int) -> float:
        if self.ledger is not None:
            return self.ledger.spend(
                now, units, lambda spent, held: wait_for(spent, held, now, units, self.budget)
            )
        while self.spent and self.spent[0][0] <= now - WINDOWS[0][0]:
            self.spent.popleft()
        wait = wait_for(self.spent, self.held_until, now, units, self.budget)
        if wait <= 0:
            self.spent.append((now, units))
        return wait

    def acquire(self, units: int, requests: int = 1) -> None:
        """Block until `units` may be spent, then spend them."""
        while True:
            with self._lock:
                now = self.clock.now().timestamp()
                wait = self._try(now, units)
                if wait <= 0:
                    self.history.append((now, units))
                    self.units += units
                    self.requests += requests
                    return
            self.clock.sleep(wait)

    def hold(self, seconds: float) -> None:
        """Graph asked for a pause (Retry-After): nothing is sent before it ends."""
        with self._lock:
            until = self.clock.now().timestamp() + seconds
            self.held_until = max(self.held_until, until)
            if self.ledger is not None:
                self.ledger.hold(until)


def busiest_minute(spends: Iterable[tuple[float, int]]) -> int:
    """The most units spent in any 60-second window of `spends` (in time order)."""
    history = list(spends)
    best = 0
    start = 0
    total = 0
    for stamp, units in history:
        total += units
        while history[start][0] <= stamp - 60:
            total -= history[start][1]
            start += 1
        best = max(best, total)
    return best
