"""The fake Graph core answers as Graph does: auth errors, $batch limits, throttling."""

import asyncio

import pytest
from kiota_abstractions.api_error import APIError

from graph.client import graph_client
from tests.fakegraph import FakeGraph, Reply
from tests.fakegraph.server import BASE


@pytest.fixture
def fake() -> FakeGraph:
    graph = FakeGraph()

    @graph.route("GET", r"/sites/(?P<site>[^/]+)")
    def site(request) -> Reply:  # type: ignore[no-untyped-def]
        return Reply(200, {"id": request.params["site"], "displayName": "Neighbourhoods"})

    return graph


def test_sdk_reaches_the_fake_with_its_token(fake: FakeGraph) -> None:
    client = graph_client(lambda: fake.token, base_url=BASE, http=fake.async_client())
    site = asyncio.run(client.sites.by_site_id("contoso.sharepoint.com,1,2").get())
    assert site is not None and site.display_name == "Neighbourhoods"


def test_wrong_token_is_refused_with_an_odata_error(fake: FakeGraph) -> None:
    client = graph_client(lambda: "stolen", base_url=BASE, http=fake.async_client())
    with pytest.raises(APIError) as raised:
        asyncio.run(client.sites.by_site_id("x").get())
    assert raised.value.response_status_code == 401
