"""Every error leaves as application/problem+json (RFC 9457), never as a stack trace."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from core.errors import (
    DependencyFailed,
    FieldError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    PreconditionFailed,
    PreconditionRequired,
    ServiceError,
    StorageFull,
    TooManyRequests,
    Unavailable,
)
from core.faults import TRANSIENT, unavailable
from core.validation import field_errors
from schemas.content import CONTENT_LISTS
from schemas.kinds import ACTIVITY_KINDS

log = logging.getLogger("npt.errors")

MEDIA_TYPE = "application/problem+json"
KNOWN: dict[type[ServiceError], tuple[int, str, str]] = {
    NotAuthenticated: (401, "not-authenticated", "Sign-in required"),
    NotPermitted: (403, "forbidden", "Not permitted"),
    NotFound: (404, "not-found", "Not found"),
    PreconditionFailed: (412, "precondition-failed", "The record has changed"),
    InvalidInput: (422, "validation-error", "Invalid request"),
    PreconditionRequired: (428, "precondition-required", "A required header is missing"),
    TooManyRequests: (429, "too-many-requests", "Too many requests"),
    Unavailable: (503, "unavailable", "Service unavailable"),
    DependencyFailed: (502, "dependency-failed", "A service this one relies on failed"),
    StorageFull: (507, "storage-full", "The export destination is full"),
}
TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
}


def problem(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {
        "type": f"urn:npt:problem:{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    if errors is not None:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def service_problem(request: Request, error: ServiceError) -> JSONResponse:
    status, slug, title = next(v for k, v in KNOWN.items() if isinstance(error, k))
    headers = {}
    errors = None
    if isinstance(error, NotAuthenticated):
        challenge = 'Bearer realm="npt"'
        if error.token_sent:
            challenge += ', error="invalid_token"'
        headers["WWW-Authenticate"] = challenge
    if isinstance(error, Unavailable | TooManyRequests | DependencyFailed):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, InvalidInput):
        errors = error.errors
    return problem(request, status, slug, title, error.detail, headers=headers, errors=errors)


READ_ONLY: dict[type, frozenset[str]] = {
    form.read: form.read_only for form in (*ACTIVITY_KINDS.values(), *CONTENT_LISTS.values())
}
"""The fields the server sets, by the record a route answers with."""


def _read_only_fields(request: Request) -> frozenset[str]:
    route = request.scope.get("route")
    return READ_ONLY.get(getattr(route, "response_model", None), frozenset())


async def _on_service_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceError)
    return service_problem(request, error)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = field_errors(error.errors(), _read_only_fields(request))
    return service_problem(request, InvalidInput(errors))


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    title = TITLES.get(error.status_code, "Request failed")
    detail = error.detail if isinstance(error.detail, str) else title
    if error.status_code == 404 and detail == "Not Found":
        detail = "There is nothing at this address."
    return problem(
        request,
        error.status_code,
        title.lower().replace(" ", "-"),
        title,
        detail,
        headers=dict(error.headers or {}),
    )


async def _on_transient(request: Request, error: Exception) -> JSONResponse:
    log.warning("dependency unavailable: %s", error)
    return service_problem(request, unavailable(error))


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error (request %s)", getattr(request.state, "request_id", "-"))
    return problem(
        request,
        500,
        "internal-error",
        "Internal error",
        "Something went wrong on our side; the request id identifies it in our logs.",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _on_service_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    for transient in TRANSIENT:
        app.add_exception_handler(transient, _on_transient)
    app.add_exception_handler(Exception, _on_unexpected)
