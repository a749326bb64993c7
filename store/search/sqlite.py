"""SQLite: FTS5 over the records' text (Porter stemmer on unicode61), document ids in start order.

FTS5 hands matches back in id order and ids follow the records' start (store/search/tables.py),
so "newest first" reads matches from the newest end and stops when the page is full, and a date
range narrows the ids FTS5 reads. The scope and filters are checked on search_documents as each
match is joined; CROSS JOIN keeps SQLite from driving the join from a scope index instead.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    String,
    case,
    cast,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.sql.selectable import Join

from store.paging import Page
from store.search.base import (
    MARK_END,
    MARK_START,
    DocumentIndex,
    Facets,
    SearchRequest,
    SearchResult,
    Sort,
    document_clauses,
    newest_cursor,
    read_newest_cursor,
    read_relevance_cursor,
    relevance_cursor,
)
from store.search.query import TextQuery
from store.search.tables import LATEST_MS, SLOT_BITS, search_documents
from store.tables import activity_tables

FTS = table("search_fts", column("rowid", Integer), column("search_fts"))
FTS_TABLE: ColumnElement[Any] = literal_column("search_fts")
WEIGHTS = (2.0, 1.0, 1.0)
"""bm25 weights of location, notes and the kind's other text."""
SNIPPET_TOKENS = 16
SCOPE_FIRST = 2
"""Count matches from the scope's index, probing the words' matches, when the scope and filters
leave at most this many times as many records as the words match: probing a set of ids is
cheaper than joining each match to its document."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class CrossJoin(Join):
    """An inner join whose left side SQLite must use as the outer loop."""

    inherit_cache = True


@compiles(CrossJoin, "sqlite")
def _cross_join(element: CrossJoin, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    left = compiler.process(element.left, **kw)
    right = compiler.process(element.right, **kw)
    assert element.onclause is not None
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


def match_expression(query: TextQuery) -> str:
    """The FTS5 query: every term a quoted string of plain words, `*` on a prefix."""
    terms = []
    for term in query.terms:
        quoted = '"' + " ".join(term.words) + '"'
        terms.append(f"{quoted} *" if term.prefix else quoted)
    return " AND ".join(terms)


def first_id_at(moment: datetime) -> int:
    """The smallest document id a record starting at `moment` can have."""
    milliseconds = (moment - EPOCH) // timedelta(milliseconds=1)
    return max(min(milliseconds, LATEST_MS), -LATEST_MS) << SLOT_BITS


def _slot(started_at: Any) -> ColumnElement[int]:
    """The SQL twin of `first_id_at`, as the triggers compute it from stored text."""
    seconds = cast(func.strftime("%s", started_at), Integer)
    milliseconds = seconds * 1000 + cast(func.substr(started_at, 21, 3), Integer)
    return func.max(func.min(milliseconds, LATEST_MS), -LATEST_MS) * (1 << SLOT_BITS)


def _unindexed(expression: ColumnElement[Any]) -> ColumnElement[Any]:
    """`+expression`: SQLite's way to stop a term from choosing how the query is driven."""
    return UnaryExpression(expression, operator=custom_op("+"), type_=expression.type)


