"""The search index on SQLite and PostgreSQL: every write path keeps it right; text, filters,
scope, paging and facets behave the same on both engines."""

import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import product
from typing import Any

import pytest
from sqlalchemy import Connection, delete, insert, literal, select, union_all, update

from schemas.base import LONDON
from schemas.kinds import ACTIVITY_KINDS
from store.database import Database
from store.filters import RecordFilter, Visibility
from store.migrate import downgrade, is_current, migrate
from store.paging import BadCursor
from store.search import SearchFilter, SearchRequest, SearchResult, Sort, index_for, parse_query
from store.search.tables import (
    BLOCK_SHIFT,
    KIND_MASK,
    LAST_BLOCK,
    MIDDLE_BLOCK,
    NUMBERED_KINDS,
    search_documents,
)
from store.tables import activity_tables
from tests.conftest import LPA_A, LPA_B, TEAM_A1, TEAM_A2, TEAM_B1, add_organisation, upn
from tests.search_records import WHEN, row
from tests.search_records import insert as add

EVERYONE = Visibility(everything=True)


@pytest.fixture
def store(database: Database) -> Database:
    add_organisation(database)
    return database


def find(
    database: Database,
    q: str = "",
    *,
    scope: Visibility = EVERYONE,
    sort: Sort = Sort.NEWEST,
    limit: int = 50,
    cursor: str | None = None,
    records: RecordFilter | None = None,
    kinds: tuple[str, ...] = (),
    choices: dict[str, dict[str, tuple[str, ...]]] | None = None,
) -> SearchResult:
    filters = SearchFilter(records or RecordFilter(), kinds, choices or {})
    request = SearchRequest(parse_query(q), scope, filters, sort, limit, cursor)
    with database.transaction(read_only=True) as tx:
        return index_for(tx.connection).search(request)


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.page.items]


def every_match(database: Database, q: str, sort: Sort, limit: int, **narrowing: Any) -> list[str]:
    """Every page's hits in turn; a page handing back hits already seen fails at once."""
    found, cursor = [], None
    while True:
        result = find(database, q, sort=sort, limit=limit, cursor=cursor, **narrowing)
        assert not set(ids(result)) & set(found), "a page repeats hits"
        found += ids(result)
        cursor = result.page.next
        if cursor is None:
            return found


def live_records(connection: Connection) -> set[tuple[Any, ...]]:
    arms = [
        select(
            literal(kind),
            t.c.id,
            t.c.officer,
            t.c.team_id,
            t.c.lpa_id,
            t.c.started_at,
        ).where(t.c.deleted_at.is_(None))
        for kind, t in activity_tables.items()
    ]
    return set(connection.execute(union_all(*arms)))


def assert_index_right(database: Database) -> None:
    """Documents are exactly the live records, and FTS5 agrees with the text it indexed. On
    SQLite each document's id holds its team's block and its kind, and its facet keys are
    right."""
    d = search_documents.c
    with database.engine.connect() as connection:
        documents = select(d.kind, d.record_id, d.officer, d.team_id, d.lpa_id, d.started_at)
        assert set(connection.execute(documents)) == live_records(connection)
        if database.dialect == "sqlite":
            connection.exec_driver_sql(
                "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"
            )
            keys = set(connection.exec_driver_sql(FACET_KEYS_BY_TEAM))
            assert keys == {
                (d.id, d.team_id, NUMBERED_KINDS.index(d.kind), month_code(d.started_at))
                for d in connection.execute(select(search_documents))
            }
            assert all(
                (i & KIND_MASK, min(team, LAST_BLOCK)) == (kind, (i >> BLOCK_SHIFT) + MIDDLE_BLOCK)
                for i, team, kind, _ in connection.exec_driver_sql(FACET_KEYS)
            )


FACET_KEYS_BY_TEAM = (
    "SELECT k.id, t.team_id, k.kind, k.month"
    " FROM search_facet_keys AS k JOIN search_teams AS t ON t.key = k.team"
)
FACET_KEYS = "SELECT id, team, kind, month FROM search_facet_keys"


def month_code(started_at: datetime) -> int:
    """YYYYMM00, or YYYYMMDD in the last hour of a UTC day (0012_search_facet_keys)."""
    last_hour = started_at.day if started_at.hour == 23 else 0
    return started_at.year * 10000 + started_at.month * 100 + last_hour


def test_every_searchable_field_of_every_kind_is_found(store: Database) -> None:
    rows = []
    for kind, spec in ((k, v.spec) for k, v in ACTIVITY_KINDS.items()):
        for name in spec.searchable:
            word = f"zq{kind[:3]}{name.replace('_', '')}"
            rows.append((kind, row(kind, **{name: f"Seen {word} today"}), word))
    add(store, *((kind, values) for kind, values, _ in rows))
    for kind, values, word in rows:
        assert ids(find(store, word)) == [values["id"]], (kind, word)
    assert_index_right(store)


