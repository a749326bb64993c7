"""SQLite: FTS5 over the records' text (Porter stemmer on unicode61), document ids in team, then
start order.

FTS5 hands matches back in id order and ids follow the records' team, then start
(store/search/tables.py). Within one team FTS5 reads only the team's block of ids, "newest
first" reads matches from the newest end and stops when the page is full, and a date range
narrows the ids FTS5 reads; over many teams, matches are sorted by the start part of their ids.
Each document's team, LPA and officer are tokens in a column of its own (0011_search_scope), so
another scope narrows the matches inside FTS5; the scope and filters are then checked on
search_documents as each match is joined (CROSS JOIN keeps SQLite from driving the join from a
scope index instead). Where the match itself holds exactly the documents sought, the total and
facets are read from the matches' ids alone, which hold each one's team, start and kind
(0016_search_kind_ids).
"""

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    union_all,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Join, Subquery

from schemas.base import LONDON
from store.search.base import (
    DOCUMENTS,
    HIT_COLUMNS,
    DocumentIndex,
    Facets,
    Marks,
    SearchRequest,
    SearchResult,
    Sort,
    document_clauses,
    facets_from,
    month_key,
    read_newest_cursor,
    read_relevance_cursor,
    unfiltered,
)
from store.search.query import TextQuery
from store.search.tables import (
    BLOCK_IDS,
    BLOCK_SHIFT,
    KIND_BITS,
    KIND_MASK,
    LAST_BLOCK,
    LATEST_MS,
    MIDDLE_BLOCK,
    NUMBERED_KINDS,
    SLOT_BITS,
    SQLITE_FACETS,
    TIME_MASK,
    block_base,
    search_documents,
)
from store.tables import activity_tables
from store.types import UTCDateTime

FTS = table("search_fts", column("rowid", Integer), column("search_fts"))
FACET_KEYS = table(
    "search_facet_keys",
    column("id", Integer),
    column("team", Integer),
    column("kind", Integer),
    column("month", Integer),
)
TEAMS = table("search_teams", column("key", Integer), column("team_id", String))
MONTH_CODES = 10**8
"""More than the largest month in search_facet_keys (YYYYMMDD at most)."""
FTS_TABLE: ColumnElement[Any] = literal_column("search_fts")
SCOPE_PREFIXES = {"team_id": "zt", "lpa_id": "zl", "officer": "zo"}
SCOPE_TOKENS = 64
"""At most this many tokens for one scope or filter in an FTS5 query: FTS5 reads a list of ids
for each, so a longer list (a filter naming many teams) is cheaper left to the documents table."""
WEIGHTS = (2.0, 1.0, 1.0, 0.0)
"""bm25 weights of location, notes, the kind's other text and the scope tokens."""
TEXT_COLUMNS = ("location", "notes", "details")
"""The columns user words are matched in, as the FTS5 table names them: never the scope tokens."""
SNIPPET_TOKENS = 16
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MONTH_RANGES = 36
"""Without words, count each London month as one range of a start index when the documents
span at most this many months: a range count reads only the index, where grouping by month
sorts every document."""
CREATE_FACETS = (
    "CREATE INDEX search_documents_facets ON search_documents (id, kind, team_id, started_at)"
)

DELETE_ALL = "INSERT INTO search_fts (search_fts) VALUES ('delete-all')"
PAGE_CACHE = "PRAGMA cache_size = -2000"
"""SQLite's default page cache, 2 MiB, which the service's connections keep."""
REBUILD_PAGE_CACHE = "PRAGMA cache_size = -262144"
"""256 MiB while the index is rebuilt, so that the sorts that build the documents' indexes and
FTS5's writes keep their pages in memory."""
FTS_SETTINGS = {"automerge": 4, "hashsize": 1 << 20}
"""FTS5's defaults: after each write, merge some segments of any level holding at least
`automerge`; write the new entries kept in memory out as a segment once they pass `hashsize`
bytes (and at each commit)."""
REBUILD_FTS_SETTINGS = {"automerge": 0, "hashsize": 64 << 20}
"""While the index is rebuilt: merge only when a level fills up (16 segments), and write
segments of 64 MiB, so that 1,000,000 documents make five segments that are never merged
where 1 MiB made thousands, merged into ten."""

FILL_FTS = (
    "INSERT INTO search_fts (rowid, location, notes, details, scope)"
    " SELECT id, location, notes, details, scope FROM search_content ORDER BY id"
)
"""Index every document in id order. FTS5's own 'rebuild' reads the view in whatever order it
yields, and FTS5 writes out what it holds each time an id is lower than the one before, which
turns a rebuild into a million tiny segments to merge."""


