"""Two migrations started at once on PostgreSQL: one runs, the other waits and finds nothing."""

import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.database import Database
from store.migrate import heads, is_current, migrate


@pytest.fixture
def empty_postgres(postgres_url: str) -> Iterator[str]:
    admin_url = make_url(postgres_url).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"npt_lock_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield str(make_url(postgres_url).set(database=name))
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_concurrent_migrations_run_once(empty_postgres: str) -> None:
    start = threading.Barrier(2)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        database = Database(empty_postgres)
        try:
            start.wait()
            results.append(migrate(database))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            database.dispose()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(results, key=len) == [[], sorted(heads())]
    database = Database(empty_postgres)
    assert is_current(database)
    database.dispose()
