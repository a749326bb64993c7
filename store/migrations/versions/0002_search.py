"""global search: search_documents, SQLite FTS5 / PostgreSQL tsvector, triggers on activity logs

Revision ID: 0002_search
Revises: 0001
Create Date: 2026-11-26 19:00:00

Triggers on the three activity tables keep the index right for every writer (API, sync,
retention purge): a record is indexed while it is not deleted. On SQLite the FTS5 table is an
external-content table reading the records' text through the `search_content` view; on
PostgreSQL a tsvector column (English configuration, GIN index) sits on search_documents.
"""

import string
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0002_search"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {  # activity table: (kind, searchable text fields beyond location and notes)
    "engagements": ("engagement", ("issues_raised", "actions_agreed", "feedback_text")),
    "patrols": ("patrol", ("operation_name", "tasking_ref")),
    "abstractions": ("abstraction", ()),
}
WATCHED = ("id", "officer", "team_id", "lpa_id", "started_at", "deleted_at", "location", "notes")
SLOT = 1048576  # 2**20 ids per millisecond of start
LATEST_MS = 4398046511103  # 2**42 - 1


def _watched(table: str) -> str:
    return ", ".join(WATCHED + TABLES[table][1])


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_details(table: str, row: str) -> str:
    """The extra fields joined by newlines, as PostgreSQL's concat_ws would; NULL when none."""
    fields = TABLES[table][1]
    if not fields:
        return "NULL"
    parts = " || ".join(f"coalesce(char(10) || {row}.{field}, '')" for field in fields)
    return f"nullif(substr({parts}, 2), '')"


def sqlite_milliseconds(started_at: str) -> str:
    """Milliseconds from 1970 to a start stored as text."""
    return (
        f"CAST(strftime('%s', {started_at}) AS INTEGER) * 1000"
        f" + CAST(substr({started_at}, 21, 3) AS INTEGER)"
    )


def sqlite_slot(started_at: str) -> str:
    return f"max(min({sqlite_milliseconds(started_at)}, {LATEST_MS}), -{LATEST_MS}) * {SLOT}"


def _sqlite_scope(scope: bool) -> tuple[str, str]:
    """The FTS5 column of scope tokens (0011_search_scope), as (column list, value from `d`):
    team, LPA and officer as single tokens user words never reach, e.g. `zt7465616D2D6131`."""
    if not scope:
        return "", ""
    value = "'zt' || hex(d.team_id) || ' zl' || hex(d.lpa_id) || ' zo' || hex(d.officer)"
    return ", scope", f", {value}"


def _sqlite_forget(table: str, text_from: str, record_id: str, scope: bool) -> str:
    """Remove the record's document; FTS5 needs the text it indexed to take it out again."""
    kind, _ = TABLES[table]
    row = "old" if text_from == "old" else "r"
    source = "" if text_from == "old" else f" JOIN {table} AS r ON r.id = d.record_id"
    column, value = _sqlite_scope(scope)
    return f"""
    INSERT INTO search_fts (search_fts, rowid, location, notes, details{column})
        SELECT 'delete', d.id, {row}.location, {row}.notes, {_sqlite_details(table, row)}{value}
        FROM search_documents AS d{source}
        WHERE d.kind = '{kind}' AND d.record_id = {record_id};
    DELETE FROM search_documents WHERE kind = '{kind}' AND record_id = {record_id};"""  # noqa: S608 - constants only


def next_id(size: int, full: str = "d.id + 1") -> str:
    """The next free id of the slot `s.slot` holding `size` ids, or `full` when its last id,
    `d.id`, is taken."""
    last = f"s.slot + {size - 1}"
    return f"""coalesce(
            (SELECT CASE WHEN d.id < {last} THEN d.id + 1 ELSE {full} END
                FROM search_documents AS d
                WHERE d.id BETWEEN s.slot AND {last} ORDER BY d.id DESC LIMIT 1),
            s.slot)"""  # noqa: S608 - constants only


def sqlite_index_new(
    table: str, scope: bool, slot: str | None = None, new_id: str | None = None, first: str = ""
) -> str:
    """Index a new or changed record, after the statements `first`: its document takes the id
    `new_id` gives from the slot `slot` selects, by default the next free id of its start's
    millisecond."""
    kind, _ = TABLES[table]
    column, value = _sqlite_scope(scope)
    slot = slot or f"SELECT {sqlite_slot('new.started_at')} AS slot"
    new_id = new_id or next_id(SLOT)
    return f"""{first}
    INSERT INTO search_documents (id, kind, record_id, officer, team_id, lpa_id, started_at)
        SELECT {new_id}, '{kind}', new.id, new.officer, new.team_id, new.lpa_id, new.started_at
        FROM ({slot}) AS s
        WHERE new.deleted_at IS NULL;
    INSERT INTO search_fts (rowid, location, notes, details{column})
        SELECT d.id, new.location, new.notes, {_sqlite_details(table, "new")}{value}
        FROM search_documents AS d WHERE d.kind = '{kind}' AND d.record_id = new.id;"""  # noqa: S608 - constants only


