"""The search index's portable table, and what migrations keep out of the schema comparison.

`search_documents` holds one row per live (not deleted) activity record: its kind, id, scope
columns and start. Triggers on the activity tables keep it, and the engine's full-text index,
in step with every write (store/migrations/versions/0002_search.py), whoever writes.

On SQLite a document's id orders documents by team, then start: a block of ids for each team
(BLOCK_BITS), in which the start in milliseconds since 1970 times 2**SLOT_BITS, plus a counter
for the team's records of one kind starting in the same millisecond times 2**KIND_BITS, plus
the kind's number (NUMBERED_KINDS). An id alone gives a match's team, month and kind for
facets. FTS5 returns matches in id order and
skips to an id range, so a search within one team reads only the team's part of each word's
list, "newest first" streams from it and stops at the page's end, and a date range is a range
of ids; a search over many teams sorts its matches by the ids' start (`TIME_MASK`).
Teams are numbered in `search_teams` (0012_search_facet_keys) the first time one is seen; those
numbered past the last block share it. On PostgreSQL ids come from a sequence.
"""

from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table

from store.tables import activity_tables, metadata
from store.types import UTCDateTime

BLOCK_BITS = 10
"""High bits of a SQLite document id: its team's number, at most 2**BLOCK_BITS - 1."""
TIME_BITS = 42
SLOT_BITS = 12
"""Low bits of a SQLite document id: the counter within one team's millisecond, then the
kind."""
KIND_BITS = 2
KIND_MASK = 2**KIND_BITS - 1
NUMBERED_KINDS = ("engagement", "patrol", "abstraction")
"""Kinds by their number in a SQLite document id's last bits (0016_search_kind_ids) and in
search_facet_keys (0012_search_facet_keys)."""
BLOCK_SHIFT = TIME_BITS + SLOT_BITS
LAST_BLOCK = 2**BLOCK_BITS - 1
MIDDLE_BLOCK = 2 ** (BLOCK_BITS - 1)
"""Subtracted from a team's number so that the blocks' ids fill the signed 64 bits."""
LATEST_MS = 2**TIME_BITS - 1
"""Starts are clamped to 0 ... this many milliseconds from 1970 (years 1970-2109) so that ids
fit 64 bits, whatever date an item written in Lists carries."""
BLOCK_IDS = 2**BLOCK_SHIFT
TIME_MASK = LATEST_MS << SLOT_BITS
"""The bits of an id that hold its start: ids over many teams are sorted by these, then by the
whole id, which is the order of start and then id that search without words lists them in."""


def block_base(key: int) -> int:
    """The first id of the block of the team numbered `key`."""
    return (min(key, LAST_BLOCK) - MIDDLE_BLOCK) << BLOCK_SHIFT


_record = activity_tables["engagement"].c

search_documents = Table(
    "search_documents",
    metadata,
    Column(
        "id",
        BigInteger().with_variant(Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("kind", String(32), nullable=False),
    Column("record_id", _record.id.type, nullable=False),
    Column("officer", _record.officer.type, nullable=False),
    Column("team_id", _record.team_id.type, nullable=False),
    Column("lpa_id", _record.lpa_id.type, nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
)
Index(None, search_documents.c.kind, search_documents.c.record_id, unique=True)
for _scope in ("lpa_id", "team_id", "officer"):
    Index(None, search_documents.c[_scope], search_documents.c.started_at, search_documents.c.id)
Index(None, search_documents.c.started_at, search_documents.c.id)
_facets = (search_documents.c.team_id, search_documents.c.kind, search_documents.c.started_at)
Index(None, *_facets)
Index(None, search_documents.c.lpa_id, *_facets)
"""Documents already in team and kind order, so counting by both reads index ranges instead of
sorting (0010_search_facets)."""

ENGINE_OBJECTS = ("search_fts", "search_content", "search_facet_keys", "search_teams")
"""SQLite's FTS5 table (and its shadow tables), the view it reads text through, and the facets'
integers of each document (0012_search_facet_keys)."""
POSTGRES_VECTOR = "document"
"""PostgreSQL's tsvector column on search_documents, with its GIN index."""
SQLITE_FACETS = "search_documents_facets"
"""SQLite's covering index of the columns facets count, read for each match instead of rows."""


def include_object(
    item: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's hook: engine-specific search objects are made by hand, not from `metadata`."""
    if not reflected or compare_to is not None or name is None:
        return True
    if type_ == "table":
        return not name.startswith(ENGINE_OBJECTS)
    if type_ == "column":
        return not (name == POSTGRES_VECTOR and item.table.name == search_documents.name)
    if type_ == "index":
        return name not in (f"ix_{search_documents.name}_{POSTGRES_VECTOR}", SQLITE_FACETS)
    return True
