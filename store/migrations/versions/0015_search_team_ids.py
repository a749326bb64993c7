"""SQLite search: document ids grouped by team, then start

Revision ID: 0015_search_team_ids
Revises: 0014_activity_milliseconds

A search within one team intersected each word's list of ids with the team's token, reading
the whole list however few of its ids were the team's. A document's id now begins with its
team's number (a block of ids per team), then its start's millisecond, then a counter of the
team's records starting in that millisecond (store/search/tables.py), so FTS5 skips straight to
the team's block. The triggers indexing a record number its team first, if it has no number,
and take the next id of the team's millisecond, or past its 4,096 ids the next free one after
it; every document is numbered again and the index filled again in the new order. PostgreSQL
is unchanged.
"""

from collections.abc import Callable, Sequence

from alembic import op

from store.migrations import load_revision

revision: str = "0015_search_team_ids"
down_revision: str | Sequence[str] | None = "0014_activity_milliseconds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BLOCK_SHIFT = 54  # a team's block starts at (number - 512) * 2**54
MIDDLE_BLOCK = 512
LAST_BLOCK = 1023  # teams numbered past it share its block
SLOT = 4096  # ids per millisecond of one team's starts
LATEST_MS = 2**42 - 1  # starts are clamped to 1970-2109
BLOCK_LAST = 2**BLOCK_SHIFT - 1  # an id's bits below its block's
SPILL = SLOT * 1000  # a second of a team's ids, where a millisecond's overflow goes

COLUMNS = "id, kind, record_id, officer, team_id, lpa_id, started_at"
DOCUMENT_COLUMNS = "{s}.kind, {s}.record_id, {s}.officer, {s}.team_id, {s}.lpa_id, {s}.started_at"
NUMBER_TEAMS = (
    "INSERT INTO search_teams (team_id) SELECT DISTINCT d.team_id FROM search_documents AS d"
    " WHERE NOT EXISTS (SELECT 1 FROM search_teams AS t WHERE t.team_id = d.team_id)"
    " ORDER BY d.team_id"
)


DOCUMENT_INDEXES = (
    "SELECT name, sql FROM sqlite_master"
    " WHERE type = 'index' AND tbl_name = 'search_documents' AND sql IS NOT NULL"
)
"""The documents' indexes, dropped while every document is written again and made again after:
sorting once is far quicker than keeping each in order row by row."""


def team_slot(started_at: str, key: str) -> str:
    """The first id of the millisecond of `started_at` (stored text) in the block of the team
    numbered `key`."""
    milliseconds = load_revision("0002_search").sqlite_milliseconds(started_at)
    return (
        f"((min({key}, {LAST_BLOCK}) - {MIDDLE_BLOCK}) << {BLOCK_SHIFT})"
        f" + max(min({milliseconds}, {LATEST_MS}), 0) * {SLOT}"
    )


def renumber(numbered: str) -> None:
    """Number every document again as `numbered` selects them (the new id, then the other
    columns of DOCUMENT_COLUMNS), and fill the index again in that order. The documents'
    indexes are set aside meanwhile (`DOCUMENT_INDEXES`)."""
    search = load_revision("0002_search")
    bind = op.get_bind()
    indexes = bind.exec_driver_sql(DOCUMENT_INDEXES).all()
    for name, _ in indexes:
        op.execute(f'DROP INDEX "{name}"')
    op.execute("DELETE FROM search_facet_keys")
    op.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    op.execute(f"CREATE TEMP TABLE search_renumbered AS {numbered}")
    op.execute("DELETE FROM search_documents")
    op.execute(
        f"INSERT INTO search_documents ({COLUMNS})"  # noqa: S608 - constants only
        f" SELECT {COLUMNS} FROM temp.search_renumbered ORDER BY id"
    )
    op.execute("DROP TABLE temp.search_renumbered")
    for _, create in indexes:
        op.execute(create)
    search.sqlite_fill(scope=True)


def team_triggers(table: str) -> tuple[str, ...]:
    """The search triggers of activity table `table` as this revision makes them: for a later
    migration that rebuilds an activity table, which drops its triggers."""
    search = load_revision("0002_search")
    number_team = load_revision("0013_search_conflicts").NUMBER_TEAM
    slot = (
        f"SELECT {team_slot('new.started_at', 't.key')} AS slot"  # noqa: S608 - constants only
        " FROM search_teams AS t WHERE t.team_id = new.team_id"
    )
    spill = (
        "(SELECT e.id + 1 FROM search_documents AS e WHERE e.id BETWEEN s.slot"  # noqa: S608 - constants only
        f" AND min(s.slot + {SPILL}, s.slot | {BLOCK_LAST}) ORDER BY e.id DESC LIMIT 1)"
    )
    new_id = search.next_id(SLOT, full=spill)
    index_new = search.sqlite_index_new(table, True, slot, new_id, f"\n    {number_team}")
    return search.sqlite_indexing_triggers(table, index_new, scope=True)


def remake_triggers(triggers: Callable[[str], tuple[str, ...]]) -> None:
    for table in load_revision("0002_search").TABLES:
        for event in ("inserted", "updated", "deleted"):
            op.execute(f"DROP TRIGGER search_{table}_{event}")
        for trigger in triggers(table):
            op.execute(trigger)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    remake_triggers(team_triggers)
    op.execute(NUMBER_TEAMS)
    order = "ORDER BY r.slot, r.kind, r.record_id"
    renumber(
        f"SELECT r.position + max(r.slot - r.position) OVER (PARTITION BY r.block {order}) AS id,"  # noqa: S608 - constants only
        f" {DOCUMENT_COLUMNS.format(s='r')} FROM (SELECT s.*, s.slot >> {BLOCK_SHIFT} AS block,"
        f" row_number() OVER (PARTITION BY s.slot >> {BLOCK_SHIFT} {order.replace('r.', 's.')})"
        f" AS position FROM (SELECT {team_slot('d.started_at', 't.key')} AS slot, d.*"
        " FROM search_documents AS d JOIN search_teams AS t ON t.team_id = d.team_id) AS s) AS r"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    search = load_revision("0002_search")
    remake_triggers(
        lambda table: search.sqlite_indexing_triggers(
            table, search.sqlite_index_new(table, True), scope=True
        )
    )
    renumber(
        "SELECT s.slot + row_number() OVER (PARTITION BY s.slot ORDER BY s.kind, s.record_id) - 1"  # noqa: S608 - constants only
        f" AS id, {DOCUMENT_COLUMNS.format(s='s')} FROM (SELECT"
        f" {search.sqlite_slot('d.started_at')} AS slot, d.* FROM search_documents AS d) AS s"
    )
