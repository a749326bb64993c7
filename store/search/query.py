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
ENDINGS = (
    "ing", "ings", "ed", "er", "ers", "es", "ies", "ied", "ly", "ily", "al", "ally", "ful", "ous",
    "ive", "ives", "ion", "ions", "ation", "ations", "ition", "ator", "ators", "or", "ors", "ment",
    "ments", "ness", "ity", "ities", "ability", "ibility", "able", "ably", "ible", "ance", "ence",
    "ant", "ent", "ents", "ise", "ised", "ising", "ize", "ized", "izing", "ism", "ist", "ists",
)  # fmt: skip
"""Common English endings. The engines index stems ("park" for "parking"), and a word being
typed can run past its stem into an ending no prefix reaches ("parki"): it is also searched as
finished with each ending it has begun ("parking"), which the engine stems as it stemmed the
text."""
DOUBLED_ENDINGS = ("ing", "ed", "er", "ers")
"""Endings after a doubled consonant ("dropp" for "dropping", indexed as "drop")."""
SHORTEST_BASE = 4
"""Letters a word being typed must have before an ending it has begun."""
CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
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
    def completions(self) -> tuple[tuple[str, ...], ...]:
        """While the last word is typed, the term with that word finished by each ending it
        has begun (ENDINGS), each matched as a whole word."""
        if not self.prefix:
            return ()
        *head, last = self.words
        return tuple((*head, word) for word in _finished(last))


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
    """As PostgreSQL folds the word: Python lowers "İ" to "i" and a combining dot."""
    return word.lower().replace("\u0307", "") in STOP_WORDS


def _finished(word: str) -> list[str]:
    """`word` finished with each ending it has begun, stop words left out."""
    lower = word.lower()
    found = []
    if len(lower) >= SHORTEST_BASE and lower[-1] == lower[-2] and lower[-1] in CONSONANTS:
        found += [word + ending for ending in DOUBLED_ENDINGS]
    for ending in ENDINGS:
        for begun in range(1, len(ending)):
            base = lower[:-begun]  # never a stop word: "aftern" is not "afterness"
            begins = lower.endswith(ending[:begun])
            if begins and len(base) >= SHORTEST_BASE and not _stop_word(base):
                found.append(word + ending[begun:])
    return [w for w in dict.fromkeys(found) if not _stop_word(w)]


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
