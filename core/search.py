"""Global search over engagements, patrols and abstractions, within the caller's scope.

The scope goes into the store's query as a condition, so totals and facets count only records
the caller may read. Each search is a consultation of the records on the page and is audited;
the query text goes to the processing log only, never to application logs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.access import Caller, visibility
from core.errors import FieldError, InvalidInput
from core.queries import RecordQuery
from schemas.audit import AuditAction
from schemas.base import now_utc
from schemas.kinds import ACTIVITY_KINDS
from store.audit import AuditEvent
from store.database import Database
from store.filters import RecordFilter
from store.paging import BadCursor
from store.search import (
    BadQuery,
    SearchFilter,
    SearchRequest,
    SearchResult,
    Sort,
    TextQuery,
    index_for,
    parse_query,
)

Clock = Callable[[], datetime]
AUDIT_KIND = "search"


@dataclass(frozen=True)
class SearchQuery:
    """What the caller asked for; `choices` holds each kind's enum filters by field name."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    records: RecordQuery = field(default_factory=RecordQuery)
    choices: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    sort: Sort = Sort.NEWEST
    """Relevance needs words to rank by: without them the order is always newest first."""


def _text(q: str) -> TextQuery:
    try:
        return parse_query(q)
    except BadQuery as error:
        raise InvalidInput([FieldError("q", str(error))]) from None


def _kinds(query: SearchQuery) -> tuple[str, ...]:
    """The kinds to search: an enum filter of one kind limits the search to that kind."""
    implied = {
        kind: [name for name, values in fields.items() if values]
        for kind, fields in query.choices.items()
        if any(fields.values())
    }
    if len(implied) > 1:
        named = sorted(name for names in implied.values() for name in names)
        message = "filter different kinds of record; search one kind at a time"
        raise InvalidInput([FieldError(name, message) for name in named])
    if not implied:
        return query.kinds
    ((kind, names),) = implied.items()
    if query.kinds and kind not in query.kinds:
        message = f"applies to {kind} records, which kind leaves out"
        raise InvalidInput([FieldError(name, message) for name in names])
    return (kind,)


def _filter(query: SearchQuery) -> SearchFilter:
    period = query.records.to_filter()
    records = RecordFilter(
        started_from=period.started_from,
        started_before=period.started_before,
        officers=period.officers,
        team_ids=period.team_ids,
        lpa_ids=period.lpa_ids,
    )
    choices = {
        kind: {name: values for name, values in fields.items() if values}
        for kind, fields in query.choices.items()
        if kind in ACTIVITY_KINDS and any(fields.values())
    }
    return SearchFilter(records=records, kinds=_kinds(query), choices=choices)


def _detail(query: SearchQuery, request: SearchRequest, result: SearchResult) -> dict[str, Any]:
    filters = request.filters
    records = filters.records
    return {
        "q": query.q,
        "sort": request.sort.value,
        "filters": {
            "kind": list(filters.kinds),
            "from": records.started_from,
            "before": records.started_before,
            "officer": list(records.officers),
            "team_id": list(records.team_ids),
            "lpa_id": list(records.lpa_ids),
            **{name: list(v) for fields in filters.choices.values() for name, v in fields.items()},
        },
        "total": result.total,
        "record_ids": [hit.id for hit in result.page.items],
    }


def search(
    db: Database,
    caller: Caller,
    query: SearchQuery,
    *,
    limit: int,
    cursor: str | None = None,
    clock: Clock = now_utc,
) -> SearchResult:
    """A page of matching records in scope, the total and the facets; the search is audited."""
    text = _text(query.q)
    sort = Sort.NEWEST if text.empty else query.sort
    request = SearchRequest(text, visibility(caller), _filter(query), sort, limit, cursor)
    # The search reads without holding SQLite's single write lock; its audit row follows in a
    # short write of its own, and nothing is returned unless that row is committed.
    with db.transaction(read_only=True) as tx:
        try:
            result = index_for(tx.connection).search(request)
        except BadCursor as error:
            raise InvalidInput([FieldError("cursor", str(error))]) from None
    with db.transaction() as tx:
        tx.audit.record(
            AuditEvent(
                at=clock(),
                upn=caller.upn,
                action=AuditAction.CONSULTATION,
                source=caller.source,
                kind=AUDIT_KIND,
                request_id=caller.request_id,
                purpose=caller.purpose,
                detail=_detail(query, request, result),
            )
        )
        tx.commit()
    return result
