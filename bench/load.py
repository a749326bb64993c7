"""Load test: 200 simulated officers against the local server, on SQLite and on PostgreSQL.

Each officer creates a record, then reads three pages of their list, with one second of think
time between steps; officers join at SPAWN_RATE a second, as a locust run would spawn users.
The load generator is pinned to one core while it runs; the server runs as `npt serve` with the
machine's cores, as in production (pinning the generator before starting the server would pin
the server to the same core, as a child inherits its parent's affinity). Afterwards every
acknowledged submission must be stored exactly once.
Target: no errors and p99 under 250 ms.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.services import Services
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
THINK_SECONDS = 1.0
SPAWN_RATE = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def npt(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "functions", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "functions", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def body(officer: int) -> dict[str, object]:
    end = datetime.now(UTC) - timedelta(minutes=10)
    return {
        "started_at": (end - timedelta(hours=1)).isoformat(),
        "ended_at": end.isoformat(),
        "location": "High Street near the library",
        "patrol_type": "high_visibility_reassurance",
        "mode": "foot",
        "notes": f"load test officer {officer}: reassurance patrol, spoke to shopkeepers",
    }


async def officer(
    http: httpx.AsyncClient,
    base: str,
    index: int,
    token: str,
    timings: dict[str, list[float]],
    errors: list[str],
    acknowledged: dict[str, str],
) -> None:
    await asyncio.sleep(index / SPAWN_RATE)
    headers = {"Authorization": f"Bearer {token}"}
    key = str(uuid.uuid4())
    started = time.perf_counter()
    reply = await http.post(
        f"{base}/patrols", json=body(index), headers=headers | {"Idempotency-Key": key}
    )
    timings["create"].append(time.perf_counter() - started)
    if reply.status_code != 201:
        errors.append(f"create {reply.status_code}")
        return
    acknowledged[key] = reply.json()["id"]
    cursor = None
    for _ in range(3):
        await asyncio.sleep(THINK_SECONDS)
        params = {"limit": 20} | ({"cursor": cursor} if cursor else {})
        started = time.perf_counter()
        page = await http.get(f"{base}/patrols", params=params, headers=headers)
        timings["list"].append(time.perf_counter() - started)
        if page.status_code != 200:
            errors.append(f"list {page.status_code}")
            return
        cursor = page.json()["next"]


async def drive(
    base: str, tokens: list[str]
) -> tuple[dict[str, list[float]], list[str], dict[str, str], float]:
    timings: dict[str, list[float]] = {"create": [], "list": []}
    errors: list[str] = []
    acknowledged: dict[str, str] = {}
    limits = httpx.Limits(max_connections=250, max_keepalive_connections=250)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                officer(http, base, i, token, timings, errors, acknowledged)
                for i, token in enumerate(tokens)
            )
        )
        elapsed = time.perf_counter() - started
    return timings, errors, acknowledged, elapsed


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))] * 1000 if ordered else float("nan")


def report(store: str, timings: dict[str, list[float]], errors: list[str], elapsed: float) -> None:
    everything = timings["create"] + timings["list"]
    print(
        f"{store:<11} {len(everything)} requests in {elapsed:.1f} s "
        f"({len(everything) / elapsed:.0f} req/s)  errors {len(errors)}  "
        f"p50 {statistics.median(everything) * 1000:.1f} ms  p99 {p99(everything):.1f} ms  "
        f"(create p99 {p99(timings['create']):.1f} ms, list p99 {p99(timings['list']):.1f} ms)"
    )


def settle(database_url: str) -> None:
    """Write the seeded store out to disk before the clock starts, so that flushing the seed
    (a checkpoint) does not stall the commits being measured."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("CHECKPOINT"))
        else:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        connection.commit()
    engine.dispose()


def stored_once(database_url: str, acknowledged: dict[str, str]) -> bool:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id FROM patrols WHERE notes LIKE 'load test officer %'")
        ).all()
    engine.dispose()
    ids = [r.id for r in rows]
    return len(ids) == len(set(ids)) == len(acknowledged) and set(ids) == set(acknowledged.values())


@contextmanager
def pinned_to_one_core() -> Iterator[None]:
    """Run the body on the first of this process's cores only, then give the others back."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, cores)


def run(store: str, officers: int, records: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"npt-load-{store}-"))
    env = os.environ | {
        "NPT_MODE": "embedded",
        "NPT_DATA_DIR": str(folder),
        "NPT_DEMO_RECORDS": str(records),
        "NPT_LOG_LEVEL": "WARNING",
    }
    env.pop("NPT_DATABASE_URL", None)
    database_url = f"sqlite:///{folder / 'npt.db'}"
    admin = None
    name = ""
    if store == "postgresql":
        base_url = make_url(
            os.environ.get("NPT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        )
        base_url = base_url.set(drivername="postgresql+psycopg")
        name = f"npt_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        database_url = str(base_url.set(database=name).render_as_string(hide_password=False))
        env["NPT_DATABASE_URL"] = database_url
    npt(env, "seed")
    settle(database_url)
    people = json.loads(npt(env, "users", "--json"))
    upns = [p["upn"] for p in people if p["role"] == "officer"][:officers]
    services = Services(Settings(data_dir=folder, database_url=env.get("NPT_DATABASE_URL", "")))
    tokens = [services.development_token(upn) for upn in upns]
    services.close()
    port = free_port()
    server = start_server(env, port)
    try:
        with pinned_to_one_core():
            timings, errors, acknowledged, elapsed = asyncio.run(
                drive(f"http://127.0.0.1:{port}/api", tokens)
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(store, timings, errors, elapsed)
    print(
        f"{'':<11} every acknowledged submission stored exactly once: "
        f"{stored_once(database_url, acknowledged)} ({len(acknowledged)} acknowledged)"
    )
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--stores", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"load generator pinned to one core; the server has {cores}")
    for store in args.stores:
        run(store, args.officers, args.records)


if __name__ == "__main__":
    main()
