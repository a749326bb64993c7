"""The FastAPI app: routers joined under /api, problem+json errors, request context."""

from collections.abc import Callable

from fastapi import APIRouter, FastAPI

from core.services import Services, shared_services
from functions import problems
from functions.middleware import RequestContext
from functions.routers import activities, audit, health, me
from schemas.kinds import ACTIVITY_KINDS

DESCRIPTION = """The back end of the neighbourhood policing app: engagements, patrols and
abstractions, mirrored from Microsoft Lists. Times are ISO 8601 with an offset, reported in
Europe/London. Errors are `application/problem+json`."""


def create_app(services: Callable[[], Services] = shared_services) -> FastAPI:
    """`services` is called per request; the engine and keys are built when first needed."""
    app = FastAPI(
        title="Neighbourhood policing API",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.services = services
    api = APIRouter(prefix="/api")
    api.include_router(health.router)
    api.include_router(me.router)
    for kind in ACTIVITY_KINDS.values():
        api.include_router(activities.router_for(kind))
    api.include_router(audit.router)
    app.include_router(api)
    problems.install(app)
    app.add_middleware(RequestContext, max_body=services().settings.max_request_bytes)
    return app
