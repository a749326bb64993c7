"""The search interface both engines implement, and what they share: filters, facets, paging
and snippets. Engines differ only in how text is matched, ranked and highlighted."""

import functools
import html
import secrets
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)

from schemas.base import LONDON
from schemas.kinds import ACTIVITY_KINDS
from store.filters import RecordFilter, Visibility
from store.paging import BadCursor, Page, decode_cursor, encode_cursor
from store.search.query import TextQuery
from store.search.tables import search_documents
from store.tables import activity_tables
from store.types import UTCDateTime

EXCERPT_WORDS = 24
KINDS = tuple(ACTIVITY_KINDS)
DOCUMENTS = search_documents.alias("d")
"""The documents as every search query names them."""
HIT_COLUMNS = (
    DOCUMENTS.c.id,
    DOCUMENTS.c.kind,
    DOCUMENTS.c.record_id,
    DOCUMENTS.c.started_at,
    DOCUMENTS.c.officer,
)
"""What a page reads of each document it shows."""


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"


@dataclass(frozen=True)
class SearchFilter:
    """Filters of the list endpoints plus the kinds searched; each tuple means "any of"."""

    records: RecordFilter = field(default_factory=RecordFilter)
    kinds: tuple[str, ...] = ()
    choices: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    """Per kind, its enum fields' wanted values; a record of another kind is not affected."""


@dataclass(frozen=True)
class SearchRequest:
    text: TextQuery
    visibility: Visibility
    filters: SearchFilter = field(default_factory=SearchFilter)
    sort: Sort = Sort.NEWEST
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class Hit:
    kind: str
    id: str
    started_at: datetime
    officer: str
    snippet: str
    """HTML: the text escaped, matched words inside <mark> tags."""


@dataclass(frozen=True)
class Facets:
    kind: dict[str, int]
    team_id: dict[str, int]
    month: dict[str, int]


@dataclass(frozen=True)
class SearchResult:
    page: Page[Hit]
    total: int
    facets: Facets


class SearchIndex(Protocol):
    def search(self, request: SearchRequest) -> SearchResult:
        """Records in `request.visibility` matching text and filters: a page, total, facets."""
        ...

    def rebuild(self) -> int:
        """Index every live record again from the activity tables; returns how many."""
        ...


# --- filters ----------------------------------------------------------------------------------


def _choice_clause(doc: FromClause, kind: str, wanted: Mapping[str, tuple[str, ...]]) -> Any:
    """A record of `kind` must have the wanted enum values; records of other kinds pass."""
    table = activity_tables[kind]
    clauses = RecordFilter(choices=dict(wanted)).clauses(table, ACTIVITY_KINDS[kind].spec)
    match = exists().where(table.c.id == doc.c.record_id, *clauses)
    return or_(doc.c.kind != kind, match)


def document_clauses(doc: FromClause, request: SearchRequest) -> list[ColumnElement[bool]]:
    """The caller's scope and every filter, as conditions on the documents table."""
    records = request.filters.records
    found: list[ColumnElement[bool]] = [request.visibility.clause(doc)]  # type: ignore[arg-type]
    if request.filters.kinds:
        found.append(doc.c.kind.in_(request.filters.kinds))
    if records.started_from is not None:
        found.append(doc.c.started_at >= records.started_from)
    if records.started_before is not None:
        found.append(doc.c.started_at < records.started_before)
    for column, values in records.scope_keys:
        if values:
            found.append(doc.c[column].in_(values))
    for kind, wanted in request.filters.choices.items():
        if any(wanted.values()):
            found.append(_choice_clause(doc, kind, wanted))
    return found


def unfiltered(request: SearchRequest) -> bool:
    """Whether every record the words match is in the answer: no scope limit and no filter."""
    records, filters = request.filters.records, request.filters
    bounds = (records.started_from, records.started_before)
    narrowing = (records.officers, records.team_ids, records.lpa_ids, filters.kinds)
    return (
        request.visibility.everything
        and bounds == (None, None)
        and not any(narrowing)
        and not any(any(wanted.values()) for wanted in filters.choices.values())
    )


# --- paging -----------------------------------------------------------------------------------


def newest_cursor(hit: Hit, position: int) -> str:
    return encode_cursor(hit.started_at, str(position))


def relevance_cursor(hit: Hit, offset: int) -> str:
    return encode_cursor(hit.started_at, f"+{offset}")


def read_newest_cursor(cursor: str) -> tuple[datetime, int]:
    """(start, document id) of the last hit of the previous page."""
    started_at, position = decode_cursor(cursor)
    digits = position.removeprefix("-")
    if not _a_64_bit_integer(digits):
        raise BadCursor("is not a cursor returned by this service for this sort")
    return started_at, int(position)


