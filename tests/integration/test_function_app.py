"""function_app.py: the Azure Functions entry gives the same replies as the FastAPI app."""

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import azure.functions as func
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from core.services import shared_services
from store.catalog import metadata
from store.database import Database
from tests.conftest import add_organisation
from tests.e2e.test_entra_tokens import AUDIENCE, CLIENT_ID, TENANT, Tenant

ROOT = Path(__file__).resolve().parents[2]


def load_function_app() -> ModuleType:
    shared_services.cache_clear()
    spec = importlib.util.spec_from_file_location(
        "function_app_under_test", ROOT / "function_app.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    env = {
        "NPT_MODE": "microsoft365",
        "NPT_DATA_DIR": str(tmp_path),
        "NPT_TENANT_ID": TENANT,
        "NPT_API_AUDIENCE": f"{AUDIENCE},{CLIENT_ID}",
        "NPT_GRAPH_CLIENT_ID": CLIENT_ID,
        "NPT_GRAPH_CLIENT_SECRET": "not-a-real-secret",
        "NPT_SITE_ID": "contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,2",
        "NPT_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/none",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield env
    shared_services.cache_clear()


@pytest.fixture
def function_app(
    production_env: dict[str, str], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModuleType]:
    monkeypatch.setenv("NPT_DATABASE_URL", postgres_url)
    database = Database(postgres_url)
    with database.engine.begin() as connection:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    add_organisation(database)
    database.dispose()
    module = load_function_app()
    yield module
    shut_down(module)
    shared_services().close()


def shut_down(module: ModuleType) -> None:
    """Run the ASGI shutdown here, as the worker does on exit; left to the app's finaliser it
    would run whenever the app is collected, inside whatever event loop is running then."""
    app = module.app
    if app.startup_task_done:
        asyncio.run(app.middleware.notify_shutdown())
        app.startup_task_done = False


def http_function(module: ModuleType) -> Any:
    """The registered function (the worker lists functions once per app)."""
    if not hasattr(module, "listed"):
        module.listed = module.app.get_functions()
    (function,) = [f for f in module.listed if f.get_function_name() == "http_app_func"]
    return function


def invoke(
    module: ModuleType, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> func.HttpResponse:
    function = http_function(module)
    request = func.HttpRequest(method, f"http://localhost{path}", headers=headers, body=body)
    handler = function.get_user_function()
    return asyncio.run(handler(request, _Context()))


class _Context:
    invocation_id = "test-invocation"
    function_name = "http_app_func"
    function_directory = str(ROOT)
    trace_context = None
    retry_context = None
    thread_local_storage = None


def test_app_lists_one_anonymous_http_function_for_every_route(function_app: ModuleType) -> None:
    http_function(function_app)
    raw: dict[str, Any] = http_function(function_app).get_dict_repr()
    trigger = next(b for b in raw["bindings"] if b["type"] == "httpTrigger")
    assert trigger["authLevel"] == func.AuthLevel.ANONYMOUS
    assert trigger["route"] == "/{*route}"


def test_every_timer_is_registered_with_its_schedule(function_app: ModuleType) -> None:
    from functions.timers import TIMERS

    http_function(function_app)
    listed = {f.get_function_name(): f.get_dict_repr() for f in function_app.listed}
    for timer in TIMERS:
        (trigger,) = [b for b in listed[timer.name]["bindings"] if b["type"] == "timerTrigger"]
        assert trigger["schedule"] == timer.schedule


def test_http_function_replies_as_the_fastapi_app(function_app: ModuleType) -> None:
    tenant = Tenant()
    tenant.new_key("key-1")
    services = shared_services()
    services.__dict__["http"] = httpx.Client(transport=httpx.MockTransport(tenant.handler))
    token = {"Authorization": f"Bearer {tenant.token()}"}
    cases = [
        ("GET", "/api/health", {}),
        ("GET", "/api/me", token),
        ("GET", "/api/me", {}),
        ("GET", "/api/patrols?limit=5", token),
        ("GET", "/api/patrols/nope", token),
        ("GET", "/api/reference", token),
    ]
    from functions.app import create_app

    with TestClient(create_app(lambda: services)) as direct:
        for method, path, headers in cases:
            headers = headers | {"X-Request-Id": "same-request"}
            through_functions = invoke(function_app, method, path, headers)
            expected = direct.request(method, path, headers=headers)
            assert through_functions.status_code == expected.status_code, path
            assert through_functions.get_body() == expected.content, path
            assert through_functions.headers.get("etag") == expected.headers.get("etag")
            assert through_functions.headers.get("www-authenticate") == expected.headers.get(
                "www-authenticate"
            )
            assert through_functions.headers.get("content-type") == expected.headers.get(
                "content-type"
            )


@pytest.mark.parametrize(
    "missing",
    [
        "NPT_TENANT_ID",
        "NPT_API_AUDIENCE",
        "NPT_GRAPH_CLIENT_ID",
        "NPT_GRAPH_CLIENT_SECRET",
        "NPT_SITE_ID",
        "NPT_DATABASE_URL",
    ],
)
def test_app_refuses_to_start_in_microsoft365_mode_with_a_setting_missing(
    production_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.delenv(missing)
    with pytest.raises(Exception, match=missing):
        load_function_app()


def test_app_refuses_to_start_in_embedded_mode(
    production_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NPT_MODE", "embedded")
    with pytest.raises(RuntimeError, match="microsoft365"):
        load_function_app()


def test_loading_the_app_connects_to_nothing(production_env: dict[str, str]) -> None:
    """The database URL points nowhere: loading must still succeed (everything is lazy)."""
    module = load_function_app()
    assert http_function(module)
    assert "database" not in shared_services().__dict__
    sys.modules.pop("function_app_under_test", None)
