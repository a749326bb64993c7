"""Northshire Police, a fictional force with a year of activity, for demonstrations and load tests.

Everything comes from one seeded generator, so a seed, an anchor date and a record count always
give the same force and records, ids included. Rows are plain dicts for the tables in
store/tables.py, built without model validation so that a million take under a minute; the unit
tests hold a sample to the API's rules instead. Locations are written after the notes, from the
same filled slots, so that a record's location names a place its notes mention.
"""

import gc
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from core import demo_text as text
from core.demo_force import AUTHOR_WEIGHTS, PCSO, Force, Team, new_uuid
from core.demo_words import (
    ABSTRACTION_EXTRAS,
    ABSTRACTION_NOTES,
    ACTIONS,
    CLOSERS,
    ENGAGEMENT_NOTES,
    ENGAGEMENT_OPENERS,
    FEEDBACK,
    ISSUES,
    OBSERVATIONS,
    PATROL_OPENERS,
    POOLS,
    TYPE_OPENERS,
    Slots,
    ranked,
    weighted,
)
from schemas.roles import Role

T = TypeVar("T")
DAYS = 365

KIND_WEIGHTS = {"patrol": 40, "engagement": 35, "abstraction": 25}
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

PATROL_TYPES = ranked(text.PATROL_TYPES, 0.8)
PATROL_MODES = ranked(text.PATROL_MODES, 1.2)
PATROL_MINUTES = ranked((60, 90, 45, 120, 30, 150, 180, 75, 240, 20, 300))
HOTSPOT_PATROL_MINUTES = ranked((30, 20, 45, 25, 60, 40, 90, 35, 15))
HOTSPOT_DOSE = tuple(range(10, 17))
"""Minutes in the hotspot: 10-16 is the evidence-based dose."""
OUTCOMES = ranked(tuple(tuple(outcomes.split()) for outcomes in text.OUTCOMES), 1.2)
ENGAGEMENT_TYPES = {  # type: (weight, fewest attendees, most attendees)
    "door_to_door_reassurance_visits": (14, 3, 30), "beat_surgery": (12, 0, 12),
    "business_visit": (12, 1, 8), "street_briefing": (10, 2, 25),
    "school_or_youth_visit": (10, 15, 240), "partner_meeting": (7, 3, 15),
    "community_pact_meeting": (6, 6, 45), "online_or_social_media_engagement": (6, 10, 2500),
    "neighbourhood_watch": (5, 5, 30), "faith_or_community_group_visit": (5, 5, 80),
    "event_or_fete": (4, 40, 1500), "other": (4, 1, 20),
}  # fmt: skip
ENGAGEMENT_TYPE_POOL = weighted({kind: w for kind, (w, *_) in ENGAGEMENT_TYPES.items()})
GROUPS = {  # the groups an engagement type reaches first, then the rest in the usual order
    kind: ranked(lead + tuple(g for g in text.COMMUNITY_GROUPS if g not in lead))
    for kind, lead in ((kind, text.LEADING_GROUPS.get(kind, ())) for kind in ENGAGEMENT_TYPES)
}
PARTNERS = ranked(text.PARTNERS)
ENGAGEMENT_MINUTES = ranked((60, 30, 45, 90, 120, 20, 15, 180))
REASONS = {  # reason: (weight, shortest, longest in quarter hours, share planned)
    "response_cover": (30, 8, 40, 0.1), "custody_prisoner_handling": (10, 4, 40, 0.1),
    "public_order_or_event_aid": (10, 16, 48, 0.85), "scene_guard": (12, 8, 48, 0.05),
    "night_time_economy": (8, 24, 40, 0.7), "court": (6, 8, 32, 0.9),
    "training": (10, 16, 36, 0.95), "control_room_cad_cover": (3, 8, 40, 0.3),
    "other_force_demand": (6, 4, 48, 0.2), "major_incident": (1, 16, 96, 0.0),
    "other": (4, 1, 32, 0.4),
}  # fmt: skip
OFFICER_REASONS = weighted({r: w for r, (w, *_) in REASONS.items()})
PCSO_REASONS = tuple(r for r in OFFICER_REASONS if r not in ("custody_prisoner_handling", "court"))
SAVE_DELAYS = tuple(timedelta(minutes=m) for m in ranked(range(2, 46), 0.6))
FOLLOW_UPS = tuple(timedelta(days=d) for d in (7, 7, 14, 14, 14, 21, 28, 28, 42, 56))


class _Random(random.Random):
    """The seeded generator, with a `choice` several times quicker than the exact one."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]


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
    force = Force(rng, anchor)
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


class _Activities:
    """Records by PCs, PCSOs, specials and sergeants, more on weekdays and in daytime."""

    def __init__(self, rng: random.Random, force: Force, anchor: date) -> None:
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
            kind: weighted({a: AUTHOR_WEIGHTS[a[1]][i] for a in force.authors})
            for i, kind in enumerate(KIND_WEIGHTS)
        }
        self.times = {  # minutes past midnight, half of them on the 5 minutes as people round
            kind: weighted({
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

    def patrol(self, team: Team, upn: str, rank: str, started: datetime) -> dict[str, Any]:
        rng = self.rng
        patrol_type, mode = rng.choice(PATROL_TYPES), rng.choice(PATROL_MODES)
        slots = Slots(rng, team.pools, mode=text.MODES[mode], mode_adj=mode)
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

    def engagement(self, team: Team, upn: str, rank: str, started: datetime) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(ENGAGEMENT_TYPE_POOL)
        slots = Slots(rng, team.pools, clock=f"{started.hour:02d}{started.minute:02d}hrs")
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

    def abstraction(self, team: Team, upn: str, rank: str, started: datetime) -> dict[str, Any]:
        rng = self.rng
        reason = rng.choice(PCSO_REASONS if rank == PCSO else OFFICER_REASONS)
        _, shortest, longest, planned = REASONS[reason]
        quarters = rng.randint(shortest, longest)
        slots = Slots(rng, team.pools)
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
        self, team: Team, upn: str, started: datetime, ended: datetime | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:  # fmt: skip
        """The columns every kind shares, then the kind's own."""
        saved = (ended or started) + self.rng.choice(SAVE_DELAYS)
        return {
            "id": new_uuid(self.rng), "officer": upn, "team_id": team.id, "lpa_id": team.lpa_id,
            "version": 1, "created_at": saved, "created_by": upn, "updated_at": saved,
            "updated_by": upn, "warnings": [], "started_at": started, "ended_at": ended,
            "deleted_at": None, "deleted_by": None, "delete_reason": None, **fields,
        }  # fmt: skip

    def _notes(self, slots: Slots, sentences: list[str]) -> str:
        """The sentences, now and then with an unusual one that a search can single out."""
        if self.rng.random() < RARE_SHARE:
            sentences.append(slots.fill(text.RARE))
        return " ".join(sentences)

    def _sentences(self, slots: Slots, templates: Sequence[str], share: float) -> str | None:
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

    def _ward(self, team: Team) -> str | None:
        return self.rng.choice(team.wards) if self.rng.random() < 0.8 else None

    def _priority(self, team: Team, slots: Slots, *, always: bool = False) -> str | None:
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