def test_stemming_finds_other_forms_of_a_word(store: Database) -> None:
    (made,) = add(store, ("patrol", row("patrol", notes="Patrolling the parks after reports.")))
    for q in ("patrol", "patrols", "patrolled", "park", "report"):
        assert ids(find(store, q)) == [made], q


def test_last_word_matches_as_a_prefix_while_it_is_typed(store: Database) -> None:
    notes = "Shoplifting at the Co-op; anti-social behaviour."
    (made,) = add(store, ("engagement", row("engagement", notes=notes)))
    assert ids(find(store, "shopl")) == [made]
    assert ids(find(store, "shopl ")) == []
    assert ids(find(store, '"shopl"')) == []
    assert ids(find(store, "anti-soc")) == [made]


def test_every_letter_typed_keeps_finding_the_word(store: Database) -> None:
    """The index holds stems ("shoplift", "park", "patrol"); a half-typed ending that runs past
    the stem still finds the word."""
    notes = "Shoplifting reported; parking on verges; patrolling the organisations' premises."
    (made,) = add(store, ("engagement", row("engagement", notes=notes)))
    for word in ("shoplifting", "parking", "patrolling", "premises"):
        for typed in range(3, len(word) + 1):
            assert ids(find(store, word[:typed])) == [made], word[:typed]
    assert ids(find(store, "parki ")) == [], "a finished word is matched whole"


def test_phrase_matches_its_words_in_order_only(store: Database) -> None:
    near, apart = add(
        store,
        ("patrol", row("patrol", notes="Words of advice given to a cyclist.")),
        ("patrol", row("patrol", notes="Advice given; a few words with the cyclist.")),
    )
    assert ids(find(store, '"words of advice"')) == [near]
    assert set(ids(find(store, "words advice"))) == {near, apart}
    assert ids(find(store, '"advice words"')) == []


def test_joined_words_are_found_as_written(store: Database) -> None:
    notes = "Stop and search under s.23, anti-social behaviour."
    made, _ = add(
        store,
        ("patrol", row("patrol", notes=notes, tasking_ref="TSK-2026-00123")),
        ("patrol", row("patrol", notes="Social event for 2026 with the anti-drugs team.")),
    )
    for q in ("s.23", "anti-social", "TSK-2026-00123", "00123", "tsk 2026", "social behaviour"):
        assert ids(find(store, q)) == [made], q


def test_a_hit_shows_one_snippet_whatever_narrows_or_orders_the_search(store: Database) -> None:
    """The passage shown is the field with the most matched words, whether a scope or filter
    narrows the search (on SQLite, its tokens sit beside the text) and in either order."""
    add(
        store,
        (
            "engagement",
            row(
                "engagement",
                location="Canal towpath",
                notes="Spoke to anglers about otters.",
                issues_raised="Otter holt by the canal disturbed by dogs near the canal lock.",
            ),
        ),
    )
    team = RecordFilter(team_ids=(TEAM_A1,))
    own = Visibility(team_ids=(TEAM_A1,), lpa_ids=(LPA_A,), officers=(upn("officer"),))
    searches = [
        find(store, "otter canal", sort=sort, records=records, scope=scope)
        for sort in Sort
        for records, scope in ((None, EVERYONE), (team, EVERYONE), (None, own), (team, own))
    ]
    snippets = {hit.snippet for result in searches for hit in result.page.items}
    (snippet,) = snippets
    assert "<mark>Otter</mark> holt by the <mark>canal</mark>" in snippet


def test_the_snippet_shows_the_field_with_the_most_different_words_sought(
    store: Database,
) -> None:
    """A word said again and again, or in an earlier field, does not hide the field that holds
    every word sought."""
    add(
        store,
        (
            "engagement",
            row(
                "engagement",
                location="Canal towpath by the canal",
                notes="Otter holt seen near the canal lock.",
            ),
        ),
        (
            "engagement",
            row(
                "engagement",
                notes="Bikes, bikes and more bikes on the green.",
                issues_raised="Off-road bikes seen by an otter.",
            ),
        ),
    )
    for sort in Sort:
        for records in (None, RecordFilter(team_ids=(TEAM_A1,))):
            (holt,) = find(store, "otter canal", sort=sort, records=records).page.items
            (bikes,) = find(store, "otter bikes", sort=sort, records=records).page.items
            assert "<mark>Otter</mark> holt seen near the <mark>canal</mark>" in holt.snippet
            assert "<mark>bikes</mark> seen by an <mark>otter</mark>" in bikes.snippet


