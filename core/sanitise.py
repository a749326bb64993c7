"""Bodies may carry a small safe subset of markup; everything else is removed before storing.

The cleaning is ammonia's (through nh3), a maintained HTML sanitiser that parses as browsers
do: no script or style (with their content), no event handlers or other attributes, links
only to https: and mailto: with rel="noopener noreferrer".
"""

from typing import Any

import nh3

from core.errors import FieldError, InvalidInput
from schemas.content import ContentList

TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
URL_SCHEMES = frozenset({"https", "mailto"})


def clean(text: str) -> str:
    """The markup of `text` reduced to the allowed subset; plain text comes back escaped."""
    return nh3.clean(
        text,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}, "*": set()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def sanitise(content: ContentList, values: dict[str, Any]) -> dict[str, Any]:
    """`values` with each markup field cleaned; the cleaned text must still fit the field."""
    cleaned = dict(values)
    errors = []
    for name in content.markup:
        if values.get(name) is None:
            continue
        column = content.spec.column(name)
        text = clean(values[name])
        if column.required and not text:
            errors.append(FieldError(name, "has no text left once unsafe markup is removed"))
        elif column.max_length is not None and len(text) > column.max_length:
            message = f"must be at most {column.max_length} characters once markup is cleaned"
            errors.append(FieldError(name, message))
        cleaned[name] = text or None
    if errors:
        raise InvalidInput(errors)
    return cleaned
