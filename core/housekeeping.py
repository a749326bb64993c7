"""Small scheduled chores that keep the store tidy."""

from datetime import timedelta

from schemas.base import now_utc
from store.database import Database

IDEMPOTENCY_WINDOW = timedelta(days=7)
"""How long a client may retry a create with the same key and get the same record back."""


def forget_old_idempotency_keys(database: Database) -> int:
    with database.transaction() as tx:
        forgotten = tx.idempotency.forget_before(now_utc() - IDEMPOTENCY_WINDOW)
        tx.commit()
    return forgotten
