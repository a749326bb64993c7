"""Neighbourhood priorities: read in scope; set and reviewed by supervisors of the LPA."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from core import priorities
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.priority import Priority, PriorityCreate, PriorityUpdate

router = APIRouter(prefix="/priorities", tags=["supervision"])


@router.get(
    "",
    summary="Neighbourhood priorities in scope, current first",
    response_model=page_model(Priority),
)
def list_(
    caller: CurrentCaller,
    services: ServicesDep,
    team_id: Annotated[list[str] | None, Query()] = None,
    current: Annotated[bool | None, Query(description="Only current (or past) ones.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = priorities.list_priorities(
        services.database,
        caller,
        team_ids=tuple(team_id or ()),
        current=current,
        limit=limit,
        cursor=cursor,
    )
    return {"items": page.items, "next": page.next}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Set a new priority of a neighbourhood (at most three current)",
    response_model=Priority,
)
def create(body: PriorityCreate, caller: CurrentCaller, services: ServicesDep) -> Priority:
    return priorities.create(services.database, caller, body)


@router.patch(
    "/{priority_id}",
    summary="Review, reword, close or reopen a priority",
    response_model=Priority,
)
def change(
    priority_id: Annotated[str, Path(max_length=64)],
    body: PriorityUpdate,
    caller: CurrentCaller,
    services: ServicesDep,
) -> Priority:
    return priorities.update(services.database, caller, priority_id, body)
