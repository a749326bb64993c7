"""Every table module, imported so that `metadata` knows the whole schema (migrations, tests)."""

from store import (
    calendar,
    content_tables,
    lists_tables,
    retention,
    supervision_tables,
    tables,
)
from store.search import tables as search_tables
from store.tables import metadata

MODULES = (
    tables,
    supervision_tables,
    calendar,
    content_tables,
    lists_tables,
    search_tables,
    retention,
)

__all__ = ["MODULES", "metadata"]
