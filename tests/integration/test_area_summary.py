"""Every figure of the area summary against values worked out by hand on a small fixed data set.

The period is October 2026 (London; clocks went back on 25 October) and the one before is
31 August to 30 September. LPA A holds officer and teammate (team-a1) and neighbour (team-a2);
LPA B's records must never count.
"""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from core import dip_checks
from core import summary as area
from core.errors import InvalidInput, NotPermitted
from core.services import Services
from schemas.dip_check import DipCheckCreate
from schemas.kinds import ACTIVITY_KINDS
from schemas.supervision_summary import AreaSummary, PeriodFigures
from store.database import Database
from store.priorities import Priorities
from tests.conftest import PEOPLE
from tests.supervision_data import at, caller, insert, row

Record = tuple[str, dict[str, Any]]
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
ALL_MET = dict.fromkeys(
    (
        "enough_detail",
        "right_category",
        "priority_linked",
        "no_unnecessary_personal_data",
        "location_recorded",
    ),
    True,
)


def _organisation(database: Database) -> None:
    with database.transaction() as tx:
        tx.organisation.add(
            "hotspot",
            [
                {
                    "id": "hs-a2",
                    "team_id": "team-a2",
                    "lpa_id": "lpa-a",
                    "name": "Station Road",
                    "latitude": 52.6,
                    "longitude": -1.2,
                }
            ],
        )
        tx.organisation.add(
            "priority",
            [
                _priority("pri-a1b", "team-a1", date(2026, 5, 1), None, current=True),
                _priority("pri-a2", "team-a2", date(2026, 3, 1), date(2026, 10, 20), current=True),
                _priority(
                    "pri-a2-old", "team-a2", date(2026, 1, 10), date(2026, 2, 1), current=False
                ),
            ],
        )
        repo = Priorities(tx.connection)
        repo.add_review("pri-a2", date(2026, 6, 15), "supervisor@test.example", NOW)
        repo.add_review("pri-a2", date(2026, 10, 20), "supervisor@test.example", NOW)
        repo.close("pri-a2-old", date(2026, 9, 15), "supervisor@test.example", NOW)
        tx.duties.add(
            [
                _duty("d1", "officer", "2026-10-15T07:00Z", "2026-10-15T17:00Z"),
                _duty("d2", "neighbour", "2026-10-16T07:00Z", "2026-10-16T17:00Z"),
                _duty("d3", "teammate", "2026-10-17T07:00Z", "2026-10-17T17:00Z"),
                _duty("d4", "officer", "2026-09-30T20:00Z", "2026-10-01T06:00Z"),
                _duty("d5", "neighbour", "2026-09-21T07:00Z", "2026-09-21T17:00Z"),
                _duty("d6", "stranger", "2026-10-15T07:00Z", "2026-10-15T17:00Z"),
            ]
        )
        tx.commit()


def _priority(
    priority_id: str, team_id: str, set_on: date, reviewed_on: date | None, *, current: bool
) -> dict[str, Any]:
    return {
        "id": priority_id,
        "team_id": team_id,
        "lpa_id": "lpa-a",
        "title": f"Priority {priority_id}",
        "description": None,
        "set_on": set_on,
        "reviewed_on": reviewed_on,
        "current": current,
    }


def _duty(duty_id: str, who: str, start: str, end: str) -> dict[str, Any]:
    _, team_id, lpa_id, _ = PEOPLE[who]
    return {
        "id": duty_id,
        "upn": f"{who}@test.example",
        "team_id": team_id,
        "lpa_id": lpa_id,
        "starts_at": at(start),
        "ends_at": at(end),
        "duty_type": "Early",
        "source": "imported",
    }


def _engagement(
    who: str, when: str, groups: tuple[str, ...] = (), priority: str | None = None
) -> Record:
    return "engagement", row(
        "engagement", who, when, community_groups=list(groups), priority_id=priority
    )


def _patrol(
    who: str,
    when: str,
    hotspot: str | None = None,
    minutes: int | None = None,
    priority: str | None = None,
) -> Record:
    kind = {"patrol_type": "hotspot_patrol"} if hotspot else {}
    return "patrol", row(
        "patrol",
        who,
        when,
        **kind,
        hotspot_id=hotspot,
        hotspot_minutes=minutes,
        priority_id=priority,
    )


def _abstraction(who: str, when: str, minutes: int, reason: str) -> Record:
    return "abstraction", row("abstraction", who, when, minutes, reason=reason)


