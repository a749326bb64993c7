"""Faults lose nothing: a database cut gives 503 and recovers; a killed server keeps its word."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.services import Services
from core.settings import Settings
from functions.app import create_app
from store.catalog import metadata
from store.database import Database
from tests.conftest import add_organisation, upn
from tests.payloads import patrol
from tests.tcpproxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def proxied(
    postgres_url: str, tmp_path: Path, signing_key_file: Path
) -> Iterator[tuple[TcpProxy, Services]]:
    """Services whose PostgreSQL is reached through a proxy the test controls."""
    url = make_url(postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    database = Database(str(url.set(host="127.0.0.1", port=proxy.port)))
    with database.engine.begin() as connection:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    add_organisation(database)
    shutil.copy(signing_key_file, tmp_path / "signing-key.pem")
    services = Services(Settings(data_dir=tmp_path))
    services.__dict__["database"] = database
    yield proxy, services
    database.dispose()
    proxy.close()


def test_database_cut_gives_503_with_retry_after_then_recovers_without_restart(
    proxied: tuple[TcpProxy, Services],
) -> None:
    proxy, services = proxied
    with TestClient(create_app(lambda: services), raise_server_exceptions=False) as client:
        token = services.development_token(upn("officer"))
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/patrols", headers=headers).status_code == 200
        proxy.cut()
        down = client.get("/api/patrols", headers=headers)
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert int(down.headers["Retry-After"]) > 0
        assert client.get("/api/ready").status_code == 503
        write = client.post(
            "/api/patrols", json=patrol(), headers=headers | {"Idempotency-Key": "during-cut"}
        )
        assert write.status_code == 503
        proxy.restore()
        assert client.get("/api/ready").status_code == 200
        assert client.get("/api/patrols", headers=headers).status_code == 200
        again = client.post(
            "/api/patrols", json=patrol(), headers=headers | {"Idempotency-Key": "during-cut"}
        )
        assert again.status_code == 201


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "functions", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("the server did not start")


def test_killed_server_keeps_acknowledged_writes_and_retries_make_one_record(
    tmp_path: Path,
) -> None:
    env = os.environ | {
        "NPT_MODE": "embedded",
        "NPT_DATA_DIR": str(tmp_path),
        "NPT_DEMO_RECORDS": "0",
        "NPT_WRITE_BURST": "10000",
    }
    env.pop("NPT_DATABASE_URL", None)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api"
    server = _start(env, port)
    services = Services(Settings(data_dir=tmp_path))
    headers = {
        "Authorization": "Bearer " + services.development_token("demo.officer@northshire.example")
    }
    plain = {"patrol_type": "asb_patrol", "hotspot_id": None, "hotspot_minutes": None}
    sent = {str(uuid.uuid4()): patrol(notes=f"stream {i}", **plain) for i in range(400)}
    acknowledged: dict[str, str] = {}
    with httpx.Client(timeout=5) as http:
        for i, (key, body) in enumerate(sent.items()):
            if i == 60:
                server.send_signal(signal.SIGKILL)
            try:
                reply = http.post(
                    f"{base}/patrols", json=body, headers=headers | {"Idempotency-Key": key}
                )
            except httpx.TransportError:
                break
            assert reply.status_code == 201
            acknowledged[key] = reply.json()["id"]
        server.wait(timeout=10)
        server = _start(env, port)
        try:
            for key, body in sent.items():
                reply = http.post(
                    f"{base}/patrols", json=body, headers=headers | {"Idempotency-Key": key}
                )
                assert reply.status_code in (200, 201)
                if key in acknowledged:
                    assert reply.status_code == 200
                    assert reply.json()["id"] == acknowledged[key]
            ids: set[str] = set()
            cursor = None
            while True:
                params = {"limit": 200} | ({"cursor": cursor} if cursor else {})
                page = http.get(f"{base}/patrols", params=params, headers=headers).json()
                ids |= {r["id"] for r in page["items"] if r["notes"].startswith("stream ")}
                if not (cursor := page["next"]):
                    break
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert len(acknowledged) >= 50
    assert len(ids) == len(sent)
    services.close()
