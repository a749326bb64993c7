"""Cross-field rules, shared by the API (422) and by items from Lists (warnings)."""

from datetime import UTC, datetime, timedelta

from schemas.abstraction import AbstractionCreate
from schemas.patrol import PatrolCreate

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def patrol(**changes: object) -> PatrolCreate:
    body = {
        "started_at": NOW - timedelta(hours=2),
        "ended_at": NOW - timedelta(hours=1),
        "location": "Market Square",
        "patrol_type": "hotspot_patrol",
        "hotspot_id": "hs-1",
        "hotspot_minutes": 12,
        "mode": "foot",
    }
    return PatrolCreate.model_validate(body | changes)


def fields(model: PatrolCreate | AbstractionCreate) -> list[str]:
    return [b.field for b in model.breaches(NOW)]


def test_a_valid_patrol_breaks_no_rule() -> None:
    assert fields(patrol()) == []


def test_end_must_follow_start() -> None:
    assert fields(patrol(ended_at=NOW - timedelta(hours=3))) == ["ended_at"]


def test_up_to_one_hour_in_the_future_is_allowed_and_no_more() -> None:
    assert fields(patrol(ended_at=NOW + timedelta(minutes=59))) == []
    assert "ended_at" in fields(patrol(ended_at=NOW + timedelta(minutes=61)))


def test_patrol_lasts_at_most_24_hours() -> None:
    long = patrol(started_at=NOW - timedelta(hours=26), hotspot_minutes=10)
    assert fields(long) == ["ended_at"]


def test_hotspot_minutes_cannot_exceed_the_duration() -> None:
    assert fields(patrol(hotspot_minutes=61)) == ["hotspot_minutes"]
    assert fields(patrol(hotspot_minutes=60)) == []


def test_operation_needs_its_name() -> None:
    assert fields(patrol(patrol_type="operation", hotspot_id=None, hotspot_minutes=None)) == [
        "operation_name"
    ]


def test_abstraction_hours_are_derived_to_two_decimals() -> None:
    abstraction = AbstractionCreate.model_validate(
        {
            "started_at": NOW - timedelta(hours=3, minutes=20),
            "ended_at": NOW,
            "location": "Custody",
            "reason": "court",
            "planned": True,
        }
    )
    assert abstraction.derived() == {"hours": 3.33}
