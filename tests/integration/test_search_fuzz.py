"""Whatever a person types, search answers with results or a clear complaint, on both engines."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.database import Database
from store.filters import Visibility
from store.search import BadQuery, SearchRequest, Sort, index_for, parse_query
from tests.conftest import add_organisation
from tests.search_records import insert, row

PIECES = [
    "NEAR", "NEAR(", "*", "-", ":", "^", '"', "AND", "OR", "NOT", "(", ")", "{", "}", "'", "\\",
    "%", "_", "\x00", "bike", "the", "s.23", "e-scooters", "location:", "notes:", "&", "|", "!",
    "<->", ":*", "\u201c", "\u2019", "\ue100", "\ue101", "ǅ", "𞤀", "x²", "☃", "0x1", "-1",
]  # fmt: skip
QUERIES = st.one_of(
    st.text(max_size=520),
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
)


@pytest.fixture
def store(database: Database) -> Database:
    add_organisation(database)
    insert(
        database,
        ("patrol", row("patrol", notes="Words of advice about e-scooters, s.23 search.")),
        ("engagement", row("engagement", notes="NEAR the school: bikes (and scooters).")),
    )
    return database


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=QUERIES)
def test_arbitrary_query_strings_never_raise(store: Database, q: str) -> None:
    try:
        text = parse_query(q)
    except BadQuery:
        assert len(q) > 500 or len(q.split()) > 0
        return
    with store.transaction(read_only=True) as tx:
        index = index_for(tx.connection)
        for sort in Sort:
            result = index.search(SearchRequest(text, Visibility(everything=True), sort=sort))
            assert result.total == sum(result.facets.kind.values())
            assert all("<mark>" in hit.snippet or text.empty for hit in result.page.items)
