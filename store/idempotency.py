"""Idempotency keys: a retried create finds the record the first attempt made."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, select
from sqlalchemy.exc import IntegrityError

from store.tables import idempotency_keys


class KeyTaken(Exception):
    """Another request with the same key committed first; look it up again."""


@dataclass(frozen=True)
class Remembered:
    request_hash: str
    record_id: str


class IdempotencyKeys:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def find(self, upn: str, kind: str, key: str) -> Remembered | None:
        t = idempotency_keys
        query = select(t.c.request_hash, t.c.record_id).where(
            t.c.upn == upn, t.c.kind == kind, t.c.key == key
        )
        row = self.connection.execute(query).first()
        return None if row is None else Remembered(row.request_hash, row.record_id)

    def remember(
        self, upn: str, kind: str, key: str, request_hash: str, record_id: str, at: datetime
    ) -> None:
        statement = idempotency_keys.insert().values(
            upn=upn,
            kind=kind,
            key=key,
            request_hash=request_hash,
            record_id=record_id,
            created_at=at,
        )
        try:
            self.connection.execute(statement)
        except IntegrityError as error:
            raise KeyTaken(key) from error

    def forget_before(self, moment: datetime) -> int:
        """Drop keys older than `moment`; a retry that late is a new submission."""
        statement = delete(idempotency_keys).where(idempotency_keys.c.created_at < moment)
        return self.connection.execute(statement).rowcount