def _records() -> dict[str, Record]:
    return {
        # October
        "E1": _engagement(
            "officer", "2026-10-05T10:00Z", ("young_people", "general_public"), "pri-a1"
        ),
        "E2": _engagement("officer", "2026-10-06T10:00Z", ("older_people", "homeless")),
        "E3": _engagement("teammate", "2026-09-30T23:30Z", ("general_public",), "pri-a1"),
        "E4": _engagement("neighbour", "2026-10-20T10:00Z", ("students",), "pri-a2-old"),
        "E5": _engagement("officer", "2026-10-07T10:00Z", ("homeless",)),
        "E6": _engagement("stranger", "2026-10-05T10:00Z", ("homeless",)),
        "P1": _patrol("officer", "2026-10-10T09:00Z", "hs-a1", 12, "pri-a1"),
        "P2": _patrol("teammate", "2026-10-11T09:00Z", "hs-a1", 20),
        "P3": _patrol("neighbour", "2026-10-12T09:00Z", priority="pri-a2"),
        "P4": _patrol("officer", "2026-10-31T23:30Z", "hs-a1", 16),
        "P5": _patrol("neighbour", "2026-10-13T09:00Z", "hs-a2", 10),
        "P6": _patrol("officer", "2026-11-01T00:30Z", "hs-a1", 14),
        "P7": _patrol("stranger", "2026-10-06T09:00Z", "hs-b1", 14),
        "A1": _abstraction("officer", "2026-10-15T08:00Z", 240, "court"),
        "A2": _abstraction("neighbour", "2026-10-16T08:00Z", 150, "response_cover"),
        "A3": _abstraction("teammate", "2026-10-17T08:00Z", 75, "court"),
        # 31 August - 30 September
        "E7": _engagement(
            "teammate", "2026-09-10T10:00Z", ("rural_communities", "faith_groups"), "pri-a2-old"
        ),
        "E8": _engagement("neighbour", "2026-08-30T23:30Z"),
        "E9": _engagement("neighbour", "2026-08-30T22:30Z"),
        "P8": _patrol("officer", "2026-09-20T09:00Z", "hs-a1", 9, "pri-a1"),
        "A4": _abstraction("neighbour", "2026-09-21T08:00Z", 480, "training"),
    }


def _check(database: Database, kind: str, record_id: str, outcome: str) -> None:
    body = DipCheckCreate.model_validate(
        {
            "kind": kind,
            "record_id": record_id,
            "outcome": outcome,
            "criteria": ALL_MET,
            "comment": None if outcome == "meets_standard" else "See me.",
        }
    )
    dip_checks.record(database, caller(database, "supervisor"), body, clock=lambda: NOW)


@pytest.fixture
def fixed(services: Services) -> Services:
    database = services.database
    _organisation(database)
    records = _records()
    insert(database, list(records.values()))
    for name, outcome in (
        ("E1", "meets_standard"),
        ("E2", "meets_standard"),
        ("E2", "needs_improvement"),
        ("P2", "needs_improvement"),
        ("A2", "not_acceptable"),
        ("E5", "meets_standard"),
        ("P8", "meets_standard"),
    ):
        kind, values = records[name]
        _check(database, kind, values["id"], outcome)
    with database.transaction() as tx:
        tx.activities(ACTIVITY_KINDS["engagement"]).soft_delete(
            records["E5"][1]["id"], 1, at=NOW, by="officer@test.example", reason="duplicate"
        )
        tx.commit()
    return services


def _summary(services: Services, who: str = "supervisor", **scope: Any) -> AreaSummary:
    first, last = scope.pop("period", OCTOBER)
    return area.summary(
        services.database,
        services.settings,
        caller(services.database, who),
        first_day=first,
        last_day=last,
        clock=lambda: NOW,
        **scope,
    )


def test_periods_are_the_days_asked_and_the_same_number_of_days_before(fixed: Services) -> None:
    result = _summary(fixed)
    assert (result.lpa_id, result.team_id) == ("lpa-a", None)
    assert (result.period.first_day, result.period.last_day) == OCTOBER
    assert (result.previous.first_day, result.previous.last_day) == (
        date(2026, 8, 31),
        date(2026, 9, 30),
    )


