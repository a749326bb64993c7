"""Acting in Microsoft 365 for the signed-in person, and Graph's failures as service errors."""

from collections.abc import Iterator
from contextlib import contextmanager

from core.access import Caller
from core.errors import DependencyFailed, NotAuthenticated, Unavailable
from graph.calls import SignedIn
from graph.errors import GraphError, GraphUnavailable, SignInFailed


def signed_in(caller: Caller) -> SignedIn:
    """The caller as Graph's on-behalf-of flow needs them: their token and msal account key."""
    if caller.token is None or caller.object_id is None or caller.tenant_id is None:
        raise NotAuthenticated("This needs the signed-in person's own token; sign in again.")
    return SignedIn(
        upn=caller.upn,
        display_name=caller.person.display_name,
        object_id=caller.object_id,
        assertion=caller.token,
        home_account_id=caller.home_account_id,
    )


@contextmanager
def graph_failures(what: str) -> Iterator[None]:
    """Throttling and outages become 503 and other failures 502, each with a retry hint."""
    try:
        yield
    except GraphUnavailable as error:
        raise Unavailable(
            f"Microsoft 365 is busy or unavailable, so {what} could not be done now; "
            f"retry in {round(error.retry_after)} seconds.",
            round(error.retry_after),
        ) from None
    except SignInFailed as error:
        raise DependencyFailed(
            f"Microsoft 365 would not let this service act for you, so {what} could not be "
            f"done ({error}). Signing in again may help; otherwise ask an administrator to "
            "check the app's consent.",
            60,
        ) from None
    except GraphError as error:
        raise DependencyFailed(
            f"Microsoft 365 answered with an error, so {what} could not be done ({error}).", 30
        ) from None
