"""The write limiter: a burst, then a steady rate, per person."""

import pytest

from core.errors import TooManyRequests
from core.ratelimit import WriteLimiter


def test_burst_then_refill_at_the_rate() -> None:
    now = [0.0]
    limiter = WriteLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    limiter.take("a")
    limiter.take("a")
    with pytest.raises(TooManyRequests) as raised:
        limiter.take("a")
    assert raised.value.retry_after == 1
    now[0] += 1.0
    limiter.take("a")


def test_people_have_their_own_buckets() -> None:
    limiter = WriteLimiter(per_minute=1, burst=1, clock=lambda: 0.0)
    limiter.take("a")
    limiter.take("b")
    with pytest.raises(TooManyRequests):
        limiter.take("a")


def test_memory_stays_bounded_by_forgetting_full_buckets() -> None:
    now = [0.0]
    limiter = WriteLimiter(per_minute=60, burst=5, clock=lambda: now[0], max_people=10)
    for i in range(10):
        limiter.take(f"p{i}")
    now[0] += 60
    limiter.take("newcomer")
    assert len(limiter._buckets) == 1
