"""Links to the external tools the app opens; configured in settings, not kept in a list."""

from typing import Annotated

from pydantic import Field

from schemas.base import StrictModel, Text
from schemas.content_fields import FORCE, HttpsUrl


class Link(StrictModel):
    name: Annotated[Text, Field(min_length=1, max_length=100)]
    url: HttpsUrl
    description: Annotated[Text, Field(max_length=500)] = ""
    audience: Annotated[
        Text,
        Field(
            min_length=1,
            max_length=64,
            description=f"`{FORCE}` (or absent) for everyone, or the one LPA the link is for.",
        ),
    ] = FORCE


DEFAULT_LINKS: tuple[Link, ...] = (
    Link(
        name="Social media",
        url="https://social.northshire.example/",
        description="The force's social-media management tool: plan and publish team posts.",
    ),
    Link(
        name="Hotspot policing",
        url="https://hotspots.northshire.example/",
        description="The hotspot policing app: today's hotspots and the minutes spent in them.",
    ),
    Link(
        name="Community messaging",
        url="https://alerts.northshire.example/",
        description="The community messaging system: send alerts to residents who signed up.",
    ),
)
"""Stand-ins at the demo force's domain; a force sets NPT_LINKS to its own tools."""
