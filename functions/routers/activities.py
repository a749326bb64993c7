"""The three activity logs share one shape of operations: one router is made per kind."""

import inspect
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status
from pydantic import AwareDatetime

from core import activities
from core.queries import RecordQuery
from functions.deps import CurrentCaller, IdempotencyKey, IfMatch, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.activity import RecordFields
from schemas.kinds import ActivityKind

RecordId = Annotated[str, Path(max_length=64, description="The record's id.")]
When = date | AwareDatetime
LIST_FILTERS = "`from`/`to` bound `started_at` (a date means that whole day, Europe/London)."


def _etag(response: Response, record: RecordFields, kind: ActivityKind) -> None:
    response.headers["ETag"] = f'"{record.version}"'
    response.headers["Location"] = f"/api/{kind.collection}/{record.id}"


def _choice_filters(kind: ActivityKind) -> Any:
    """A dependency taking each enum field of the kind as a repeatable query parameter."""
    columns = kind.spec.choice_columns

    def choices(**values: Any) -> dict[str, tuple[str, ...]]:
        return {name: tuple(v.value for v in (chosen or ())) for name, chosen in values.items()}

    choices.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                column.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=Query(None, description=f"Any of these {column.label.lower()} values."),
                annotation=list[column.choices] | None,  # type: ignore[name-defined]
            )
            for column in columns
        ]
    )
    return choices


def router_for(kind: ActivityKind) -> APIRouter:
    router = APIRouter(prefix=f"/{kind.collection}", tags=[kind.collection])
    Create = kind.create
    Update = kind.update
    Read = kind.read
    Page = page_model(Read)
    Choices = Annotated[dict[str, tuple[str, ...]], Depends(_choice_filters(kind))]

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        summary=f"Record a {kind.name}",
        response_model=Read,
        responses={
            200: {"description": "A replay of an earlier request with the same key", "model": Read},
            428: {"description": "Idempotency-Key missing"},
        },
    )
    def create(
        body: Create,  # type: ignore[valid-type]
        caller: CurrentCaller,
        services: ServicesDep,
        key: IdempotencyKey,
        response: Response,
    ) -> RecordFields:
        record, replayed = activities.create(services.database, caller, kind, body, key)
        if replayed:
            response.status_code = status.HTTP_200_OK
        _etag(response, record, kind)
        return record

    @router.get("/{record_id}", summary=f"Read one {kind.name}", response_model=Read)
    def read(
        record_id: RecordId, caller: CurrentCaller, services: ServicesDep, response: Response
    ) -> RecordFields:
        record = activities.get(services.database, caller, kind, record_id)
        _etag(response, record, kind)
        return record

    @router.patch(
        "/{record_id}",
        summary=f"Change some fields of a {kind.name}",
        response_model=Read,
        responses={412: {"description": "Stale If-Match"}, 428: {"description": "No If-Match"}},
    )
    def change(
        record_id: RecordId,
        body: Update,  # type: ignore[valid-type]
        caller: CurrentCaller,
        services: ServicesDep,
        version: IfMatch,
        response: Response,
    ) -> RecordFields:
        record = activities.update(services.database, caller, kind, record_id, body, version)
        _etag(response, record, kind)
        return record

    @router.delete(
        "/{record_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        summary=f"Delete a {kind.name} (soft delete with a reason)",
    )
    def remove(
        record_id: RecordId,
        reason: Annotated[str, Query(min_length=1, max_length=500, description="Why.")],
        caller: CurrentCaller,
        services: ServicesDep,
    ) -> Response:
        activities.delete(services.database, caller, kind, record_id, reason.strip() or reason)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.get(
        "",
        summary=f"{kind.collection.capitalize()} in scope, newest first",
        description=LIST_FILTERS,
        response_model=Page,
    )
    def list_(
        caller: CurrentCaller,
        services: ServicesDep,
        choices: Choices,
        start: Annotated[When | None, Query(alias="from")] = None,
        end: Annotated[When | None, Query(alias="to")] = None,
        officer: Annotated[list[str] | None, Query(description="Officer UPNs")] = None,
        team_id: Annotated[list[str] | None, Query()] = None,
        lpa_id: Annotated[list[str] | None, Query()] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> dict[str, Any]:
        query = RecordQuery(
            start=start,
            end=end,
            officers=tuple(officer or ()),
            team_ids=tuple(team_id or ()),
            lpa_ids=tuple(lpa_id or ()),
            choices=choices,
        )
        page = activities.list_records(
            services.database, caller, kind, query, limit=limit, cursor=cursor
        )
        return {"items": page.items, "next": page.next}

    return router
