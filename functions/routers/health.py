"""Liveness and readiness for load balancers and the Functions host."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from functions.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers (no database work)")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Readiness: the store answers",
    responses={503: {"description": "The store does not answer"}},
)
def ready(services: ServicesDep) -> JSONResponse:
    if services.database.ping():
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "unavailable"}, status_code=503, headers={"Retry-After": "5"})
