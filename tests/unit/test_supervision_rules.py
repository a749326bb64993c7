"""The small rules under sampling and the summary: rounding, weeks, months, distributions."""

import random
from datetime import UTC, date, datetime, timedelta

from core.sampling import SamplingRule, choose, week_of
from core.summary import distribution, months_before, share
from store.dip_checks import Candidate


def candidate(n: int, officer: str = "a", *, day: int = 0, **state: object) -> Candidate:
    values: dict = {
        "kind": "patrol",
        "record_id": f"r{n}",
        "officer": officer,
        "team_id": "t",
        "started_at": datetime(2026, 11, 23, 9, tzinfo=UTC) + timedelta(days=day, minutes=n),
        "flagged": False,
        "checked": False,
        "held_by": None,
    }
    return Candidate(**(values | state))


def test_sampling_target_rounds_up_without_floating_point_surprises() -> None:
    rule = SamplingRule(percent=10)
    assert [rule.target(n) for n in (0, 1, 10, 30, 31, 100)] == [0, 1, 1, 3, 4, 10]
    assert SamplingRule(percent=100).target(7) == 7


def test_weeks_start_on_monday_in_london() -> None:
    assert week_of(datetime(2026, 10, 25, 23, 30, tzinfo=UTC)) == date(2026, 10, 19)
    assert week_of(datetime(2026, 6, 7, 23, 30, tzinfo=UTC)) == date(2026, 6, 8)


def test_flagged_records_are_chosen_first_even_beyond_the_rate() -> None:
    pool = [candidate(n) for n in range(5)] + [candidate(9, "b", flagged=True)]
    picks = choose(pool, rule=SamplingRule(percent=1, per_officer=0), room=10, rng=random.Random(1))
    assert [p.record_id for p in picks] == ["r9"]


def test_checked_and_held_records_count_towards_the_week_and_are_never_chosen() -> None:
    pool = [candidate(0, checked=True), candidate(1, held_by="sgt"), candidate(2), candidate(3)]
    picks = choose(pool, rule=SamplingRule(percent=75), room=10, rng=random.Random(1))
    assert len(picks) == 1 and picks[0].record_id in {"r2", "r3"}


def test_room_limits_the_choice_and_officers_minimum_comes_before_the_rate() -> None:
    pool = [candidate(n, "a") for n in range(20)] + [candidate(50, "b")]
    picks = choose(pool, rule=SamplingRule(percent=50), room=2, rng=random.Random(3))
    assert sorted(p.officer for p in picks) == ["a", "b"]
    assert choose(pool, rule=SamplingRule(), room=0, rng=random.Random(3)) == []


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() -> None:
    assert months_before(date(2026, 11, 26), 3) == date(2026, 8, 26)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 3) == date(2025, 10, 15)


def test_distribution_of_records_per_officer() -> None:
    empty = distribution([])
    assert (empty.officers, empty.median, empty.minimum) == (0, None, None)
    assert all(band.officers == 0 for band in empty.bands)
    one = distribution([7])
    assert (one.lower_quartile, one.median, one.upper_quartile) == (7.0, 7.0, 7.0)
    many = distribution([1, 4, 5, 300])
    assert [(b.least, b.most, b.officers) for b in many.bands if b.officers] == [
        (1, 4, 2),
        (5, 9, 1),
        (250, None, 1),
    ]


def test_share_is_null_when_there_is_nothing_to_divide_by() -> None:
    assert share(1, 3) == 0.3333
    assert share(0, 0) is None
