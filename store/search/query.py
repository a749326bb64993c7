"""What a person typed into the search box, parsed into a structure no engine can misread.

Only words survive parsing: runs of letters and digits. Everything else a user might type as an
operator (`NEAR`, `*`, `-`, `:`, `^`, `AND`, brackets) is either a separator or a plain word, so
the SQL engines only ever see quoted terms the code builds itself. Double quotes make a phrase;
an unmatched quote is ignored. Words joined by `-`, `.`, `/`, `'`, `&` or `@` without spaces
(`anti-social`, `s.23`, `TSK-2026-00123`) form a phrase of their parts, which is how both
engines index such text. The last word gets prefix matching while the person is still typing it.
Words keep the case they were typed in: each engine folds them as it folded the text it indexed
(Python's lower() would turn "İ" into two characters neither engine indexed).
"""

import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 500
MAX_WORDS = 32
SHORTEST_PREFIX = 3
STEM_REACH = 4
"""How many letters a half-typed word may run past its stem ("parki" past "park")."""
SHORTEST_STEM = 4
QUOTES = frozenset('"\u201c\u201d')
JOINERS = frozenset("-./'&@\u2019")
"""Punctuation that binds two words into one token as people write them."""

ENGLISH_STOP_WORDS = """
    a an the and but if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did doing
"""
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS.split())
"""Words PostgreSQL's English configuration leaves out of its index; searching them finds nothing
useful on either engine, so they are dropped from queries (they still count inside a phrase)."""


class BadQuery(ValueError):
    """The query cannot be searched as given (too long, too many words)."""


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words in order; `prefix` when its last word is still being typed."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def shorter_forms(self) -> tuple[tuple[str, ...], ...]:
        """While the last word is typed, the term with that word cut by up to STEM_REACH
        letters, each matched as a whole word. The engines index stems, and a half-typed ending
        runs past a stem no prefix of it reaches: "parki" and "shoplifti" are not the start of
        "park" and "shoplift", which "parking" and "shoplifting" are indexed as."""
        if not self.prefix:
            return ()
        *head, last = self.words
        cuts = range(max(SHORTEST_STEM, len(last) - STEM_REACH), len(last))
        return tuple((*head, last[:cut]) for cut in cuts if not _stop_word(last[:cut]))


@dataclass(frozen=True)
class TextQuery:
    """Terms that must all match. No terms: the query filters nothing by text."""

    terms: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms


def _is_word_char(char: str) -> bool:
    """Letters and digits, as SQLite's unicode61 tokenizer counts them (categories L* and N*)."""
    return unicodedata.category(char)[0] in "LN"


def _words(text: str) -> list[str]:
    words, current = [], []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _chunks(text: str) -> list[list[str]]:
    """Words grouped by how they were joined: `anti-social` is one chunk of two words."""
    chunks: list[list[str]] = []
    current: list[str] = []
    word: list[str] = []
    for char in text + " ":
        if _is_word_char(char):
            word.append(char)
            continue
        if word:
            current.append("".join(word))
            word = []
        if char in JOINERS and current:
            continue
        if current:
            chunks.append(current)
            current = []
    return chunks


def _segments(text: str) -> list[tuple[str, bool]]:
    """(text, quoted) pieces; a quote without a partner is read as a space."""
    marks = [i for i, char in enumerate(text) if char in QUOTES]
    if len(marks) % 2:
        last = marks.pop()
        text = text[:last] + " " + text[last + 1 :]
    pieces, start, quoted = [], 0, False
    for mark in marks:
        pieces.append((text[start:mark], quoted))
        start, quoted = mark + 1, not quoted
    pieces.append((text[start:], quoted))
    return [(piece, quoted) for piece, quoted in pieces if piece]


def _stop_word(word: str) -> bool:
    return word.lower() in STOP_WORDS


def _kept(words: list[str]) -> bool:
    return any(not _stop_word(word) for word in words)


def parse_query(text: str) -> TextQuery:
    """The user's query as terms; raises BadQuery when it is too long or has too many words."""
    if len(text) > MAX_LENGTH:
        raise BadQuery(f"must be at most {MAX_LENGTH} characters")
    found: list[list[str]] = []
    segments = _segments(text)
    for piece, quoted in segments:
        found.extend([_words(piece)] if quoted else _chunks(piece))
    # The last word is still being typed when nothing follows it: no space, no closing quote.
    typing = bool(found) and not segments[-1][1] and _is_word_char(text[-1])
    last_chunk = found[-1] if typing else None
    found = [words for words in found if words and _kept(words)]
    if sum(len(words) for words in found) > MAX_WORDS:
        raise BadQuery(f"must have at most {MAX_WORDS} words")
    terms: dict[tuple[tuple[str, ...], bool], Term] = {}
    for words in found:
        tail = words[-1]
        prefix = words is last_chunk and len(tail) >= SHORTEST_PREFIX and not _stop_word(tail)
        terms.setdefault((tuple(w.lower() for w in words), prefix), Term(tuple(words), prefix))
    return TextQuery(tuple(terms.values()))
