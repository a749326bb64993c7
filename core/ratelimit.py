"""Writes per person per minute, so one runaway client cannot swamp the service or Lists."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import TooManyRequests


@dataclass
class _Bucket:
    tokens: float
    updated: float


class WriteLimiter:
    """A token bucket per person: `per_minute` sustained, up to `burst` at once.

    Each instance keeps its own buckets; with several instances the limit is per instance,
    which still bounds what one person can do.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_people: int = 100_000,
    ) -> None:
        self.rate = per_minute / 60
        self.burst = burst
        self.clock = clock
        self.max_people = max_people
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, who: str) -> None:
        with self._lock:
            now = self.clock()
            bucket = self._buckets.get(who)
            if bucket is None:
                if len(self._buckets) >= self.max_people:
                    self._forget_full(now)
                bucket = self._buckets[who] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens < 1:
                wait = (1 - bucket.tokens) / self.rate
                raise TooManyRequests(
                    "Too many changes in a short time; wait and retry.", retry_after=wait
                )
            bucket.tokens -= 1

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled: they hold no information."""
        full = [
            who
            for who, b in self._buckets.items()
            if b.tokens + (now - b.updated) * self.rate >= self.burst
        ]
        for who in full:
            del self._buckets[who]
