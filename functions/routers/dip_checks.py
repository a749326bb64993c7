"""Dip checks: the supervisor's queue, recording a check, and the checks in scope."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime

from core import dip_checks
from core.queries import RecordQuery
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.dip_check import DipCheck, DipCheckCreate, DipCheckOutcome, RecordKind
from schemas.dip_check_queue import Queue

router = APIRouter(prefix="/dip-checks", tags=["supervision"])
When = date | AwareDatetime
QUEUE = """A random sample of unchecked records of the caller's LPA (or one team of it), never
their own: records flagged with warnings first, then at least one record per active officer per
week and a share of each week's records, spread across officers and kinds. The items are held
for the caller for a while, so asking again gives the same queue until checks are recorded, and
another supervisor is not handed the same records."""


@router.get(
    "/queue",
    summary="Records for the supervisor to dip check next",
    description=QUEUE,
    response_model=Queue,
)
def queue(
    caller: CurrentCaller,
    services: ServicesDep,
    team_id: Annotated[str | None, Query(max_length=64)] = None,
    size: Annotated[int, Query(ge=1, le=50, description="Records wanted (default 10).")] = 10,
) -> Queue:
    items = dip_checks.queue(
        services.database, services.settings, caller, team_id=team_id, size=size
    )
    return Queue.model_construct(items=items)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a dip check of a record (replacing any earlier one)",
    response_model=DipCheck,
    responses={200: {"description": "The same check was already recorded"}},
)
def record(
    body: DipCheckCreate, caller: CurrentCaller, services: ServicesDep, response: Response
) -> DipCheck:
    check, repeated = dip_checks.record(services.database, caller, body)
    if repeated:
        response.status_code = status.HTTP_200_OK
    return check


@router.get(
    "",
    summary="Dip checks in scope, newest first",
    description="`from`/`to` bound `checked_at`; `history=true` adds checks since replaced.",
    response_model=page_model(DipCheck),
)
def list_(
    caller: CurrentCaller,
    services: ServicesDep,
    start: Annotated[When | None, Query(alias="from")] = None,
    end: Annotated[When | None, Query(alias="to")] = None,
    officer: Annotated[list[str] | None, Query(description="Officer UPNs")] = None,
    team_id: Annotated[list[str] | None, Query()] = None,
    lpa_id: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[list[RecordKind] | None, Query()] = None,
    outcome: Annotated[list[DipCheckOutcome] | None, Query()] = None,
    history: Annotated[bool, Query(description="Include replaced checks.")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    query = RecordQuery(
        start=start,
        end=end,
        officers=tuple(officer or ()),
        team_ids=tuple(team_id or ()),
        lpa_ids=tuple(lpa_id or ()),
    )
    page = dip_checks.list_checks(
        services.database,
        caller,
        query,
        kinds=tuple(k.value for k in kind or ()),
        outcomes=tuple(o.value for o in outcome or ()),
        include_replaced=history,
        limit=limit,
        cursor=cursor,
    )
    return {"items": page.items, "next": page.next}
