"""Records for export tests, written straight into the store at chosen times."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.kinds import ACTIVITY_KINDS
from store.database import Database
from store.supervision_tables import dip_checks
from tests.conftest import upn

SPRING_FORWARD = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
"""Clocks in the UK went from 01:00 GMT to 02:00 BST at this instant."""

DEFAULTS: dict[str, dict[str, Any]] = {
    "engagement": {
        "engagement_type": "beat_surgery",
        "community_groups": ["general_public"],
        "partners": [],
        "attendees": 10,
        "feedback_given": False,
    },
    "patrol": {
        "patrol_type": "asb_patrol",
        "mode": "foot",
        "outcomes": ["words_of_advice"],
        "arrests": 0,
        "stop_searches": 0,
        "intelligence_submissions": 0,
    },
    "abstraction": {"reason": "court", "planned": True},
}


def add_record(
    database: Database,
    kind: str,
    started_at: datetime,
    *,
    officer: str = "officer",
    team_id: str = "team-a1",
    lpa_id: str = "lpa-a",
    minutes: int = 60,
    **fields: Any,
) -> str:
    """A record of `kind` made by the short-named officer; its id."""
    spec = ACTIVITY_KINDS[kind].spec
    record_id = str(uuid.uuid4())
    ended = started_at + timedelta(minutes=minutes)
    values: dict[str, Any] = {c.name: None for c in spec.columns}
    values.update(
        id=record_id,
        officer=upn(officer),
        team_id=team_id,
        lpa_id=lpa_id,
        version=1,
        created_at=ended,
        created_by=upn(officer),
        updated_at=ended,
        updated_by=upn(officer),
        warnings=[],
        started_at=started_at,
        ended_at=ended,
        location="Market Square",
        **DEFAULTS[kind],
    )
    if kind == "patrol":
        values["duration_minutes"] = minutes
    if kind == "abstraction":
        values["hours"] = round(minutes / 60, 2)
    values.update(fields)
    with database.transaction() as tx:
        tx.activities(ACTIVITY_KINDS[kind]).insert(values)
        tx.commit()
    return record_id


def add_dip_check(
    database: Database, kind: str, record_id: str, outcome: str, at: datetime
) -> None:
    """A current dip check of the record by the supervisor."""
    with database.transaction() as tx:
        record = tx.activities(ACTIVITY_KINDS[kind]).get(record_id)
        assert record is not None
        tx.connection.execute(
            dip_checks.insert().values(
                id=str(uuid.uuid4()),
                kind=kind,
                record_id=record_id,
                officer=record.officer,
                team_id=record.team_id,
                lpa_id=record.lpa_id,
                outcome=outcome,
                enough_detail=True,
                right_category=True,
                priority_linked=False,
                no_unnecessary_personal_data=True,
                location_recorded=True,
                comment="Checked.",
                checked_at=at,
                checked_by=upn("supervisor"),
                current_record=f"{kind}:{record_id}",
                replaced_at=None,
            )
        )
        tx.commit()
