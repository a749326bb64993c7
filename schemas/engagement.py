"""Engagement: contact with the community that has a purpose."""

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from schemas.activity import ActivityFields, RecordFields
from schemas.base import Breach, Column, Distinct, LongText
from schemas.choices import Choice


class EngagementType(Choice):
    BEAT_SURGERY = "Beat surgery"
    STREET_BRIEFING = "Street briefing"
    COMMUNITY_PACT_MEETING = "Community/PACT meeting"
    SCHOOL_OR_YOUTH_VISIT = "School or youth visit"
    PARTNER_MEETING = "Partner meeting"
    NEIGHBOURHOOD_WATCH = "Neighbourhood Watch"
    FAITH_OR_COMMUNITY_GROUP_VISIT = "Faith or community group visit"
    BUSINESS_VISIT = "Business visit"
    ONLINE_OR_SOCIAL_MEDIA_ENGAGEMENT = "Online or social media engagement"
    EVENT_OR_FETE = "Event or fete"
    DOOR_TO_DOOR_REASSURANCE_VISITS = "Door-to-door/reassurance visits"
    OTHER = "Other"


class CommunityGroup(Choice):
    GENERAL_PUBLIC = "General public"
    YOUNG_PEOPLE = "Young people"
    OLDER_PEOPLE = "Older people"
    BUSINESS = "Business"
    FAITH_GROUPS = "Faith groups"
    ETHNIC_MINORITY_COMMUNITIES = "Ethnic minority communities"
    GYPSY_ROMA_TRAVELLER = "Gypsy/Roma/Traveller"
    LGBT = "LGBT+"
    DISABLED_PEOPLE = "Disabled people"
    HOMELESS = "Homeless"
    RURAL_COMMUNITIES = "Rural communities"
    STUDENTS = "Students"
    VICTIMS_GROUPS = "Victims' groups"
    OTHER = "Other"


SELDOM_HEARD_DEFAULT: tuple[CommunityGroup, ...] = (
    CommunityGroup.YOUNG_PEOPLE,
    CommunityGroup.OLDER_PEOPLE,
    CommunityGroup.ETHNIC_MINORITY_COMMUNITIES,
    CommunityGroup.GYPSY_ROMA_TRAVELLER,
    CommunityGroup.LGBT,
    CommunityGroup.DISABLED_PEOPLE,
    CommunityGroup.HOMELESS,
    CommunityGroup.FAITH_GROUPS,
    CommunityGroup.RURAL_COMMUNITIES,
)
"""The community groups reported apart as "seldom heard" unless the force configures others."""


class Partner(Choice):
    COUNCIL = "Council"
    HOUSING = "Housing"
    HEALTH = "Health"
    EDUCATION = "Education"
    FIRE = "Fire"
    YOUTH_SERVICES = "Youth services"
    VOLUNTARY_SECTOR = "Voluntary sector"
    OTHER = "Other"


class EngagementFields(ActivityFields):
    engagement_type: Annotated[EngagementType, Column(indexed=True)]
    community_groups: Annotated[list[CommunityGroup], Distinct] = Field(default_factory=list)
    attendees: Annotated[int, Field(ge=0, le=10_000)] | None = None
    partners: Annotated[list[Partner], Distinct] = Field(default_factory=list)
    issues_raised: Annotated[LongText, Column(searchable=True), Field(max_length=4000)] | None = (
        None
    )
    actions_agreed: Annotated[LongText, Column(searchable=True), Field(max_length=4000)] | None = (
        None
    )
    feedback_given: bool = False
    feedback_text: Annotated[LongText, Column(searchable=True), Field(max_length=4000)] | None = (
        None
    )
    follow_up_on: date | None = None

    def breaches(self, now: datetime) -> list[Breach]:
        found = super().breaches(now)
        if self.feedback_text and not self.feedback_given:
            found.append(Breach("feedback_text", "is only recorded when feedback_given is true"))
        if self.follow_up_on is not None and self.follow_up_on < self.started_at.date():
            found.append(Breach("follow_up_on", "must not be before the engagement"))
        return found


class EngagementCreate(EngagementFields):
    """What an officer sends to record an engagement."""


class Engagement(EngagementFields, RecordFields):
    """An engagement as the API reports it."""
