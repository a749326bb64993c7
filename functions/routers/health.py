"""Liveness and readiness for load balancers and the Functions host."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from core.health import readiness
from functions.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers (no database work)")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Readiness: the store answers and its schema is current",
    responses={503: {"description": "The store does not answer, or is not migrated"}},
)
def ready(services: ServicesDep) -> JSONResponse:
    ok, detail = readiness(services)
    if ok:
        return JSONResponse({"status": "ready"})
    return JSONResponse(
        {"status": "unavailable", "detail": detail}, status_code=503, headers={"Retry-After": "5"}
    )
