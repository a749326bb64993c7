"""Running Graph requests from synchronous code, and Graph's failures in our own terms.

Requests are built by msgraph-sdk's request builders and sent through its middleware, but list
replies are read as plain JSON: the SDK's model parsing costs milliseconds per item, which a
calendar month or a team's roster turns into seconds.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from graph.client import GRAPH_BASE_URL, graph_client
from graph.errors import GraphError, GraphUnavailable

if TYPE_CHECKING:
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph import GraphServiceClient

T = TypeVar("T")
RETRY_STATUSES = frozenset({429, 502, 503, 504})
DEFAULT_RETRY_AFTER = 10
ME = {"/users/me-token-to-replace": "/me"}


@dataclass(frozen=True)
class SignedIn:
    """The person a delegated call acts for: their API token is the on-behalf-of assertion."""

    upn: str
    display_name: str
    object_id: str
    assertion: str = field(repr=False)
    home_account_id: str


@dataclass(frozen=True)
class GraphSession:
    """Where Graph is and how to reach it; tests point both at a fake."""

    base_url: str = GRAPH_BASE_URL
    http: Callable[[], httpx.AsyncClient] = httpx.AsyncClient

    def run(
        self, token: Callable[[], str], work: Callable[["GraphServiceClient"], Awaitable[T]]
    ) -> T:
        """Run `work` with a client whose requests carry `token()`; failures become GraphErrors."""

        async def go() -> T:
            async with self.http() as http:
                return await work(graph_client(token, base_url=self.base_url, http=http))

        from kiota_abstractions.api_error import APIError

        try:
            return asyncio.run(go())
        except APIError as error:
            raise failure(error.response_status_code, error.response_headers, str(error)) from None
        except httpx.TransportError as error:
            raise GraphUnavailable(
                f"Microsoft Graph could not be reached ({type(error).__name__}).",
                retry_after=DEFAULT_RETRY_AFTER,
            ) from None


def failure(status: int | None, headers: Any, message: str) -> GraphError:
    """A throttled or unavailable Graph asks to be retried; anything else is an error."""
    if status in RETRY_STATUSES:
        return GraphUnavailable(
            f"Microsoft Graph is busy or unavailable (HTTP {status}).",
            retry_after=retry_after(headers),
            status=status,
        )
    return GraphError(
        f"Microsoft Graph refused the request (HTTP {status}): {message}", status=status
    )


def retry_after(headers: Any) -> int:
    """Seconds to wait: `Retry-After`, or `RateLimit-Reset` when that is later."""
    waits = []
    for name in ("retry-after", "ratelimit-reset"):
        value = str(headers.get(name, "") if headers is not None else "").strip()
        if value.isdigit():
            waits.append(int(value))
    return max(waits, default=DEFAULT_RETRY_AFTER)


def configuration(
    query: Any = None, headers: dict[str, str] | None = None
) -> "RequestConfiguration[Any]":
    """A fresh configuration per request (a shared one leaks headers such as Prefer).

    The SDK's own retries are off: an HTTP request waiting out Retry-After would hold a worker,
    so the caller gets the retry hint instead. `/me` paths are rewritten as the SDK's default
    adapter would.
    """
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from kiota_abstractions.headers_collection import HeadersCollection
    from kiota_http.middleware.options import RetryHandlerOption, UrlReplaceHandlerOption

    collection = HeadersCollection()
    for name, value in (headers or {}).items():
        collection.add(name, value)
    return RequestConfiguration(
        headers=collection,
        query_parameters=query,
        options=[
            RetryHandlerOption(delay=0, max_retries=0, should_retry=False),
            UrlReplaceHandlerOption(enabled=True, replacement_pairs=ME),
        ],
    )


async def get_json(client: "GraphServiceClient", builder: Any, config: Any) -> dict[str, Any]:
    """One GET through the SDK's pipeline, read as JSON rather than as SDK models."""
    from msgraph.generated.models.o_data_errors.o_data_error import ODataError

    info = builder.to_get_request_information(config)
    adapter: Any = client.request_adapter
    raw = await adapter.send_primitive_async(info, "bytes", {"XXX": ODataError})
    reply: Any = json.loads(raw) if raw else {}
    if not isinstance(reply, dict):
        raise GraphError("Microsoft Graph sent a reply that is not a JSON object.")
    return reply


async def pages(
    client: "GraphServiceClient", builder: Any, query: Any, headers: dict[str, str]
) -> list[dict[str, Any]]:
    """Every item of a collection, following `@odata.nextLink` as an opaque URL.

    The headers go with every page: preferences such as the time zone apply per request.
    """
    items: list[dict[str, Any]] = []
    reply = await get_json(client, builder, configuration(query, headers))
    items.extend(_values(reply))
    while next_link := reply.get("@odata.nextLink"):
        reply = await get_json(client, builder.with_url(next_link), configuration(None, headers))
        items.extend(_values(reply))
    return items


def _values(reply: dict[str, Any]) -> Iterator[dict[str, Any]]:
    values = reply.get("value")
    if not isinstance(values, list):
        raise GraphError("Microsoft Graph sent a collection without a value array.")
    return (v for v in values if isinstance(v, dict))
