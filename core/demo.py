"""Northshire Police, a fictional force with a year of activity, for demonstrations and load tests.

Everything comes from one seeded generator, so a seed, an anchor date and a record count always
give the same force and records, ids included. Rows are plain dicts for the tables in
store/tables.py, built without model validation so that a million take under a minute; the unit
tests hold a sample to the API's rules instead. Locations are written after the notes, from the
same filled slots, so that a record's location names a place its notes mention.
"""

import functools
import gc
import itertools
import math
import random
import re
import string
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from core import demo_text as text
from schemas.person import Rank
from schemas.roles import Role

T = TypeVar("T")
DOMAIN = "northshire.example"
DAYS = 365
DEMO_TEAM = "team-01-01"
PC, PCSO, SPECIAL, SGT = Rank.PC.value, Rank.PCSO.value, Rank.SPECIAL.value, Rank.SGT.value
INSP, STAFF = Rank.INSP.value, Rank.STAFF.value
DEMO_ACCOUNTS = (
    ("officer", PC, Role.OFFICER, "1000"),
    ("supervisor", SGT, Role.SUPERVISOR, "1001"),
    ("manager", INSP, Role.MANAGER, "1002"),
    ("admin", STAFF, Role.ADMIN, "E0001"),
    ("auditor", STAFF, Role.AUDITOR, "E0002"),
)
"""The well-known accounts the README signs in as; always the first five people."""

KIND_WEIGHTS = {"patrol": 40, "engagement": 35, "abstraction": 25}
AUTHOR_WEIGHTS = {PC: (4, 3, 4), PCSO: (4, 5, 1), SPECIAL: (2, 1, 1), SGT: (1, 1, 1)}
"""Rank -> weights per kind, in KIND_WEIGHTS order: PCSOs engage most, PCs are pulled away most."""
WEEKDAY_WEIGHTS = (10, 10, 10, 10, 9, 6, 5)
HOUR_WEIGHTS = {  # by UTC hour, 0-23
    "patrol": (1, 1, 1, 0, 0, 1, 1, 3, 5, 7, 8, 8, 7, 8, 9, 10, 10, 9, 9, 8, 7, 5, 3, 2),
    "engagement": (0, 0, 0, 0, 0, 0, 0, 1, 3, 7, 10, 10, 7, 8, 9, 8, 6, 5, 6, 5, 2, 1, 0, 0),
    "abstraction": (0, 0, 0, 0, 0, 0, 3, 10, 8, 4, 2, 1, 1, 2, 6, 3, 1, 0, 1, 2, 0, 2, 3, 1),
}
LOCATED_SHARE = 0.7
NOWHERE: dict[str, float | None] = {"latitude": None, "longitude": None}
PRIORITY_SHARE = 0.57  # priority patrols always link, which brings the share to about 60%
RARE_SHARE = 0.02


def _ranked(items: Sequence[T], exponent: float = 1.0) -> tuple[T, ...]:
    """Items repeated by rank (Zipf-like), so that a plain `choice` favours the first ones."""
    n = len(items)
    return tuple(x for i, x in enumerate(items) for _ in range(round((n / (i + 1)) ** exponent)))


def _weighted(weights: dict[T, int]) -> tuple[T, ...]:
    return tuple(x for x, w in weights.items() for _ in range(w))


SPREAD = {"concern": 1.0, "month": 0.0, "shift": 0.0, "year": 0.0, "event": 1.0, "incident": 1.0}
"""How steeply each shared slot favours its first words (0.7 unless given)."""
POOLS = {slot: _ranked(words, SPREAD.get(slot, 0.7)) for slot, words in text.SLOTS.items()}
POOLS["stem"] = text.STREET_STEMS
PATROL_OPENERS = _ranked(text.PATROL_OPENERS, 0.7)
TYPE_OPENERS = {k: _ranked(v, 0.7) for k, v in text.TYPE_OPENERS.items()}
OBSERVATIONS = _ranked(text.PATROL_OBSERVATIONS, 0.8)
CLOSERS = _ranked(text.PATROL_CLOSERS, 0.7)
ENGAGEMENT_OPENERS = {k: _ranked(v, 0.5) for k, v in text.ENGAGEMENT_OPENERS.items()}
ENGAGEMENT_NOTES = _ranked(text.ENGAGEMENT_NOTES, 0.8)
ISSUES, ACTIONS = _ranked(text.ISSUES, 0.6), _ranked(text.ACTIONS, 0.6)
FEEDBACK = _ranked(text.FEEDBACK, 0.5)
ABSTRACTION_NOTES = {k: _ranked(v, 0.5) for k, v in text.ABSTRACTION_NOTES.items()}
ABSTRACTION_EXTRAS = _ranked(text.ABSTRACTION_EXTRAS, 0.7)

