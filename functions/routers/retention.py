"""Legal holds and retention runs, for administrators."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from core import retention
from functions.deps import CurrentCaller, ServicesDep
from schemas.legal_hold import LegalHold, LegalHoldCreate

router = APIRouter(prefix="/admin", tags=["administration"])


@router.get("/legal-holds", summary="Active legal holds (administrators and auditors)")
def list_holds(caller: CurrentCaller, services: ServicesDep) -> list[LegalHold]:
    return retention.holds(services.database, caller)


@router.post(
    "/legal-holds",
    status_code=status.HTTP_201_CREATED,
    summary="Place a legal hold on a record, an officer's records or an LPA's records",
)
def place_hold(body: LegalHoldCreate, caller: CurrentCaller, services: ServicesDep) -> LegalHold:
    return retention.place_hold(services.database, caller, body)


@router.delete(
    "/legal-holds/{hold_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Lift a legal hold",
)
def lift_hold(
    hold_id: Annotated[str, Path(max_length=64)], caller: CurrentCaller, services: ServicesDep
) -> Response:
    retention.lift_hold(services.database, caller, hold_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/purge", summary="Run retention now (administrators); dry_run only counts")
def purge(
    caller: CurrentCaller,
    services: ServicesDep,
    dry_run: Annotated[bool, Query(description="Report what would be erased")] = True,
) -> dict[str, Any]:
    report = retention.run_for(services.database, services.settings, caller, dry_run=dry_run)
    return {
        "dry_run": report.dry_run,
        "records": report.records,
        "audit_entries": report.audit_entries,
    }
