"""Scheduled chores: old idempotency keys are forgotten, recent ones kept."""

from datetime import timedelta

from core.housekeeping import IDEMPOTENCY_WINDOW, forget_old_idempotency_keys
from schemas.base import now_utc
from store.database import Database


def test_old_idempotency_keys_are_forgotten(database: Database) -> None:
    with database.transaction() as tx:
        old = now_utc() - IDEMPOTENCY_WINDOW - timedelta(minutes=1)
        tx.idempotency.remember("a@x", "patrol", "old", "h", "r1", old)
        tx.idempotency.remember("a@x", "patrol", "new", "h", "r2", now_utc())
        tx.commit()
    assert forget_old_idempotency_keys(database) == 1
    with database.transaction(read_only=True) as tx:
        assert tx.idempotency.find("a@x", "patrol", "old") is None
        assert tx.idempotency.find("a@x", "patrol", "new") is not None
