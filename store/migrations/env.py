"""Alembic runs here with the connection that store.migrate hands it."""

from alembic import context

from store.catalog import metadata
from store.search.tables import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
