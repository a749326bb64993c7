"""Failures below the use cases, expressed as service errors the entry points know."""

from core.errors import Unavailable
from store.errors import StoreUnavailable

TRANSIENT: tuple[type[Exception], ...] = (StoreUnavailable,)
"""Exceptions that mean "retry shortly", not a fault in the request or the code."""


def unavailable(error: Exception) -> Unavailable:
    return Unavailable(f"A service this request needs is unavailable ({error}); retry shortly.", 5)
