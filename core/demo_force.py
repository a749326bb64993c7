"""The demo force: LPAs, teams, people and their roles, priorities and hotspots."""

import random
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core import demo_text as text
from core.demo_words import POOLS, Slots, distinct, ranked
from schemas.person import Rank
from schemas.roles import Role

DOMAIN = "northshire.example"
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

AUTHOR_WEIGHTS = {PC: (4, 3, 4), PCSO: (4, 5, 1), SPECIAL: (2, 1, 1), SGT: (1, 1, 1)}
"""Rank -> weights per kind, in KIND_WEIGHTS order: PCSOs engage most, PCs are pulled away most."""


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass(frozen=True)
class Team:
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


class Force:
    """LPAs, teams, people, roles, priorities and hotspots."""

    def __init__(self, rng: random.Random, anchor: date) -> None:
        self.rng, self.anchor = rng, anchor
        self.lpas: list[dict[str, Any]] = []
        self.teams: list[dict[str, Any]] = []
        self.people: list[dict[str, Any]] = []
        self.roles: dict[str, Role] = {}
        self.priorities: list[dict[str, Any]] = []
        self.hotspots: list[dict[str, Any]] = []
        self.context: dict[str, Team] = {}
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
            "upn": upn, "entra_object_id": new_uuid(self.rng), "display_name": display,
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
        pools = POOLS | {"street": ranked(streets, 0.8), "area": (area,), "lpa": (lpa_name,)}
        pools["shop"] = ranked(rng.sample(text.SHOPS, 7), 0.8)
        for slot, count in (("estate", 2), ("park", 3), ("venue", 5), ("school", 3), ("spot", 9)):
            pools[slot] = ranked(distinct(rng, pools, text.PLACES[slot], count))
        for n, hotspot in enumerate(
            distinct(rng, pools, text.PLACES["hotspot"], rng.randint(2, 4))
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
        self.context[team_id] = Team(
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
            slots = Slots(rng, pools, month=POOLS["month"][set_on.month - 1])
            descriptions = rng.sample(text.PRIORITY_DESCRIPTIONS, 2)
            self.priorities.append({
                "id": f"priority-{team_id[5:]}-{n}", "team_id": team_id, "lpa_id": lpa_id,
                "title": slots.fill(text.PRIORITY_TITLES[concern]),
                "description": " ".join(t.format_map(slots) for t in descriptions),
                "set_on": set_on, "reviewed_on": reviewed,
                "current": n <= n_current,
            })  # fmt: skip
        return [(f"priority-{team_id[5:]}-{n}", c) for n, c in enumerate(concerns[:n_current], 1)]
