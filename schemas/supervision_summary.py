"""The area summary: one period's figures and, in the same shape, the period before."""

from datetime import date

from schemas.base import StrictModel

Share = float | None
"""A fraction between 0 and 1 to 4 places; null when there is nothing to divide by."""


class KindCounts(StrictModel):
    engagement: int = 0
    patrol: int = 0
    abstraction: int = 0
    total: int = 0


class RecordCounts(StrictModel):
    by_kind: KindCounts
    by_team: dict[str, KindCounts]


class Band(StrictModel):
    """Officers who made between `least` and `most` records (no upper bound when null)."""

    least: int
    most: int | None
    officers: int


class RecordsPerOfficer(StrictModel):
    """How many records officers made: a distribution, never a ranking of named people."""

    officers: int
    minimum: int | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    maximum: int | None
    bands: list[Band]


class Checked(StrictModel):
    records: int
    checked: int
    share_checked: Share


class DipCheckFigures(Checked):
    outcomes: dict[str, int]
    outcome_shares: dict[str, Share]
    by_team: dict[str, Checked]


class AbstractionFigures(StrictModel):
    """Hours abstracted; the rate divides them by the hours rostered (null when none are known)."""

    hours: float
    by_reason: dict[str, float]
    rostered_hours: float | None
    rate: Share


class SeldomHeardFigures(StrictModel):
    engagements: int
    reaching_any: int
    share_reaching_any: Share
    by_group: dict[str, int]


class Linked(StrictModel):
    records: int
    linked: int
    share: Share


class PriorityLinks(StrictModel):
    """Records linked to a priority that was current during the period."""

    engagement: Linked
    patrol: Linked


class OverduePriority(StrictModel):
    id: str
    team_id: str
    title: str
    last_reviewed_on: date


class PriorityReviewFigures(StrictModel):
    """Priorities current on `as_of` and those whose last review is over 3 months before it."""

    as_of: date
    current: int
    not_reviewed_in_3_months: int
    overdue: list[OverduePriority]


class HotspotFigures(StrictModel):
    hotspot_id: str
    name: str | None
    visits: int
    minutes: int
    visits_in_dose: int
    share_in_dose: Share


class HotspotSummary(StrictModel):
    """Hotspot patrols: minutes inside each hotspot, and visits of 10 to 16 minutes (the dose)."""

    visits: int
    minutes: int
    visits_in_dose: int
    share_in_dose: Share
    by_hotspot: list[HotspotFigures]


class PeriodFigures(StrictModel):
    first_day: date
    last_day: date
    records: RecordCounts
    records_per_officer: RecordsPerOfficer
    dip_checks: DipCheckFigures
    abstraction: AbstractionFigures
    seldom_heard: SeldomHeardFigures
    priority_links: PriorityLinks
    priority_reviews: PriorityReviewFigures
    hotspots: HotspotSummary


class AreaSummary(StrictModel):
    """The figures for an LPA, a team, or the force (both null), with the period before."""

    lpa_id: str | None
    team_id: str | None
    period: PeriodFigures
    previous: PeriodFigures
