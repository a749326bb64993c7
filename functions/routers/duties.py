"""Loading a roster exported from a duty management system (administrators)."""

from typing import Annotated

from fastapi import APIRouter, Body

from core.duties import duties_from_shifts, import_as
from functions.deps import CurrentCaller, ServicesDep
from schemas.my_activity import RosterLoaded

router = APIRouter(prefix="/admin", tags=["administration"])

RosterCsv = Annotated[
    bytes,
    Body(
        media_type="text/csv",
        description="UTF-8 CSV with the columns upn, start, end, duty_type; times without an "
        "offset are Europe/London.",
    ),
]


@router.post(
    "/duties",
    summary="Load rostered duties from a CSV, replacing the previous import",
    description="Every row is checked first; when any is wrong nothing is loaded and the "
    "problem lists each rejected row by its line number.",
)
def load_roster(body: RosterCsv, caller: CurrentCaller, services: ServicesDep) -> RosterLoaded:
    loaded = import_as(
        services.database, caller, body, from_shifts=duties_from_shifts(services.settings)
    )
    return RosterLoaded(duties=loaded)
