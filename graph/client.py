"""A msgraph-sdk client over a token callable; msgraph is imported only on the Graph path."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import httpx

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"


def graph_client(
    token: Callable[[], str],
    *,
    base_url: str = GRAPH_BASE_URL,
    http: httpx.AsyncClient | None = None,
) -> "GraphServiceClient":
    """A client whose requests carry `token()`; `base_url` and `http` let tests reach a fake."""
    from kiota_abstractions.authentication import (
        AccessTokenProvider,
        AllowedHostsValidator,
        BaseBearerTokenAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph_core import GraphClientFactory

    host = urlparse(base_url).hostname or ""

    class Tokens(AccessTokenProvider):
        async def get_authorization_token(
            self, uri: str, additional_authentication_context: dict[str, Any] | None = None
        ) -> str:
            return token()

        def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
            return AllowedHostsValidator([host])

    client = GraphClientFactory.create_with_default_middleware(client=http or httpx.AsyncClient())
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(Tokens()), client)
    adapter.base_url = base_url
    return GraphServiceClient(request_adapter=adapter)
