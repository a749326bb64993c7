"""Feedback on the app: anyone signed in reports a bug or an idea; admins triage and reply."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, Instant, LongText, StrictModel, Text
from schemas.choices import Choice
from schemas.content_fields import ContentRecord

Reply = Annotated[LongText, Field(max_length=4000)]


class FeedbackCategory(Choice):
    BUG = "Bug"
    GLITCH = "Glitch"
    SUGGESTION = "Suggestion"
    PRAISE = "Praise"
    OTHER = "Other"


class FeedbackStatus(Choice):
    OPEN = "Open"
    IN_PROGRESS = "In progress"
    FIXED = "Fixed"
    WONT_FIX = "Won't fix"


class FeedbackCreate(StrictModel):
    """What anyone signed in sends; plain text, it starts as `open`."""

    category: Annotated[FeedbackCategory, Column(indexed=True)]
    description: Annotated[LongText, Column(searchable=True), Field(min_length=1, max_length=4000)]
    where: Annotated[Text, Field(max_length=200, title="Where in the app")] | None = None
    device: Annotated[Text, Field(max_length=200)] | None = None


class FeedbackUpdate(StrictModel):
    """An admin's triage: the status, a reply the author sees, or both."""

    status: FeedbackStatus | None = None
    reply: Reply | None = None


class Feedback(FeedbackCreate, ContentRecord):
    """Feedback as the API reports it, to its author and to admins."""

    created_by: Annotated[str, Column(indexed=True), Field(description="The author.")]
    team_id: str
    lpa_id: str
    status: Annotated[FeedbackStatus, Column(indexed=True)]
    reply: Reply | None = None
    replied_by: str | None = None
    replied_at: Instant | None = None
