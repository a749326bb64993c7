"""The fake's Lists answer in the shapes of Microsoft's documented examples (kept as fixtures):
every documented property is there with the documented JSON type, and the documented requests
are accepted."""

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.provision import definitions
from schemas.kinds import PATROL
from tests.fakegraph.tenant import Tenant, fake_tenant

FIXTURES = Path(__file__).resolve().parents[1] / "fakegraph" / "fixtures"


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def _missing(documented: Any, actual: Any, where: str = "") -> list[str]:
    """Documented properties the actual reply lacks or holds with another JSON type."""
    if isinstance(documented, dict):
        if not isinstance(actual, dict):
            return [f"{where or 'body'} is not an object"]
        found = []
        for key, value in documented.items():
            if key not in actual:
                found.append(f"{where}.{key} is missing")
            elif value is not None:
                found += _missing(value, actual[key], f"{where}.{key}")
        return found
    if isinstance(documented, list):
        if not isinstance(actual, list):
            return [f"{where} is not an array"]
        return _missing(documented[0], actual[0], f"{where}[0]") if documented and actual else []
    if type(documented) is not type(actual):
        return [f"{where} is {type(actual).__name__}, documented {type(documented).__name__}"]
    return []


@pytest.fixture
def tenant() -> Iterator[Tenant]:
    made = fake_tenant()
    yield made
    made.close()


def _substituted(value: Any, names: dict[str, str]) -> Any:
    text = json.dumps(value)
    for name, real in names.items():
        text = text.replace("{" + name + "}", real.replace('"', '\\"'))
    return json.loads(text)


def _setting(tenant: Tenant) -> tuple[dict[str, str], str]:
    list_id = tenant.port.create_list("Patrols", definitions(PATROL.spec))
    tenant.lists.add_user("sam.patel@test.example", "8a3f1c52", "Sam Patel")
    fields = {"Location": "Market Square", "Mode": "Foot"}
    made_id = tenant.lists.power_app_create("Patrols", fields, "sam.patel@test.example")
    made = tenant.port.raw.send(
        "GET", f"/sites/{tenant.lists.site_id}/lists/{list_id}/items/{made_id}"
    ).body
    gone = tenant.port.raw.send(
        "POST", f"/sites/{tenant.lists.site_id}/lists/{list_id}/items", {"fields": {}}
    ).body
    tenant.lists.power_app_delete("Patrols", int(gone["id"]))
    names = {
        "site": tenant.lists.site_id,
        "list": list_id,
        "item": made["id"],
        "etag": made["eTag"],
        "gone": gone["id"],
        "expires": (tenant.clock.now() + timedelta(days=2)).isoformat(),
    }
    return names, made["id"]


@pytest.mark.parametrize("name", ["create_item", "update_fields", "column_definition", "batch"])
def test_the_fake_answers_documented_requests_in_the_documented_shape(
    tenant: Tenant, name: str
) -> None:
    names, _ = _setting(tenant)
    fixture = _substituted(_fixture(name), names)
    request = fixture["request"]
    reply = tenant.port.raw.send(
        request["method"], request["url"], request.get("body"), request.get("headers")
    )
    assert reply.status == fixture["response"]["status"], reply.body
    assert _missing(fixture["response"]["body"], reply.body) == []


def test_a_list_item_has_the_documented_shape(tenant: Tenant) -> None:
    names, item_id = _setting(tenant)
    reply = tenant.port.raw.send(
        "GET", f"/sites/{names['site']}/lists/{names['list']}/items/{item_id}?$expand=fields"
    )
    assert _missing(_fixture("list_item")["response"]["body"], reply.body) == []


def test_delta_pages_have_the_documented_shapes(tenant: Tenant) -> None:
    names, _ = _setting(tenant)
    documented = _fixture("delta")
    url = f"/sites/{names['site']}/lists/{names['list']}/items/delta?$expand=fields"
    first = tenant.port.raw.send("GET", url).body
    assert _missing({"value": documented["first_page"]["body"]["value"]}, first) == []
    assert "@odata.deltaLink" in first
    tenant.lists.power_app_delete("Patrols", int(names["item"]))
    last = tenant.port.raw.send("GET", first["@odata.deltaLink"]).body
    assert _missing(documented["last_page"]["body"], last) == []
    tenant.lists.expire_delta_tokens("Patrols")
    expired = tenant.port.raw.send("GET", first["@odata.deltaLink"])
    assert expired.status == documented["expired_token"]["status"]
    assert _missing(documented["expired_token"]["body"], expired.body) == []


def test_a_batch_of_more_than_20_steps_is_refused_as_documented(tenant: Tenant) -> None:
    documented = _fixture("batch")["too_many_steps"]
    steps = [{"id": str(i), "method": "GET", "url": "/sites/x"} for i in range(21)]
    reply = tenant.port.raw.send("POST", "/$batch", {"requests": steps})
    assert reply.status == documented["status"]
    assert _missing(documented["body"], reply.body) == []


def test_a_stale_etag_is_refused_as_documented(tenant: Tenant) -> None:
    names, item_id = _setting(tenant)
    url = f"/sites/{names['site']}/lists/{names['list']}/items/{item_id}/fields"
    headers = {"If-Match": '"stale,1"'}
    reply = tenant.port.raw.send("PATCH", url, {"Location": "x"}, headers)
    documented = _fixture("precondition_failed")["response"]
    assert reply.status == documented["status"]
    assert _missing(documented["body"], reply.body) == []


def test_a_subscription_and_its_notification_have_the_documented_shapes(tenant: Tenant) -> None:
    names, _ = _setting(tenant)
    fixture = _substituted(_fixture("subscription"), names)
    seen: list[Any] = []

    def webhook(url: str, query: dict[str, str], body: Any) -> tuple[int, str]:
        seen.append(body)
        return 200, query.get("validationToken", "")

    tenant.subscriptions.webhook = webhook
    reply = tenant.port.raw.send("POST", "/subscriptions", fixture["request"]["body"])
    assert reply.status == 201
    assert _missing(fixture["response"]["body"], reply.body) == []
    tenant.lists.power_app_delete("Patrols", int(names["item"]))
    tenant.subscriptions.deliver()
    assert _missing(fixture["notification"], seen[-1]) == []
