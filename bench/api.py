"""Create and list requests through the ASGI app on SQLite over a store of 200,000 records.

Prints requests/s and p50/p99 latency for each request type. Targets on a 2-core machine:
create p99 under 25 ms; a filtered list of 50 items p99 under 25 ms.
"""

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from core.seed import seed_demo
from core.services import Services
from core.settings import Settings
from functions.app import create_app
from store.migrate import migrate


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, latencies: list[float], elapsed: float) -> None:
    print(
        f"{name:<34} {len(latencies):>6} req  {len(latencies) / elapsed:>8.0f} req/s  "
        f"p50 {statistics.median(latencies) * 1000:6.2f} ms  "
        f"p99 {percentile(latencies, 0.99) * 1000:6.2f} ms"
    )


async def timed(name: str, count: int, request: Callable[[int], Awaitable[httpx.Response]]) -> None:
    latencies = []
    started = time.perf_counter()
    for i in range(count):
        begun = time.perf_counter()
        reply = await request(i)
        latencies.append(time.perf_counter() - begun)
        if reply.status_code >= 300:
            raise SystemExit(f"{name}: {reply.status_code} {reply.text[:300]}")
    report(name, latencies, time.perf_counter() - started)


def patrol_body(rng: random.Random) -> dict[str, object]:
    end = datetime.now(UTC) - timedelta(minutes=rng.randint(5, 600))
    return {
        "started_at": (end - timedelta(minutes=rng.randint(20, 240))).isoformat(),
        "ended_at": end.isoformat(),
        "location": "Market Street by the bus shelter",
        "patrol_type": "asb_patrol",
        "mode": "foot",
        "outcomes": ["words_of_advice"],
        "notes": "Patrolled the parade after reports of youths on bikes; spoke to two shopkeepers.",
    }


async def run(services: Services, count: int) -> None:
    app = create_app(lambda: services)

    def signed_in(role: str) -> dict[str, str]:
        token = services.development_token(f"demo.{role}@northshire.example")
        return {"Authorization": f"Bearer {token}"}

    officer, supervisor, manager = (
        signed_in("officer"),
        signed_in("supervisor"),
        signed_in("manager"),
    )
    rng = random.Random(7)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        for _ in range(50):
            await http.get("/api/patrols", headers=officer)

        async def create(_: int) -> httpx.Response:
            headers = officer | {"Idempotency-Key": str(uuid.uuid4())}
            return await http.post("/api/patrols", json=patrol_body(rng), headers=headers)

        async def own_team(_: int) -> httpx.Response:
            return await http.get("/api/engagements", params={"limit": 50}, headers=officer)

        async def lpa_filtered(_: int) -> httpx.Response:
            kind = rng.choice(["asb_patrol", "hotspot_patrol", "priority_patrol"])
            params = {"limit": 50, "patrol_type": kind}
            return await http.get("/api/patrols", params=params, headers=supervisor)

        async def force_period(_: int) -> httpx.Response:
            day = date.today() - timedelta(days=rng.randint(1, 360))
            params = {
                "limit": 50,
                "from": day.isoformat(),
                "to": (day + timedelta(days=7)).isoformat(),
            }
            return await http.get("/api/abstractions", params=params, headers=manager)

        async def team_filter(_: int) -> httpx.Response:
            team = f"team-{rng.randint(1, 10):02d}-{rng.randint(1, 5):02d}"
            return await http.get(
                "/api/patrols", params={"limit": 50, "team_id": team}, headers=manager
            )

        await timed("create patrol", count, create)
        await timed("list: officer, own team", count, own_team)
        await timed("list: supervisor, LPA + patrol_type", count, lpa_filtered)
        await timed("list: manager, force, one week", count, force_period)
        await timed("list: manager, team_id filter", count, team_filter)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # One officer sends every create here: lift the per-person write limit, which is
        # not what this measures.
        settings = Settings(data_dir=Path(folder), write_burst=100_000)
        services = Services(settings)
        migrate(services.database)
        started = time.perf_counter()
        counts = seed_demo(services.database, seed=1, anchor=date.today(), records=args.records)
        print(f"seeded {counts} in {time.perf_counter() - started:.1f} s (SQLite)")
        asyncio.run(run(services, args.requests))
        services.close()


if __name__ == "__main__":
    main()
