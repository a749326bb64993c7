"""Schema migrations: a deploy step, run under a lock so two at once never race."""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from store.database import Database

MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_ID = 7_141_970_001
"""PostgreSQL advisory lock key held while migrating."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


@functools.cache
def heads() -> frozenset[str]:
    return frozenset(_scripts().get_heads())


def current(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


@contextmanager
def _locked(database: Database) -> Iterator[Connection]:
    """A connection holding, on PostgreSQL, the lock every schema change takes."""
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_ID})
            connection.commit()
        try:
            yield connection
        finally:
            if database.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_ID})
                connection.commit()


def migrate(database: Database) -> list[str]:
    """Bring the schema up to date; returns the revisions applied (none when already current)."""
    with _locked(database) as connection:
        before = current(connection)
        connection.commit()
        command.upgrade(_config(connection), "heads")
        connection.commit()
        after = current(connection)
        connection.commit()
    return sorted(after - before)


class BadRevision(ValueError):
    """A migration the schema cannot be taken back to: unknown, or not yet applied."""


def downgrade(database: Database, revision: str) -> None:
    """Take the schema back to `revision`, as rolling back a deploy would."""
    scripts = _scripts()
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        raise BadRevision(f"no migration is named {revision!r}")
    with _locked(database) as connection:
        applied = scripts.iterate_revisions(tuple(current(connection)), "base")
        connection.commit()
        if revision not in {script.revision for script in applied}:
            raise BadRevision(f"the schema is not past {revision!r}; nothing to take back")
        command.downgrade(_config(connection), revision)
        connection.commit()


def is_current(database: Database) -> bool:
    with database.engine.connect() as connection:
        return current(connection) == set(heads())


def autogenerate(database: Database, message: str) -> None:
    """Write a new migration for what changed in store/tables.py (used by developers)."""
    with database.engine.connect() as connection:
        command.revision(_config(connection), message=message, autogenerate=True)
        connection.commit()
