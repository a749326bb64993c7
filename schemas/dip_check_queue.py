"""The dip-check queue: records offered to one supervisor and held for them for a while."""

from schemas.abstraction import Abstraction
from schemas.base import Instant, StrictModel
from schemas.dip_check import RecordKind
from schemas.engagement import Engagement
from schemas.patrol import Patrol


class QueueItem(StrictModel):
    """`flagged` items carry warnings (written directly in Lists) and are offered first."""

    kind: RecordKind
    flagged: bool
    held_until: Instant
    record: Engagement | Patrol | Abstraction


class Queue(StrictModel):
    items: list[QueueItem]
