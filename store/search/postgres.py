"""PostgreSQL: a tsvector per document (English configuration, GIN index), headlines per page.

The migration's `search_words` turns ASCII punctuation into spaces before the text is parsed, so
PostgreSQL splits words as SQLite's tokenizer does. Headlines are computed only for the page
returned, over the records' own text with punctuation swapped for private-use characters (which
the parser also treats as spaces) and swapped back afterwards, so that what is marked is what
was indexed and the text reads as written.
"""

import string
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    column,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from store.search.base import (
    HIT_COLUMNS,
    DocumentIndex,
    SearchRequest,
    SearchResult,
    Sort,
    after_newest,
    document_clauses,
    read_relevance_cursor,
    text_columns,
)
from store.search.query import TextQuery
from store.tables import activity_tables

ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
VECTOR: ColumnElement[Any] = literal_column("d.document", type_=TSVECTOR)
PUNCTUATION = string.punctuation
STAND_INS = "".join(chr(0xE000 + ord(c)) for c in PUNCTUATION)
RESTORE = str.maketrans(STAND_INS, PUNCTUATION)
HEADLINE = 'MaxWords=18, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "'
WRITABLE = table(
    "search_documents",
    *(column(name) for name in ("id", "kind", "record_id", "officer", "team_id", "lpa_id")),
    column("started_at"),
    column("document"),
)


def tsquery_text(query: TextQuery) -> str:
    """to_tsquery's input: quoted words (letters and digits only), phrases joined by <->, a
    prefix or any of its completions."""
    terms = []
    for term in query.terms:
        lexemes = [f"'{word}'" for word in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        forms = [lexemes, *([f"'{word}'" for word in form] for form in term.completions)]
        either = " | ".join("(" + " <-> ".join(form) + ")" for form in forms)
        terms.append(f"({either})" if len(forms) > 1 else either)
    return " & ".join(terms)


def _details(kind: str) -> Any:
    """A kind's text beyond location and notes, as the migration's triggers join it."""
    others = text_columns(kind)[2:]
    if not others:
        return null()
    return func.nullif(func.concat_ws("\n", *others), "")


class PostgresSearch(DocumentIndex):
    def month(self, doc: Any) -> ColumnElement[str]:
        local = func.timezone("Europe/London", doc.c.started_at)
        return func.to_char(local, "YYYY-MM", type_=String())

    def _match(self, request: SearchRequest) -> SearchResult:
        doc = self.doc
        tsquery = func.to_tsquery(ENGLISH, tsquery_text(request.text))
        clauses = [VECTOR.op("@@")(tsquery), *document_clauses(doc, request)]
        total, facets = self.count(doc, clauses)
        query = select(*HIT_COLUMNS).limit(request.limit + 1)
        newest = (doc.c.started_at.desc(), doc.c.id.desc())
        if request.sort is Sort.RELEVANCE:
            offset = read_relevance_cursor(request.cursor) if request.cursor else 0
            rank = func.ts_rank(VECTOR, tsquery)
            query = query.where(*clauses).order_by(rank.desc(), *newest).offset(offset)
        else:
            offset = 0
            if request.cursor is not None:
                clauses.append(after_newest(doc, request.cursor))
            query = query.where(*clauses).order_by(*newest)
        rows = list(self.connection.execute(query))
        headlines = self._headlines(tsquery, rows[: request.limit])
        return self.answer(request, rows, headlines, offset, total, facets)

    def _headlines(self, tsquery: Any, rows: list[Any]) -> dict[int, str]:
        found: dict[int, str] = {}
        marks = f'StartSel="{self.marks.start}", StopSel="{self.marks.end}", {HEADLINE}'
        for kind in {r.kind for r in rows}:
            table_ = activity_tables[kind]
            ids = {r.record_id: r.id for r in rows if r.kind == kind}
            words = func.translate(
                func.concat_ws("\n", *text_columns(kind)), PUNCTUATION, STAND_INS
            )
            headline = func.ts_headline(ENGLISH, words, tsquery, marks, type_=String())
            query = select(table_.c.id, headline).where(table_.c.id.in_(list(ids)))
            for record_id, marked in self.connection.execute(query):
                found[ids[record_id]] = marked.translate(RESTORE)
        return found

    def rebuild(self) -> int:
        self.connection.execute(text("TRUNCATE search_documents"))
        self.connection.execute(text("DROP INDEX ix_search_documents_document"))
        count = self.reload(self._fill)
        self.connection.execute(
            text(
                "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)"
            )
        )
        return count

    def _fill(self) -> None:
        names = [c.name for c in WRITABLE.c]
        for kind, t in activity_tables.items():
            source = select(
                func.nextval("search_documents_id_seq"),
                literal(kind),
                t.c.id,
                t.c.officer,
                t.c.team_id,
                t.c.lpa_id,
                t.c.started_at,
                func.search_vector(t.c.location, t.c.notes, _details(kind)),
            ).where(t.c.deleted_at.is_(None))
            self.connection.execute(insert(WRITABLE).from_select(names, source))
