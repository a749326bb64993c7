"""Global search over 1,000,000 records on SQLite and PostgreSQL, against a plain LIKE scan.

Builds the demo force's records (core.demo, deterministic), loads them through the triggers that
keep the index, times a full rebuild of the index, then runs each case with a different query
every iteration (a new word, team, officer or period; nothing is cached between them) and prints
p50/p95 and the average number of matches, for the index and for the same queries as a LIKE
scan (same scope, filters, order, total and facets). Each search returns a page of 50 with its
exact total and facets by kind, team and month.

Targets on a 2-core machine, SQLite, 1,000,000 records: p95 under 50 ms for words matching up
to 1% of records, under 300 ms for 10%; at least 20x faster than the LIKE scan; index build
under 60 s.

    .venv/bin/python -m bench.search                      # both engines, 1,000,000 records
    .venv/bin/python -m bench.search --keep var/bench     # keep (and reuse) the built stores
    .venv/bin/python -m bench.search --engines sqlite     # one engine
    .venv/bin/python -m bench.search --cases "1% word,facets" --no-rebuild --keep var/bench
"""

import argparse
import gc
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.demo import DemoData, generate
from core.demo_force import PC, PCSO
from schemas.kinds import ACTIVITY_KINDS
from store.database import Database
from store.filters import RecordFilter, Visibility
from store.migrate import migrate
from store.search import SearchFilter, SearchRequest, SearchResult, Sort, index_for, parse_query
from store.search.scan import LikeScan

ANCHOR = date(2026, 11, 26)
SEED = 20261126
BATCH = 5_000
WORDS = {  # words of the demo text matching about this share of the records
    "0.1%": ["horse", "paddock", "flood", "temple", "driver", "industrial", "loose", "evacuation"],
    "1%": ["bakery", "kebab", "launderette", "outreach", "sleeper", "vulnerable", "coffee", "taxi",
           "tram", "photographed", "assembly", "scooters", "memorial", "signposted"],
    "10%": ["bikes", "quiet", "reassurance", "arrival", "found", "group", "meeting", "said",
            "store", "increased", "surrounding", "walk", "positive", "response"],
}  # fmt: skip
PHRASES = [
    '"words of advice"', '"off-road bikes"', '"beat surgery"', '"drug litter"', '"county lines"',
    '"street drinking"', '"crime prevention"', '"hotspot plan"', '"stop and search"',
]  # fmt: skip
EVERYONE = Visibility(everything=True)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[random.Random, DemoData], SearchRequest]
    sorts: tuple[Sort, ...] = (Sort.NEWEST, Sort.RELEVANCE)


def _words(share: str, team: bool) -> Callable[[random.Random, DemoData], SearchRequest]:
    def make(rng: random.Random, data: DemoData) -> SearchRequest:
        records = RecordFilter(team_ids=(rng.choice(data.teams)["id"],)) if team else None
        filters = SearchFilter(records=records or RecordFilter())
        return SearchRequest(parse_query(rng.choice(WORDS[share]) + " "), EVERYONE, filters)

    return make


def _phrase(rng: random.Random, data: DemoData) -> SearchRequest:
    return SearchRequest(parse_query(rng.choice(PHRASES)), EVERYONE)


def _own_period(rng: random.Random, data: DemoData) -> SearchRequest:
    """An officer's own records over 30 days, as "my submissions" shows them."""
    person = rng.choice([p for p in data.people if p["rank"] in (PC, PCSO)])
    start = datetime.combine(ANCHOR, datetime.min.time(), UTC) - timedelta(rng.randint(31, 360))
    scope = Visibility(officers=(person["upn"],), team_ids=(person["team_id"],))
    records = RecordFilter(
        started_from=start, started_before=start + timedelta(30), officers=(person["upn"],)
    )
    return SearchRequest(parse_query(""), scope, SearchFilter(records=records))


def _area(rng: random.Random, data: DemoData) -> SearchRequest:
    """A supervisor's area with no words: every record of one LPA, counted by facet."""
    return SearchRequest(parse_query(""), Visibility(lpa_ids=(rng.choice(data.lpas)["id"],)))


def _force_quarter(rng: random.Random, data: DemoData) -> SearchRequest:
    start = datetime.combine(ANCHOR, datetime.min.time(), UTC) - timedelta(rng.randint(91, 360))
    records = RecordFilter(started_from=start, started_before=start + timedelta(91))
    return SearchRequest(parse_query(""), EVERYONE, SearchFilter(records=records))


CASES = [
    *(Case(f"{share} word, force", _words(share, False)) for share in WORDS),
    *(Case(f"{share} word, one team", _words(share, True)) for share in WORDS),
    Case("phrase, force", _phrase),
    Case("officer's own, 30 days, no words", _own_period, (Sort.NEWEST,)),
    Case("facets: one LPA, no words", _area, (Sort.NEWEST,)),
    Case("facets: force, a quarter, no words", _force_quarter, (Sort.NEWEST,)),
]


def _clock() -> tuple[float, float]:
    """Wall and CPU time of this process (SQLite works in it; CPU time is what contention for
    the cores does not inflate)."""
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> str:
    wall, cpu = _clock()
    return f"{wall - start[0]:.1f} s (CPU {cpu - start[1]:.1f} s)"


def _warm(path: Path) -> None:
    """Read the store once, so that no case pays for pages the system let go of since the
    store was last used (a kept store, or the machine reclaiming idle memory)."""
    with path.open("rb") as store:
        while store.read(1 << 20):
            pass


