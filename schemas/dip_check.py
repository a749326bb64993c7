"""Dip checks: a supervisor's quality check of one record, against five true/false criteria."""

from typing import Annotated

from pydantic import Field

from schemas.base import Breach, Instant, LongText, StrictModel, Text
from schemas.choices import Choice


class DipCheckOutcome(Choice):
    MEETS_STANDARD = "Meets standard"
    NEEDS_IMPROVEMENT = "Needs improvement"
    NOT_ACCEPTABLE = "Not acceptable"


class RecordKind(Choice):
    """The activity log a checked record belongs to."""

    ENGAGEMENT = "Engagement"
    PATROL = "Patrol"
    ABSTRACTION = "Abstraction"


class DipCheckCriteria(StrictModel):
    """Each criterion is met (true) or not (false); all five are always answered."""

    enough_detail: bool
    right_category: bool
    priority_linked: bool
    no_unnecessary_personal_data: bool
    location_recorded: bool


CRITERIA: tuple[str, ...] = tuple(DipCheckCriteria.model_fields)


class DipCheckCreate(StrictModel):
    """What a supervisor sends to record a check; a later check of the record replaces it."""

    kind: RecordKind
    record_id: Annotated[Text, Field(min_length=1, max_length=64)]
    outcome: DipCheckOutcome
    criteria: DipCheckCriteria
    comment: Annotated[LongText, Field(max_length=4000)] | None = None

    def breaches(self) -> list[Breach]:
        """Feedback the officer can act on: a comment unless the record meets the standard."""
        if self.outcome is not DipCheckOutcome.MEETS_STANDARD and not self.comment:
            return [Breach("comment", "is required unless the outcome is meets_standard")]
        return []


class DipCheck(StrictModel):
    """A recorded check; `current` is false once a later check of the record replaced it."""

    id: str
    kind: RecordKind
    record_id: str
    officer: str
    team_id: str
    lpa_id: str
    outcome: DipCheckOutcome
    criteria: DipCheckCriteria
    comment: str | None = None
    checked_at: Instant
    checked_by: str
    current: bool
    replaced_at: Instant | None = None
