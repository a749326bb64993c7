"""SQLite search: a document id's last bits are its kind

Revision ID: 0016_search_kind_ids
Revises: 0015_search_team_ids

A search's facets count its matches by team, month and kind. Team and start were in each id
already (0015_search_team_ids); reading the kind from search_facet_keys cost a lookup per match,
most of the time of a common word's facets. The two lowest bits of an id are now its kind (as
search_facet_keys numbers kinds), and the counter within a team's millisecond the ten above
them: each kind has 1,024 ids of a team's millisecond, every fourth one. Past them a record
takes the next free id of its kind up to a second later. Every document is numbered again and
the index filled again in the new order. FTS5 reads a record's text through `search_content`
for each snippet; the view's arm for each kind now takes documents by the kind in their ids,
which needs no read of the document's row. PostgreSQL is unchanged.
"""

from collections.abc import Callable, Sequence

from alembic import op

from store.migrations import load_revision

revision: str = "0016_search_kind_ids"
down_revision: str | Sequence[str] | None = "0015_search_team_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND_NUMBERS = {"engagement": 0, "patrol": 1, "abstraction": 2}  # as search_facet_keys has them
STRIDE = 4  # ids of one kind are every fourth id
SLOT_LAST = 4096 - STRIDE  # a kind's last id of a team's millisecond, from its first
SPILL = 4096 * 1000  # a second of a team's ids, where a millisecond's overflow goes
BLOCK_SHIFT = 54
BLOCK_LAST = 2**BLOCK_SHIFT - 1  # an id's bits below its block's


def _kind_number(kind: str) -> str:
    arms = " ".join(f"WHEN '{name}' THEN {number}" for name, number in KIND_NUMBERS.items())
    return f"CASE {kind} {arms} END"


def kind_triggers(table: str) -> tuple[str, ...]:
    """The search triggers of activity table `table` as this revision makes them: for a later
    migration that rebuilds an activity table, which drops its triggers."""
    search = load_revision("0002_search")
    team_slot = load_revision("0015_search_team_ids").team_slot
    number_team = load_revision("0013_search_conflicts").NUMBER_TEAM
    kind = KIND_NUMBERS[search.TABLES[table][0]]
    slot = (
        f"SELECT {team_slot('new.started_at', 't.key')} + {kind} AS slot"  # noqa: S608 - constants only
        " FROM search_teams AS t WHERE t.team_id = new.team_id"
    )
    spill = (
        f"(SELECT f.id + {STRIDE} FROM search_documents AS f WHERE f.id BETWEEN s.slot"  # noqa: S608 - constants only
        f" AND min(s.slot + {SPILL}, s.slot | {BLOCK_LAST}) AND (f.id & {STRIDE - 1}) = {kind}"
        " ORDER BY f.id DESC LIMIT 1)"
    )
    new_id = f"""coalesce(
            (SELECT CASE WHEN e.id < s.slot + {SLOT_LAST} THEN e.id + {STRIDE} ELSE {spill} END
                FROM search_documents AS e
                WHERE e.id BETWEEN s.slot AND s.slot + {SLOT_LAST} AND (e.id & {STRIDE - 1}) = {kind}
                ORDER BY e.id DESC LIMIT 1),
            s.slot)"""  # noqa: S608 - constants only
    index_new = search.sqlite_index_new(table, True, slot, new_id, f"\n    {number_team}")
    return search.sqlite_indexing_triggers(table, index_new, scope=True)


def _kind_in_id(kind: str) -> str:
    return f"(d.id & {STRIDE - 1}) = {KIND_NUMBERS[kind]}"


def _remake_view(of_kind: Callable[[str], str] | None = None) -> None:
    """`search_content` with each kind's arm taking the documents `of_kind` tells are of it, or
    as 0002_search made it."""
    view = load_revision("0002_search").sqlite_view
    op.execute("DROP VIEW search_content")
    op.execute(view(True) if of_kind is None else view(True, of_kind))


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    team_ids = load_revision("0015_search_team_ids")
    team_ids.remake_triggers(kind_triggers)
    _remake_view(_kind_in_id)
    op.execute(team_ids.NUMBER_TEAMS)
    order = "ORDER BY {s}.slot, {s}.record_id"
    window = f"PARTITION BY {{s}}.slot >> {BLOCK_SHIFT}, {{s}}.kind_number {order}"
    team_ids.renumber(
        f"SELECT r.kind_number + {STRIDE} * (r.position"  # noqa: S608 - constants only
        f" + max(r.slot / {STRIDE} - r.position) OVER ({window.format(s='r')})) AS id,"
        f" {team_ids.DOCUMENT_COLUMNS.format(s='r')} FROM (SELECT s.*,"
        f" row_number() OVER ({window.format(s='s')}) AS position FROM (SELECT"
        f" {team_ids.team_slot('d.started_at', 't.key')} AS slot,"
        f" {_kind_number('d.kind')} AS kind_number, d.* FROM search_documents AS d"
        " JOIN search_teams AS t ON t.team_id = d.team_id) AS s) AS r"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _remake_view()
    load_revision("0015_search_team_ids").upgrade()
