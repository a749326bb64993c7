"""The demo's words: pools of phrases by slot, and templates filled from them.

Pools repeat their items by rank, so that a plain `choice` favours the first ones as real notes
favour a few common words; a note fills each `{slot}` once, so that it keeps to one street.
"""

import functools
import random
import string
from collections.abc import Sequence
from typing import TypeVar

from core import demo_text as text

T = TypeVar("T")


def ranked(items: Sequence[T], exponent: float = 1.0) -> tuple[T, ...]:
    """Items repeated by rank (Zipf-like), so that a plain `choice` favours the first ones."""
    n = len(items)
    return tuple(x for i, x in enumerate(items) for _ in range(round((n / (i + 1)) ** exponent)))


def weighted(weights: dict[T, int]) -> tuple[T, ...]:
    return tuple(x for x, w in weights.items() for _ in range(w))


SPREAD = {"concern": 1.0, "month": 0.0, "shift": 0.0, "year": 0.0, "event": 1.0, "incident": 1.0}
"""How steeply each shared slot favours its first words (0.7 unless given)."""
POOLS = {slot: ranked(words, SPREAD.get(slot, 0.7)) for slot, words in text.SLOTS.items()}
POOLS["stem"] = text.STREET_STEMS
PATROL_OPENERS = ranked(text.PATROL_OPENERS, 0.7)
TYPE_OPENERS = {k: ranked(v, 0.7) for k, v in text.TYPE_OPENERS.items()}
OBSERVATIONS = ranked(text.PATROL_OBSERVATIONS, 0.8)
CLOSERS = ranked(text.PATROL_CLOSERS, 0.7)
ENGAGEMENT_OPENERS = {k: ranked(v, 0.5) for k, v in text.ENGAGEMENT_OPENERS.items()}
ENGAGEMENT_NOTES = ranked(text.ENGAGEMENT_NOTES, 0.8)
ISSUES, ACTIONS = ranked(text.ISSUES, 0.6), ranked(text.ACTIONS, 0.6)
FEEDBACK = ranked(text.FEEDBACK, 0.5)
ABSTRACTION_NOTES = {k: ranked(v, 0.5) for k, v in text.ABSTRACTION_NOTES.items()}
ABSTRACTION_EXTRAS = ranked(text.ABSTRACTION_EXTRAS, 0.7)


def distinct(
    rng: random.Random, pools: dict[str, tuple[str, ...]], templates: Sequence[str], count: int
) -> list[str]:
    """`count` different fillings of the templates, in a stable order."""
    found: set[str] = set()
    while len(found) < count:
        found.add(Slots(rng, pools).fill(templates))
    return sorted(found)


class Slots(dict[str, str]):
    """Fills `{name}` on first use from the named pool, so that one note keeps to one street."""

    __slots__ = ("pools", "rng")

    def __init__(self, rng: random.Random, pools: dict[str, tuple[str, ...]], **preset: str):
        super().__init__(preset)
        self.rng = rng
        self.pools = pools

    def __missing__(self, key: str) -> str:
        name = key.rstrip("0123456789")
        value = self.rng.choice(self.pools[name])
        while key != name and value == self.get(name):  # "{street2}" is another street
            value = self.rng.choice(self.pools[name])
        if "{" in value:
            value = value.format_map(self)
        self[key] = value
        return value

    def fill(self, templates: Sequence[str]) -> str:
        return self.rng.choice(templates).format_map(self)

    def place(self, templates: tuple[str, ...]) -> str:
        """A location naming a place the notes mention when it can, starting with a capital."""
        keys = self.keys()
        known = [template for template, needs in _needs(templates) if needs <= keys]
        value = self.fill(known or templates)
        return value[0].upper() + value[1:]


@functools.cache
def _needs(templates: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each template with the slots it fills."""
    parse = string.Formatter().parse
    return tuple((t, frozenset(name for _, name, _, _ in parse(t) if name)) for t in templates)
