"""Latency of the area summary through the ASGI app on SQLite over 1,000,000 records.

The store holds the demo force's records for a year, about a tenth of them dip checked, and
rostered duties for everyone. Each timed summary follows a new patrol recorded by the demo
officer, so no cache could answer it. Target: p95 under 200 ms for an LPA over a quarter (91 days).

Run from the checkout as a module: `.venv/bin/python -m bench.summary [--data-dir DIR]`; a kept
data dir is reused on the next run instead of generating the store again (about 6 minutes).
"""

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from core import activities
from core.seed import seed_demo
from core.services import Services
from core.settings import Settings
from functions.app import create_app
from schemas.dip_check import CRITERIA
from schemas.kinds import ACTIVITY_KINDS, PATROL
from schemas.patrol import PatrolCreate
from store.database import Database
from store.migrate import migrate
from store.supervision_tables import dip_checks
from store.tables import activity_tables, people

OUTCOMES = ("meets_standard",) * 14 + ("needs_improvement",) * 5 + ("not_acceptable",)
SHIFT = timedelta(hours=8)


def add_checks(database: Database, share: float, rng: random.Random) -> int:
    """Checks of about `share` of the records, by a sergeant, a few days after each record."""
    added = 0
    with database.transaction() as tx:
        for kind in ACTIVITY_KINDS:
            t = activity_tables[kind]
            query = select(t.c.id, t.c.officer, t.c.team_id, t.c.lpa_id, t.c.started_at)
            rows = []
            for record in tx.connection.execute(query):
                if rng.random() >= share:
                    continue
                rows.append(
                    {
                        "id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "kind": kind,
                        "record_id": record.id,
                        "officer": record.officer,
                        "team_id": record.team_id,
                        "lpa_id": record.lpa_id,
                        "outcome": rng.choice(OUTCOMES),
                        **{name: rng.random() < 0.9 for name in CRITERIA},
                        "comment": "Add more detail next time.",
                        "checked_at": record.started_at + timedelta(days=rng.randint(1, 6)),
                        "checked_by": "bench.sergeant@northshire.example",
                        "current_record": f"{kind}:{record.id}",
                        "replaced_at": None,
                    }
                )
            for start in range(0, len(rows), 5_000):
                tx.connection.execute(dip_checks.insert(), rows[start : start + 5_000])
            added += len(rows)
        tx.commit()
    return added


def add_duties(database: Database, anchor: date, rng: random.Random) -> int:
    """Four or five 8-hour shifts a week for every person, over the year before `anchor`."""
    start = datetime(anchor.year, anchor.month, anchor.day, 7, tzinfo=UTC) - timedelta(days=365)
    rows: list[dict[str, Any]] = []
    with database.transaction() as tx:
        for person in tx.connection.execute(select(people)):
            for day in range(365):
                if rng.random() < 0.35:
                    continue
                begins = start + timedelta(days=day, hours=rng.choice((0, 0, 7, 15)))
                rows.append(
                    {
                        "id": f"bench-{person.upn}-{day}",
                        "upn": person.upn,
                        "team_id": person.team_id,
                        "lpa_id": person.lpa_id,
                        "starts_at": begins,
                        "ends_at": begins + SHIFT,
                        "duty_type": "Shift",
                        "source": "imported",
                    }
                )
        for begin in range(0, len(rows), 5_000):
            tx.duties.add(rows[begin : begin + 5_000])
        tx.commit()
    return len(rows)


def build(services: Services, records: int, anchor: date) -> None:
    database = services.database
    migrate(database)
    started = time.perf_counter()
    counts = seed_demo(database, seed=1, anchor=anchor, records=records)
    if counts is None:
        print("store already seeded")
        return
    rng = random.Random(11)
    checks = add_checks(database, 0.1, rng)
    with database.transaction(read_only=True) as tx:
        known = tx.duties.count()
    duties = known or add_duties(database, anchor, rng)
    print(
        f"seeded {counts}, {checks} dip checks, {duties} duties "
        f"in {time.perf_counter() - started:.0f} s (SQLite)"
    )


def report(name: str, latencies: list[float], cpu: list[float]) -> None:
    """Wall-clock latency, and the CPU time the process spent per request (the summary reads its
    two periods on two threads, so this is their sum): on a machine shared with other work it
    shows what the request costs, whatever the others take."""
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    cpu_cuts = statistics.quantiles(cpu, n=100, method="inclusive")
    print(
        f"{name:<36} {len(latencies):>4} req  "
        f"p50 {statistics.median(latencies) * 1000:6.1f} ms  "
        f"p95 {cuts[94] * 1000:6.1f} ms  "
        f"p99 {cuts[98] * 1000:6.1f} ms  "
        f"max {max(latencies) * 1000:6.1f} ms  |  "
        f"CPU p50 {statistics.median(cpu) * 1000:6.1f} ms  "
        f"p95 {cpu_cuts[94] * 1000:6.1f} ms"
    )


def patrol(rng: random.Random) -> dict[str, object]:
    """A patrol of the demo officer's team that ended in the last few hours."""
    end = datetime.now(UTC) - timedelta(minutes=rng.randint(5, 600))
    return {
        "started_at": (end - timedelta(minutes=rng.randint(20, 240))).isoformat(),
        "ended_at": end.isoformat(),
        "location": "Market Street",
        "patrol_type": "asb_patrol",
        "mode": "foot",
    }


async def run(services: Services, count: int) -> None:
    app = create_app(lambda: services)

    def token(role: str) -> str:
        return services.development_token(f"demo.{role}@northshire.example")

    def signed_in(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token(role)}"}

    officer = services.identity.authenticate(token("officer"))
    supervisor, manager = signed_in("supervisor"), signed_in("manager")
    rng = random.Random(7)
    today = date.today()
    quarter = {"from": (today - timedelta(days=90)).isoformat(), "to": today.isoformat()}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

        async def timed(
            name: str, headers: dict[str, str], params: dict[str, str], times: int = count
        ) -> None:
            latencies, cpu = [], []
            for _ in range(times):
                body = PatrolCreate.model_validate(patrol(rng))
                activities.create(services.database, officer, PATROL, body, str(uuid.uuid4()))
                begun, used = time.perf_counter(), time.process_time()
                reply = await http.get("/api/supervision/summary", params=params, headers=headers)
                latencies.append(time.perf_counter() - begun)
                cpu.append(time.process_time() - used)
                if reply.status_code != 200:
                    raise SystemExit(f"{name}: {reply.status_code} {reply.text[:300]}")
            report(name, latencies, cpu)

        await http.get("/api/supervision/summary", params=quarter, headers=supervisor)
        await timed("summary: supervisor, LPA, quarter", supervisor, quarter)
        team = quarter | {"team_id": "team-01-01"}
        await timed("summary: supervisor, team, quarter", supervisor, team)
        await timed("summary: manager, force, quarter", manager, quarter, max(2, count // 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, help="keep (and reuse) the store here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = args.data_dir or Path(folder)
        data_dir.mkdir(parents=True, exist_ok=True)
        services = Services(Settings(data_dir=data_dir))
        build(services, args.records, date.today())
        asyncio.run(run(services, args.requests))
        services.close()


if __name__ == "__main__":
    main()
