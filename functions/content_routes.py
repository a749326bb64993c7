"""The operations every content list shares (create, read, change, delete), added to a router;
each resource's module adds its list operation with its own filters."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from functions.deps import CurrentCaller, IdempotencyKey, IfMatch, ServicesDep
from schemas.content import ContentList
from schemas.content_fields import ContentRecord

RecordId = Annotated[str, Path(max_length=64, description="The item's id.")]
Reason = Annotated[str, Query(min_length=1, max_length=500, description="Why it is deleted.")]


@dataclass(frozen=True)
class UseCases:
    """The core functions behind one resource's shared operations."""

    create: Callable[..., tuple[ContentRecord, bool]]
    """(database, caller, body, idempotency key) -> (item, replayed)"""
    get: Callable[..., ContentRecord]
    """(database, caller, id) -> item"""
    update: Callable[..., ContentRecord]
    """(database, caller, id, changes, version) -> item"""
    delete: Callable[..., None] | None = None
    """(database, caller, id, reason)"""


def page_reply(page: Any) -> dict[str, Any]:
    return {"items": page.items, "next": page.next}


def add_item_routes(
    router: APIRouter,
    content: ContentList,
    noun: str,
    cases: UseCases,
    *,
    creators: str,
    changers: str,
) -> None:
    """POST, GET one, PATCH and (where `cases.delete`) DELETE under the router's prefix;
    `creators` and `changers` say who may write, in the summaries."""
    location = f"/api{router.prefix}"

    def _headers(response: Response, record: ContentRecord) -> None:
        response.headers["ETag"] = f'"{record.version}"'
        response.headers["Location"] = f"{location}/{record.id}"

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        summary=f"Create a {noun} ({creators})",
        response_model=content.read,
        responses={
            200: {"description": "A replay of an earlier request with the same key"},
            428: {"description": "Idempotency-Key missing"},
        },
    )
    def create(
        body: content.create,  # type: ignore[name-defined]
        caller: CurrentCaller,
        services: ServicesDep,
        key: IdempotencyKey,
        response: Response,
    ) -> ContentRecord:
        record, replayed = cases.create(services.database, caller, body, key)
        if replayed:
            response.status_code = status.HTTP_200_OK
        _headers(response, record)
        return record

    @router.get("/{record_id}", summary=f"Read one {noun}", response_model=content.read)
    def read(
        record_id: RecordId, caller: CurrentCaller, services: ServicesDep, response: Response
    ) -> ContentRecord:
        record = cases.get(services.database, caller, record_id)
        _headers(response, record)
        return record

    @router.patch(
        "/{record_id}",
        summary=f"Change a {noun} ({changers})",
        response_model=content.read,
        responses={412: {"description": "Stale If-Match"}, 428: {"description": "No If-Match"}},
    )
    def change(
        record_id: RecordId,
        body: content.update,  # type: ignore[name-defined]
        caller: CurrentCaller,
        services: ServicesDep,
        version: IfMatch,
        response: Response,
    ) -> ContentRecord:
        record = cases.update(services.database, caller, record_id, body, version)
        _headers(response, record)
        return record

    if cases.delete is None:
        return
    remove_one = cases.delete

    @router.delete(
        "/{record_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        summary=f"Delete a {noun} (soft delete with a reason)",
    )
    def remove(
        record_id: RecordId, reason: Reason, caller: CurrentCaller, services: ServicesDep
    ) -> Response:
        remove_one(services.database, caller, record_id, reason.strip() or reason)
        return Response(status_code=status.HTTP_204_NO_CONTENT)