PATROL_TYPES = _ranked(text.PATROL_TYPES, 0.8)
PATROL_MODES = _ranked(text.PATROL_MODES, 1.2)
PATROL_MINUTES = _ranked((60, 90, 45, 120, 30, 150, 180, 75, 240, 20, 300))
HOTSPOT_PATROL_MINUTES = _ranked((30, 20, 45, 25, 60, 40, 90, 35, 15))
HOTSPOT_DOSE = tuple(range(10, 17))
"""Minutes in the hotspot: 10-16 is the evidence-based dose."""
OUTCOMES = _ranked(tuple(tuple(outcomes.split()) for outcomes in text.OUTCOMES), 1.2)
ENGAGEMENT_TYPES = {  # type: (weight, fewest attendees, most attendees)
    "door_to_door_reassurance_visits": (14, 3, 30), "beat_surgery": (12, 0, 12),
    "business_visit": (12, 1, 8), "street_briefing": (10, 2, 25),
    "school_or_youth_visit": (10, 15, 240), "partner_meeting": (7, 3, 15),
    "community_pact_meeting": (6, 6, 45), "online_or_social_media_engagement": (6, 10, 2500),
    "neighbourhood_watch": (5, 5, 30), "faith_or_community_group_visit": (5, 5, 80),
    "event_or_fete": (4, 40, 1500), "other": (4, 1, 20),
}  # fmt: skip
ENGAGEMENT_TYPE_POOL = _weighted({kind: w for kind, (w, *_) in ENGAGEMENT_TYPES.items()})
GROUPS = {  # the groups an engagement type reaches first, then the rest in the usual order
    kind: _ranked(lead + tuple(g for g in text.COMMUNITY_GROUPS if g not in lead))
    for kind, lead in ((kind, text.LEADING_GROUPS.get(kind, ())) for kind in ENGAGEMENT_TYPES)
}
PARTNERS = _ranked(text.PARTNERS)
ENGAGEMENT_MINUTES = _ranked((60, 30, 45, 90, 120, 20, 15, 180))
REASONS = {  # reason: (weight, shortest, longest in quarter hours, share planned)
    "response_cover": (30, 8, 40, 0.1), "custody_prisoner_handling": (10, 4, 40, 0.1),
    "public_order_or_event_aid": (10, 16, 48, 0.85), "scene_guard": (12, 8, 48, 0.05),
    "night_time_economy": (8, 24, 40, 0.7), "court": (6, 8, 32, 0.9),
    "training": (10, 16, 36, 0.95), "control_room_cad_cover": (3, 8, 40, 0.3),
    "other_force_demand": (6, 4, 48, 0.2), "major_incident": (1, 16, 96, 0.0),
    "other": (4, 1, 32, 0.4),
}  # fmt: skip
OFFICER_REASONS = _weighted({r: w for r, (w, *_) in REASONS.items()})
PCSO_REASONS = tuple(r for r in OFFICER_REASONS if r not in ("custody_prisoner_handling", "court"))
SAVE_DELAYS = tuple(timedelta(minutes=m) for m in _ranked(range(2, 46), 0.6))
FOLLOW_UPS = tuple(timedelta(days=d) for d in (7, 7, 14, 14, 14, 21, 28, 28, 42, 56))


