"""Every table module, imported so that `metadata` knows the whole schema (migrations, tests)."""

from store import tables
from store.tables import metadata

MODULES = (tables,)

__all__ = ["MODULES", "metadata"]
