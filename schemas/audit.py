"""The processing log that DPA 2018 s.62 requires: who did what to which record, and when."""

from typing import Any

from schemas.base import Instant, StrictModel
from schemas.choices import Choice


class AuditAction(Choice):
    COLLECTION = "Collection"
    ALTERATION = "Alteration"
    CONSULTATION = "Consultation"
    DISCLOSURE = "Disclosure"
    COMBINATION = "Combination"
    DELETION = "Deletion"
    ERASURE = "Erasure"


class AuditSource(Choice):
    API = "API"
    SYNC = "Sync"
    COMMAND_LINE = "Command line"
    TIMER = "Timer"


class AuditEntry(StrictModel):
    id: int
    at: Instant
    upn: str
    action: AuditAction
    kind: str | None = None
    record_id: str | None = None
    request_id: str | None = None
    source: AuditSource
    purpose: str | None = None
    detail: dict[str, Any] | None = None
