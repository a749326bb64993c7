"""SQLite and PostgreSQL find the same records for a fixed set of queries over the demo force's
text, and differ only where the README says they do (their stemmers and stop words)."""

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from core.demo import generate
from schemas.kinds import ACTIVITY_KINDS
from store.catalog import metadata
from store.database import Database
from store.filters import RecordFilter, Visibility
from store.search import Hit, SearchFilter, SearchRequest, Sort, index_for, parse_query
from tests.conftest import add_organisation
from tests.search_records import insert, row

pytestmark = pytest.mark.postgres

PERIOD = RecordFilter(
    started_from=datetime(2026, 3, 1, tzinfo=UTC), started_before=datetime(2026, 6, 1, tzinfo=UTC)
)
ASB = {"patrol": {"patrol_type": ("asb_patrol",), "outcomes": ("words_of_advice",)}}
QUERIES: list[tuple[str, SearchFilter]] = [
    (q, SearchFilter())
    for q in (
        "bike", "bikes", "patrolling", "shoplifting", '"words of advice"', '"off-road bikes"',
        "horse", "launderette", "curlew", "Op Curlew", "TSK-2026", "anti-social", "kebab shop",
        "drug dealing", "scoot", "safeguard", "vulnerable resident", "quiet", "reassure", "garag",
        "e-scooters", "NEAR school", "youths -dispersed", "s.59", "Magistrates' Court",
        "PACT meeting", '"beat surgery" library', "CCTV", "St Michael's", "", "the of and",
    )
] + [
    ("bike", SearchFilter(records=RecordFilter(team_ids=("team-01-02", "team-03-01")))),
    ("", SearchFilter(records=RecordFilter(lpa_ids=("lpa-02",)))),
    ("found", SearchFilter(records=PERIOD)),
    ("", SearchFilter(records=PERIOD, kinds=("abstraction",))),
    ("youths", SearchFilter(kinds=("patrol",), choices=ASB)),
]  # fmt: skip
SCOPES = [Visibility(everything=True), Visibility(officers=("x",), team_ids=("team-02-01",))]


@pytest.fixture
def engines(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[dict[str, Database]]:
    """An empty SQLite store and an empty PostgreSQL store, side by side."""
    shutil.copy(sqlite_template, tmp_path / "npt.db")
    postgres = Database(request.getfixturevalue("postgres_url"))
    with postgres.engine.begin() as connection:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    found = {"sqlite": Database(f"sqlite:///{tmp_path / 'npt.db'}"), "postgresql": postgres}
    yield found
    for database in found.values():
        database.dispose()


def _seed(database: Database) -> None:
    data = generate(seed=11, anchor=date(2026, 11, 26), records=3000)
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
            tx.activities(ACTIVITY_KINDS[kind]).insert_many(rows)
        tx.commit()


def _everything(database: Database, q: str, filters: SearchFilter, scope: Visibility) -> Any:
    """Total, facets, the newest-first order (each start's hits as a set: engines order records
    starting in the same millisecond each its own way), and the set of relevant hits."""
    pages: dict[Sort, list[Hit]] = {}
    with database.transaction(read_only=True) as tx:
        index = index_for(tx.connection)
        for sort in Sort:
            pages[sort], cursor = [], None
            while True:
                request = SearchRequest(parse_query(q), scope, filters, sort, 200, cursor)
                result = index.search(request)
                pages[sort] += result.page.items
                cursor = result.page.next
                if cursor is None:
                    break
    newest = [
        (started_at, {hit.id for hit in hits})
        for started_at, hits in groupby(pages[Sort.NEWEST], key=lambda hit: hit.started_at)
    ]
    return result.total, result.facets, newest, sorted(hit.id for hit in pages[Sort.RELEVANCE])


def test_both_engines_find_the_same_records_for_the_fixed_queries(
    engines: dict[str, Database],
) -> None:
    for database in engines.values():
        _seed(database)
    for q, filters in QUERIES:
        for scope in SCOPES:
            lite, post = (_everything(db, q, filters, scope) for db in engines.values())
            assert lite == post, (q, filters, scope)
            assert lite[0] > 0 or scope != SCOPES[0] or q == "the of and", q


DIFFERENCES = [
    # (query as typed, text, found on SQLite, found on PostgreSQL); a space ends a word
    ("skies ", "Clear sky over the park", False, True),
    ("dying ", "Die-in protest outside the shop", False, True),
    ("monthly ", "Month of action on the estate", False, True),
    ("fairly ", "Fair at the green", False, True),
    ("news ", "New bench by the pond", True, False),
    ("communal ", "Community payback team", True, False),
    ("use ", "Residents told us", True, False),
    ('"words for advice"', "Words of advice given", False, True),
    ("ther", "There was nobody about", True, False),
    ("\u0130stanbul ", "Visitors from \u0130stanbul at the mosque", True, True),
    ("istanbul ", "Coach party from \u0130stanbul", False, True),
]


def test_engines_differ_only_as_documented(engines: dict[str, Database]) -> None:
    found: dict[str, list[bool]] = {}
    for name, database in engines.items():
        add_organisation(database)
        made = insert(database, *(("patrol", row("patrol", notes=w)) for _, w, _, _ in DIFFERENCES))
        with database.transaction(read_only=True) as tx:
            index = index_for(tx.connection)
            found[name] = [
                record_id
                in {h.id for h in index.search(SearchRequest(parse_query(q), SCOPES[0])).page.items}
                for (q, _, _, _), record_id in zip(DIFFERENCES, made, strict=True)
            ]
    assert found == {
        "sqlite": [d[2] for d in DIFFERENCES],
        "postgresql": [d[3] for d in DIFFERENCES],
    }


def test_dropped_words_are_postgresql_english_stop_words(engines: dict[str, Database]) -> None:
    from store.search.query import STOP_WORDS

    lexize = text("SELECT ts_lexize('english_stem', :word)")
    with engines["postgresql"].engine.connect() as connection:
        kept = [w for w in STOP_WORDS if connection.execute(lexize, {"word": w}).scalar() != []]
        dropped = connection.execute(lexize, {"word": "patrol"}).scalar()
    assert kept == [] and dropped == ["patrol"]
