"""Keyholders: personal data, read only by their LPA and admins; every read is audited."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from core import keyholders
from functions.content_routes import UseCases, add_item_routes, page_reply
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.content import KEYHOLDER
from schemas.useful_info import Keyholder

router = APIRouter(prefix="/useful-info/keyholders", tags=["useful information"])


@router.get(
    "",
    summary="Keyholders of the caller's LPA (admins: every LPA), by premises",
    description="Each read is audited as a consultation of the keyholders returned. `q` finds "
    "premises whose name contains it (any case).",
    response_model=page_model(Keyholder),
)
def list_keyholders(
    caller: CurrentCaller,
    services: ServicesDep,
    folder_id: Annotated[str | None, Query(max_length=64)] = None,
    lpa_id: Annotated[list[str] | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = keyholders.list_keyholders(
        services.database,
        caller,
        folder_id=folder_id,
        lpa_ids=tuple(lpa_id or ()),
        q=q,
        limit=limit,
        cursor=cursor,
    )
    return page_reply(page)


add_item_routes(
    router,
    KEYHOLDER,
    "keyholder",
    UseCases(keyholders.create, keyholders.get, keyholders.update, keyholders.delete),
    creators="admins; supervisors of the keyholder's LPA",
    changers="admins; supervisors of the keyholder's LPA",
)
