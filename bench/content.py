"""Forms and content through the ASGI app on SQLite: the news reel, useful information title
search and keyholder reads over a store of 20,000 items, 5,000 keyholders and 2,000 news items,
plus the markup sanitiser on its own.

Prints requests/s and p50/p99 latency for each request type (and calls/s for the sanitiser).
Run from the checkout as `.venv/bin/python -m bench.content`.
"""

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.api import report, timed
from core.content import repository
from core.content_demo import NAMESPACE
from core.sanitise import clean
from core.seed import seed_demo
from core.services import Services
from core.settings import Settings
from functions.app import create_app
from schemas.content import ITEM, KEYHOLDER, NEWS
from store.database import Database
from store.migrate import migrate

WORDS = ("council", "housing", "custody", "school", "library", "parking", "river", "market")


def _server(at: datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "version": 1,
        "created_at": at,
        "created_by": "bench@northshire.example",
        "updated_at": at,
        "updated_by": "bench@northshire.example",
        "warnings": [],
    }


def build(database: Database, items: int, keyholders: int, news: int) -> tuple[str, str]:
    """Bulk content in the demo folders; returns the home LPA's folder id and a keyholder id."""
    rng = random.Random(3)
    now = datetime.now(UTC)
    guidance = str(uuid.uuid5(NAMESPACE, "useful_info_folder:guidance"))
    local = str(uuid.uuid5(NAMESPACE, "useful_info_folder:local"))
    with database.transaction() as tx:
        lpas = [lpa.id for lpa in tx.organisation.lpas()]
        home = tx.organisation.person("demo.officer@northshire.example")
        assert home is not None
        item_rows = []
        for n in range(items):
            folder, area = (local, home.lpa_id) if n % 2 else (guidance, None)
            item_rows.append(
                _server(now - timedelta(minutes=n))
                | {
                    "folder_id": folder,
                    "lpa_id": area,
                    "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} note {n}",
                    "body": "<p>Who to call and when.</p>",
                    "link": None,
                    "location": None,
                    "latitude": None,
                    "longitude": None,
                }
            )
        keyholder_rows = [
            _server(now)
            | {
                "folder_id": None,
                "lpa_id": lpas[n % len(lpas)],
                "premises": f"{rng.choice(WORDS).title()} premises {n}",
                "address": f"{n} High Street",
                "keyholder_name": "Pat Example",
                "phone": "07700 900000",
            }
            for n in range(keyholders)
        ]
        news_rows = [
            _server(now)
            | {
                "title": f"Notice {n}",
                "body": "<p>Read this.</p>",
                "audience": "force" if n % 3 == 0 else lpas[n % len(lpas)],
                "publish_from": now - timedelta(hours=rng.randint(-48, 24 * 60)),
                "publish_until": None if n % 4 else now + timedelta(days=rng.randint(-30, 30)),
                "pinned": n % 50 == 0,
            }
            for n in range(news)
        ]
        for content, rows in ((ITEM, item_rows), (KEYHOLDER, keyholder_rows), (NEWS, news_rows)):
            for start in range(0, len(rows), 5_000):
                repository(tx, content).insert_many(rows[start : start + 5_000])
        tx.commit()
    return local, keyholder_rows[0]["id"]


async def run(services: Services, count: int, folder: str, keyholder: str) -> None:
    app = create_app(lambda: services)

    def signed_in(role: str) -> dict[str, str]:
        token = services.development_token(f"demo.{role}@northshire.example")
        return {"Authorization": f"Bearer {token}"}

    officer, supervisor, admin = signed_in("officer"), signed_in("supervisor"), signed_in("admin")
    rng = random.Random(5)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        for _ in range(20):
            await http.get("/api/news", headers=officer)

        async def reel(_: int) -> httpx.Response:
            return await http.get("/api/news", params={"limit": 20}, headers=officer)

        async def search(_: int) -> httpx.Response:
            params = {"q": rng.choice(WORDS), "limit": 50}
            return await http.get("/api/useful-info/items", params=params, headers=officer)

        async def in_folder(_: int) -> httpx.Response:
            params = {"folder_id": folder, "limit": 50}
            return await http.get("/api/useful-info/items", params=params, headers=officer)

        async def keyholders(_: int) -> httpx.Response:
            params = {"limit": 50}
            return await http.get("/api/useful-info/keyholders", params=params, headers=supervisor)

        async def one_keyholder(_: int) -> httpx.Response:
            return await http.get(f"/api/useful-info/keyholders/{keyholder}", headers=admin)

        async def publish(n: int) -> httpx.Response:
            body = {"title": f"Bench {n}", "body": "<p>New <strong>radios</strong>.</p>"}
            headers = admin | {"Idempotency-Key": str(uuid.uuid4())}
            return await http.post("/api/news", json=body, headers=headers)

        await timed("news reel: officer, 20 items", count, reel)
        await timed("useful info: title search, 50", count, search)
        await timed("useful info: one folder, 50", count, in_folder)
        await timed("keyholders: supervisor, 50", count, keyholders)
        await timed("keyholder: admin, one", count, one_keyholder)
        await timed("news: admin publishes", count, publish)


def sanitiser(count: int) -> None:
    body = ("<p onclick=x()>Meet at <strong>10</strong> <script>alert(1)</script></p>" * 50)[:4000]
    latencies = []
    started = time.perf_counter()
    for _ in range(count):
        begun = time.perf_counter()
        clean(body)
        latencies.append(time.perf_counter() - begun)
    report("sanitise a 4,000-character body", latencies, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--keyholders", type=int, default=5_000)
    parser.add_argument("--news", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # The per-person write limit is for people, not for a benchmark.
        settings = Settings(data_dir=Path(folder), writes_per_minute=10**6, write_burst=10**6)
        services = Services(settings)
        migrate(services.database)
        started = time.perf_counter()
        seed_demo(services.database, seed=1, anchor=date.today(), records=0)
        home, keyholder = build(services.database, args.items, args.keyholders, args.news)
        services.database.analyse()
        print(f"built the store in {time.perf_counter() - started:.1f} s (SQLite)")
        asyncio.run(run(services, args.requests, home, keyholder))
        sanitiser(args.requests * 10)
        services.close()


if __name__ == "__main__":
    main()