def test_snippet_marks_matches_and_escapes_the_rest(store: Database) -> None:
    add(store, ("patrol", row("patrol", notes='Found <script>alert("x")</script> & a bike.')))
    (hit,) = find(store, "bike").page.items
    assert "<mark>bike</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet


def test_write_paths_keep_the_index_right(store: Database) -> None:
    kind = ACTIVITY_KINDS["patrol"]
    (made,) = add(store, ("patrol", row("patrol", notes="Lapwing sighted near the weir.")))
    assert_index_right(store)
    with store.transaction() as tx:
        assert tx.activities(kind).update(made, 1, {"notes": "Curlew sighted near the weir."})
        tx.commit()
    assert ids(find(store, "lapwing")) == [] and ids(find(store, "curlew")) == [made]
    assert_index_right(store)
    with store.transaction() as tx:
        assert tx.activities(kind).update(made, 2, {"started_at": WHEN - timedelta(days=40)})
        tx.commit()
    (hit,) = find(store, "curlew").page.items
    assert hit.started_at == WHEN - timedelta(days=40)
    assert_index_right(store)
    with store.transaction() as tx:
        assert tx.activities(kind).update(made, 3, {"mode": "cycle"})
        tx.commit()
    assert ids(find(store, "curlew")) == [made]
    at = datetime.now(UTC)
    with store.transaction() as tx:
        assert tx.activities(kind).soft_delete(made, 4, at=at, by="x", reason="duplicate")
        tx.commit()
    assert find(store, "curlew").total == 0 and find(store).total == 0
    assert_index_right(store)
    patrols = activity_tables["patrol"]
    with store.transaction() as tx:
        restore = update(patrols).where(patrols.c.id == made).values(deleted_at=None)
        tx.connection.execute(restore)
        tx.commit()
    assert ids(find(store, "curlew")) == [made]
    assert_index_right(store)
    with store.transaction() as tx:
        tx.connection.execute(delete(patrols).where(patrols.c.id == made))
        tx.commit()
    assert find(store, "curlew").total == 0
    assert_index_right(store)


def test_an_upsert_replacing_a_record_keeps_the_index_right(store: Database) -> None:
    values = row("abstraction", notes="Court warning for the Nightjar trial.")
    made, _ = add(store, ("abstraction", values), ("patrol", row("patrol", who="teammate")))
    table = activity_tables["abstraction"]
    changed = {**values, "notes": "Court warning for the Goldcrest trial.", "version": 2}
    if store.dialect == "sqlite":
        statement = insert(table).prefix_with("OR REPLACE").values(changed)
    else:
        from sqlalchemy.dialects.postgresql import insert as upsert

        statement = (
            upsert(table).values(changed).on_conflict_do_update(index_elements=["id"], set_=changed)
        )
    with store.transaction() as tx:
        tx.connection.execute(statement)
        tx.commit()
    assert ids(find(store, "nightjar")) == [] and ids(find(store, "goldcrest")) == [made]
    assert find(store).facets.team_id == {TEAM_A1: 2}
    assert_index_right(store)


def _yielding(store: Database, values: dict[str, Any], set_: dict[str, Any] | None) -> Any:
    """An insert of `values` that yields to the row already there: does nothing, or updates
    `set_` on it."""
    table = activity_tables["abstraction"]
    if store.dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    else:
        from sqlalchemy.dialects.postgresql import insert as upsert  # type: ignore[assignment]
    statement = upsert(table).values(values)
    if set_ is None:
        return statement.on_conflict_do_nothing(index_elements=["id"])
    return statement.on_conflict_do_update(index_elements=["id"], set_=set_)


@pytest.mark.parametrize(
    "set_", [None, {"version": 2}, {"notes": "Court warning for the Goldcrest trial."}]
)
def test_an_insert_yielding_to_the_record_there_keeps_it_found(
    store: Database, set_: dict[str, Any] | None
) -> None:
    values = row("abstraction", notes="Court warning for the Nightjar trial.")
    made, _ = add(store, ("abstraction", values), ("patrol", row("patrol", who="teammate")))
    again = {**values, "notes": "Court warning for the Kestrel trial."}
    with store.transaction() as tx:
        tx.connection.execute(_yielding(store, again, set_))
        tx.commit()
    now = "goldcrest" if set_ and "notes" in set_ else "nightjar"
    assert ids(find(store, now)) == [made]
    assert ids(find(store, "kestrel")) == []
    assert find(store).facets.team_id == {TEAM_A1: 2}
    assert_index_right(store)


