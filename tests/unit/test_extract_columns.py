"""Stored JSON lists decoded a column at a time, as the Power BI extract reads them."""

import json

import pyarrow as pa

from store.extracts import _arrow_choices, _choices


def decoded(stored: list[str | None]) -> list[list[str] | None]:
    return _arrow_choices(pa.array(stored, pa.string())).to_pylist()


def test_plain_lists_are_split_by_arrow_as_the_row_decoder_splits_them() -> None:
    stored = ['["a","b"]', "[]", None, '["c"]', '["with space","ü"]']
    assert decoded(stored) == [_choices(v) for v in stored]
    assert decoded(stored)[1] == [] and decoded(stored)[2] is None


def test_escaped_values_are_read_by_the_json_parser() -> None:
    values = ['say "hi"', "back\\slash", 'a","b']
    stored = [json.dumps(values, ensure_ascii=False, separators=(",", ":")), '["x"]']
    assert decoded(stored) == [values, ["x"]]
