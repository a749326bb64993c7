"""What can go wrong in a use case, said in the service's terms; functions/ maps them to HTTP."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ServiceError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotAuthenticated(ServiceError):
    """No usable credentials: the caller must sign in (again)."""

    def __init__(self, detail: str, *, token_sent: bool = True) -> None:
        super().__init__(detail)
        self.token_sent = token_sent


class NotPermitted(ServiceError):
    """Signed in, but this person may not do this."""


class NotFound(ServiceError):
    """Missing, deleted, or outside the caller's read scope (indistinguishable on purpose)."""


class InvalidInput(ServiceError):
    def __init__(self, errors: list[FieldError]) -> None:
        fields = ", ".join(e.field for e in errors)
        super().__init__(f"The request has invalid values: {fields}.")
        self.errors = errors


class PreconditionRequired(ServiceError):
    """A header that guards against lost updates or duplicates is missing."""


class PreconditionFailed(ServiceError):
    """The record changed since the caller read it."""


class Unavailable(ServiceError):
    """A dependency is down; the caller may retry later."""

    def __init__(self, detail: str, retry_after: int = 5) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class TooManyRequests(ServiceError):
    """The caller is sending changes faster than allowed; retry after `retry_after` seconds."""

    def __init__(self, detail: str, retry_after: float) -> None:
        super().__init__(detail)
        self.retry_after = max(1, math.ceil(retry_after))


class DependencyFailed(ServiceError):
    """A service this one relies on (Microsoft 365) answered with an error; retrying may help."""

    def __init__(self, detail: str, retry_after: int = 30) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class StorageFull(ServiceError):
    """The export destination (or the disk an export is built on) has no room left; what was
    there before is unchanged."""
