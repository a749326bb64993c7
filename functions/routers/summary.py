"""The area summary for supervisors (their LPA) and managers and admins (the force)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from core import summary as area_summary
from functions.deps import CurrentCaller, ServicesDep
from schemas.supervision_summary import AreaSummary

router = APIRouter(prefix="/supervision", tags=["supervision"])
DESCRIPTION = """Figures for an LPA or a team over `from`..`to` (whole days, Europe/London; the
91 days to today by default), each with the same figures for the same number of days before.
A supervisor gets their own LPA; managers and admins any LPA or team, or the force."""


@router.get(
    "/summary",
    summary="Area summary: activity, dip checks, abstraction, reach, priorities, hotspots",
    description=DESCRIPTION,
    response_model=AreaSummary,
)
def get_summary(
    caller: CurrentCaller,
    services: ServicesDep,
    lpa_id: Annotated[str | None, Query(max_length=64)] = None,
    team_id: Annotated[str | None, Query(max_length=64)] = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> AreaSummary:
    return area_summary.summary(
        services.database,
        services.settings,
        caller,
        lpa_id=lpa_id,
        team_id=team_id,
        first_day=start,
        last_day=end,
    )