def read_relevance_cursor(cursor: str) -> int:
    """How many hits earlier pages held."""
    _, position = decode_cursor(cursor)
    if not position.startswith("+") or not _a_64_bit_integer(position[1:]):
        raise BadCursor("is not a cursor returned by this service for this sort")
    return int(position[1:])


def _a_64_bit_integer(digits: str) -> bool:
    """Whether `digits` are a number both databases can compare with an id or skip by."""
    return digits.isascii() and digits.isdigit() and int(digits) < 2**63


def after_newest(doc: FromClause, cursor: str) -> ColumnElement[bool]:
    started_at, position = read_newest_cursor(cursor)
    bound = tuple_(literal(started_at, type_=UTCDateTime()), literal(position))
    return tuple_(doc.c.started_at, doc.c.id) < bound


# --- snippets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marks:
    """What an engine puts around matched words, turned into <mark> tags: a private-use
    character and a random tag, new for each search, so that no text a record holds can pass
    for a mark."""

    start: str
    end: str

    @classmethod
    def new(cls) -> "Marks":
        tag = secrets.token_hex(8)
        return cls(f"\ue100{tag}", f"\ue101{tag}")

    def _pieces(self, marked: str) -> Iterator[str]:
        """The text between marks, and the marks themselves, in order. Plain splits: a pattern
        of this search's own marks would be compiled anew for every search."""
        for opened, chunk in enumerate(marked.split(self.start)):
            if opened:
                yield self.start
            for closed, piece in enumerate(chunk.split(self.end)):
                if closed:
                    yield self.end
                yield piece

    def marked(self, passage: str) -> list[str]:
        """What each start mark of `passage` opens, up to the next end mark."""
        return [piece.split(self.end)[0] for piece in passage.split(self.start)[1:]]

    def render(self, marked: str) -> str:
        """Escape everything; the marks become balanced <mark> tags. Marks already in turn, as
        FTS5 and PostgreSQL write them, are replaced in one go."""
        text = " ".join(marked.split())
        opened = text.split(self.start)
        if self.end not in opened[0] and all(part.count(self.end) == 1 for part in opened[1:]):
            escaped = html.escape(text)
            return escaped.replace(self.start, "<mark>").replace(self.end, "</mark>")
        parts, inside = [], False
        for piece in self._pieces(text):
            if piece == self.start and not inside:
                parts.append("<mark>")
                inside = True
            elif piece == self.end and inside:
                parts.append("</mark>")
                inside = False
            elif piece not in (self.start, self.end):
                parts.append(html.escape(piece))
        if inside:
            parts.append("</mark>")
        return "".join(parts)


def excerpt(texts: tuple[str | None, ...]) -> str:
    """The start of a record's text, for hits found without words to mark."""
    words = " · ".join(t for t in texts if t).split()
    shown = " ".join(words[:EXCERPT_WORDS])
    return html.escape(shown + (" …" if len(words) > EXCERPT_WORDS else ""))


def text_columns(kind: str) -> list[Any]:
    """A kind's searchable fields, location and notes first, as columns of its table."""
    table = activity_tables[kind]
    return [table.c[name] for name in ACTIVITY_KINDS[kind].spec.searchable]


def record_texts(
    connection: Connection, wanted: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str | None, ...]]:
    """The searchable text of the (kind, record id) pairs of one page."""
    found: dict[tuple[str, str], tuple[str | None, ...]] = {}
    for kind in {k for k, _ in wanted}:
        table = activity_tables[kind]
        ids = [record_id for k, record_id in wanted if k == kind]
        query = select(table.c.id, *text_columns(kind)).where(table.c.id.in_(ids))
        for record_id, *texts in connection.execute(query):
            found[(kind, record_id)] = tuple(texts)
    return found


# --- facets -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def london_month(day: str) -> str:
    """The Europe/London month of 23:00-23:59 UTC on `day` (YYYY-MM-DD); a count of matches
    asks again for the same few hundred days."""
    moment = datetime.fromisoformat(day).replace(hour=23, tzinfo=UTC)
    return moment.astimezone(LONDON).strftime("%Y-%m")


def facets_of(rows: list[Any]) -> tuple[int, Facets]:
    """Total and facets from (team_id, month, count of each of KINDS) rows; SQLite reports the
    last hour of a UTC day as that day, which may be the next month in London."""
    kinds: Counter[str] = Counter()
    teams: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for team_id, month, *counts in rows:
        for kind, count in zip(KINDS, counts, strict=True):
            kinds[kind] += count
        teams[team_id] += sum(counts)
        months[month_key(month)] += sum(counts)
    return facets_from(kinds, teams, months)


def month_key(month: str) -> str:
    """A month as facets show it, from "YYYY-MM" or the "YYYY-MM-DD" of a day's last hour."""
    return london_month(month) if len(month) > len("YYYY-MM") else month


