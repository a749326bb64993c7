"""The link to Microsoft Lists: sync on demand, the outbox, and Graph's change notifications."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response, status
from fastapi.responses import PlainTextResponse

from core import outbox
from core.notifications import notified
from core.sync import sync_now
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.lists import OutboxWrite, SyncReply, WriteStatus

router = APIRouter(prefix="/admin", tags=["administration"])
webhook = APIRouter(prefix="/lists", tags=["microsoft lists"])


@router.post("/sync", summary="Run the Microsoft Lists sync now (admins)", response_model=SyncReply)
def sync(caller: CurrentCaller, services: ServicesDep) -> dict[str, Any]:
    return sync_now(services.database, caller, lambda: services.lists).as_dict()


@router.get(
    "/outbox",
    summary="Writes to Microsoft Lists not yet done: pending, parked, conflicts (admins)",
    response_model=page_model(OutboxWrite),
)
def pending(
    caller: CurrentCaller,
    services: ServicesDep,
    state: Annotated[
        list[WriteStatus] | None, Query(alias="status", description="Any of these states.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = outbox.writes(services.database, caller, tuple(state or ()), limit=limit, cursor=cursor)
    return {"items": page.items, "next": page.next}


@router.post(
    "/outbox/{write_id}/retry",
    summary="Send a parked write to Microsoft Lists again (admins)",
    response_model=OutboxWrite,
)
def retry(
    write_id: Annotated[int, Path(ge=1, description="The write's id.")],
    caller: CurrentCaller,
    services: ServicesDep,
) -> OutboxWrite:
    return outbox.retry(services.database, caller, write_id)


@webhook.post(
    "/notifications",
    summary="Change notifications from Microsoft Graph (its validation handshake included)",
    status_code=status.HTTP_202_ACCEPTED,
    responses={200: {"description": "The validation token, echoed as text/plain"}},
)
def notifications(
    services: ServicesDep,
    validation_token: Annotated[str | None, Query(alias="validationToken", max_length=2048)] = None,
    body: Annotated[Any, Body()] = None,
) -> Response:
    if validation_token is not None:
        return PlainTextResponse(validation_token)
    kinds = notified(services.database, services.lists, body)
    services.syncer.wake(kinds)
    return Response(status_code=status.HTTP_202_ACCEPTED)