MATCHED = {
    "sqlite": "SELECT d.record_id FROM search_fts JOIN search_documents AS d"
    " ON d.id = search_fts.rowid WHERE search_fts MATCH ?",
    "postgresql": "SELECT record_id FROM search_documents"
    " WHERE document @@ plainto_tsquery('english', %s)",
}
"""Records whose document has a word, asked of the engine's index as any revision left it."""


def test_search_migrations_downgrade_and_upgrade_again(store: Database) -> None:
    """0013_search_conflicts's way back restores the triggers it dropped; the revisions after
    it number documents again on the way down and up."""
    (made,) = add(store, ("patrol", row("patrol", notes="Nightjar seen.")))
    downgrade(store, "0012_search_facet_keys")
    later_row = row("engagement", notes="A nightjar.", started_at=WHEN + timedelta(1))
    (later,) = add(store, ("engagement", later_row))
    with store.engine.connect() as connection:
        matched = connection.exec_driver_sql(MATCHED[store.dialect], ("nightjar",))
        assert sorted(record_id for (record_id,) in matched) == sorted([made, later])
    migrate(store)
    assert is_current(store)
    assert ids(find(store, "nightjar")) == [later, made]
    assert_index_right(store)


def test_times_stored_with_microseconds_are_cut_to_the_millisecond(store: Database) -> None:
    """0014_activity_milliseconds: records then list in one order with words or without."""
    at = datetime(2026, 7, 1, 9, tzinfo=UTC)
    add(
        store,
        *(
            ("patrol", row("patrol", notes="bike", started_at=at + timedelta(microseconds=us)))
            for us in (900, 100, 500)
        ),
    )
    downgrade(store, "0013_search_conflicts")
    migrate(store)
    assert {hit.started_at for hit in find(store, "bike").page.items} == {at}
    assert ids(find(store, "bike")) == ids(find(store))
    assert_index_right(store)


def test_truncating_an_activity_log_empties_its_part_of_the_index(store: Database) -> None:
    if store.dialect == "sqlite":
        pytest.skip("SQLite has no TRUNCATE; its DELETE fires the row triggers")
    add(store, ("patrol", row("patrol")), ("abstraction", row("abstraction")))
    with store.transaction() as tx:
        tx.connection.exec_driver_sql("TRUNCATE patrols")
        tx.commit()
    assert find(store).facets.kind == {"abstraction": 1}
    assert_index_right(store)


def test_filters_of_the_list_endpoints_apply(store: Database) -> None:
    mine, teammates, neighbours, strangers = add(
        store,
        ("patrol", row("patrol", notes="bike", started_at=WHEN)),
        ("engagement", row("engagement", who="teammate", notes="bike")),
        ("patrol", row("patrol", who="neighbour", notes="bike", started_at=WHEN + timedelta(1))),
        ("abstraction", row("abstraction", who="stranger", notes="bike")),
    )
    assert set(ids(find(store, "bike", kinds=("patrol",)))) == {mine, neighbours}
    assert ids(find(store, "bike", records=RecordFilter(officers=(upn("teammate"),)))) == [
        teammates
    ]
    assert ids(find(store, "bike", records=RecordFilter(team_ids=(TEAM_A2,)))) == [neighbours]
    assert ids(find(store, "bike", records=RecordFilter(lpa_ids=(LPA_B,)))) == [strangers]
    day_after = RecordFilter(started_from=WHEN + timedelta(hours=1))
    assert ids(find(store, "bike", records=day_after)) == [neighbours]
    assert ids(find(store, records=day_after)) == [neighbours]


@pytest.mark.parametrize("past_the_millisecond", [timedelta(0), timedelta(microseconds=500)])
def test_date_filters_are_exact_at_their_bounds(
    store: Database, past_the_millisecond: timedelta
) -> None:
    at = WHEN + past_the_millisecond
    (made,) = add(store, ("patrol", row("patrol", notes="bike", started_at=at)))
    later = at + timedelta(microseconds=1)
    for q, teams in product(("bike", ""), ((), (TEAM_A1,))):
        for bounds, found in (
            (RecordFilter(started_from=at, team_ids=teams), [made]),
            (RecordFilter(started_from=later, team_ids=teams), []),
            (RecordFilter(started_before=at, team_ids=teams), []),
            (RecordFilter(started_before=later, team_ids=teams), [made]),
        ):
            result = find(store, q, records=bounds)
            assert ids(result) == found, (q, bounds)
            assert result.total == len(found) == sum(result.facets.month.values()), (q, bounds)