def test_counts_by_kind_and_team(fixed: Services) -> None:
    now, before = _summary(fixed).period.records, _summary(fixed).previous.records
    assert now.by_kind.model_dump() == {
        "engagement": 4,
        "patrol": 5,
        "abstraction": 3,
        "total": 12,
    }
    assert {team: c.model_dump() for team, c in now.by_team.items()} == {
        "team-a1": {"engagement": 3, "patrol": 3, "abstraction": 2, "total": 8},
        "team-a2": {"engagement": 1, "patrol": 2, "abstraction": 1, "total": 4},
    }
    assert before.by_kind.model_dump() == {
        "engagement": 2,
        "patrol": 1,
        "abstraction": 1,
        "total": 4,
    }
    assert {team: c.total for team, c in before.by_team.items()} == {"team-a1": 2, "team-a2": 2}


def test_records_per_officer_is_a_distribution_without_names(fixed: Services) -> None:
    result = _summary(fixed)
    spread = result.period.records_per_officer  # officer 5, neighbour 4, teammate 3
    assert (spread.officers, spread.minimum, spread.maximum) == (3, 3, 5)
    assert (spread.lower_quartile, spread.median, spread.upper_quartile) == (3.5, 4.0, 4.5)
    assert [(b.least, b.most, b.officers) for b in spread.bands[:3]] == [
        (1, 4, 2),
        (5, 9, 1),
        (10, 24, 0),
    ]
    before = result.previous.records_per_officer  # officer 1, teammate 1, neighbour 2
    assert (before.lower_quartile, before.median, before.upper_quartile) == (1.0, 1.0, 1.5)
    assert "officer@test.example" not in spread.model_dump_json()


def test_share_dip_checked_and_outcome_mix(fixed: Services) -> None:
    result = _summary(fixed)
    checks = result.period.dip_checks  # E1, E2 (replaced once), P2, A2; E5 is deleted
    assert (checks.records, checks.checked, checks.share_checked) == (12, 4, 0.3333)
    assert checks.outcomes == {"meets_standard": 1, "needs_improvement": 2, "not_acceptable": 1}
    assert checks.outcome_shares == {
        "meets_standard": 0.25,
        "needs_improvement": 0.5,
        "not_acceptable": 0.25,
    }
    assert {t: c.model_dump() for t, c in checks.by_team.items()} == {
        "team-a1": {"records": 8, "checked": 3, "share_checked": 0.375},
        "team-a2": {"records": 4, "checked": 1, "share_checked": 0.25},
    }
    before = result.previous.dip_checks
    assert (before.records, before.checked, before.share_checked) == (4, 1, 0.25)
    assert before.outcome_shares["meets_standard"] == 1.0


def test_abstraction_hours_by_reason_and_rate_against_rostered_hours(fixed: Services) -> None:
    result = _summary(fixed)
    now = result.period.abstraction
    assert now.hours == 7.75
    assert (now.by_reason["court"], now.by_reason["response_cover"]) == (5.25, 2.5)
    assert now.by_reason["training"] == 0.0
    assert now.rostered_hours == 37.0  # 10 + 10 + 10, and 7 of a night duty begun on 30 Sept
    assert now.rate == 0.2095
    before = result.previous.abstraction
    assert (before.hours, before.rostered_hours, before.rate) == (8.0, 13.0, 0.6154)


def test_abstraction_rate_is_null_when_no_duties_are_known(fixed: Services) -> None:
    result = _summary(fixed, period=(date(2026, 10, 20), date(2026, 10, 31)))
    assert result.period.abstraction.rostered_hours is None
    assert result.period.abstraction.rate is None


def test_engagements_reaching_each_seldom_heard_group(fixed: Services) -> None:
    result = _summary(fixed)
    now = result.period.seldom_heard
    assert (now.engagements, now.reaching_any, now.share_reaching_any) == (4, 2, 0.5)
    assert {g: n for g, n in now.by_group.items() if n} == {
        "young_people": 1,
        "older_people": 1,
        "homeless": 1,
    }
    assert set(now.by_group) == {g.value for g in fixed.settings.seldom_heard}
    before = result.previous.seldom_heard
    assert (before.engagements, before.reaching_any) == (2, 1)
    assert {g: n for g, n in before.by_group.items() if n} == {
        "rural_communities": 1,
        "faith_groups": 1,
    }


def test_share_linked_to_a_priority_current_in_the_period(fixed: Services) -> None:
    result = _summary(fixed)
    links = result.period.priority_links  # E4's priority closed on 15 September
    assert links.engagement.model_dump() == {"records": 4, "linked": 2, "share": 0.5}
    assert links.patrol.model_dump() == {"records": 5, "linked": 2, "share": 0.4}
    before = result.previous.priority_links  # E7's priority was still current then
    assert before.engagement.model_dump() == {"records": 2, "linked": 1, "share": 0.5}
    assert before.patrol.model_dump() == {"records": 1, "linked": 1, "share": 1.0}


