"""Logs never hold tokens, secrets, query strings or bodies: a search term can be a name."""

import logging
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from core.services import Services
from functions.logs import configure
from tests.payloads import patrol

Auth = Callable[[str], dict[str, str]]
SECRET_NAME = "Jonathan Q Witness"


def test_requests_log_method_path_and_status_only(
    client: TestClient, auth: Auth, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    configure("DEBUG")
    caplog.set_level(logging.DEBUG)
    headers = auth("officer")
    token = headers["Authorization"].removeprefix("Bearer ")
    client.get("/api/patrols", params={"officer": SECRET_NAME}, headers=headers)
    client.post(
        "/api/patrols",
        json=patrol(notes=f"Spoke to {SECRET_NAME} about the burglary"),
        headers=headers | {"Idempotency-Key": "logged?"},
    )
    client.post(
        "/api/patrols",
        json=patrol(mode=SECRET_NAME),
        headers=headers | {"Idempotency-Key": "invalid"},
    )
    client.get("/api/me", headers={"Authorization": f"Bearer {token[:-4]}abcd"})
    text = caplog.text
    assert "GET /api/patrols 200" in text
    for secret in (SECRET_NAME, token, token[:40], "Witness", "burglary"):
        assert secret not in text


def test_settings_never_print_the_graph_secret() -> None:
    from core.settings import Settings

    settings = Settings(graph_client_secret="s3cr3t-value-for-test")
    assert "s3cr3t-value-for-test" not in repr(settings)
    assert "s3cr3t-value-for-test" not in str(settings)
