"""The news reel: items admins publish to the force or one LPA, for a window of time."""

from typing import Annotated

from pydantic import Field

from schemas.base import Column, Instant, StrictModel, Text
from schemas.content_fields import FORCE, ContentRecord, RichText
from schemas.kinds import partial

Audience = Annotated[
    Text,
    Column(indexed=True),
    Field(
        min_length=1,
        max_length=64,
        description=f"`{FORCE}` for everyone, or the id of the one LPA the item is for.",
    ),
]


class NewsFields(StrictModel):
    title: Annotated[Text, Column(searchable=True), Field(min_length=1, max_length=200)]
    body: Annotated[RichText, Column(searchable=True), Field(min_length=1, max_length=4000)]
    audience: Audience = FORCE
    publish_until: (
        Annotated[Instant, Field(description="When the item leaves the reel; never when null.")]
        | None
    ) = None
    pinned: bool = False


class NewsCreate(NewsFields):
    """What an admin sends to publish an item; `publish_from` defaults to now."""

    publish_from: Instant | None = None


NewsUpdate = partial(NewsCreate, "NewsUpdate")


class News(NewsFields, ContentRecord):
    """A news item as the API reports it."""

    audience: Audience
    publish_from: Annotated[Instant, Column(indexed=True)]
    pinned: bool
