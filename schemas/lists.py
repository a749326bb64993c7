"""What administrators see of the link to Microsoft Lists: queued writes and sync counts."""

from schemas.base import Instant, StrictModel
from schemas.choices import Choice


class WriteStatus(Choice):
    PENDING = "Pending"
    PARKED = "Parked"
    """Failed too often; sent again only when an administrator retries it."""
    CONFLICT = "Conflict"
    """Lists changed the item first and its version was kept; never sent."""


class OutboxWrite(StrictModel):
    """A write to Microsoft Lists that is not done: waiting, parked or in conflict."""

    id: int
    kind: str
    record_id: str
    operation: str
    status: WriteStatus
    author: str
    created_at: Instant
    attempts: int
    next_attempt_at: Instant
    last_error: str | None = None


class SyncCounts(StrictModel):
    created: int
    updated: int
    deleted: int
    unchanged: int
    deferred: int
    """Items of records whose own writes are still queued; the dispatcher settles them."""
    held: int
    """Items kept aside until their author is in the people data."""


class SyncReply(SyncCounts):
    lists: dict[str, SyncCounts]
    busy: list[str]
    """Lists another sync was already working on."""
