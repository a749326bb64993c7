"""Links to the external tools the app opens, as configured (NPT_LINKS)."""

from typing import Any

from fastapi import APIRouter

from core.links import links_for
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import page_model
from schemas.links import Link

router = APIRouter(prefix="/links", tags=["links"])


@router.get(
    "",
    summary="The external tools configured for the caller's area",
    description="Configured by NPT_LINKS, not kept in a list: one short page, `next` is null.",
    response_model=page_model(Link),
)
def list_links(caller: CurrentCaller, services: ServicesDep) -> dict[str, Any]:
    return {"items": links_for(services.settings, caller), "next": None}
