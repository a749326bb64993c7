"""OData `$filter` expressions built from values, the one place that quotes them.

Graph reads a string literal between single quotes and a quote inside it doubled; a value
written in without that (an id or an address such as o'brien@...) would end the literal early
and could add clauses of its own.
"""

import re
from urllib.parse import quote

PROPERTY = re.compile(r"^[A-Za-z_]\w*(?:/[A-Za-z_]\w*)*$")
"""A property path such as `fields/SubmissionId`: only ever our own names, checked anyway."""


def literal(value: str | int) -> str:
    """The value as an OData literal: integers as they are, text quoted with quotes doubled."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"no OData literal for {type(value).__name__}")
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def equals(path: str, value: str | int) -> str:
    if not PROPERTY.match(path):
        raise ValueError(f"not a property path: {path!r}")
    return f"{path} eq {literal(value)}"


def filter_parameter(expression: str) -> str:
    """`$filter=` with the expression percent-encoded for a query string (quotes kept)."""
    return "$filter=" + quote(expression, safe="/='")
