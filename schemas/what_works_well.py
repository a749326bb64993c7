"""What works well: good practice or learning an officer shares, reviewed before it is shared."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, Instant, LongText, StrictModel, Text
from schemas.choices import Choice
from schemas.content_fields import ContentRecord, RichText
from schemas.kinds import partial


class Evidence(Choice):
    """Does it work?"""

    WORKED = "Worked"
    PROMISING = "Promising"
    UNTESTED = "Untested"
    DID_NOT_WORK = "Did not work"


class ReviewStatus(Choice):
    NEW = "New"
    UNDER_REVIEW = "Under review"
    SHARED = "Shared"
    CLOSED = "Closed"


ReviewerNotes = Annotated[LongText, Field(max_length=4000)]


class WhatWorksWellFields(StrictModel):
    """What the author writes."""

    title: Annotated[Text, Column(searchable=True), Field(min_length=1, max_length=200)]
    summary: Annotated[LongText, Column(searchable=True), Field(min_length=1, max_length=1000)]
    what_was_done: Annotated[
        RichText, Column(searchable=True), Field(min_length=1, max_length=4000)
    ]
    outcome: Annotated[RichText, Column(searchable=True), Field(max_length=4000)] | None = None
    evidence: Annotated[Evidence, Column(indexed=True), Field(title="Does it work?")]
    topic: Annotated[Text, Column(indexed=True), Field(max_length=100)] | None = None
    partners: Annotated[Text, Field(max_length=255)] | None = None
    scale: Annotated[Text, Field(max_length=200)] | None = None
    contact: Annotated[Text, Field(max_length=200)] | None = None


class WhatWorksWellCreate(WhatWorksWellFields):
    """What an officer sends to share good practice; it starts as `new`."""


class WhatWorksWellUpdate(partial(WhatWorksWellFields, "WhatWorksWellChanges")):
    """The author's changes (while new or under review), or a reviewer's status and notes."""

    status: ReviewStatus | None = None
    reviewer_notes: ReviewerNotes | None = None


REVIEW_FIELDS = ("status", "reviewer_notes")
"""The fields only a reviewer (an admin, or a supervisor of the item's LPA) changes."""


class WhatWorksWell(WhatWorksWellFields, ContentRecord):
    """An item as the API reports it."""

    created_by: Annotated[str, Column(indexed=True), Field(description="The author.")]
    team_id: Annotated[str, Column(indexed=True)]
    lpa_id: Annotated[str, Column(indexed=True)]
    status: Annotated[ReviewStatus, Column(indexed=True)]
    reviewer_notes: ReviewerNotes | None = None
    reviewed_by: str | None = None
    reviewed_at: Instant | None = None
