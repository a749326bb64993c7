"""What works well: good practice officers share, reviewed by admins and supervisors."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from core import what_works_well
from functions.content_routes import UseCases, add_item_routes, page_reply
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.content import WHAT_WORKS_WELL
from schemas.what_works_well import Evidence, ReviewStatus, WhatWorksWell

router = APIRouter(prefix="/what-works-well", tags=["what works well"])


@router.get(
    "",
    summary="What-works-well items the caller may read, newest first",
    description="Shared items, the caller's own, and those the caller reviews.",
    response_model=page_model(WhatWorksWell),
)
def list_items(
    caller: CurrentCaller,
    services: ServicesDep,
    status: Annotated[list[ReviewStatus] | None, Query()] = None,
    evidence: Annotated[list[Evidence] | None, Query()] = None,
    lpa_id: Annotated[list[str] | None, Query()] = None,
    author: Annotated[list[str] | None, Query(description="Author UPNs")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = what_works_well.list_items(
        services.database,
        caller,
        status=tuple(s.value for s in status or ()),
        evidence=tuple(e.value for e in evidence or ()),
        lpa_ids=tuple(lpa_id or ()),
        authors=tuple(author or ()),
        limit=limit,
        cursor=cursor,
    )
    return page_reply(page)


add_item_routes(
    router,
    WHAT_WORKS_WELL,
    "what-works-well item",
    UseCases(
        what_works_well.create,
        what_works_well.get,
        what_works_well.update,
        what_works_well.delete,
    ),
    creators="anyone who records activity",
    changers="its author; reviewers set status and reviewer_notes",
)