def test_enum_filters_apply_to_their_own_kind(store: Database) -> None:
    arrest, advice, surgery, _ = add(
        store,
        ("patrol", row("patrol", notes="bike", outcomes=["arrest", "words_of_advice"])),
        ("patrol", row("patrol", notes="bike", outcomes=["words_of_advice"])),
        ("engagement", row("engagement", notes="bike", engagement_type="beat_surgery")),
        ("engagement", row("engagement", notes="bike", engagement_type="business_visit")),
    )
    only_arrests = {"patrol": {"outcomes": ("arrest",)}}
    assert ids(find(store, "bike", kinds=("patrol",), choices=only_arrests)) == [arrest]
    any_of = {"patrol": {"outcomes": ("arrest", "words_of_advice")}}
    assert set(ids(find(store, "bike", kinds=("patrol",), choices=any_of))) == {arrest, advice}
    surgeries = {"engagement": {"engagement_type": ("beat_surgery",)}}
    assert ids(find(store, kinds=("engagement",), choices=surgeries)) == [surgery]


def test_scope_limits_pages_totals_and_facets(store: Database) -> None:
    add(
        store,
        ("patrol", row("patrol", notes="bike")),
        ("engagement", row("engagement", who="teammate", notes="bike")),
        ("patrol", row("patrol", who="neighbour", notes="bike")),
        ("abstraction", row("abstraction", who="stranger", notes="bike")),
    )
    officer = Visibility(officers=(upn("officer"),), team_ids=(TEAM_A1,))
    for q in ("bike", ""):
        result = find(store, q, scope=officer)
        assert result.total == len(result.page.items) == 2
        assert result.facets.team_id == {TEAM_A1: 2}
        assert result.facets.kind == {"patrol": 1, "engagement": 1}
        area = find(store, q, scope=Visibility(lpa_ids=(LPA_A,)))
        assert area.total == 3 and TEAM_B1 not in area.facets.team_id
        assert find(store, q, scope=Visibility()).total == 0


def test_a_record_moved_to_another_team_is_searched_in_its_new_scope(store: Database) -> None:
    (made,) = add(store, ("patrol", row("patrol", notes="Kingfisher by the weir.")))
    in_team = RecordFilter(team_ids=(TEAM_A1,))
    assert ids(find(store, "kingfisher", records=in_team)) == [made]
    with store.transaction() as tx:
        moved = {"officer": upn("stranger"), "team_id": TEAM_B1, "lpa_id": LPA_B}
        assert tx.activities(ACTIVITY_KINDS["patrol"]).update(made, 1, moved)
        tx.commit()
    assert_index_right(store)
    for sort in Sort:
        assert find(store, "kingfisher", records=in_team, sort=sort).total == 0
        area = find(store, "kingfisher", scope=Visibility(lpa_ids=(LPA_B,)), sort=sort)
        assert ids(area) == [made] and area.facets.team_id == {TEAM_B1: 1}
        own = find(store, "kingfisher", scope=Visibility(officers=(upn("stranger"),)), sort=sort)
        assert ids(own) == [made]
        assert find(store, "kingfisher", scope=Visibility(lpa_ids=(LPA_A,)), sort=sort).total == 0


def test_a_filter_naming_many_teams_still_finds_its_records(store: Database) -> None:
    (made,) = add(store, ("patrol", row("patrol", notes="Heron on the bank.")))
    teams = (*(f"team-{n}" for n in range(300)), TEAM_A1)
    for sort in Sort:
        result = find(store, "heron", records=RecordFilter(team_ids=teams), sort=sort)
        assert ids(result) == [made] and result.total == 1


