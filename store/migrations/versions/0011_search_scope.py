"""SQLite search: each document's team, LPA and officer as tokens in a column of the FTS5 index

Revision ID: 0011_search_scope
Revises: 0010_search_facets

A search within a scope (a team filter, a supervisor's LPA, an officer's own records) then
narrows the words' matches inside FTS5, which skips through both lists of ids, instead of
joining every match to its document to test its scope. User words are matched only in the
text columns, so they never reach the tokens. The view, the FTS5 table and the triggers of
0002_search are made again with the column, and the index is filled again. PostgreSQL is
unchanged.
"""

from collections.abc import Sequence

from alembic import op

from store.migrations import load_revision

revision: str = "0011_search_scope"
down_revision: str | Sequence[str] | None = "0010_search_facets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _remake(scope: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    search = load_revision("0002_search")  # its builders of the SQLite index objects take the scope
    search.sqlite_drop_index_objects()
    search.sqlite_index_objects(scope=scope)
    search.sqlite_fill(scope=scope)


def upgrade() -> None:
    _remake(scope=True)


def downgrade() -> None:
    _remake(scope=False)