def _load(database: Database, data: DemoData) -> str:
    started = _clock()
    with database.transaction() as tx:
        for name, rows in (
            ("lpa", data.lpas),
            ("team", data.teams),
            ("person", data.people),
            ("priority", data.priorities),
            ("hotspot", data.hotspots),
        ):
            tx.organisation.add(name, rows)
        for kind, rows in data.activities.items():
            repo = tx.activities(ACTIVITY_KINDS[kind])
            for first in range(0, len(rows), BATCH):
                repo.insert_many(rows[first : first + BATCH])
        tx.commit()
    return _since(started)


def _rebuild(database: Database) -> tuple[str, int]:
    started = _clock()
    with database.transaction() as tx:
        count = index_for(tx.connection).rebuild()
        tx.commit()
    return _since(started), count


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time(
    database: Database, search: Callable[[Any], Any], requests: list[SearchRequest]
) -> tuple[float, float, float, float, float]:
    """p50 and p95 in ms, the CPU time's p50 and p95 in ms, and the average total."""
    latencies, cpu, totals = [], [], []
    for request in requests:
        with database.transaction(read_only=True) as tx:
            wall, process = _clock()
            result: SearchResult = search(tx.connection).search(request)
            latencies.append(time.perf_counter() - wall)
            cpu.append(time.process_time() - process)
        totals.append(result.total)
    return (
        statistics.median(latencies) * 1000,
        _percentile(latencies, 0.95) * 1000,
        statistics.median(cpu) * 1000,
        _percentile(cpu, 0.95) * 1000,
        statistics.mean(totals),
    )


def run(name: str, database: Database, data: DemoData, args: argparse.Namespace) -> None:
    print(f"\n{name}: {sum(len(r) for r in data.activities.values()):,} records")
    print(
        f"{'case':<36} {'sort':<9} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}"
        f" {'matches':>9}   "
        f"{'LIKE p50':>9} {'LIKE p95':>9} {'matches':>9} {'x p50':>7} {'x p95':>7}"
    )
    for case in CASES:
        if args.cases and not any(part in case.name for part in args.cases.split(",")):
            continue
        for sort in case.sorts:
            rng = random.Random(f"{case.name}/{sort}")
            requests = [
                SearchRequest(r.text, r.visibility, r.filters, sort)
                for r in (case.make(rng, data) for _ in range(args.iterations))
            ]
            p50, p95, cpu50, cpu95, matches = _time(database, index_for, requests)
            line = (
                f"{case.name:<36} {sort.value:<9} {p50:8.1f} {p95:8.1f} {cpu50:8.1f} {cpu95:8.1f}"
                f" {matches:9.0f}"
            )
            if sort is Sort.NEWEST:
                like = _time(database, LikeScan, requests[: args.like_iterations])
                line += (
                    f"   {like[0]:9.1f} {like[1]:9.1f} {like[4]:9.0f}"
                    f" {like[0] / p50:6.0f}x {like[1] / p95:6.0f}x"
                )
            print(line, flush=True)


def _postgres(url: str, name: str, fresh: bool) -> tuple[Database, bool]:
    """The benchmark's own database on the server at `url`; True when it must be loaded."""
    admin = create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if exists and fresh:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if fresh or not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return Database(str(make_url(url).set(database=name))), fresh or not exists


def _prepare(
    name: str, database: Database, empty: bool, data: DemoData, rebuild: bool = True
) -> None:
    migrate(database)  # a kept store gets any migration added since it was built
    if empty:
        print(f"{name}: loaded through the triggers in {_load(database, data)}")
    if rebuild:
        database.analyse()
        took, count = _rebuild(database)
        print(f"{name}: index rebuilt from scratch in {took} ({count:,} documents)")
    database.analyse()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--like-iterations", type=int, default=8)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--engines", default="sqlite,postgresql", help="which engines, comma-separated"
    )
    parser.add_argument(
        "--cases",
        default="",
        help="run only cases whose name contains one of these, comma-separated",
    )
    parser.add_argument(
        "--no-rebuild", action="store_true", help="reuse a kept store's index as it is"
    )
    parser.add_argument("--keep", type=Path, help="keep the SQLite store here, and reuse it")
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(seed=SEED, anchor=ANCHOR, records=args.records)
    gc.freeze()  # the million generated rows live all run: a full collection would rescan them
    print(f"generated {args.records:,} records in {time.perf_counter() - started:.1f} s")
    engines = args.engines.split(",")
    if "sqlite" in engines:
        with tempfile.TemporaryDirectory() as scratch:
            folder = args.keep or Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"search-{args.records}.db"
            empty = not path.exists()
            sqlite = Database(f"sqlite:///{path}")
            _prepare("SQLite", sqlite, empty, data, rebuild=not args.no_rebuild)
            _warm(path)
            run("SQLite", sqlite, data, args)
            sqlite.dispose()
    if "postgresql" in engines:
        name = f"npt_bench_search_{args.records}"
        postgres, empty = _postgres(args.postgres, name, fresh=args.keep is None)
        _prepare("PostgreSQL", postgres, empty, data)
        run("PostgreSQL", postgres, data, args)
        postgres.dispose()
    print(
        "\nFigures are pessimistic when other work shares the machine's two cores; CPU times"
        " are this process's own (SQLite's work, not PostgreSQL's)."
        "\nx p50 / x p95: how many times slower the LIKE scan is than the index."
    )


if __name__ == "__main__":
    main()
