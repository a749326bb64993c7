"""The processing log for auditors."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from core.audit import read_log
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.audit import AuditEntry

router = APIRouter(prefix="/admin", tags=["administration"])
When = date | AwareDatetime


@router.get(
    "/audit",
    summary="The processing log (auditors only)",
    response_model=page_model(AuditEntry),
)
def audit(
    caller: CurrentCaller,
    services: ServicesDep,
    start: Annotated[When | None, Query(alias="from")] = None,
    end: Annotated[When | None, Query(alias="to")] = None,
    upn: Annotated[str | None, Query(max_length=254)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = read_log(
        services.database, caller, start=start, end=end, upn=upn, limit=limit, cursor=cursor
    )
    return {"items": page.items, "next": page.next}
