"""Parsing what people type into the search box, and turning engine output into safe snippets."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.search.base import Marks, excerpt, facets_of, london_month
from store.search.postgres import tsquery_text
from store.search.query import MAX_WORDS, BadQuery, Term, parse_query
from store.search.sqlite import match_expression


def terms(q: str) -> list[tuple[tuple[str, ...], bool]]:
    return [(t.words, t.prefix) for t in parse_query(q).terms]


def test_words_keep_their_case_and_the_last_one_is_a_prefix_while_typed() -> None:
    assert terms("Drug Deal") == [(("Drug",), False), (("Deal",), True)]
    assert terms("drug deal ") == [(("drug",), False), (("deal",), False)]
    assert terms("\u0130stanbul ") == [(("\u0130stanbul",), False)], "never split by lower()"
    assert terms("Bike bike BIKE ") == [(("Bike",), False)]
    assert terms("The bike THE") == [(("bike",), False)]


def test_short_words_and_stop_words_are_never_prefixes() -> None:
    assert terms("bike pc") == [(("bike",), False), (("pc",), False)]
    assert terms("bike the") == [(("bike",), False)]


def test_quotes_make_a_phrase_and_an_unmatched_quote_is_ignored() -> None:
    assert terms('"words of advice" given') == [
        (("words", "of", "advice"), False),
        (("given",), True),
    ]
    assert terms("\u201cwords of advice\u201d") == [(("words", "of", "advice"), False)]
    assert terms('"words of advice') == [(("words",), False), (("advice",), True)]


def test_joined_words_become_a_phrase_of_their_parts() -> None:
    assert terms("anti-social s.23 ") == [(("anti", "social"), False), (("s", "23"), False)]
    assert terms("TSK-2026-00123") == [(("TSK", "2026", "00123"), True)]
    assert terms("O\u2019Brien's ") == [(("O", "Brien", "s"), False)]


def test_operators_typed_by_users_are_separators_or_plain_words() -> None:
    assert terms("NEAR(bike theft) * -drugs notes:knife ^x AND OR NOT ") == [
        (("NEAR",), False),
        (("bike",), False),
        (("theft",), False),
        (("drugs",), False),
        (("notes",), False),
        (("knife",), False),
        (("x",), False),
    ]


def test_a_query_without_searchable_words_is_empty() -> None:
    for q in ("", "   ", "***", '""', "the of and", "- : ^ *", '"to be"'):
        assert parse_query(q).empty, q


def test_repeated_terms_are_searched_once() -> None:
    assert terms("bike bike bikes ") == [(("bike",), False), (("bikes",), False)]


def test_queries_that_are_too_long_or_too_wordy_are_refused() -> None:
    with pytest.raises(BadQuery, match="500 characters"):
        parse_query("a" * 501)
    parse_query("a" * 500)
    with pytest.raises(BadQuery, match=f"{MAX_WORDS} words"):
        parse_query(" ".join(f"w{n}" for n in range(MAX_WORDS + 1)))


@given(st.text(max_size=500))
def test_any_text_parses_into_words_of_letters_and_digits(q: str) -> None:
    try:
        query = parse_query(q)
    except BadQuery:
        return
    for term in query.terms:
        assert term.words and all(w and all(c.isalnum() for c in w) for w in term.words)
    if not query.empty:
        expression = match_expression(query)
        columns = "{location notes details} : ("
        if expression.startswith(columns):
            assert expression.endswith(")"), expression
            expression = expression.removeprefix(columns).removesuffix(")")
        else:
            assert not any(w[0] in "zZ" for term in query.terms for w in term.words), expression
        phrase = r'"[^\W_]+( [^\W_]+)*"'
        prefix = rf"{phrase} \*|\({phrase} \*( OR {phrase})+\)"
        for part in expression.split(" AND "):
            assert re.fullmatch(rf"{phrase}|{prefix}", part), part
        lexemes = r"\('[^\W_]+'( <-> '[^\W_]+')*(:\*)?\)"
        for part in tsquery_text(query).split(" & "):
            assert re.fullmatch(rf"{lexemes}|\({lexemes}( \| {lexemes})+\)", part), part


def test_engine_queries_quote_every_word() -> None:
    query = parse_query('"off-road bikes" near the sch')
    words = '"off road bikes" AND "near" AND "sch" *'
    assert match_expression(query) == words
    within = match_expression(query, [("zt7431",), ("zo61", "zo62")])
    assert within == words + ' AND scope : ("zt7431") AND scope : ("zo61" OR "zo62")'
    assert tsquery_text(query) == "('off' <-> 'road' <-> 'bikes') & ('near') & ('sch':*)"


def test_words_that_could_be_scope_tokens_are_matched_only_in_the_text_columns() -> None:
    """The scope column's tokens all begin with "z": any word that does, in any case, keeps
    the whole match to the columns a person's words are searched in."""
    for typed in ("zebra crossing ", "Zone crossing ", '"crossing zt41"'):
        assert match_expression(parse_query(typed)).startswith("{location notes details} : ("), (
            typed
        )
    assert match_expression(parse_query("crossing ")) == '"crossing"'