def test_priorities_not_reviewed_in_three_months(fixed: Services) -> None:
    result = _summary(fixed)
    now = result.period.priority_reviews
    assert (now.as_of, now.current, now.not_reviewed_in_3_months) == (date(2026, 10, 31), 3, 1)
    assert [(p.id, p.last_reviewed_on) for p in now.overdue] == [("pri-a1b", date(2026, 5, 1))]
    before = result.previous.priority_reviews  # pri-a2's review of 20 October came later
    assert (before.as_of, before.current, before.not_reviewed_in_3_months) == (
        date(2026, 9, 30),
        3,
        2,
    )
    assert [(p.id, p.last_reviewed_on) for p in before.overdue] == [
        ("pri-a1b", date(2026, 5, 1)),
        ("pri-a2", date(2026, 6, 15)),
    ]


def test_hotspot_minutes_per_hotspot_and_share_in_the_dose(fixed: Services) -> None:
    result = _summary(fixed)
    now = result.period.hotspots
    assert (now.visits, now.minutes, now.visits_in_dose, now.share_in_dose) == (4, 58, 3, 0.75)
    assert [h.model_dump() for h in now.by_hotspot] == [
        {
            "hotspot_id": "hs-a1",
            "name": "Market Square",
            "visits": 3,
            "minutes": 48,
            "visits_in_dose": 2,
            "share_in_dose": 0.6667,
        },
        {
            "hotspot_id": "hs-a2",
            "name": "Station Road",
            "visits": 1,
            "minutes": 10,
            "visits_in_dose": 1,
            "share_in_dose": 1.0,
        },
    ]
    before = result.previous.hotspots
    assert (before.visits, before.minutes, before.visits_in_dose, before.share_in_dose) == (
        1,
        9,
        0,
        0.0,
    )


def test_a_team_summary_counts_only_that_team(fixed: Services) -> None:
    result = _summary(fixed, "manager", team_id="team-a2")
    period: PeriodFigures = result.period
    assert (result.lpa_id, result.team_id) == ("lpa-a", "team-a2")
    assert period.records.by_kind.total == 4
    assert (period.abstraction.hours, period.abstraction.rostered_hours) == (2.5, 10.0)
    assert period.abstraction.rate == 0.25
    assert [p.id for p in period.priority_reviews.overdue] == []
    assert period.priority_reviews.current == 1
    assert [h.hotspot_id for h in period.hotspots.by_hotspot] == ["hs-a2"]


def test_force_readers_may_ask_for_any_lpa_or_the_whole_force(fixed: Services) -> None:
    lpa_a = _summary(fixed, "manager", lpa_id="lpa-a")
    assert lpa_a.period == _summary(fixed).period
    force = _summary(fixed, "admin")
    assert (force.lpa_id, force.team_id) == (None, None)
    assert force.period.records.by_kind.total == 14  # E6 and P7 of LPA B as well
    assert force.period.abstraction.rostered_hours == 47.0


@pytest.mark.parametrize(
    ("who", "scope", "error"),
    [
        ("supervisor", {"lpa_id": "lpa-b"}, NotPermitted),
        ("supervisor", {"team_id": "team-b1"}, NotPermitted),
        ("officer", {}, NotPermitted),
        ("auditor", {}, NotPermitted),
        ("manager", {"lpa_id": "lpa-z"}, InvalidInput),
        ("manager", {"team_id": "team-z"}, InvalidInput),
        ("manager", {"lpa_id": "lpa-b", "team_id": "team-a1"}, InvalidInput),
        ("manager", {"period": (date(2026, 10, 2), date(2026, 10, 1))}, InvalidInput),
        ("manager", {"period": (date(2025, 9, 30), date(2026, 10, 1))}, InvalidInput),
    ],
)
def test_summary_refuses_areas_outside_the_role_and_bad_periods(
    fixed: Services, who: str, scope: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        _summary(fixed, who, **scope)


def test_default_period_is_the_91_days_to_today(fixed: Services) -> None:
    result = area.summary(
        fixed.database,
        fixed.settings,
        caller(fixed.database, "manager"),
        clock=lambda: NOW,
    )
    assert (result.period.first_day, result.period.last_day) == (
        date(2026, 8, 28),
        date(2026, 11, 26),
    )
    assert result.previous.last_day == date(2026, 8, 27)
