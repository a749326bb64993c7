"""Migrations build exactly the tables store/ defines, and a second run does nothing."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store.catalog import metadata
from store.database import Database
from store.migrate import heads, is_current, migrate
from store.search.tables import include_object


def test_migrated_schema_matches_the_table_definitions(database: Database) -> None:
    with database.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": include_object}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, metadata) == []


def test_migrating_an_up_to_date_store_applies_nothing(database: Database) -> None:
    assert is_current(database)
    assert migrate(database) == []


def test_migrating_an_empty_sqlite_store_reaches_every_head(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert not is_current(database)
    assert set(migrate(database)) == heads()
    assert is_current(database)
    database.dispose()