def test_a_half_typed_word_is_also_searched_finished_with_the_endings_it_has_begun() -> None:
    query = parse_query("anti-soci bike parkin")
    assert match_expression(query) == (
        '"anti soci" AND "bike" AND ("parkin" * OR "parking" OR "parkings" OR "parkiness")'
    )
    assert tsquery_text(query) == (
        "('anti' <-> 'soci') & ('bike')"
        " & (('parkin':*) | ('parking') | ('parkings') | ('parkiness'))"
    )
    assert ("anti", "social") in parse_query("anti-socia").terms[0].completions
    finished = {w for (w,) in parse_query("Shoplifti").terms[0].completions}
    assert {"Shoplifting", "Shoplifties"} <= finished and "Shopliftily" in finished
    assert {w for (w,) in parse_query("dropp").terms[0].completions} == {
        "dropping", "dropped", "dropper", "droppers"
    }  # fmt: skip
    for typed in ("offens", "alleyw", "TSK-2026-0012", "44712", "park", "bei", "aftern"):
        assert parse_query(typed).terms[-1].completions == (), typed
    assert parse_query("parki ").terms[0].completions == (), "a finished word is whole"


def test_a_stop_word_is_one_whatever_its_case() -> None:
    assert parse_query("THE \u0130T park ").terms == (Term(("park",)),)


def test_snippets_escape_text_and_balance_marks() -> None:
    marks = Marks.new()
    start, end = marks.start, marks.end
    marked = f"a <b>{start}bike{end} & {start}knife"
    assert marks.render(marked) == "a &lt;b&gt;<mark>bike</mark> &amp; <mark>knife</mark>"
    assert marks.render(f"{end}stray {start}{start}x{end}") == "stray <mark>x</mark>"
    assert marks.render("line\n\n  break") == "line break"


def test_text_cannot_pass_for_a_mark() -> None:
    marks, other = Marks.new(), Marks.new()
    assert marks != other
    typed = f"\ue100bike\ue101 {other.start}knife{other.end}"
    assert marks.render(f"{marks.start}van{marks.end} {typed}") == f"<mark>van</mark> {typed}"


def test_excerpts_are_escaped_and_shortened() -> None:
    assert excerpt(("Market <Sq>", None, "notes")) == "Market &lt;Sq&gt; · notes"
    assert excerpt(("word " * 30,)).endswith("word …")


def test_months_are_counted_in_london_time() -> None:
    assert london_month("2026-07-31") == "2026-08"  # 23:00 UTC is midnight in summer
    assert london_month("2026-01-31") == "2026-01"
    rows = [  # team, month, then engagements, patrols, abstractions
        ("t1", "2026-07", 0, 2, 0),
        ("t2", "2026-07-31", 0, 1, 0),
        ("t1", "2026-08", 0, 0, 3),
    ]
    total, facets = facets_of(rows)
    assert total == 6
    assert facets.kind == {"patrol": 3, "abstraction": 3}
    assert facets.team_id == {"t1": 5, "t2": 1}
    assert facets.month == {"2026-08": 4, "2026-07": 2}
