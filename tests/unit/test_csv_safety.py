"""CSV text that a spreadsheet would run is neutralised; numbers and ordinary text are not."""

import pyarrow as pa
import pytest

from exports.csv_safety import neutralise, neutralise_array


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Market = busy", "Market = busy"),
        ("", ""),
    ],
)
def test_text_starting_with_a_trigger_is_prefixed(text: str, safe: str) -> None:
    assert neutralise(text) == safe
    assert neutralise_array(pa.array([text])).to_pylist() == [safe]


def test_nulls_stay_null() -> None:
    assert neutralise_array(pa.array([None, "=1"], pa.string())).to_pylist() == [None, "'=1"]