def facets_from(
    kinds: Mapping[str, int], teams: Mapping[str, int], months: Mapping[str, int]
) -> tuple[int, Facets]:
    """Total and facets, each in the order the API shows it, from counts per value."""
    facets = Facets(
        kind={
            k: n for k, n in sorted(kinds.items(), key=lambda i: (-i[1], KINDS.index(i[0]))) if n
        },
        team_id=dict(sorted(teams.items(), key=lambda item: (-item[1], item[0]))),
        month=dict(sorted(months.items(), reverse=True)),
    )
    return sum(kinds.values()), facets


class DocumentIndex:
    """What both engines do the same way: browsing without text, counting, and the page's text."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.doc = DOCUMENTS
        self.marks = Marks.new()

    def search(self, request: SearchRequest) -> SearchResult:
        if request.text.empty:
            return self._browse(request)
        return self._match(request)

    def _match(self, request: SearchRequest) -> SearchResult:
        raise NotImplementedError

    def month(self, doc: FromClause) -> ColumnElement[str]:
        """The month of a document's start, in Europe/London or as `facets_of` reads it."""
        raise NotImplementedError

    def count(
        self,
        source: FromClause,
        clauses: list[ColumnElement[bool]],
        params: Mapping[str, Any] | None = None,
    ) -> tuple[int, Facets]:
        """Total and facets in one pass, `params` those of `clauses`; kinds are counted
        alongside rather than grouped on, as every key a large GROUP BY sorts on costs more
        than a count."""
        doc = self.doc
        month = self.month(doc)
        per_kind = [func.count().filter(doc.c.kind == kind) for kind in KINDS]
        query = (
            select(doc.c.team_id, month, *per_kind)
            .select_from(source)
            .where(and_(true(), *clauses))
            .group_by(doc.c.team_id, month)
        )
        return facets_of(list(self.connection.execute(query, params)))

    def count_documents(self, request: SearchRequest) -> tuple[int, Facets]:
        """Total and facets of the documents in scope and filters, with no words to match."""
        return self.count(self.doc, document_clauses(self.doc, request))

    def hits_of(self, rows: list[Any], snippets: Mapping[int, str] | None = None) -> list[Hit]:
        """Hits for rows that begin with HIT_COLUMNS, with snippets by id or, where there is
        none, an excerpt of the record's text. Rows are unpacked, not read by column name:
        SQLAlchemy looks each name up, a tenth of a millisecond over a page."""
        snippets = snippets or {}
        shown = [tuple(row)[: len(HIT_COLUMNS)] for row in rows]
        missing = [(kind, record) for row_id, kind, record, *_ in shown if row_id not in snippets]
        texts = record_texts(self.connection, missing) if missing else {}
        render = self.marks.render
        return [
            Hit(
                kind=kind,
                id=record_id,
                started_at=started_at,
                officer=officer,
                snippet=(
                    render(snippets[row_id])
                    if row_id in snippets
                    else excerpt(texts.get((kind, record_id), ()))
                ),
            )
            for row_id, kind, record_id, started_at, officer in shown
        ]

    def answer(
        self,
        request: SearchRequest,
        rows: list[Any],
        snippets: Mapping[int, str],
        offset: int,
        total: int,
        facets: Facets,
    ) -> SearchResult:
        """The page of hits from its rows (one more than the page when another follows)."""
        shown = rows[: request.limit]
        hits = self.hits_of(shown, snippets)
        next_cursor = None
        if len(rows) > request.limit:
            last = hits[-1]
            next_cursor = (
                relevance_cursor(last, offset + request.limit)
                if request.sort is Sort.RELEVANCE
                else newest_cursor(last, shown[-1].id)
            )
        return SearchResult(Page(hits, next_cursor), total, facets)

    def reload(self, fill: Callable[[], None]) -> int:
        """Refill the documents table by `fill` with its indexes dropped and then built again,
        which is far quicker than keeping them in order row by row; returns the row count."""
        indexes = sorted(search_documents.indexes, key=lambda index: str(index.name))
        for index in indexes:
            index.drop(self.connection)
        fill()
        for index in indexes:
            index.create(self.connection)
        count = select(func.count()).select_from(search_documents)
        return int(self.connection.execute(count).scalar_one())

    def _browse(self, request: SearchRequest) -> SearchResult:
        """No words to match: the filtered records, newest first."""
        request = replace(request, sort=Sort.NEWEST)
        doc = self.doc
        clauses = document_clauses(doc, request)
        total, facets = self.count_documents(request)
        page_clauses = list(clauses)
        if request.cursor is not None:
            page_clauses.append(after_newest(doc, request.cursor))
        query: Select[Any] = (
            select(*HIT_COLUMNS)
            .where(*page_clauses)
            .order_by(doc.c.started_at.desc(), doc.c.id.desc())
            .limit(request.limit + 1)
        )
        rows = list(self.connection.execute(query))
        return self.answer(request, rows, {}, 0, total, facets)