TEAM_KEY = select(TEAMS.c.key).where(TEAMS.c.team_id == bindparam("team_id"))
IN_BLOCK = (
    FTS.c.search_fts.op("MATCH")(bindparam("match", type_=String())),
    FTS.c.rowid >= bindparam("first", type_=Integer()),
    FTS.c.rowid <= bindparam("last", type_=Integer()),
)
"""The match within one team's block, its words and first and last ids as parameters."""


@dataclass(frozen=True)
class Block:
    """The ids of one team's documents: from `first`, for the team numbered `key`."""

    first: int
    key: int
    team_id: str


class CrossJoin(Join):
    """An inner join whose left side SQLite must use as the outer loop."""

    inherit_cache = True
    index: str | None = None


class FacetJoin(CrossJoin):
    """The same join, reading documents through the covering index of the facets' columns."""

    inherit_cache = True
    index = SQLITE_FACETS


@compiles(CrossJoin, "sqlite")
def _cross_join(element: CrossJoin, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    left = compiler.process(element.left, **kw)
    right = compiler.process(element.right, **kw)
    if element.index is not None:
        right += f" INDEXED BY {element.index}"
    assert element.onclause is not None
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


def _quoted(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'


def _may_be_scope_tokens(query: TextQuery) -> bool:
    """Whether a word sought could be, or begin, one of the scope column's tokens: those begin
    with the letters of SCOPE_PREFIXES, and FTS5 folds only the case of the words it reads."""
    initials = {prefix[0] for prefix in SCOPE_PREFIXES.values()}
    return any(word[0].lower() in initials for term in query.terms for word in term.words)


def match_expression(query: TextQuery, scopes: Sequence[tuple[str, ...]] = ()) -> str:
    """The FTS5 query: every term a quoted string of plain words, `*` on a prefix (or one of its
    completions), matched in the text columns; then, for each of `scopes`, any of its tokens
    in the scope column. Words that cannot be scope tokens are matched in every column, which
    spares FTS5 reading each match's positions to tell its column."""
    terms = []
    for term in query.terms:
        typed = _quoted(term.words) + (" *" if term.prefix else "")
        forms = [typed, *(_quoted(form) for form in term.completions)]
        terms.append("(" + " OR ".join(forms) + ")" if len(forms) > 1 else typed)
    found = " AND ".join(terms)
    if _may_be_scope_tokens(query):
        found = "{" + " ".join(TEXT_COLUMNS) + "} : (" + found + ")"
    for tokens in scopes:
        found += " AND scope : (" + " OR ".join(f'"{token}"' for token in tokens) + ")"
    return found


def scope_token(name: str, value: str) -> str:
    """The token standing for a document's team, LPA or officer, as 0011_search_scope's
    triggers write it: a prefix, then the value's UTF-8 bytes in hex as SQLite's hex() gives."""
    return SCOPE_PREFIXES[name] + value.encode().hex().upper()


def scopes_of(request: SearchRequest) -> list[tuple[str, ...]]:
    """The scope tokens a match must have: any of the caller's visible keys, and any of each
    filter's values. The documents table checks them again; here they only narrow the matches
    FTS5 hands over."""
    visibility = request.visibility
    found = []
    if not visibility.everything:
        keys = visibility.scope_keys
        found.append(tuple(scope_token(name, v) for name, values in keys for v in values))
    for name, values in request.filters.records.scope_keys:
        found.append(tuple(scope_token(name, v) for v in values))
    return [tokens for tokens in found if 0 < len(tokens) <= SCOPE_TOKENS]


def _milliseconds(moment: datetime) -> tuple[int, int]:
    """Whole milliseconds from 1970 to `moment`, and the microseconds left over."""
    return divmod((moment - EPOCH) // timedelta(microseconds=1), 1000)


def _first_time_id(moment: datetime) -> int:
    """The smallest start part of an id (TIME_MASK) of a record starting at or after
    `moment`."""
    return max(min(_milliseconds(moment)[0], LATEST_MS), 0) << SLOT_BITS


def _time_id_after(moment: datetime) -> int:
    """A start part of an id above those of every record starting before `moment`: that of the
    next millisecond, or past every clamped start."""
    milliseconds, rest = _milliseconds(moment)
    return max(min(milliseconds + (rest > 0), LATEST_MS + 1), 1) << SLOT_BITS


def _on_a_millisecond(moment: datetime) -> bool:
    """Whether records start before `moment` exactly when the start part of their id is below
    that of `moment`: it falls on a millisecond that no clamped start shares."""
    milliseconds, rest = _milliseconds(moment)
    return rest == 0 and 0 < milliseconds <= LATEST_MS


def _start_floor(request: SearchRequest, facets: Facets, last: int | None) -> int | None:
    """A start part of ids (TIME_MASK) that the newest-first page over many teams does not
    reach below: the start of the latest London month that, with the months after it up to that
    of `last` (the cursor's document id), holds more matches than the page, by the month facets
    of those same matches. Sorting only the matches from it spares sorting every match of a
    common word."""
    below = None
    if last is not None:
        milliseconds = (last & TIME_MASK) >> SLOT_BITS
        below = (EPOCH + timedelta(milliseconds=milliseconds)).astimezone(LONDON)
    wanted = request.limit + 1
    for month, count in facets.month.items():  # newest first
        year, number = int(month[:4]), int(month[5:])
        if below is not None and (year, number) >= (below.year, below.month):
            continue
        wanted -= count
        if wanted <= 0:
            if year <= EPOCH.year:
                return None
            return _first_time_id(datetime(year, number, 1, tzinfo=LONDON))
    return None


def _one_team(request: SearchRequest) -> str | None:
    """The team of every document the request can find, when it allows only one: named alone
    in the team filter, or the caller's whole scope."""
    visibility = request.visibility
    teams = [values for name, values in request.filters.records.scope_keys if name == "team_id"]
    scope = [(name, values) for name, values in visibility.scope_keys if values]
    if not visibility.everything and len(scope) == 1 and scope[0][0] == "team_id":
        teams.append(scope[0][1])
    return next((values[0] for values in teams if len(values) == 1), None)


def _counted_in_index(request: SearchRequest) -> bool:
    """Whether the match, with the request's scope tokens and id range, holds exactly the
    documents its scope and filters allow, so that counting them needs no document: every
    scope and filter is a list of tokens, dates fall on a millisecond, and no enum filter
    (those are read from the records) applies."""
    records, visibility = request.filters.records, request.visibility
    visible = sum(len(values) for _, values in visibility.scope_keys)
    bounds = (records.started_from, records.started_before)
    return (
        (visibility.everything or 0 < visible <= SCOPE_TOKENS)
        and all(len(values) <= SCOPE_TOKENS for _, values in records.scope_keys)
        and not any(any(wanted.values()) for wanted in request.filters.choices.values())
        and all(_on_a_millisecond(moment) for moment in bounds if moment is not None)
    )


def _month_text(code: int) -> str:
    """A month of search_facet_keys as `month_key` reads it: "YYYY-MM", or "YYYY-MM-DD" for
    the last hour of that day."""
    year, month, day = code // 10000, code // 100 % 100, code % 100
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _slot(team: Any, started_at: Any) -> ColumnElement[int]:
    """The first id of a start's millisecond in the block of the team numbered `team`, as the
    triggers compute it from stored text (0015_search_team_ids): `block_base`'s SQL twin."""
    seconds = cast(func.strftime("%s", started_at), Integer)
    milliseconds = seconds * 1000 + cast(func.substr(started_at, 21, 3), Integer)
    block = (func.min(team, LAST_BLOCK) - MIDDLE_BLOCK).op("<<")(BLOCK_SHIFT)
    return block + func.max(func.min(milliseconds, LATEST_MS), 0) * (1 << SLOT_BITS)


def _start_part(document_id: Any) -> ColumnElement[int]:
    """The bits of a document id that hold its start."""
    return document_id.op("&")(TIME_MASK)


def _start_bounds(request: SearchRequest) -> tuple[int | None, int | None]:
    """The start parts of ids (TIME_MASK) a date filter allows: from the first, before the
    second."""
    records = request.filters.records
    low = high = None
    if records.started_from is not None:
        low = _first_time_id(records.started_from)
    if records.started_before is not None:
        high = _time_id_after(records.started_before)
    return low, high


def _kinds_of(request: SearchRequest) -> list[ColumnElement[bool]]:
    """The kinds filter on the kind bits of the match's ids, if the request has one."""
    if not request.filters.kinds:
        return []
    numbers = [NUMBERED_KINDS.index(kind) for kind in request.filters.kinds]
    return [FTS.c.rowid.op("&")(KIND_MASK).in_(numbers)]


def _months_from(moment: datetime) -> Iterator[tuple[int, int]]:
    """Each London month, as (year, month), from that of `moment` on."""
    local = moment.astimezone(LONDON)
    year, month = local.year, local.month
    while True:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@lru_cache(maxsize=1)
def _london_months() -> tuple[list[str], np.ndarray]:
    """Every London month a start in an id can fall in (1970-2109), as "YYYY-MM", and the
    millisecond from 1970 each begins at: worked out once, where each search would walk the
    months its matches span."""
    labels, starts = [], []
    for year, month in _months_from(EPOCH):
        start = _milliseconds(datetime(year, month, 1, tzinfo=LONDON))[0]
        if start > LATEST_MS:
            break
        labels.append(f"{year:04d}-{month:02d}")
        starts.append(start)
    return labels, np.array(starts, dtype=np.int64)


def _months_of(starts: np.ndarray) -> Counter[str]:
    """Starts (milliseconds from 1970, within the months of `_london_months`) counted by
    London month."""
    if not starts.size:
        return Counter()
    labels, bounds = _london_months()
    months = np.searchsorted(bounds, starts, side="right") - 1
    first = int(months.min())
    counts = np.bincount(months - first)
    found = np.flatnonzero(counts)
    named = [labels[first + month] for month in found.tolist()]
    return Counter(dict(zip(named, counts[found].tolist(), strict=True)))


def _matching(query: TextQuery, scopes: Sequence[tuple[str, ...]] = ()) -> ColumnElement[bool]:
    return FTS.c.search_fts.op("MATCH")(match_expression(query, scopes))


PASSAGES = tuple(
    func.snippet(
        FTS_TABLE,
        number,
        bindparam("mark_start", type_=String()),
        bindparam("mark_end", type_=String()),
        "…",
        SNIPPET_TOKENS,
    ).label(name)
    for number, name in enumerate(TEXT_COLUMNS)
)
"""Each text column's best passage of the matched row, its matched words between the search's
marks (`_marking`). FTS5 asked for the best of all columns would also weigh the scope column,
which a scoped match marks."""


def _marking(marks: Marks) -> dict[str, str]:
    """The parameters of PASSAGES."""
    return {"mark_start": marks.start, "mark_end": marks.end}


def _snippet_of(passages: Sequence[str | None], marks: Marks) -> str:
    """Of a row's PASSAGES, the one showing the most different matched words, then the most
    matches; the first (location, notes, details) of equals. A word said three times in one
    field does not hide the field that holds every word sought. A passage with no mark weighs
    nothing."""
    marked = [passage for passage in passages if passage and marks.start in passage]
    if len(marked) < 2:
        return marked[0] if marked else passages[0] or ""
    return max(marked, key=lambda passage: _weight(passage, marks))


def _weight(passage: str, marks: Marks) -> tuple[int, int]:
    """How many different words `passage` marks (in any case), and how many marks it has."""
    marked = [word.casefold() for word in marks.marked(passage)]
    return len(set(marked)), len(marked)


DOCUMENT_COLUMNS = ("kind", "record_id", "officer", "team_id", "lpa_id", "started_at")


STRIDE = 2**KIND_BITS
"""Ids of one kind are every STRIDE-th id from the kind's number."""


def _numbered_in_slots(live: Subquery) -> Select[Any]:
    """`live`'s documents, each numbered within its slot from its kind's first id, by record
    id: the triggers' ids, while no team's millisecond holds more documents of a kind than its
    slot has ids for it."""
    serial = func.row_number().over(
        partition_by=(live.c.slot, live.c.kind_number), order_by=live.c.record_id
    )
    first = live.c.slot + live.c.kind_number
    return select(first + (serial - 1) * STRIDE, *(live.c[name] for name in DOCUMENT_COLUMNS))


def _numbered_in_blocks(live: Subquery) -> Select[Any]:
    """`live`'s documents of each kind in order of start and record id within each block,
    each numbered from its kind's first id of its slot, or the kind's id after the document
    before it where a team's millisecond holds more documents of the kind than its slot has
    ids for it. A second pass over them all: only for such a millisecond."""
    order = ("slot", "record_id")
    partition = (live.c.slot.op(">>")(BLOCK_SHIFT), live.c.kind_number)
    position = func.row_number().over(partition_by=partition, order_by=[live.c[c] for c in order])
    ranked = select(live, position.label("position")).subquery()
    after = func.max(ranked.c.slot // STRIDE - ranked.c.position).over(
        partition_by=(ranked.c.slot.op(">>")(BLOCK_SHIFT), ranked.c.kind_number),
        order_by=[ranked.c[c] for c in order],
    )
    numbered = ranked.c.kind_number + (ranked.c.position + after) * STRIDE
    return select(numbered, *(ranked.c[name] for name in DOCUMENT_COLUMNS))


SOURCE = CrossJoin(FTS, DOCUMENTS, DOCUMENTS.c.id == FTS.c.rowid)
MATCH_IDS = select(func.group_concat(FTS.c.rowid))
"""The ids of the matches, as one text."""
IDS_IN_BLOCK = MATCH_IDS.where(*IN_BLOCK)
PAGE_IN_BLOCK = (
    select(*HIT_COLUMNS, *PASSAGES)
    .select_from(SOURCE)
    .where(*IN_BLOCK)
    .order_by(FTS.c.rowid.desc())
    .limit(bindparam("limit", type_=Integer()))
)
"""A page newest first within one team's block, with PASSAGES."""


def _where(query: Select[Any], extra: list[ColumnElement[bool]]) -> Select[Any]:
    """A statement built once (IDS_IN_BLOCK, PAGE_IN_BLOCK), narrowed by the `extra` clauses of a
    search that has any: executed as it is, SQLAlchemy computes its cache key once, where a
    statement built for each search is keyed anew each time."""
    return query.where(*extra) if extra else query


class SqliteSearch(DocumentIndex):
    source = SOURCE
    facet_source = FacetJoin(FTS, DOCUMENTS, DOCUMENTS.c.id == FTS.c.rowid)
    keys_source = CrossJoin(FTS, FACET_KEYS, FACET_KEYS.c.id == FTS.c.rowid)

    def month(self, doc: Any) -> ColumnElement[str]:
        started = doc.c.started_at
        hour = func.substr(started, 12, 2, type_=String())
        day = func.substr(started, 1, 10, type_=String())
        return case((hour == "23", day), else_=func.substr(started, 1, 7, type_=String()))

    def count_documents(self, request: SearchRequest) -> tuple[int, Facets]:
        """Teams and kinds read in index order (0010_search_facets), then months as ranges."""
        doc = self.doc
        clauses = document_clauses(doc, request)
        where = and_(true(), *clauses)
        teams, kinds = self._teams_and_kinds(where)
        months = self._month_ranges(request, where) if kinds else {}
        if months is None:
            return self.count(doc, clauses)
        return facets_from(kinds, teams, months)

    def _teams_and_kinds(self, where: ColumnElement[bool]) -> tuple[Counter[str], Counter[str]]:
        """Documents per team and per kind, read from an index already in that order."""
        doc = self.doc
        query = select(doc.c.team_id, doc.c.kind, func.count()).where(where)
        query = query.group_by(doc.c.team_id, doc.c.kind)
        teams: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for team_id, kind, count in self.connection.execute(query):
            teams[team_id] += count
            kinds[kind] += count
        return teams, kinds

    def _month_ranges(
        self, request: SearchRequest, where: ColumnElement[bool]
    ) -> dict[str, int] | None:
        """Documents per London month, one range of a start index each, within the request's
        dates (SQLite seeks on one lower and one upper bound, so they are merged here); None
        past MONTH_RANGES months."""
        doc = self.doc
        edge = select(doc.c.started_at).where(where).limit(1)
        first = self.connection.execute(edge.order_by(doc.c.started_at)).scalar_one()
        last = self.connection.execute(edge.order_by(doc.c.started_at.desc())).scalar_one()
        if first.year == datetime.min.year or last.year == datetime.max.year:
            return None  # London time of such a start can fall outside Python's calendar
        starts: list[datetime] = []
        for year, month in _months_from(first):
            starts.append(datetime(year, month, 1, tzinfo=LONDON).astimezone(UTC))
            if len(starts) > MONTH_RANGES + 1:
                return None
            if starts[-1] > last:
                break
        records = request.filters.records
        undated = replace(records, started_from=None, started_before=None)
        scoped = and_(
            true(),
            *document_clauses(
                doc, replace(request, filters=replace(request.filters, records=undated))
            ),
        )
        low, high = records.started_from, records.started_before
        counts = union_all(
            *(
                select(
                    literal(start.astimezone(LONDON).strftime("%Y-%m")).label("month"),
                    select(func.count())
                    .where(
                        scoped,
                        doc.c.started_at >= literal(max(start, low or start), UTCDateTime()),
                        doc.c.started_at < literal(min(end, high or end), UTCDateTime()),
                    )
                    .scalar_subquery()
                    .label("count"),
                )
                for start, end in pairwise(starts)
            )
        )
        return {value: count for value, count in self.connection.execute(counts) if count}

    def _narrowing(self, request: SearchRequest) -> tuple[Block | None, list[tuple[str, ...]]]:
        """The block of the one team the request can find documents of, if it has one, and
        the scope tokens matches must still have: not the team's own, where its block holds no
        other team's documents."""
        scopes = scopes_of(request)
        team = _one_team(request)
        if team is None:
            return None, scopes
        key = self.connection.execute(TEAM_KEY, {"team_id": team}).scalar_one_or_none()
        if key is None:  # never indexed: its token finds nothing
            return None, scopes
        if key < LAST_BLOCK:
            scopes = [tokens for tokens in scopes if tokens != (scope_token("team_id", team),)]
        return Block(block_base(key), key, team), scopes

    def _narrowed(
        self, request: SearchRequest, block: Block | None, scopes: list[tuple[str, ...]]
    ) -> tuple[list[ColumnElement[bool]], dict[str, Any]]:
        """The match with `scopes`' tokens, narrowed to the ids a team's block and a date filter
        allow so FTS5 skips the rest of each term's list (over many teams, to the start part of
        the ids a date filter allows), and the parameters of those clauses: within a block they
        are IN_BLOCK."""
        low, high = _start_bounds(request)
        if block is not None:
            last = (BLOCK_IDS if high is None else high) - 1
            match = match_expression(request.text, scopes)
            bounds = {"first": block.first + (low or 0), "last": block.first + last}
            return list(IN_BLOCK), {"match": match, **bounds}
        started = _start_part(FTS.c.rowid)
        return [
            _matching(request.text, scopes),
            *([] if low is None else [started >= low]),
            *([] if high is None else [started < high]),
        ], {}

    def _count_keys(
        self,
        query: Select[Any],
        matching: list[ColumnElement[bool]],
        params: dict[str, Any],
        block: Block | None,
    ) -> tuple[int, Facets]:
        """Total and facets of the rows `matching` (the match, its id range and kinds) finds,
        when those are exactly what is sought (`_counted_in_index`), their ids read by `query`
        (MATCH_IDS on `matching`). A match's id gives its team, start and kind
        (store/search/tables.py): the ids come back as one text, read and counted by numpy,
        where SQLite would sort to group them. Ids that cannot tell (a team sharing the last
        block, a start clamped to 1970 or 2109) are counted from their keys in
        search_facet_keys. Teams are named from search_teams, but for the team of `block`."""
        found = self.connection.execute(query, params).scalar_one()
        ids = np.fromstring(found, dtype=np.int64, sep=",") if found else np.empty(0, np.int64)
        keys = (ids >> BLOCK_SHIFT) + MIDDLE_BLOCK
        starts = (ids >> SLOT_BITS) & LATEST_MS
        told = (keys < LAST_BLOCK) & (starts > 0) & (starts < LATEST_MS)
        per_kind = np.bincount(ids[told] & KIND_MASK, minlength=len(NUMBERED_KINDS))
        kinds = Counter(dict(zip(NUMBERED_KINDS, per_kind.tolist(), strict=True)))
        numbered, counts = np.unique(keys[told], return_counts=True)
        teams = Counter(dict(zip(numbered.tolist(), counts.tolist(), strict=True)))
        months = _months_of(starts[told])
        if not told.all():
            self._count_untold(matching, params, kinds, teams, months)
        team_ids = {} if block is None else {block.key: block.team_id}
        unnamed = teams.keys() - team_ids.keys()
        if unnamed:
            named = select(TEAMS.c.key, TEAMS.c.team_id).where(TEAMS.c.key.in_(list(unnamed)))
            team_ids.update((key, team_id) for key, team_id in self.connection.execute(named))
        return facets_from(kinds, {team_ids[key]: n for key, n in teams.items()}, months)

    def _count_untold(
        self,
        matching: list[ColumnElement[bool]],
        params: dict[str, Any],
        kinds: Counter[str],
        teams: Counter[int],
        months: Counter[str],
    ) -> None:
        """Add the matches whose ids do not tell their team or month to the counts, from
        search_facet_keys: each match's keys packed into one number, all in one text."""
        keys = FACET_KEYS
        started = _start_part(FTS.c.rowid)
        untold = or_(FTS.c.rowid >= block_base(LAST_BLOCK), started == 0, started == TIME_MASK)
        packed = (keys.c.team * MONTH_CODES + keys.c.month) * len(NUMBERED_KINDS) + keys.c.kind
        query = select(func.group_concat(packed)).select_from(self.keys_source)
        found = self.connection.execute(query.where(*matching, untold), params).scalar_one()
        for key, count in Counter(found.split(",")).items():
            rest, kind = divmod(int(key), len(NUMBERED_KINDS))
            team, code = divmod(rest, MONTH_CODES)
            kinds[NUMBERED_KINDS[kind]] += count
            teams[team] += count
            months[month_key(_month_text(code))] += count

    def _match(self, request: SearchRequest) -> SearchResult:
        """Where `_counted_in_index`, the match narrowed by scope tokens, ids and the kinds in
        them holds exactly the documents sought, so the documents' conditions are left out."""
        block, scopes = self._narrowing(request)
        narrowed, params = self._narrowed(request, block, scopes)
        exact = _counted_in_index(request)
        extra = _kinds_of(request) if exact else document_clauses(self.doc, request)
        clauses = [*narrowed, *extra]
        if exact:
            ids = MATCH_IDS.where(*clauses) if block is None else _where(IDS_IN_BLOCK, extra)
            total, facets = self._count_keys(ids, clauses, params, block)
        else:
            total, facets = self.count(self.facet_source, clauses, params)
        if request.sort is Sort.NEWEST and block is not None:
            rows = self._newest(request, _where(PAGE_IN_BLOCK, extra), params)
            snippets = {row[0]: _snippet_of(row[len(HIT_COLUMNS) :], self.marks) for row in rows}
            return self.answer(request, rows, snippets, 0, total, facets)
        offset = 0
        if request.sort is Sort.RELEVANCE:
            rows, offset = self._ranked_page(request, clauses, params)
        else:
            last = read_newest_cursor(request.cursor)[1] if request.cursor else None
            floor = _start_floor(request, facets, last)
            rows = self._newest_of_teams(request, last, floor, clauses, exact)
        snippets = self._snippets(_matching(request.text), [r.id for r in rows[: request.limit]])
        return self.answer(request, rows, snippets, offset, total, facets)

    def _newest(
        self, request: SearchRequest, page: Select[Any], params: dict[str, Any]
    ) -> list[Any]:
        """The page's documents newest first within one team's block (`page`, PAGE_IN_BLOCK with
        any clauses of the search, and its `params`), one more to tell whether another page
        follows, with their PASSAGES: FTS5 streams matches in id order, so a snippet asked for
        here is made only for the rows the page returns, while the match's cursor is on them. A
        cursor ends the ids early."""
        if request.cursor is not None:
            before = read_newest_cursor(request.cursor)[1]
            params = {**params, "last": min(params["last"], before - 1)}
        wanted = {**params, **_marking(self.marks), "limit": request.limit + 1}
        return self.connection.execute(page, wanted).all()

    def _newest_of_teams(
        self,
        request: SearchRequest,
        last: int | None,
        floor: int | None,
        clauses: list[ColumnElement[bool]],
        by_match: bool,
    ) -> list[Any]:
        """The page's documents newest first over many teams' blocks, one more to tell whether
        another page follows: matches sorted by the start part of their ids, then by id, the
        order of search without words. Where `clauses` are all on the match (`by_match`), the
        sort reads no document; the page's are read after it. Only matches from `floor`
        (`_start_floor`) and before `last` (the cursor's document id) are sorted."""
        started = _start_part(FTS.c.rowid)
        after = [] if floor is None else [started >= floor]
        if last is not None:
            last_start = last & TIME_MASK
            after.append(or_(started < last_start, and_(started == last_start, FTS.c.rowid < last)))
        if by_match:
            query = select(FTS.c.rowid).where(*clauses, *after)
        else:
            query = select(FTS.c.rowid).select_from(self.source).where(*clauses, *after)
        page = query.order_by(started.desc(), FTS.c.rowid.desc()).limit(request.limit + 1)
        return self._documents([row_id for (row_id,) in self.connection.execute(page)])

    def _ranked_page(
        self, request: SearchRequest, clauses: list[ColumnElement[bool]], params: dict[str, Any]
    ) -> tuple[list[Any], int]:
        """The page's documents by relevance, one more to tell whether another page follows,
        and the page's offset."""
        offset = read_relevance_cursor(request.cursor) if request.cursor else 0
        order = (func.bm25(FTS_TABLE, *WEIGHTS), FTS.c.rowid.desc())
        if unfiltered(request):  # `clauses` are the words' match alone
            ranking = select(FTS.c.rowid).where(*clauses).order_by(*order)
            return self._ranked(ranking, request, offset), offset
        query = select(*HIT_COLUMNS).select_from(self.source).where(*clauses)
        ranked = query.order_by(*order).limit(request.limit + 1).offset(offset)
        return list(self.connection.execute(ranked, params)), offset

    def _ranked(self, ranking: Any, request: SearchRequest, offset: int) -> list[Any]:
        """A page in rank order when every match is in scope: ranked by the index alone, so
        only the page's documents are read."""
        page = ranking.limit(request.limit + 1).offset(offset)
        return self._documents([row_id for (row_id,) in self.connection.execute(page)])

    def _documents(self, ids: list[int]) -> list[Any]:
        """The documents of `ids`, in that order."""
        found = select(*HIT_COLUMNS).where(self.doc.c.id.in_(ids))
        rows = {row.id: row for row in self.connection.execute(found)}
        return [rows[row_id] for row_id in ids]

    def _snippets(self, matching: ColumnElement[bool], ids: list[int]) -> dict[int, str]:
        """The snippets of a page by relevance, each id looked up in the words' matches: read
        with the page, they would be made for every match ranked."""
        if not ids:
            return {}
        query = select(FTS.c.rowid, *PASSAGES).where(matching, FTS.c.rowid.in_(ids))
        rows = self.connection.execute(query, _marking(self.marks))
        return {row[0]: _snippet_of(row[1:], self.marks) for row in rows}

    def rebuild(self) -> int:
        with self._bulk_writing():
            self.connection.execute(text(DELETE_ALL))
            self.connection.execute(delete(FACET_KEYS))
            self.connection.execute(text("DROP INDEX search_documents_facets"))
            count = self.reload(self._fill)
            self.connection.execute(text(CREATE_FACETS))
            self.connection.execute(text(FILL_FTS))
        return count

    @contextmanager
    def _bulk_writing(self) -> Iterator[None]:
        """A larger page cache, and FTS5 writing large segments and merging them only when a
        level fills up (REBUILD_FTS_SETTINGS). FTS5's settings are written in the transaction,
        so a failed rebuild rolls them back; the cache is the connection's own, set back to the
        default the service's connections keep whatever happens."""
        self.connection.exec_driver_sql(REBUILD_PAGE_CACHE)
        try:
            self._configure(REBUILD_FTS_SETTINGS)
            yield
            self._configure(FTS_SETTINGS)
        finally:
            self.connection.exec_driver_sql(PAGE_CACHE)

    def _configure(self, settings: dict[str, int]) -> None:
        statement = text("INSERT INTO search_fts (search_fts, rank) VALUES (:option, :value)")
        for option, value in settings.items():
            self.connection.execute(statement, {"option": option, "value": value})

    def _fill(self) -> None:
        """A document per live record, numbered within its team's millisecond as the triggers
        do, its team numbered first if it has no number; by record id within a kind and
        millisecond (`_numbered_in_slots`, or `_numbered_in_blocks` where a millisecond holds
        more documents of a kind than ids). The old ones are deleted here, once the indexes are
        gone: the facet keys' trigger makes SQLite delete row by row, and each row from every
        index."""
        self.connection.execute(delete(search_documents))
        records = union_all(
            *(
                select(
                    literal(kind).label("kind"),
                    literal(NUMBERED_KINDS.index(kind)).label("kind_number"),
                    t.c.id.label("record_id"),
                    t.c.officer,
                    t.c.team_id,
                    t.c.lpa_id,
                    t.c.started_at,
                ).where(t.c.deleted_at.is_(None))
                for kind, t in activity_tables.items()
            )
        ).subquery()
        unnumbered = ~exists().where(TEAMS.c.team_id == records.c.team_id)
        teams = select(records.c.team_id).distinct().where(unnumbered).order_by(records.c.team_id)
        self.connection.execute(insert(TEAMS).from_select(["team_id"], teams))
        live = (
            select(_slot(TEAMS.c.key, records.c.started_at).label("slot"), records)
            .join_from(records, TEAMS, TEAMS.c.team_id == records.c.team_id)
            .subquery()
        )
        try:
            with self.connection.begin_nested():
                self._insert_documents(_numbered_in_slots(live))
        except IntegrityError:  # a team's millisecond holds more documents than its ids
            self._insert_documents(_numbered_in_blocks(live))

    def _insert_documents(self, numbered: Select[Any]) -> None:
        columns = ["id", *DOCUMENT_COLUMNS]
        self.connection.execute(insert(search_documents).from_select(columns, numbered))
