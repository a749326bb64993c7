"""Microsoft Lists traffic against the fake Graph, on SQLite, with latency added per request.

Prints, for a full sync of 100,000 items (at most 200 a page): items/s, Graph requests and
the resource units they cost; for a sync with no changes, the requests per list; for 10,000
outbox writes with the budget raised and no throttling, the time to drain them; and, on a
simulated clock, the most units the dispatcher spends in any minute at the default budget.
Targets: a full sync at 2,000 items/s or more; one request per list when nothing changed;
10,000 writes drained in under 2 minutes; never more than 1,250 units in a minute.

Run it as a module from the checkout: `.venv/bin/python -m bench.sync`.
"""

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from core import activities
from core.access import Caller
from core.dispatch import WORKERS, dispatch
from core.lists import SYNCED, Lists
from core.provision import provision
from core.services import Services
from core.settings import Settings
from core.sync import sync
from graph.pacing import Pacer, SystemClock, busiest_minute
from schemas.kinds import PATROL
from store.database import Database
from store.migrate import migrate
from tests.conftest import PEOPLE, add_organisation, object_id, upn
from tests.fakegraph.tenant import ManualClock, Tenant, connected, enrol, fake_tenant
from tests.lists_support import power_app_fields
from tests.payloads import patrol

DEFAULT_BUDGET = 1250


def fresh_store(folder: Path, name: str) -> Database:
    services = Services(Settings(data_dir=folder / name))
    (folder / name).mkdir()
    database = services.database
    migrate(database)
    add_organisation(database)
    return database


def tenant_for(database: Database, budget: int, clock: object = None) -> tuple[Tenant, Lists]:
    tenant = fake_tenant(budget=budget, clock=clock)  # type: ignore[arg-type]
    if clock is None:
        tenant.port.pacer = Pacer(budget, SystemClock())
        tenant.graph.faults.clock = time.time
    enrol(tenant, {upn(name): object_id(name) for name in PEOPLE})
    lists = connected(tenant)
    lists.clock = tenant.port.pacer.clock
    provision(database, lists)
    return tenant, lists


def full_sync(folder: Path, items: int, latency: float) -> None:
    database = fresh_store(folder, "sync")
    tenant, lists = tenant_for(database, DEFAULT_BUDGET)
    authors = [upn("officer"), upn("teammate"), upn("stranger")]
    for n in range(items):
        fields = power_app_fields(PATROL, n, SubmissionId=str(uuid.UUID(int=n + 1)))
        tenant.lists.power_app_create(PATROL.spec.title, fields, authors[n % 3])
    tenant.graph.faults.latency = latency
    pacer = tenant.port.pacer
    pacer.units = pacer.requests = 0
    started = time.perf_counter()
    report = sync(database, lists, ["patrol"])
    elapsed = time.perf_counter() - started
    created = report.lists["patrol"].created
    print(
        f"full sync     {created:>7,} items in {elapsed:6.1f} s  {created / elapsed:>7,.0f} items/s"
        f"  {pacer.requests:>4} requests  {pacer.units:>5} resource units"
        f"  (target >= 2,000 items/s)"
    )
    pacer.units = pacer.requests = 0
    started = time.perf_counter()
    sync(database, lists)
    print(
        f"no changes    {pacer.requests} requests for {len(SYNCED)} lists"
        f" ({pacer.units} units, {time.perf_counter() - started:.2f} s)  (target 1 per list)"
    )
    tenant.close()
    database.dispose()


def _queue(database: Database, writes: int) -> None:
    with database.transaction(read_only=True) as tx:
        person = tx.organisation.person(upn("stranger"))
    assert person is not None
    officer = Caller(person=person, role=PEOPLE["stranger"][3])
    body = PATROL.create.model_validate(
        patrol(patrol_type="asb_patrol", hotspot_id=None, hotspot_minutes=None)
    )
    for _ in range(writes):
        activities.create(database, officer, PATROL, body, str(uuid.uuid4()))


def drain(folder: Path, writes: int, latency: float) -> None:
    database = fresh_store(folder, "drain")
    tenant, lists = tenant_for(database, 1_000_000)
    _queue(database, writes)
    tenant.graph.faults.latency = latency
    started = time.perf_counter()
    report = dispatch(database, lists, until_idle=True, workers=WORKERS)
    elapsed = time.perf_counter() - started
    rate = report.done / elapsed
    print(
        f"outbox drain  {report.done:>7,} writes in {elapsed:6.1f} s  {rate:>7,.0f} writes/s"
        f"  {report.batches} batches  (target under 120 s)"
    )
    tenant.close()
    database.dispose()


def paced(folder: Path, writes: int) -> None:
    database = fresh_store(folder, "paced")
    clock = ManualClock()
    tenant, lists = tenant_for(database, DEFAULT_BUDGET, clock)
    _queue(database, writes)
    pacer = tenant.port.pacer
    pacer.history.clear()
    report = dispatch(database, lists, until_idle=True)
    history = pacer.history
    minutes = (history[-1][0] - history[0][0]) / 60
    print(
        f"default budget {report.done:>6,} writes over {minutes:5.1f} simulated minutes;"
        f" busiest minute {busiest_minute(history):,} units (target <= {DEFAULT_BUDGET:,})"
    )
    tenant.close()
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as folder:
        full_sync(Path(folder), args.items, latency)
        drain(Path(folder), args.writes, latency)
        paced(Path(folder), args.writes // 5)


if __name__ == "__main__":
    main()