def test_newest_first_over_many_teams_follows_the_start_as_search_without_words(
    store: Database,
) -> None:
    """SQLite keeps each team's documents together; a search over many teams still lists them
    by start, records starting together in one order with words or without, page by page."""
    people = ("officer", "neighbour", "stranger")
    rows = [
        (
            "patrol",
            row(
                "patrol",
                who=people[n % 3],
                notes="bike",
                started_at=WHEN - timedelta(days=20 * (n // 2)),
            ),
        )
        for n in range(12)
    ]  # three teams, two LPAs, four months, pairs sharing a start
    made = add(store, *rows)
    starts = {
        record_id: dict(r)["started_at"] for record_id, (_, r) in zip(made, rows, strict=True)
    }
    period = RecordFilter(started_from=WHEN - timedelta(days=80), started_before=WHEN)
    for narrowing in (
        {},
        {"scope": Visibility(lpa_ids=(LPA_A, LPA_B))},
        {"records": period},
        {"records": replace(period, team_ids=(TEAM_A1, TEAM_B1))},
    ):
        newest = every_match(store, "bike", Sort.NEWEST, limit=2, **narrowing)
        assert newest == ids(find(store, "", **narrowing)), narrowing
        assert [starts[i] for i in newest] == sorted((starts[i] for i in newest), reverse=True)
    assert sorted(every_match(store, "bike", Sort.NEWEST, limit=5)) == sorted(made)
    assert len(every_match(store, "bike", Sort.NEWEST, limit=5, records=period)) == 8


def test_teams_numbered_past_the_last_block_share_it_and_are_searched_apart(
    store: Database,
) -> None:
    """SQLite gives each team numbered below LAST_BLOCK a block of document ids of its own;
    teams numbered later share the last, and are told apart by their scope tokens."""
    if store.dialect != "sqlite":
        pytest.skip("PostgreSQL's document ids come from a sequence")
    with store.engine.begin() as connection:
        numbered = "INSERT INTO search_teams (key, team_id) VALUES (?, ?)"
        connection.exec_driver_sql(numbered, (LAST_BLOCK, TEAM_A2))
        connection.exec_driver_sql(numbered, (LAST_BLOCK + 5, TEAM_B1))
    people = ("officer", "neighbour", "stranger")
    rows = [
        ("patrol", row("patrol", who=people[n % 3], notes="bike", started_at=WHEN - timedelta(n)))
        for n in range(9)
    ]
    made = add(store, *rows)
    for team, who in ((TEAM_A1, "officer"), (TEAM_A2, "neighbour"), (TEAM_B1, "stranger")):
        own = [i for i, (_, r) in zip(made, rows, strict=True) if r["officer"] == upn(who)]
        for narrowing in (
            {"records": RecordFilter(team_ids=(team,))},
            {"scope": Visibility(team_ids=(team,))},
        ):
            for sort in Sort:
                result = find(store, "bike", sort=sort, **narrowing)
                assert result.total == 3 and result.facets.team_id == {team: 3}
                assert sorted(ids(result)) == sorted(own)
            assert every_match(store, "bike", Sort.NEWEST, limit=1, **narrowing) == own
    assert_index_right(store)


def test_facets_of_a_word_in_every_record_are_those_of_search_without_words(
    store: Database,
) -> None:
    """SQLite counts a word's matches by the team, start and kind their ids hold, and where an
    id cannot tell (a team sharing the last block, a start clamped to 1970 or 2109) by the
    match's facet keys: either way as search without words counts the records."""
    if store.dialect == "sqlite":
        with store.engine.begin() as connection:
            numbered = "INSERT INTO search_teams (key, team_id) VALUES (?, ?)"
            for key, team in ((1, TEAM_A1), (2, TEAM_A2), (LAST_BLOCK + 5, TEAM_B1)):
                connection.exec_driver_sql(numbered, (key, team))
    starts = [
        WHEN,
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 30, tzinfo=UTC),  # London's January 1970
        datetime(2026, 3, 31, 23, 30, tzinfo=UTC),  # London's April
        datetime(2026, 3, 31, 23, tzinfo=UTC),  # the first moment of London's April
        datetime(2026, 3, 31, 22, 59, 59, 999000, tzinfo=UTC),
        datetime(2026, 10, 31, 23, 30, tzinfo=UTC),
        datetime(2200, 6, 1, tzinfo=UTC),
    ]
    kinds = list(ACTIVITY_KINDS)
    people = ("officer", "neighbour", "stranger")
    add(
        store,
        *(
            (kind, row(kind, who=who, notes="bike", started_at=at))
            for n, at in enumerate(starts)
            for kind, who in zip(kinds[n % 3 :] + kinds[: n % 3], people, strict=True)
        ),
    )
    for narrowing in (
        {},
        {"kinds": ("patrol",)},
        {"kinds": ("engagement", "abstraction")},
        {"records": RecordFilter(team_ids=(TEAM_B1,))},
        {"records": RecordFilter(team_ids=(TEAM_A1,)), "kinds": ("abstraction",)},
        {"scope": Visibility(lpa_ids=(LPA_A,))},
    ):
        found, listed = find(store, "bike", **narrowing), find(store, **narrowing)
        assert (found.total, found.facets) == (listed.total, listed.facets), narrowing
    assert find(store, "bike").facets.month == {
        "2200-06": 3,
        "2026-10": 3,
        "2026-04": 6,
        "2026-03": 3,
        WHEN.astimezone(LONDON).strftime("%Y-%m"): 3,
        "1970-01": 6,
        "1900-01": 3,
    }
    assert_index_right(store)


def test_words_never_match_what_the_index_keeps_of_a_scope(store: Database) -> None:
    """SQLite keeps each document's team, LPA and officer as tokens beside its text; a user
    typing one, or its start, finds nothing, and snippets show only the record's text."""
    add(store, ("patrol", row("patrol", notes="Otter in the canal.")))
    team, lpa = (value.encode().hex() for value in (TEAM_A1, LPA_A))
    typed = (team, f"zt{team}", f"ZT{team.upper()}", f'"zt{team} zl{lpa}"', "zt", "Zl", "zo")
    for words in typed:
        assert find(store, words).total == 0, words
    scoped = find(store, "otter", scope=Visibility(team_ids=(TEAM_A1,), lpa_ids=(LPA_A,)))
    (hit,) = scoped.page.items
    assert "<mark>Otter</mark> in the canal" in hit.snippet
    assert TEAM_A1.encode().hex() not in hit.snippet.lower()


def test_month_facet_follows_london_time(store: Database) -> None:
    starts = [
        datetime(2026, 7, 31, 23, 30, tzinfo=UTC),
        datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
        datetime(2026, 3, 1, 0, 30, tzinfo=UTC),
    ]
    add(store, *(("patrol", row("patrol", notes="bike", started_at=at)) for at in starts))
    for q in ("bike", ""):
        assert find(store, q).facets.month == {"2026-08": 1, "2026-03": 1, "2026-01": 1}


def test_an_enum_filter_every_record_passes_changes_no_total_or_facet(store: Database) -> None:
    """SQLite counts a match alone from each document's facet keys, and a match with an enum
    filter from the documents and records: both give the same figures."""
    starts = [
        WHEN,
        datetime(2026, 7, 31, 23, 30, tzinfo=UTC),
        datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
    ]
    add(
        store,
        *(("patrol", row("patrol", notes="bike", started_at=at)) for at in starts),
        ("engagement", row("engagement", who="teammate", notes="bike")),
        ("patrol", row("patrol", who="neighbour", notes="bike", started_at=starts[1])),
        ("abstraction", row("abstraction", who="stranger", notes="bike", started_at=starts[2])),
    )
    on_foot = {"patrol": {"mode": ("foot",)}}
    for kinds, months in (
        ((), {"2026-08": 2, "2026-06": 2, "2026-01": 2}),
        (("patrol", "abstraction"), {"2026-08": 2, "2026-06": 1, "2026-01": 2}),
    ):
        plain = find(store, "bike", kinds=kinds)
        assert plain.total == sum(months.values()) and plain.facets.month == months
        assert find(store, "bike", kinds=kinds, choices=on_foot).facets == plain.facets


@pytest.mark.parametrize("sort", list(Sort))
def test_paging_visits_every_match_once(store: Database, sort: Sort) -> None:
    rows = [
        ("patrol", row("patrol", notes="bike " * (n % 3 + 1), started_at=WHEN - timedelta(n // 2)))
        for n in range(9)
    ]  # pairs share a start, and the text varies the relevance
    made = add(store, *rows)
    for q in ("bike", ""):
        found = every_match(store, q, sort, limit=2)
        assert sorted(found) == sorted(made)
    newest = every_match(store, "bike", Sort.NEWEST, limit=4)
    starts = [dict(r)["started_at"] for _, r in rows]
    order = sorted(range(9), key=lambda i: (starts[i], i), reverse=True)  # ties: later first
    assert newest == [made[i] for i in order]


def test_records_starting_at_the_same_moment_index_as_fast_as_any_others(
    store: Database,
) -> None:
    """Sync can bring thousands of items with one start; finding the next free id of that
    millisecond must not read every id already there (it once made such inserts quadratic)."""
    if store.dialect != "sqlite":
        pytest.skip("PostgreSQL's document ids come from a sequence")
    n = 3000

    def timed(starts: list[datetime]) -> float:
        rows = [("patrol", row("patrol", notes="weir", started_at=at)) for at in starts]
        began = time.perf_counter()
        add(store, *rows)
        return time.perf_counter() - began

    apart = timed([WHEN + timedelta(days=1, seconds=s) for s in range(n)])
    together = timed([WHEN] * n)
    assert together < 3 * apart + 0.5, (together, apart)
    assert find(store, "weir", records=RecordFilter(started_before=WHEN + timedelta(1))).total == n
    assert_index_right(store)


def test_a_team_millisecond_with_more_records_than_ids_keeps_them_all(store: Database) -> None:
    """SQLite has 1,024 ids of each kind for one team's millisecond; records past them take
    free ids of their kind after it, even where the next millisecond's are taken, through the
    triggers and in a rebuild."""
    if store.dialect != "sqlite":
        pytest.skip("PostgreSQL's document ids come from a sequence")
    later = WHEN + timedelta(milliseconds=1)
    add(store, *(("patrol", row("patrol", notes="weir", started_at=later)) for _ in range(3)))
    add(store, *(("patrol", row("patrol", notes="weir", started_at=WHEN)) for _ in range(4100)))
    in_team = RecordFilter(team_ids=(TEAM_A1,))
    assert find(store, "weir").total == find(store, "weir", records=in_team).total == 4103
    assert_index_right(store)
    with store.transaction() as tx:
        assert index_for(tx.connection).rebuild() == 4103
        tx.commit()
    assert find(store, "weir").total == find(store, "weir", records=in_team).total == 4103
    assert_index_right(store)


def test_empty_query_returns_filtered_records_newest_first(store: Database) -> None:
    made = add(
        store, *(("patrol", row("patrol", started_at=WHEN + timedelta(n))) for n in range(3))
    )
    result = find(store, "  ***  ")
    assert ids(result) == made[::-1] and result.total == 3
    assert all(hit.snippet.startswith("Market Square") for hit in result.page.items)


def test_a_cursor_of_the_other_sort_is_refused(store: Database) -> None:
    add(store, *(("patrol", row("patrol", notes="bike")) for _ in range(3)))
    newest = find(store, "bike", limit=1).page.next
    with pytest.raises(BadCursor):
        find(store, "bike", sort=Sort.RELEVANCE, limit=1, cursor=newest)
    relevant = find(store, "bike", sort=Sort.RELEVANCE, limit=1).page.next
    with pytest.raises(BadCursor):
        find(store, "bike", limit=1, cursor=relevant)


def test_rebuild_indexes_the_same_records_as_the_triggers(store: Database) -> None:
    add(
        store,
        ("patrol", row("patrol", notes="bike", operation_name="Op Lapwing")),
        ("engagement", row("engagement", notes="Met the PACT", issues_raised="Bikes")),
        ("abstraction", row("abstraction", deleted_at=WHEN, deleted_by="x")),
    )
    before = {q: find(store, q).facets for q in ("bike", "lapwing", "pact", "")}
    with store.transaction() as tx:
        assert index_for(tx.connection).rebuild() == 2
        tx.commit()
    assert {q: find(store, q).facets for q in before} == before
    assert_index_right(store)


def test_rebuild_gives_back_the_page_cache_and_leaves_fts5_merging_after_writes(
    store: Database,
) -> None:
    """SQLite rebuilds with a larger page cache, and with FTS5 writing large segments and not
    merging after each write; the connection goes back to the pool with its own cache, and
    later writes keep small segments and merge again."""
    if store.dialect != "sqlite":
        pytest.skip("PostgreSQL's rebuild needs neither")
    settings = "SELECT k, v FROM search_fts_config WHERE k IN ('automerge', 'hashsize')"
    with store.transaction() as tx:
        cache = tx.connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        index_for(tx.connection).rebuild()
        assert tx.connection.exec_driver_sql("PRAGMA cache_size").scalar_one() == cache
        tx.commit()
    with store.engine.connect() as connection:
        found = dict(connection.exec_driver_sql(settings).all())
        assert found == {"automerge": 4, "hashsize": 1024 * 1024}
    made = add(store, ("patrol", row("patrol", notes="bike")))
    assert ids(find(store, "bike")) == made
    assert_index_right(store)


def test_every_activity_table_has_its_search_triggers(store: Database) -> None:
    """A migration that rebuilds an activity table drops its triggers; this says so."""
    with store.engine.connect() as connection:
        if store.dialect == "sqlite":
            names = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
        else:
            names = "SELECT event_object_table, trigger_name FROM information_schema.triggers"
        found = {(t, n) for t, n in connection.exec_driver_sql(names) if n.startswith("search")}
    for table in (t.name for t in activity_tables.values()):
        assert {n for t, n in found if t == table}, f"{table} has no search triggers"


def test_dates_far_outside_the_usual_range_are_still_indexed(store: Database) -> None:
    odd = [datetime(1900, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)]
    made = add(store, *(("patrol", row("patrol", notes="bike", started_at=t)) for t in odd))
    assert set(ids(find(store, "bike"))) == set(made)
    year_one = datetime(1, 1, 1, tzinfo=UTC)
    add(store, ("patrol", row("patrol", notes="shopkeepers", started_at=year_one)))
    for q, count in (("", 3), ("shopkeepers", 1), ("bike", 2)):
        found = find(store, q)
        assert found.total == len(found.page.items) == sum(found.facets.month.values()) == count
    period = RecordFilter(started_from=datetime.combine(date(2500, 1, 1), datetime.min.time(), UTC))
    assert ids(find(store, "bike", records=period)) == [made[1]]
    in_team = replace(period, team_ids=(TEAM_A1,))
    assert ids(find(store, "bike", records=in_team)) == [made[1]]
    before = RecordFilter(started_before=datetime(1950, 1, 1, tzinfo=UTC), team_ids=(TEAM_A1,))
    assert [find(store, q, records=before).total for q in ("", "bike", "shopkeepers")] == [2, 1, 1]
    assert_index_right(store)
