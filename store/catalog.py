"""Every table module, imported so that `metadata` knows the whole schema (migrations, tests)."""

from store import (
    calendar,
    content_tables,
    graph_budget,
    lists_tables,
    retention,
    supervision_tables,
    sync_state,
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
    graph_budget,
    search_tables,
    retention,
    sync_state,
)

__all__ = ["MODULES", "metadata"]
