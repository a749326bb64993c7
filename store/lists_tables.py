"""Tables of the Microsoft Lists mirror: the outbox, item links and sync state per list.

Kept apart from the activity tables: a record does not know it has a list item; the link
does, so the embedded mode's tables are the same as production's.
"""

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from store.tables import metadata
from store.types import JSONDict, UTCDateTime

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("operation", String(16), nullable=False),
    Column("fields", JSONDict(), nullable=True),
    Column("author", String(254), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("claimed_until", UTCDateTime(), nullable=True),
    Column("uncertain", Boolean, nullable=False),
    Column("last_error", String(1000), nullable=True),
)
Index(None, outbox.c.kind, outbox.c.record_id, outbox.c.id)
Index(None, outbox.c.status, outbox.c.next_attempt_at)

list_items = Table(
    "list_items",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("item_id", String(32), primary_key=True),
    Column("record_id", String(64), nullable=True),
    Column("etag", String(200), nullable=False),
    Column("seen_run", Integer, nullable=False),
    Column("held", JSONDict(), nullable=True),
    Column("held_reason", String(500), nullable=True),
)
"""`held` keeps whole an item that cannot be made into a record yet, with the reason."""
Index(None, list_items.c.kind, list_items.c.record_id, unique=True)
Index(None, list_items.c.kind, list_items.c.seen_run)

sync_state = Table(
    "sync_state",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("list_id", String(64), nullable=True),
    Column("delta_link", Text(), nullable=True),
    Column("next_link", Text(), nullable=True),
    Column("run", Integer, nullable=False),
    Column("full", Boolean, nullable=False),
    Column("synced_at", UTCDateTime(), nullable=True),
    Column("subscription_id", String(64), nullable=True),
    Column("subscription_expires", UTCDateTime(), nullable=True),
)
