"""Record values as list item fields and back; the resource-unit budget on a manual clock."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from graph.mapping import differences, from_fields, to_fields
from graph.pacing import Pacer, busiest_minute
from schemas.kinds import ENGAGEMENT
from tests.fakegraph.tenant import ManualClock

LONDON = ZoneInfo("Europe/London")
VALUES = {
    "id": "rec-1",
    "officer": "pat@test.example",
    "started_at": datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=UTC),
    "location": "Mill Lane",
    "engagement_type": "beat_surgery",
    "community_groups": ["young_people", "lgbt"],
    "attendees": 14,
    "feedback_given": True,
    "follow_up_on": date(2026, 7, 15),
    "latitude": 52.61234,
}


def test_fields_carry_labels_seconds_and_the_multi_choice_type() -> None:
    fields = to_fields(ENGAGEMENT.spec, VALUES)
    assert fields["SubmissionId"] == "rec-1"
    assert fields["EngagementType"] == "Beat surgery"
    assert fields["CommunityGroups"] == ["Young people", "LGBT+"]
    assert fields["CommunityGroups@odata.type"] == "Collection(Edm.String)"
    assert fields["StartedAt"] == "2026-07-01T09:30:15Z"
    assert fields["FollowUpOn"] == "2026-07-15"
    assert "Version" not in fields and "Warnings" not in fields


def test_a_round_trip_through_lists_compares_equal_at_lists_precision() -> None:
    fields = to_fields(ENGAGEMENT.spec, VALUES)
    fields["FollowUpOn"] = "2026-07-14T23:00:00Z"
    back, problems = from_fields(ENGAGEMENT.spec, fields, LONDON)
    assert problems == []
    assert back["follow_up_on"] == date(2026, 7, 15)
    assert back["community_groups"] == ["young_people", "lgbt"]
    assert differences(ENGAGEMENT.spec, VALUES, back, list(VALUES)) == []


def test_a_label_that_is_not_a_choice_is_kept_and_reported() -> None:
    back, problems = from_fields(ENGAGEMENT.spec, {"EngagementType": "Coffee morning"}, LONDON)
    assert back["engagement_type"] == "Coffee morning"
    assert problems == [
        "engagement_type: 'Coffee morning' is not one of its choices; kept as written"
    ]


def test_spending_is_spread_so_no_minute_exceeds_the_budget() -> None:
    clock = ManualClock()
    pacer = Pacer(600, clock)
    for _ in range(100):
        pacer.acquire(40)
    history = list(pacer.history)
    assert busiest_minute(history) <= 600
    first_ten_seconds = sum(u for t, u in history if t < history[0][0] + 10)
    assert first_ten_seconds <= 600 / 6


def test_a_hold_delays_every_later_spend() -> None:
    clock = ManualClock()
    pacer = Pacer(10_000, clock)
    pacer.hold(30)
    pacer.acquire(2)
    assert clock.slept >= 29
