"""Reference data a client needs to draw its forms: choices, areas, hotspots, priorities."""

from typing import Any

from core.access import FORCE_READERS, Caller
from core.settings import Settings
from schemas.content import CONTENT_LISTS
from schemas.dip_check import DipCheckOutcome
from schemas.engagement import CommunityGroup
from schemas.kinds import ACTIVITY_KINDS
from schemas.person import Rank
from schemas.roles import Role
from store.database import Database


def choices(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """Every enum: the activity logs' by field name (the name their filters take), the other
    forms' as `form.field` (their fields' names repeat across forms); community groups mark
    the seldom-heard ones."""
    found: dict[str, list[dict[str, Any]]] = {
        "rank": Rank.options(),
        "role": Role.options(),
        "dip_check.outcome": DipCheckOutcome.options(),
    }
    for kind in ACTIVITY_KINDS.values():
        for column in kind.spec.choice_columns:
            assert column.choices is not None
            found[column.name] = column.choices.options()
    for content in CONTENT_LISTS.values():
        for column in content.spec.choice_columns:
            assert column.choices is not None
            found[f"{content.name}.{column.name}"] = column.choices.options()
    seldom = set(settings.seldom_heard)
    found["community_groups"] = [
        {**option, "seldom_heard": CommunityGroup(option["value"]) in seldom}
        for option in CommunityGroup.options()
    ]
    return found


def reference(database: Database, settings: Settings, caller: Caller) -> dict[str, Any]:
    area = None if caller.role in FORCE_READERS else caller.person.lpa_id
    with database.transaction(read_only=True) as tx:
        org = tx.organisation
        return {
            "choices": choices(settings),
            "lpas": [lpa.model_dump() for lpa in org.lpas()],
            "teams": [team.model_dump() for team in org.teams()],
            "hotspots": [h.model_dump() for h in org.hotspots(lpa_id=area)],
            "priorities": [
                p.model_dump(mode="json") for p in org.priorities(lpa_id=area, current=True)
            ],
        }
