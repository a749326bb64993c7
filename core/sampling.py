"""Which records a dip-check queue offers next: flagged ones, then a spread sample per week.

Each week (Monday to Sunday, Europe/London) every active officer gets at least `per_officer`
records sampled, and the week as a whole at least `percent` of its records. A record counts as
sampled once it is checked or held in any supervisor's queue, so two supervisors of one area
share the work instead of repeating it. Within those rules the choice is random, leaning each
time towards the officer and then the kind with the fewest records sampled so far that week.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from schemas.base import LONDON
from store.dip_checks import Candidate


@dataclass(frozen=True)
class SamplingRule:
    percent: int = 10
    per_officer: int = 1

    def target(self, records: int) -> int:
        """The records to sample from a week of `records`, rounded up (integers: no 10.0000001)."""
        return -(-self.percent * records // 100)


def week_of(moment: datetime) -> date:
    """The Monday that starts the moment's week in Europe/London."""
    day = moment.astimezone(LONDON).date()
    return date.fromordinal(day.toordinal() - day.weekday())


@dataclass
class _Week:
    """One week's records: what is sampled so far and what is still free, per officer."""

    records: int = 0
    sampled: int = 0
    by_officer: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    free: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))

    def count(self, candidate: Candidate) -> None:
        self.sampled += 1
        self.by_officer[candidate.officer] += 1
        self.by_kind[candidate.kind] += 1

    def next_of(self, officer: str) -> Candidate | None:
        """The officer's free record of the kind least sampled this week (random among equals)."""
        pool = self.free.get(officer)
        if not pool:
            return None
        best = min(range(len(pool)), key=lambda i: self.by_kind[pool[i].kind])
        return pool.pop(best)


def choose(
    candidates: list[Candidate], *, rule: SamplingRule, room: int, rng: random.Random
) -> list[Candidate]:
    """Up to `room` free candidates to hand out next, most needed first."""
    if room <= 0:
        return []
    weeks: dict[date, _Week] = defaultdict(_Week)
    week_of_record: dict[tuple[str, str], _Week] = {}
    free: list[Candidate] = []
    for candidate in candidates:
        week = week_of_record[candidate.kind, candidate.record_id] = weeks[
            week_of(candidate.started_at)
        ]
        week.records += 1
        if candidate.checked or candidate.held_by is not None:
            week.count(candidate)
        else:
            free.append(candidate)
    rng.shuffle(free)
    for candidate in free:
        if not candidate.flagged:
            week_of_record[candidate.kind, candidate.record_id].free[candidate.officer].append(
                candidate
            )
    picks: list[Candidate] = []

    def take(candidate: Candidate) -> bool:
        picks.append(candidate)
        week_of_record[candidate.kind, candidate.record_id].count(candidate)
        return len(picks) >= room

    for candidate in sorted((c for c in free if c.flagged), key=lambda c: c.started_at):
        if take(candidate):
            return picks
    in_order = [weeks[monday] for monday in sorted(weeks)]
    for week in in_order:
        for officer in list(week.free):
            while week.by_officer[officer] < rule.per_officer:
                candidate = week.next_of(officer)
                if candidate is None:
                    break
                if take(candidate):
                    return picks
    for week in in_order:
        while week.sampled < rule.target(week.records):
            candidate = _least_sampled(week, rng.random)
            if candidate is None:
                break
            if take(candidate):
                return picks
    return picks


def _least_sampled(week: _Week, tie_break: Callable[[], float]) -> Candidate | None:
    officers = [o for o, pool in week.free.items() if pool]
    if not officers:
        return None
    officer = min(officers, key=lambda o: (week.by_officer[o], tie_break()))
    return week.next_of(officer)
