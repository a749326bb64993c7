"""SQLite search: each document's team, kind and month as small integers in a table of their own

Revision ID: 0012_search_facet_keys
Revises: 0011_search_scope

A search's total and facets count every match by team, kind and month. Reading those from
`search_facet_keys`, a row of four integers per document, is quicker than reading them from the
documents' covering index of text columns, and counts can be grouped on integers. Triggers on
search_documents keep it in step with every document added or removed, whichever trigger or
rebuild writes them. Teams get their integer in `search_teams` the first time one is seen.
A month is YYYYMM00; a document starting in the last hour of a UTC day has that day instead
(YYYYMMDD), since in summer that hour is the next day, perhaps the next month, in London.
PostgreSQL is unchanged.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_search_facet_keys"
down_revision: str | Sequence[str] | None = "0011_search_scope"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = "CASE {d}.kind WHEN 'engagement' THEN 0 WHEN 'patrol' THEN 1 WHEN 'abstraction' THEN 2 END"
MONTH = (
    "CAST(substr({d}.started_at, 1, 4) || substr({d}.started_at, 6, 2) AS INTEGER) * 100"
    " + CASE substr({d}.started_at, 12, 2) WHEN '23' THEN CAST(substr({d}.started_at, 9, 2)"
    " AS INTEGER) ELSE 0 END"
)


def keys(d: str) -> str:
    """The facet keys of document `d`, with `t` its team's row in search_teams."""
    return f"{d}.id, t.key, {KIND.format(d=d)}, {MONTH.format(d=d)}"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE search_teams (key INTEGER PRIMARY KEY, team_id TEXT NOT NULL UNIQUE)")
    op.execute(
        "CREATE TABLE search_facet_keys (id INTEGER PRIMARY KEY, team INTEGER NOT NULL,"
        " kind INTEGER NOT NULL, month INTEGER NOT NULL)"
    )
    op.execute(
        "CREATE TRIGGER search_facet_keys_added AFTER INSERT ON search_documents BEGIN"  # noqa: S608 - constants only
        " INSERT OR IGNORE INTO search_teams (team_id) VALUES (new.team_id);"
        f" INSERT INTO search_facet_keys (id, team, kind, month) SELECT {keys('new')}"
        " FROM search_teams AS t WHERE t.team_id = new.team_id;"
        " END"
    )
    op.execute(
        "CREATE TRIGGER search_facet_keys_removed AFTER DELETE ON search_documents BEGIN"
        " DELETE FROM search_facet_keys WHERE id = old.id;"
        " END"
    )
    op.execute(
        "INSERT INTO search_teams (team_id)"
        " SELECT DISTINCT team_id FROM search_documents ORDER BY team_id"
    )
    op.execute(
        f"INSERT INTO search_facet_keys (id, team, kind, month) SELECT {keys('d')}"  # noqa: S608 - constants only
        " FROM search_documents AS d JOIN search_teams AS t ON t.team_id = d.team_id ORDER BY d.id"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER search_facet_keys_removed")
    op.execute("DROP TRIGGER search_facet_keys_added")
    op.execute("DROP TABLE search_facet_keys")
    op.execute("DROP TABLE search_teams")
