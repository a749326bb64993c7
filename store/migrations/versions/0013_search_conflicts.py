"""SQLite search: inserts that meet an existing record keep the index right

Revision ID: 0013_search_conflicts
Revises: 0012_search_facet_keys

0002_search forgot a record's document before every insert of its id, so that an INSERT OR
REPLACE could index the new text; an insert that then yielded to the row already there (ON
CONFLICT DO NOTHING, or DO UPDATE of columns no trigger watches) left a live record out of
search. Those triggers go: the service's connections set `recursive_triggers`, so a row that
REPLACE removes fires the delete trigger, which forgets its document with the text it indexed.

A statement's conflict clause also overrides those of the trigger programs it fires, so the
OR IGNORE with which 0012_search_facet_keys numbered a new team became OR REPLACE (a team
numbered again, its other documents' keys left pointing nowhere) or ABORT (the statement
failed). A team is now numbered only when it has no number, with no conflict to resolve.
PostgreSQL is unchanged.
"""

from collections.abc import Sequence

from alembic import op

from store.migrations import load_revision

revision: str = "0013_search_conflicts"
down_revision: str | Sequence[str] | None = "0012_search_facet_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


NUMBER_TEAM = (
    "INSERT INTO search_teams (team_id) SELECT new.team_id"
    " WHERE NOT EXISTS (SELECT 1 FROM search_teams WHERE team_id = new.team_id);"
)


def _facet_keys_added(number_team: str) -> None:
    facet_keys = load_revision("0012_search_facet_keys")
    op.execute("DROP TRIGGER search_facet_keys_added")
    op.execute(
        "CREATE TRIGGER search_facet_keys_added AFTER INSERT ON search_documents BEGIN"  # noqa: S608 - constants only
        f" {number_team}"
        f" INSERT INTO search_facet_keys (id, team, kind, month) SELECT {facet_keys.keys('new')}"
        " FROM search_teams AS t WHERE t.team_id = new.team_id;"
        " END"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in load_revision("0002_search").TABLES:
        op.execute(f"DROP TRIGGER search_{table}_replacing")
    _facet_keys_added(NUMBER_TEAM)


def downgrade() -> None:
    """The index objects of 0011_search_scope again, those triggers with them."""
    if op.get_bind().dialect.name != "sqlite":
        return
    _facet_keys_added("INSERT OR IGNORE INTO search_teams (team_id) VALUES (new.team_id);")
    search = load_revision("0002_search")
    search.sqlite_drop_index_objects()
    search.sqlite_index_objects(scope=True)
    search.sqlite_fill(scope=True)