class _Random(random.Random):
    """The seeded generator, with a `choice` several times quicker than the exact one."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _distinct(
    rng: random.Random, pools: dict[str, tuple[str, ...]], templates: Sequence[str], count: int
) -> list[str]:
    """`count` different fillings of the templates, in a stable order."""
    found: set[str] = set()
    while len(found) < count:
        found.add(_Slots(rng, pools).fill(templates))
    return sorted(found)


class _Slots(dict[str, str]):
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


@dataclass(frozen=True)
class _Team:
    """A team and the places and priorities its records mention."""

    id: str
    lpa_id: str
    lat: float
    lon: float
    pools: dict[str, tuple[str, ...]]
    wards: tuple[str, ...]
    operations: tuple[str, ...]
    sergeant: str
    hotspots: list[dict[str, Any]]
    priorities: list[tuple[str, str]]


@dataclass(frozen=True)
class DemoData:
    lpas: list[dict[str, Any]]
    teams: list[dict[str, Any]]
    people: list[dict[str, Any]]
    roles: dict[str, Role]
    priorities: list[dict[str, Any]]
    hotspots: list[dict[str, Any]]
    activities: dict[str, list[dict[str, Any]]]


def generate(*, seed: int, anchor: date, records: int) -> DemoData:
    """The force, and `records` activity records over the 365 days before `anchor` (UTC)."""
    rng = _Random(seed)
    force = _Force(rng, anchor)
    collecting = gc.isenabled()
    gc.disable()  # millions of new rows and not one cycle: the collector would only rescan them
    try:
        activities = _Activities(rng, force, anchor).generate(records)
    finally:
        if collecting:
            gc.enable()
    return DemoData(
        force.lpas, force.teams, force.people, force.roles, force.priorities, force.hotspots,
        activities,
    )  # fmt: skip


class _Force:
    """LPAs, teams, people, roles, priorities and hotspots."""

    def __init__(self, rng: random.Random, anchor: date) -> None:
        self.rng, self.anchor = rng, anchor
        self.lpas: list[dict[str, Any]] = []
        self.teams: list[dict[str, Any]] = []
        self.people: list[dict[str, Any]] = []
        self.roles: dict[str, Role] = {}
        self.priorities: list[dict[str, Any]] = []
        self.hotspots: list[dict[str, Any]] = []
        self.context: dict[str, _Team] = {}
        self.authors: list[tuple[str, str, str]] = []  # (upn, rank, team_id)
        self._upns: set[str] = set()
        self._collars = {
            PCSO: iter(map(str, rng.sample(range(7000, 8000), 600))),
            SPECIAL: iter(f"SC{n}" for n in rng.sample(range(100, 1000), 300)),
            PC: iter(map(str, rng.sample(range(1100, 7000), 1000))),
            STAFF: iter(f"E{n}" for n in rng.sample(range(1000, 10000), 100)),
        }  # staff have staff numbers, in the same column
        for key, rank, role, collar in DEMO_ACCOUNTS:
            self._add(f"demo.{key}", f"Demo {key.capitalize()}", collar, rank, role, DEMO_TEAM)
        stems = rng.sample(text.NEIGHBOURHOOD_STEMS, len(text.NEIGHBOURHOOD_STEMS))
        inspectors, staff = [], []
        for number, lpa_name in enumerate(text.LPA_NAMES, start=1):
            lpa_id = f"lpa-{number:02d}"
            self.lpas.append({"id": lpa_id, "name": lpa_name})
            centre = (52.45 + (number - 1) // 5 * 0.22, -1.65 + (number - 1) % 5 * 0.2)
            operations = tuple(f"Op {name}" for name in rng.sample(text.OPERATIONS, 3))
            team_ids = [f"team-{number:02d}-{t:02d}" for t in range(1, rng.randint(5, 8) + 1)]
            for team_id in team_ids:
                area = lpa_name if team_id == team_ids[0] else stems.pop()
                self._team(team_id, lpa_id, lpa_name, area, centre, operations)
            inspectors.append(self._new(INSP, Role.SUPERVISOR, team_ids[0]))
            staff += [self._new(STAFF, Role.OFFICER, team_ids[0]) for _ in range(rng.randint(1, 2))]
        chosen = rng.sample(inspectors, 2) + rng.sample(staff, 2)
        roles = (Role.MANAGER, Role.MANAGER, Role.ADMIN, Role.AUDITOR)
        for person, role in zip(chosen, roles, strict=True):
            self.roles[person["entra_object_id"]] = role

    def _new(self, rank: str, role: Role, team_id: str) -> dict[str, Any]:
        """A person with an invented name; UPNs take a number when the name is taken."""
        first, last = self.rng.choice(text.FIRST_NAMES), self.rng.choice(text.SURNAMES)
        local = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        collar = next(self._collars.get(rank, self._collars[PC]))
        return self._add(local, f"{first} {last}", collar, rank, role, team_id)

    def _add(
        self, local: str, display: str, collar: str, rank: str, role: Role, team_id: str
    ) -> dict[str, Any]:
        upn, n = f"{local}@{DOMAIN}", 1
        while upn in self._upns:
            n += 1
            upn = f"{local}{n}@{DOMAIN}"
        self._upns.add(upn)
        person = {
            "upn": upn, "entra_object_id": _uuid(self.rng), "display_name": display,
            "collar_number": collar, "rank": rank, "team_id": team_id,
            "lpa_id": "lpa-" + team_id.split("-")[1],
        }  # fmt: skip
        self.people.append(person)
        self.roles[person["entra_object_id"]] = role
        if rank in AUTHOR_WEIGHTS and role in (Role.OFFICER, Role.SUPERVISOR):
            self.authors.append((upn, rank, team_id))
        return person

    def _team(
        self, team_id: str, lpa_id: str, lpa_name: str, area: str, centre: tuple[float, float],
        operations: tuple[str, ...],
    ) -> None:  # fmt: skip
        """The team, its streets and places, hotspots, priorities and members."""
        rng = self.rng
        name = f"{area} Town Centre" if area == lpa_name else area
        self.teams.append({"id": team_id, "name": name, "lpa_id": lpa_id})
        lat, lon = centre[0] + rng.uniform(-0.05, 0.05), centre[1] + rng.uniform(-0.07, 0.07)
        streets = [
            f"{s} {rng.choice(text.STREET_KINDS)}" for s in rng.sample(text.STREET_STEMS, 16)
        ]
        pools = POOLS | {"street": _ranked(streets, 0.8), "area": (area,), "lpa": (lpa_name,)}
        pools["shop"] = _ranked(rng.sample(text.SHOPS, 7), 0.8)
        for slot, count in (("estate", 2), ("park", 3), ("venue", 5), ("school", 3), ("spot", 9)):
            pools[slot] = _ranked(_distinct(rng, pools, text.PLACES[slot], count))
        for n, hotspot in enumerate(
            _distinct(rng, pools, text.PLACES["hotspot"], rng.randint(2, 4))
        ):
            self.hotspots.append({
                "id": f"hotspot-{team_id[5:]}-{n + 1}", "team_id": team_id, "lpa_id": lpa_id,
                "name": hotspot, "latitude": round(lat + rng.uniform(-0.008, 0.008), 5),
                "longitude": round(lon + rng.uniform(-0.012, 0.012), 5),
            })  # fmt: skip
        hotspots = [h for h in self.hotspots if h["team_id"] == team_id]
        pools["hotspot"] = tuple(h["name"] for h in hotspots)
        members = [(SGT, Role.SUPERVISOR)] + [(PC, Role.OFFICER)] * rng.randint(3, 6)
        members += [(PCSO, Role.OFFICER)] * rng.randint(2, 4)
        members += [(SPECIAL, Role.OFFICER)] * rng.randint(0, 2)
        sergeant, *_ = [self._new(rank, role, team_id) for rank, role in members]
        self.context[team_id] = _Team(
            team_id, lpa_id, lat, lon, pools,
            tuple(f"{area} {c}" for c in rng.sample(text.WARD_SUFFIXES, 2)),
            operations, f"Sgt {sergeant['collar_number']}", hotspots,
            self._priorities(team_id, lpa_id, pools),
        )  # fmt: skip

    def _priorities(
        self, team_id: str, lpa_id: str, pools: dict[str, tuple[str, ...]]
    ) -> list[tuple[str, str]]:
        """One to three current priorities, sometimes an older closed one; returns the current."""
        rng, anchor = self.rng, self.anchor
        n_current = rng.randint(1, 3)
        concerns = rng.sample(sorted(text.PRIORITY_TITLES), n_current + (rng.random() < 0.4))
        for n, concern in enumerate(concerns, start=1):
            if n <= n_current:  # reviewed within 3 months, unless set within the last month
                set_on = anchor - timedelta(days=rng.randint(14, 330))
                age = (anchor - set_on).days
                reviewed = anchor - timedelta(days=rng.randint(1, min(88, age - 1)))
                reviewed = reviewed if age > 30 else None
            else:
                set_on = anchor - timedelta(days=rng.randint(250, 364))
                reviewed = set_on + timedelta(days=rng.randint(60, 150))
            slots = _Slots(rng, pools, month=POOLS["month"][set_on.month - 1])
            descriptions = rng.sample(text.PRIORITY_DESCRIPTIONS, 2)
            self.priorities.append({
                "id": f"priority-{team_id[5:]}-{n}", "team_id": team_id, "lpa_id": lpa_id,
                "title": slots.fill(text.PRIORITY_TITLES[concern]),
                "description": " ".join(t.format_map(slots) for t in descriptions),
                "set_on": set_on, "reviewed_on": reviewed,
                "current": n <= n_current,
            })  # fmt: skip
        return [(f"priority-{team_id[5:]}-{n}", c) for n, c in enumerate(concerns[:n_current], 1)]


class _Activities:
    """Records by PCs, PCSOs, specials and sergeants, more on weekdays and in daytime."""

    def __init__(self, rng: random.Random, force: _Force, anchor: date) -> None:
        self.rng = rng
        self.teams = force.context
        start = datetime(anchor.year, anchor.month, anchor.day, tzinfo=UTC) - timedelta(days=DAYS)
        self.days = [start + timedelta(days=d) for d in range(DAYS)]
        seasons = (
            1 + 0.15 * math.cos(2 * math.pi * (d.timetuple().tm_yday - 196) / 365)
            for d in self.days
        )
        weights = (
            WEEKDAY_WEIGHTS[d.weekday()] * s for d, s in zip(self.days, seasons, strict=True)
        )
        self.day_weights = list(itertools.accumulate(weights))
        self.authors = {
            kind: _weighted({a: AUTHOR_WEIGHTS[a[1]][i] for a in force.authors})
            for i, kind in enumerate(KIND_WEIGHTS)
        }
        self.times = {  # minutes past midnight, half of them on the 5 minutes as people round
            kind: _weighted({
                timedelta(hours=h, minutes=m): w * (4 if m % 5 == 0 else 1)
                for h, w in enumerate(hours) for m in range(60)
            })
            for kind, hours in HOUR_WEIGHTS.items()
        }  # fmt: skip
        self.makers = {kind: getattr(self, kind) for kind in KIND_WEIGHTS}

    def generate(self, records: int) -> dict[str, list[dict[str, Any]]]:
        """Rows per kind, in order of day."""
        rng = self.rng
        kinds = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()), k=records)
        days = sorted(rng.choices(range(DAYS), cum_weights=self.day_weights, k=records))
        rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_WEIGHTS}
        for kind, day in zip(kinds, days, strict=True):
            upn, rank, team_id = rng.choice(self.authors[kind])
            started = self.days[day] + rng.choice(self.times[kind])
            rows[kind].append(self.makers[kind](self.teams[team_id], upn, rank, started))
        return rows

    def patrol(self, team: _Team, upn: str, rank: str, started: datetime) -> dict[str, Any]:
        rng = self.rng
        patrol_type, mode = rng.choice(PATROL_TYPES), rng.choice(PATROL_MODES)
        slots = _Slots(rng, team.pools, mode=text.MODES[mode], mode_adj=mode)
        priority = self._priority(team, slots, always=patrol_type == "priority_patrol")
        hotspot_id = hotspot_minutes = operation = tasking = None
        if patrol_type == "hotspot_patrol":
            hotspot = rng.choice(team.hotspots)
            hotspot_id, location = hotspot["id"], hotspot["name"]
            slots["hotspot"] = location
            minutes = rng.choice(HOTSPOT_PATROL_MINUTES)
            dose = rng.choice(HOTSPOT_DOSE) if rng.random() < 0.7 else rng.randint(3, minutes)
            hotspot_minutes = min(dose, minutes)
            point = self._point(hotspot["latitude"], hotspot["longitude"], 0.0008)
        else:
            minutes, location = rng.choice(PATROL_MINUTES), None
            point = self._point(team.lat, team.lon, 0.015)
        if patrol_type == "operation" or rng.random() < 0.04:
            operation = slots["operation"] = rng.choice(team.operations)
        if patrol_type == "tasking" or rng.random() < 0.08:
            tasking = f"TSK-{started.year}-{rng.randint(1, 2500):05d}"
        outcomes = rng.choice(OUTCOMES)
        notes = [
            slots.fill(TYPE_OPENERS.get(patrol_type, PATROL_OPENERS)),
            slots.fill(OBSERVATIONS),
        ]
        if rng.random() < 0.35:
            notes.append(slots.fill(OBSERVATIONS))
        notes += [
            slots.fill(text.OUTCOME_SENTENCES[o]) for o in outcomes if o in text.OUTCOME_SENTENCES
        ]
        if rng.random() < 0.45:
            notes.append(slots.fill(CLOSERS))
        notes_text = self._notes(slots, notes)
        return self._record(team, upn, started, started + timedelta(minutes=minutes), {
            "location": location or slots.place(text.LOCATIONS), "ward": self._ward(team), **point,
            "priority_id": priority, "notes": notes_text, "patrol_type": patrol_type,
            "operation_name": operation, "hotspot_id": hotspot_id,
            "hotspot_minutes": hotspot_minutes, "tasking_ref": tasking, "mode": mode,
            "outcomes": list(outcomes),
            "arrests": self._count("arrest" in outcomes),
            "stop_searches": self._count("stop_and_search" in outcomes),
            "intelligence_submissions": self._count("intelligence_submitted" in outcomes),
            "duration_minutes": minutes,
        })  # fmt: skip

    def engagement(self, team: _Team, upn: str, rank: str, started: datetime) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(ENGAGEMENT_TYPE_POOL)
        slots = _Slots(rng, team.pools, clock=f"{started.hour:02d}{started.minute:02d}hrs")
        priority = self._priority(team, slots)
        online = kind == "online_or_social_media_engagement"
        ward = None if online else self._ward(team)
        point = NOWHERE if online else self._point(team.lat, team.lon, 0.015)
        ended = None
        if rng.random() < 0.75:
            minutes = rng.choice(ENGAGEMENT_MINUTES) * (3 if kind == "event_or_fete" else 1)
            ended = started + timedelta(minutes=minutes)
        notes = [slots.fill(ENGAGEMENT_OPENERS[kind])]
        extra = 0 if online else rng.choice((0, 1, 1, 2))
        notes += [slots.fill(ENGAGEMENT_NOTES) for _ in range(extra)]
        feedback_given = rng.random() < 0.3
        _, fewest, most = ENGAGEMENT_TYPES[kind]
        notes_text = self._notes(slots, notes)
        return self._record(team, upn, started, ended, {
            "location": slots.place(text.ENGAGEMENT_PLACES[kind]), "ward": ward, **point,
            "priority_id": priority, "notes": notes_text, "engagement_type": kind,
            "community_groups": self._pick(GROUPS[kind], rng.choice((1, 1, 1, 2, 2, 3))),
            "attendees": rng.randint(fewest, most) if rng.random() < 0.9 else None,
            "partners": self._pick(PARTNERS, rng.choice((0, 0, 0, 0, 1, 1, 2, 3))),
            "issues_raised": self._sentences(slots, ISSUES, 0.75),
            "actions_agreed": self._sentences(slots, ACTIONS, 0.65),
            "feedback_given": feedback_given,
            "feedback_text": (
                slots.fill(FEEDBACK) if feedback_given and rng.random() < 0.85 else None
            ),
            "follow_up_on": (
                (started + rng.choice(FOLLOW_UPS)).date() if rng.random() < 0.25 else None
            ),
        })  # fmt: skip

    def abstraction(self, team: _Team, upn: str, rank: str, started: datetime) -> dict[str, Any]:
        rng = self.rng
        reason = rng.choice(PCSO_REASONS if rank == PCSO else OFFICER_REASONS)
        _, shortest, longest, planned = REASONS[reason]
        quarters = rng.randint(shortest, longest)
        slots = _Slots(rng, team.pools)
        notes = [slots.fill(ABSTRACTION_NOTES[reason])]
        if rng.random() < 0.4:
            notes.append(slots.fill(ABSTRACTION_EXTRAS))
        notes_text = self._notes(slots, notes) if rng.random() < 0.9 else None
        authoriser = rng.random()
        return self._record(team, upn, started, started + timedelta(minutes=15 * quarters), {
            "location": slots.place(text.ABSTRACTION_PLACES[reason]), "ward": None,
            **self._point(team.lat, team.lon, 0.03), "priority_id": None, "notes": notes_text,
            "reason": reason, "planned": rng.random() < planned,
            "authorised_by": (
                rng.choice(POOLS["authoriser"]) if authoriser < 0.5
                else team.sergeant if authoriser < 0.8 else None
            ),
            "hours": round(quarters / 4, 2),
        })  # fmt: skip

    def _record(
        self, team: _Team, upn: str, started: datetime, ended: datetime | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:  # fmt: skip
        """The columns every kind shares, then the kind's own."""
        saved = (ended or started) + self.rng.choice(SAVE_DELAYS)
        return {
            "id": _uuid(self.rng), "officer": upn, "team_id": team.id, "lpa_id": team.lpa_id,
            "version": 1, "created_at": saved, "created_by": upn, "updated_at": saved,
            "updated_by": upn, "warnings": [], "started_at": started, "ended_at": ended,
            "deleted_at": None, "deleted_by": None, "delete_reason": None, **fields,
        }  # fmt: skip

    def _notes(self, slots: _Slots, sentences: list[str]) -> str:
        """The sentences, now and then with an unusual one that a search can single out."""
        if self.rng.random() < RARE_SHARE:
            sentences.append(slots.fill(text.RARE))
        return " ".join(sentences)

    def _sentences(self, slots: _Slots, templates: Sequence[str], share: float) -> str | None:
        if self.rng.random() >= share:
            return None
        return " ".join(slots.fill(templates) for _ in range(self.rng.choice((1, 1, 2))))

    def _point(self, lat: float, lon: float, spread: float) -> dict[str, float | None]:
        """Coordinates near a place, on most records."""
        if self.rng.random() >= LOCATED_SHARE:
            return NOWHERE
        random = self.rng.random
        return {
            "latitude": round(lat + spread * (2 * random() - 1), 5),
            "longitude": round(lon + spread * 1.6 * (2 * random() - 1), 5),
        }

    def _ward(self, team: _Team) -> str | None:
        return self.rng.choice(team.wards) if self.rng.random() < 0.8 else None

    def _priority(self, team: _Team, slots: _Slots, *, always: bool = False) -> str | None:
        """A current priority of the team on most records; the notes then speak of its concern."""
        if not always and self.rng.random() >= PRIORITY_SHARE:
            return None
        priority_id, slots["concern"] = self.rng.choice(team.priorities)
        return priority_id

    def _count(self, happened: bool) -> int:
        return 1 + (self.rng.random() < 0.15) if happened else 0

    def _pick(self, pool: tuple[str, ...], n: int) -> list[str]:
        """`n` different values, the more common ones first."""
        picked: list[str] = []
        while len(picked) < n:
            value = self.rng.choice(pool)
            if value not in picked:
                picked.append(value)
        return picked
