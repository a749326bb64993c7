"""The signed-in person and the reference data their forms need."""

from typing import Any

from fastapi import APIRouter

from core.reference import reference
from functions.deps import CurrentCaller, ServicesDep
from schemas.person import Me

router = APIRouter(tags=["identity"])


@router.get("/me", summary="Who is signed in, with their role, team and LPA")
def me(caller: CurrentCaller) -> Me:
    person = caller.person
    return Me(
        upn=person.upn,
        display_name=person.display_name,
        collar_number=person.collar_number,
        rank=person.rank,
        role=caller.role.value,
        team_id=person.team_id,
        lpa_id=person.lpa_id,
    )


@router.get(
    "/reference",
    summary="Choices for every enum, LPAs, teams, hotspots and current priorities of the area",
)
def get_reference(caller: CurrentCaller, services: ServicesDep) -> dict[str, Any]:
    return reference(services.database, services.settings, caller)