class SqliteSearch(DocumentIndex):
    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self.source = CrossJoin(FTS, self.doc, self.doc.c.id == FTS.c.rowid)

    def month(self, doc: Any) -> ColumnElement[str]:
        started = doc.c.started_at
        hour = func.substr(started, 12, 2, type_=String())
        day = func.substr(started, 1, 10, type_=String())
        return case((hour == "23", day), else_=func.substr(started, 1, 7, type_=String()))

    def _id_range(self, request: SearchRequest) -> list[ColumnElement[bool]]:
        """The ids a date filter allows, so FTS5 skips the rest of each term's list."""
        records = request.filters.records
        found = []
        if records.started_from is not None:
            found.append(FTS.c.rowid >= first_id_at(records.started_from))
        if records.started_before is not None:
            limit = first_id_at(records.started_before + timedelta(milliseconds=1))
            found.append(FTS.c.rowid < limit)
        return found

    def _scalar(self, query: Any) -> int:
        return int(self.connection.execute(query).scalar_one())

    def _counted(
        self, request: SearchRequest, words: list[ColumnElement[bool]]
    ) -> tuple[int, Facets]:
        """Total and facets, driven by the words' matches or, for a narrow scope, its index."""
        doc = self.doc
        filters = document_clauses(doc, request)
        records = request.filters.records
        narrowed = records.team_ids or records.officers or records.lpa_ids
        if narrowed or not request.visibility.everything:
            matched = self._scalar(select(func.count()).select_from(FTS).where(*words))
            cap = SCOPE_FIRST * matched + 1
            scoped = select(doc.c.id).where(*filters).limit(cap).subquery()
            if self._scalar(select(func.count()).select_from(scoped)) < cap:
                matches = select(FTS.c.rowid).where(*words)
                return self.count(doc, [*filters, _unindexed(doc.c.id).in_(matches)])
        return self.count(self.source, [*words, *filters])

    def _match(self, request: SearchRequest) -> SearchResult:
        matching = FTS.c.search_fts.op("MATCH")(match_expression(request.text))
        words = [matching, *self._id_range(request)]
        total, facets = self._counted(request, words)
        clauses = [*words, *document_clauses(self.doc, request)]
        query = select(*self.columns()).select_from(self.source).limit(request.limit + 1)
        if request.sort is Sort.RELEVANCE:
            offset = read_relevance_cursor(request.cursor) if request.cursor else 0
            rank = func.bm25(FTS_TABLE, *WEIGHTS)
            query = query.where(*clauses).order_by(rank, FTS.c.rowid.desc()).offset(offset)
        else:
            offset = 0
            if request.cursor is not None:
                clauses.append(FTS.c.rowid < read_newest_cursor(request.cursor)[1])
            query = query.where(*clauses).order_by(FTS.c.rowid.desc())
        rows = list(self.connection.execute(query))
        shown = rows[: request.limit]
        hits = self.hits_of(shown, self._snippets(matching, [r.id for r in shown]))
        next_cursor = None
        if len(rows) > request.limit:
            last = hits[-1]
            next_cursor = (
                relevance_cursor(last, offset + request.limit)
                if request.sort is Sort.RELEVANCE
                else newest_cursor(last, shown[-1].id)
            )
        return SearchResult(Page(hits, next_cursor), total, facets)

    def _snippets(self, matching: ColumnElement[bool], ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        snippet = func.snippet(FTS_TABLE, -1, MARK_START, MARK_END, "…", SNIPPET_TOKENS)
        query = select(FTS.c.rowid, snippet).where(matching, FTS.c.rowid.in_(ids))
        return {row_id: marked for row_id, marked in self.connection.execute(query)}

    def rebuild(self) -> int:
        self.connection.execute(text("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"))
        self.connection.execute(delete(search_documents))
        names = ["kind", "record_id", "officer", "team_id", "lpa_id", "started_at"]
        live = union_all(
            *(
                select(
                    _slot(t.c.started_at).label("slot"),
                    literal(kind).label("kind"),
                    t.c.id.label("record_id"),
                    t.c.officer,
                    t.c.team_id,
                    t.c.lpa_id,
                    t.c.started_at,
                ).where(t.c.deleted_at.is_(None))
                for kind, t in activity_tables.items()
            )
        ).subquery()
        serial = func.row_number().over(
            partition_by=live.c.slot, order_by=(live.c.kind, live.c.record_id)
        )
        numbered = select(live.c.slot + serial - 1, *(live.c[name] for name in names))
        self.connection.execute(insert(search_documents).from_select(["id", *names], numbered))
        self.connection.execute(text("INSERT INTO search_fts (search_fts) VALUES ('rebuild')"))
        count = select(func.count()).select_from(search_documents)
        return int(self.connection.execute(count).scalar_one())