def sqlite_view(scope: bool, of_kind: Callable[[str], str] = "d.kind = '{}'".format) -> str:
    """The view FTS5 reads the records' text through: an arm for each kind, taking the
    documents `of_kind` tells are of it."""
    _, value = _sqlite_scope(scope)
    arms = [
        f"SELECT d.id AS id, r.location AS location, r.notes AS notes,"  # noqa: S608 - constants only
        f" {_sqlite_details(table, 'r')} AS details{value + ' AS scope' if scope else ''}"
        f" FROM search_documents AS d JOIN {table} AS r ON r.id = d.record_id"
        f" WHERE {of_kind(kind)}"
        for table, (kind, _) in TABLES.items()
    ]
    return "CREATE VIEW search_content AS " + " UNION ALL ".join(arms)


def _sqlite_backfill() -> str:
    arms = [
        f"SELECT {sqlite_slot('started_at')} AS slot, '{kind}' AS kind, id AS record_id,"  # noqa: S608 - constants only
        f" officer, team_id, lpa_id, started_at FROM {table} WHERE deleted_at IS NULL"
        for table, (kind, _) in TABLES.items()
    ]
    return (
        "INSERT INTO search_documents (id, kind, record_id, officer, team_id, lpa_id, started_at)"  # noqa: S608 - constants only
        " SELECT slot + row_number() OVER (PARTITION BY slot ORDER BY kind, record_id) - 1,"
        " kind, record_id, officer, team_id, lpa_id, started_at FROM ("
        + " UNION ALL ".join(arms)
        + ")"
    )


def _sqlite_upgrade() -> None:
    # Facets read these columns for every match: a narrow covering index is quicker than rows.
    op.execute(
        "CREATE INDEX search_documents_facets ON search_documents (id, kind, team_id, started_at)"
    )
    sqlite_index_objects(scope=False)
    op.execute(_sqlite_backfill())
    sqlite_fill(scope=False)


def sqlite_index_objects(scope: bool) -> None:
    """The view FTS5 reads text through, the FTS5 table, and the triggers keeping it."""
    op.execute(sqlite_view(scope))
    column, _ = _sqlite_scope(scope)
    op.execute(
        f"CREATE VIRTUAL TABLE search_fts USING fts5(location, notes, details{column},"
        " content='search_content', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 0')"
    )
    for table in TABLES:
        # An INSERT OR REPLACE removes the old row without firing delete triggers; its text is
        # still readable here, before the insert, so the index can forget it.
        op.execute(
            f"CREATE TRIGGER search_{table}_replacing BEFORE INSERT ON {table} BEGIN"
            f"{_sqlite_forget(table, 'table', 'new.id', scope)}\nEND"
        )
        for trigger in sqlite_indexing_triggers(table, sqlite_index_new(table, scope), scope):
            op.execute(trigger)


def sqlite_indexing_triggers(table: str, index_new: str, scope: bool) -> tuple[str, ...]:
    """The triggers indexing a record inserted, and one changed, by `index_new`, and forgetting
    one deleted."""
    forget_old = _sqlite_forget(table, "old", "old.id", scope)
    return (
        f"CREATE TRIGGER search_{table}_inserted AFTER INSERT ON {table} BEGIN{index_new}\nEND",
        f"CREATE TRIGGER search_{table}_updated AFTER UPDATE OF {_watched(table)}"
        f" ON {table} BEGIN{forget_old}{index_new}\nEND",
        f"CREATE TRIGGER search_{table}_deleted AFTER DELETE ON {table} BEGIN{forget_old}\nEND",
    )


def sqlite_fill(scope: bool) -> None:
    # In id order: FTS5 writes out a segment whenever an id is lower than the one before.
    column, _ = _sqlite_scope(scope)
    op.execute(
        f"INSERT INTO search_fts (rowid, location, notes, details{column})"  # noqa: S608 - constants only
        f" SELECT id, location, notes, details{column} FROM search_content ORDER BY id"
    )


