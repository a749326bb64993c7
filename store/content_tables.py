"""Tables of the content lists, generated from their specs like the activity logs' tables."""

from sqlalchemy import Column, ForeignKeyConstraint, Index, String, Table

from schemas.content import CONTENT_LISTS
from store.tables import _columns, metadata
from store.types import UTCDateTime

ORDER: dict[str, tuple[tuple[str, ...], bool]] = {
    "what_works_well": (("created_at", "id"), True),
    "feedback": (("created_at", "id"), True),
    "news": (("pinned", "publish_from", "id"), True),
    "useful_info_folder": (("name", "id"), False),
    "useful_info_item": (("title", "id"), False),
    "keyholder": (("premises", "id"), False),
}
"""How each list is paged: the columns of its order (ending with the id) and whether descending."""


def _content_table(name: str, *extra: ForeignKeyConstraint) -> Table:
    content = CONTENT_LISTS[name]
    return Table(
        content.table,
        metadata,
        *_columns(content.spec, content.table),
        Column("deleted_at", UTCDateTime(), nullable=True),
        Column("deleted_by", String(254), nullable=True),
        Column("delete_reason", String(500), nullable=True),
        *extra,
    )


what_works_well = _content_table("what_works_well")
feedback = _content_table("feedback")
news = _content_table("news")
folders = _content_table(
    "useful_info_folder", ForeignKeyConstraint(["parent_id"], ["useful_info_folders.id"])
)
items = _content_table(
    "useful_info_item", ForeignKeyConstraint(["folder_id"], ["useful_info_folders.id"])
)
keyholders = _content_table(
    "keyholder", ForeignKeyConstraint(["folder_id"], ["useful_info_folders.id"])
)

content_tables: dict[str, Table] = {
    "what_works_well": what_works_well,
    "feedback": feedback,
    "news": news,
    "useful_info_folder": folders,
    "useful_info_item": items,
    "keyholder": keyholders,
}

for name, table in content_tables.items():
    columns, _ = ORDER[name]
    Index(None, *(table.c[c] for c in columns))
for scope in ("status", "created_by", "lpa_id"):
    Index(None, what_works_well.c[scope], what_works_well.c.created_at, what_works_well.c.id)
for scope in ("status", "created_by"):
    Index(None, feedback.c[scope], feedback.c.created_at, feedback.c.id)
Index(None, news.c.audience)
Index(None, folders.c.parent_id)
Index(None, folders.c.lpa_id)
Index(None, items.c.folder_id, items.c.title, items.c.id)
Index(None, items.c.lpa_id)
Index(None, keyholders.c.lpa_id, keyholders.c.premises, keyholders.c.id)
Index(None, keyholders.c.folder_id)
