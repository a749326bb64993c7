"""The FastAPI app: routers joined under /api, problem+json errors, request context."""

from collections.abc import Callable

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from core.services import Services, shared_services
from functions import openapi, problems
from functions.middleware import RequestContext, SecurityHeaders
from functions.routers import (
    activities,
    admin_lists,
    audit,
    dip_checks,
    duties,
    feedback,
    health,
    keyholders,
    links,
    me,
    my_activity,
    news,
    priorities,
    retention,
    search,
    summary,
    useful_info,
    what_works_well,
)
from functions.routers import exports as export_routes
from schemas.kinds import ACTIVITY_KINDS

DOCS_PATH = "/api/docs"
DESCRIPTION = """The back end of the neighbourhood policing app: engagements, patrols and
abstractions, mirrored from Microsoft Lists. Times are ISO 8601 with an offset, reported in
Europe/London. Errors are `application/problem+json`."""


def create_app(services: Callable[[], Services] = shared_services) -> FastAPI:
    """`services` is called per request; the engine and keys are built when first needed."""
    app = FastAPI(
        title="Neighbourhood policing API",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=DOCS_PATH,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.services = services
    api = APIRouter(prefix="/api")
    api.include_router(health.router)
    api.include_router(me.router)
    api.include_router(my_activity.router)
    for kind in ACTIVITY_KINDS.values():
        api.include_router(activities.router_for(kind))
    api.include_router(audit.router)
    api.include_router(admin_lists.router)
    api.include_router(admin_lists.webhook)
    api.include_router(export_routes.router)
    api.include_router(dip_checks.router)
    api.include_router(priorities.router)
    api.include_router(summary.router)
    api.include_router(duties.router)
    api.include_router(search.router)
    api.include_router(retention.router)
    for router in (
        what_works_well.router,
        feedback.router,
        news.router,
        useful_info.folders,
        useful_info.items,
        keyholders.router,
        links.router,
    ):
        api.include_router(router)
    app.include_router(api)
    problems.install(app)
    openapi.install(app)
    settings = services().settings
    app.add_middleware(RequestContext, max_body=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-Match",
                "X-Request-Id",
                "X-Purpose",
            ],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-Id"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders, docs_path=DOCS_PATH)
    return app
