"""Choice values are the snake_case of their labels, as API.md spells them."""

import pytest

from schemas.choices import snake
from schemas.engagement import CommunityGroup, EngagementType
from schemas.patrol import PatrolOutcome
from schemas.roles import Role


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Beat surgery", "beat_surgery"),
        ("Gypsy/Roma/Traveller", "gypsy_roma_traveller"),
        ("LGBT+", "lgbt"),
        ("won't fix", "wont_fix"),
        ("Victims' groups", "victims_groups"),
        ("Door-to-door/reassurance visits", "door_to_door_reassurance_visits"),
        ("Community/PACT meeting", "community_pact_meeting"),
    ],
)
def test_value_is_lowercase_snake_case_of_the_label(label: str, value: str) -> None:
    assert snake(label) == value


def test_members_keep_their_label_and_compare_as_their_value() -> None:
    assert CommunityGroup.LGBT == "lgbt"
    assert CommunityGroup("lgbt").label == "LGBT+"
    assert EngagementType.from_label("Event or fete") is EngagementType.EVENT_OR_FETE


def test_every_choice_value_is_unique_and_ascii_snake_case() -> None:
    for choice in (CommunityGroup, EngagementType, PatrolOutcome, Role):
        values = [m.value for m in choice]
        assert len(values) == len(set(values))
        assert all(v.isascii() and v == v.lower() and " " not in v for v in values)


def test_roles_are_the_five_of_the_api() -> None:
    assert [r.value for r in Role] == ["officer", "supervisor", "manager", "admin", "auditor"]
