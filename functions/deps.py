"""Dependencies as Annotated aliases, so a route's signature says who may call it."""

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.access import Caller
from core.errors import FieldError, InvalidInput, NotAuthenticated, PreconditionRequired
from core.services import Services

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
bearer = HTTPBearer(auto_error=False, description="An Entra ID or development access token.")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services()
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def current_caller(
    request: Request,
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    purpose: Annotated[
        str | None,
        Header(
            alias="X-Purpose", max_length=500, description="Why the data is processed; audited."
        ),
    ] = None,
) -> Caller:
    if credentials is None:
        sent = "authorization" in request.headers
        raise NotAuthenticated(
            "Send 'Authorization: Bearer <token>'."
            if not sent
            else "The bearer token is malformed.",
            token_sent=sent,
        )
    caller = services.identity.authenticate(
        credentials.credentials, request_id=request.state.request_id, purpose=purpose
    )
    if request.method in WRITE_METHODS:
        services.write_limiter.take(caller.upn)
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def if_match_version(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description='The ETag the change is based on: "3" (or 3).'),
    ] = None,
) -> int:
    if if_match is None:
        raise PreconditionRequired('Send If-Match with the record\'s ETag, such as "3".')
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidInput([FieldError("If-Match", 'must be an ETag such as "3"')])
    return int(value)


IfMatch = Annotated[int, Depends(if_match_version)]


def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="A key unique to this submission (a UUID); retries reuse it.",
        ),
    ] = None,
) -> str:
    if key is None or not key.strip():
        raise PreconditionRequired("Send an Idempotency-Key header (a UUID) with every create.")
    if len(key) > 200 or not key.isprintable():
        raise InvalidInput([FieldError("Idempotency-Key", "must be 1-200 printable characters")])
    return key


IdempotencyKey = Annotated[str, Depends(idempotency_key)]
