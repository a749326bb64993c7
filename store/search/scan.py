"""The plain scan that search is measured against (bench/search.py): LIKE over the records' text.

It answers the same question as the index for a query's words, with the same scope, filters,
order (newest first), total and facets, by reading every record in scope. Words match as
substrings without stemming, so its counts differ a little from the index's.
"""

from typing import Any

from sqlalchemy import Connection, String, and_, func, literal, or_, select, union_all

from schemas.kinds import ACTIVITY_KINDS
from store.filters import RecordFilter
from store.paging import Page
from store.search.base import (
    KINDS,
    Hit,
    SearchRequest,
    SearchResult,
    excerpt,
    facets_of,
    text_columns,
)
from store.search.postgres import PostgresSearch
from store.search.sqlite import SqliteSearch
from store.tables import activity_tables


def _pattern(words: tuple[str, ...]) -> str:
    escaped = " ".join(words).lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class LikeScan:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        engine = SqliteSearch if connection.dialect.name == "sqlite" else PostgresSearch
        self.month = engine(connection).month

    def _selects(self, request: SearchRequest) -> list[tuple[str, Any, list[Any]]]:
        """(kind, table, conditions) for each kind searched."""
        filters = request.filters
        found = []
        for kind, table in activity_tables.items():
            if filters.kinds and kind not in filters.kinds:
                continue
            records = filters.records
            wanted = RecordFilter(
                started_from=records.started_from,
                started_before=records.started_before,
                officers=records.officers,
                team_ids=records.team_ids,
                lpa_ids=records.lpa_ids,
                choices=dict(filters.choices.get(kind, {})),
            )
            texts = [func.lower(c) for c in text_columns(kind)]
            words = [
                or_(*(t.like(_pattern(term.words), escape="\\") for t in texts))
                for term in request.text.terms
            ]
            conditions = [
                request.visibility.clause(table),
                *wanted.clauses(table, ACTIVITY_KINDS[kind].spec),
                *words,
            ]
            found.append((kind, table, conditions))
        return found

    def search(self, request: SearchRequest) -> SearchResult:
        selects = self._selects(request)
        counted = union_all(
            *(
                select(
                    literal(kind).label("kind"), t.c.team_id, self.month(t).label("month")
                ).where(and_(*conditions))
                for kind, t, conditions in selects
            )
        ).subquery()
        per_kind = [func.count().filter(counted.c.kind == kind) for kind in KINDS]
        groups = select(counted.c.team_id, counted.c.month, *per_kind)
        groups = groups.group_by(counted.c.team_id, counted.c.month)
        total, facets = facets_of(list(self.connection.execute(groups)))
        page = union_all(
            *(
                select(
                    literal(kind, type_=String()).label("kind"),
                    t.c.id,
                    t.c.started_at,
                    t.c.officer,
                    t.c.location,
                    t.c.notes,
                ).where(and_(*conditions))
                for kind, t, conditions in selects
            )
        ).subquery()
        newest = select(page).order_by(page.c.started_at.desc(), page.c.id.desc())
        rows = self.connection.execute(newest.limit(request.limit))
        hits = [
            Hit(r.kind, r.id, r.started_at, r.officer, excerpt((r.location, r.notes))) for r in rows
        ]
        return SearchResult(Page(hits, None), total, facets)