def sqlite_drop_index_objects() -> None:
    for table in TABLES:
        for event in ("replacing", "inserted", "updated", "deleted"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP VIEW IF EXISTS search_content")


# --- PostgreSQL -------------------------------------------------------------------------------


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _postgres_details(table: str, row: str) -> str:
    fields = TABLES[table][1]
    if not fields:
        return "NULL"
    return "nullif(concat_ws(E'\\n', " + ", ".join(f"{row}.{f}" for f in fields) + "), '')"


def _postgres_upgrade() -> None:
    punctuation = string.punctuation
    op.execute("CREATE SEQUENCE search_documents_id_seq OWNED BY search_documents.id")
    op.execute("ALTER TABLE search_documents ADD COLUMN document tsvector NOT NULL")
    # ASCII punctuation becomes a space before parsing, so that words split as SQLite's
    # unicode61 tokenizer splits them (no `s.23` or `-2026` tokens, no e-mail or URL tokens).
    op.execute(
        "CREATE FUNCTION search_words(value text) RETURNS text"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS"
        f" $$ SELECT translate(coalesce(value, ''), {_literal(punctuation)},"
        f" {_literal(' ' * len(punctuation))}) $$"
    )
    op.execute(
        "CREATE FUNCTION search_vector(location text, notes text, details text) RETURNS tsvector"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT"
        " setweight(to_tsvector('english', search_words(location)), 'A')"
        " || setweight(to_tsvector('english', search_words(notes)), 'B')"
        " || setweight(to_tsvector('english', search_words(details)), 'C') $$"
    )
    op.execute(
        "CREATE FUNCTION search_forget_kind() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " DELETE FROM search_documents WHERE kind = TG_ARGV[0]; RETURN NULL; END $$"
    )
    for table, (kind, _) in TABLES.items():
        op.execute(
            f"CREATE FUNCTION search_index_{table}() RETURNS trigger LANGUAGE plpgsql AS $$"  # noqa: S608 - constants only
            " BEGIN"
            " IF TG_OP IN ('UPDATE', 'DELETE') THEN"
            f" DELETE FROM search_documents WHERE kind = '{kind}' AND record_id = OLD.id;"
            " END IF;"
            " IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN"
            " INSERT INTO search_documents"
            " (id, kind, record_id, officer, team_id, lpa_id, started_at, document)"
            f" VALUES (nextval('search_documents_id_seq'), '{kind}', NEW.id, NEW.officer,"
            " NEW.team_id, NEW.lpa_id, NEW.started_at, search_vector(NEW.location, NEW.notes,"
            f" {_postgres_details(table, 'NEW')}));"
            " END IF;"
            " RETURN NULL;"
            " END $$"
        )
        op.execute(
            f"CREATE TRIGGER search_index AFTER INSERT OR DELETE OR UPDATE OF {_watched(table)}"
            f" ON {table} FOR EACH ROW EXECUTE FUNCTION search_index_{table}()"
        )
        op.execute(
            f"CREATE TRIGGER search_truncated AFTER TRUNCATE ON {table}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION search_forget_kind('{kind}')"
        )
        op.execute(
            "INSERT INTO search_documents"  # noqa: S608 - constants only
            " (id, kind, record_id, officer, team_id, lpa_id, started_at, document)"
            f" SELECT nextval('search_documents_id_seq'), '{kind}', r.id, r.officer, r.team_id,"
            " r.lpa_id, r.started_at,"
            f" search_vector(r.location, r.notes, {_postgres_details(table, 'r')})"
            f" FROM {table} AS r WHERE r.deleted_at IS NULL"
        )
    op.execute("CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)")


def _postgres_downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS search_index ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS search_truncated ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_index_{table}()")
    op.execute("DROP FUNCTION IF EXISTS search_forget_kind()")
    op.execute("DROP FUNCTION IF EXISTS search_vector(text, text, text)")
    op.execute("DROP FUNCTION IF EXISTS search_words(text)")


# --- both -------------------------------------------------------------------------------------


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=255), nullable=False),
        sa.Column("officer", sa.String(length=255), nullable=False),
        sa.Column("team_id", sa.String(length=255), nullable=False),
        sa.Column("lpa_id", sa.String(length=255), nullable=False),
        sa.Column("started_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
    )
    for columns in (
        ("kind", "record_id"),
        ("lpa_id", "started_at", "id"),
        ("team_id", "started_at", "id"),
        ("officer", "started_at", "id"),
        ("started_at", "id"),
    ):
        op.create_index(
            op.f("ix_search_documents_" + "_".join(columns)),
            "search_documents",
            list(columns),
            unique=columns == ("kind", "record_id"),
        )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _postgres_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite_drop_index_objects()
    else:
        _postgres_downgrade()
    op.drop_table("search_documents")
