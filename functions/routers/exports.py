"""Workbooks as a download or saved to the export destination; Power BI extracts on demand."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from core import exports, powerbi
from functions.deps import CurrentCaller, ServicesDep

router = APIRouter(prefix="/exports", tags=["exports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ScopeId = Annotated[str | None, Query(max_length=64)]
FULL: dict[int | str, dict[str, Any]] = {
    507: {"description": "The export destination is full; the files already there are unchanged"}
}


class WorkbookOrder(BaseModel):
    """What to export; a supervisor's workbook is always of their own LPA."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    lpa_id: str | None = Field(None, max_length=64)
    team_id: str | None = Field(None, max_length=64)
    start: date | None = Field(None, alias="from", description="First day (Europe/London).")
    end: date | None = Field(None, alias="to", description="Last day included.")


class SavedWorkbook(BaseModel):
    url: str
    rows: int


class ExtractFile(BaseModel):
    path: str
    rows: int


class ExtractRun(BaseModel):
    url: str
    full_rebuild: bool
    generated_at: str
    files: list[ExtractFile]
    tables: dict[str, int]
    rewritten: dict[str, list[str]]
    """Months of each fact table written by this run; the others were kept as they were."""


@router.get(
    "/workbook",
    summary="Download the Excel workbook of the records in scope",
    response_class=FileResponse,
    responses={200: {"content": {XLSX: {}}, "description": "The .xlsx workbook"}, **FULL},
)
def workbook(
    caller: CurrentCaller,
    services: ServicesDep,
    lpa_id: ScopeId = None,
    team_id: ScopeId = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> FileResponse:
    order = exports.WorkbookRequest(lpa_id, team_id, start, end)
    path, built = exports.download(
        services.database, caller, order, seldom_heard=services.settings.seldom_heard
    )
    return FileResponse(
        path,
        media_type=XLSX,
        filename=built.name,
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@router.post(
    "/workbook",
    status_code=status.HTTP_201_CREATED,
    summary="Save the workbook to the export destination and return its link",
    response_model=SavedWorkbook,
    responses=FULL,
)
def save_workbook(
    body: WorkbookOrder, caller: CurrentCaller, services: ServicesDep
) -> dict[str, Any]:
    order = exports.WorkbookRequest(body.lpa_id, body.team_id, body.start, body.end)
    url, built = exports.save(
        services.database,
        services.files,
        caller,
        order,
        seldom_heard=services.settings.seldom_heard,
    )
    return {"url": url, "rows": built.rows}


@router.post(
    "/powerbi",
    summary="Rebuild the Power BI extracts now (admins)",
    response_model=ExtractRun,
    responses=FULL,
)
def rebuild_extracts(
    caller: CurrentCaller,
    services: ServicesDep,
    full: Annotated[
        bool, Query(description="Rewrite every month, not only those that changed.")
    ] = False,
) -> dict[str, Any]:
    report = powerbi.refresh(
        services.database,
        services.files,
        caller,
        seldom_heard=services.settings.seldom_heard,
        full=full,
    )
    return report.as_reply()
