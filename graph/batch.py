"""Item writes in one `$batch`: at most 20 steps, at most one per item (steps run in no
fixed order), each answered with its own status. The answers become outcomes the dispatcher
acts on: done, throttled (with Graph's wait), stale eTag, gone, clash, unknown or failed.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.calls import retry_after
from graph.transport import Reply

BATCH_LIMIT = 20


class Operation(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    COMPLETE = "complete"
    """Give an item made in Lists without a SubmissionId its id (and officer, team, LPA);
    sent without an eTag, as it changes nothing the Power App wrote."""


@dataclass(frozen=True)
class Write:
    key: str
    list_id: str
    operation: Operation
    item_id: str | None = None
    etag: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


class Outcome(StrEnum):
    DONE = "done"
    THROTTLED = "throttled"
    """Not applied; send again after `retry_after`."""
    STALE = "stale"
    """412: the item changed since the eTag we hold."""
    GONE = "gone"
    CLASH = "clash"
    """409 on create: an item with this SubmissionId exists already."""
    UNKNOWN = "unknown"
    """No answer (timeout, lost reply, 5xx): it may or may not have been applied."""
    FAILED = "failed"


@dataclass(frozen=True)
class WriteResult:
    key: str
    outcome: Outcome
    item_id: str | None = None
    etag: str | None = None
    retry_after: float = 0.0
    error: str = ""


def _outcome(status: int) -> Outcome:
    if 200 <= status < 300:
        return Outcome.DONE
    return {
        429: Outcome.THROTTLED,
        503: Outcome.THROTTLED,
        412: Outcome.STALE,
        404: Outcome.GONE,
        409: Outcome.CLASH,
    }.get(status, Outcome.UNKNOWN if status >= 500 else Outcome.FAILED)


def _odata_message(body: Any, status: int) -> str:
    return Reply(status, {}, body).error


def step(list_path: str, write: Write) -> dict[str, Any]:
    """One write as a step of a `$batch` request."""
    items = f"{list_path}/items"
    guard = {"If-Match": write.etag} if write.etag else {}
    json_type = {"Content-Type": "application/json"}
    match write.operation:
        case Operation.CREATE:
            method, url, body = "POST", items, {"fields": write.fields}
        case Operation.UPDATE:
            method, url, body = "PATCH", f"{items}/{write.item_id}/fields", write.fields
        case Operation.COMPLETE:
            method, url, body = "PATCH", f"{items}/{write.item_id}/fields", write.fields
            guard = {}
        case Operation.DELETE:
            method, url, body = "DELETE", f"{items}/{write.item_id}", None
    made: dict[str, Any] = {"id": write.key, "method": method, "url": url}
    headers = guard | (json_type if body is not None else {})
    if headers:
        made["headers"] = headers
    if body is not None:
        made["body"] = body
    return made


def answers(writes: Sequence[Write], reply: Reply) -> tuple[list[WriteResult], float]:
    """The outcome of each write, and the longest wait Graph asked for."""
    if reply.status != 200:
        outcome = _outcome(reply.status)
        wait = float(retry_after(reply.headers)) if outcome is Outcome.THROTTLED else 0.0
        failed = [WriteResult(w.key, outcome, retry_after=wait, error=reply.error) for w in writes]
        return failed, wait
    by_id = {str(r.get("id")): r for r in reply.body.get("responses", [])}
    results = []
    longest = 0.0
    for write in writes:
        answer = by_id.get(write.key)
        if answer is None:
            results.append(WriteResult(write.key, Outcome.UNKNOWN, error="no answer in batch"))
            continue
        status = int(answer.get("status", 500))
        outcome = _outcome(status)
        found = answer.get("body") if isinstance(answer.get("body"), dict) else {}
        wait = 0.0
        if outcome is Outcome.THROTTLED:
            headers = {k.lower(): v for k, v in (answer.get("headers") or {}).items()}
            wait = float(retry_after(headers))
            longest = max(longest, wait)
        results.append(
            WriteResult(
                write.key,
                outcome,
                item_id=str(found["id"]) if "id" in found else write.item_id,
                etag=found.get("eTag") or found.get("@odata.etag"),
                retry_after=wait,
                error="" if outcome is Outcome.DONE else _odata_message(found, status),
            )
        )
    return results, longest
