"""CSV text that a spreadsheet cannot run: DOMAIN.md's rule for formula injection.

A text value starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an
apostrophe, which spreadsheets read as "this is text". Only text columns are touched: a
negative number such as a longitude stays a number.
"""

import pyarrow as pa
import pyarrow.compute as pc

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
_TRIGGERS = pa.array(TRIGGERS)


def neutralise(text: str) -> str:
    return PREFIX + text if text.startswith(TRIGGERS) else text


def neutralise_array(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """The same rule over a column of text, without a Python loop."""
    risky = pc.is_in(pc.utf8_slice_codeunits(values, 0, 1), value_set=_TRIGGERS)
    if not pc.any(risky).as_py():
        return values
    return pc.if_else(risky, pc.binary_join_element_wise(PREFIX, values, ""), values)
