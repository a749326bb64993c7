"""Valid bodies for each kind, a few hours in the past, to vary one field at a time."""

from datetime import UTC, datetime, timedelta
from typing import Any


def _at(hours_ago: float) -> str:
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours_ago)
    return moment.isoformat()


def engagement(**changes: Any) -> dict[str, Any]:
    body = {
        "started_at": _at(5),
        "ended_at": _at(4),
        "location": "Community centre, Mill Lane",
        "ward": "Millfield",
        "latitude": 52.61234,
        "longitude": -1.20456,
        "priority_id": "pri-a1",
        "notes": "Beat surgery with residents about parking on the verges.",
        "engagement_type": "beat_surgery",
        "community_groups": ["general_public", "older_people"],
        "attendees": 14,
        "partners": ["council"],
        "issues_raised": "Parking on verges near the school.",
        "actions_agreed": "Joint visit with council parking team.",
        "feedback_given": True,
        "feedback_text": "You said parking, we did two enforcement days.",
        "follow_up_on": (datetime.now(UTC) + timedelta(days=14)).date().isoformat(),
    }
    return body | changes


def patrol(**changes: Any) -> dict[str, Any]:
    body = {
        "started_at": _at(6),
        "ended_at": _at(5),
        "location": "Market Square",
        "notes": "Hotspot patrol, spoke to shopkeepers about shop theft.",
        "patrol_type": "hotspot_patrol",
        "hotspot_id": "hs-a1",
        "hotspot_minutes": 15,
        "mode": "foot",
        "outcomes": ["words_of_advice"],
        "arrests": 0,
        "stop_searches": 0,
        "intelligence_submissions": 1,
    }
    return body | changes


def abstraction(**changes: Any) -> dict[str, Any]:
    body = {
        "started_at": _at(10),
        "ended_at": _at(6),
        "location": "Custody suite",
        "reason": "custody_prisoner_handling",
        "planned": False,
        "authorised_by": "Sgt 1234",
    }
    return body | changes


BODIES = {"engagements": engagement, "patrols": patrol, "abstractions": abstraction}
