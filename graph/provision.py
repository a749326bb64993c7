"""Column definitions of a list, read off its spec, and how an existing list differs from them.

Every column is written as Graph's columnDefinition; `SubmissionId` enforces unique values
and is indexed, as is every column the service filters on. Comparing a list with its spec
yields what may safely be added (missing columns, missing indexes) and what is reported but
never changed (a column of another type, a choice that is gone).
"""

from dataclasses import dataclass, field
from typing import Any

from schemas.spec import SUBMISSION_ID, ColumnSpec, ColumnType, ListSpec

TEXT_LIMIT = 255
"""The longest single line of text a SharePoint column holds."""
TITLE = "Title"
"""The column every generic list is made with, required unless changed."""
REFUSED = "the service or the Power App may leave it empty, and Lists refuses such writes"


def _facet(column: ColumnSpec) -> dict[str, Any]:
    limits = {
        k: v for k, v in (("minimum", column.minimum), ("maximum", column.maximum)) if v is not None
    }
    labels = [m.label for m in column.choices] if column.choices else []  # type: ignore[attr-defined]
    match column.type:
        case ColumnType.TEXT:
            limit = min(column.max_length or TEXT_LIMIT, TEXT_LIMIT)
            return {"text": {"allowMultipleLines": False, "maxLength": limit}}
        case ColumnType.NOTE | ColumnType.TEXT_LIST:
            return {"text": {"allowMultipleLines": True, "linesForEditing": 6, "textType": "plain"}}
        case ColumnType.CHOICE | ColumnType.MULTI_CHOICE:
            shown = "checkBoxes" if column.type is ColumnType.MULTI_CHOICE else "dropDownMenu"
            return {"choice": {"allowTextEntry": False, "choices": labels, "displayAs": shown}}
        case ColumnType.INTEGER:
            return {"number": {"decimalPlaces": "none", "displayAs": "number", **limits}}
        case ColumnType.NUMBER:
            return {"number": {"decimalPlaces": "automatic", "displayAs": "number", **limits}}
        case ColumnType.DATETIME:
            return {"dateTime": {"displayAs": "default", "format": "dateTime"}}
        case ColumnType.DATE:
            return {"dateTime": {"displayAs": "default", "format": "dateOnly"}}
        case ColumnType.BOOLEAN:
            return {"boolean": {}}
    raise TypeError(column.type)


def definition(column: ColumnSpec) -> dict[str, Any]:
    """The columnDefinition that creates `column`."""
    key = column.graph_name == SUBMISSION_ID
    return {
        "name": column.graph_name,
        "displayName": column.label,
        "description": "",
        # Server-set columns are filled by this service; the Power App need not send them.
        "required": column.required and not column.read_only and not key,
        "indexed": column.indexed or key,
        **({"enforceUniqueValues": True} if key else {}),
        **_facet(column),
    }


def definitions(spec: ListSpec) -> list[dict[str, Any]]:
    return [definition(c) for c in spec.list_columns]


@dataclass
class Plan:
    """What provisioning does to an existing list, and what it only reports."""

    add: list[dict[str, Any]] = field(default_factory=list)
    index: list[tuple[str, str]] = field(default_factory=list)
    """(column id, column name) to mark indexed."""
    drift: list[str] = field(default_factory=list)


def _kind(found: dict[str, Any]) -> str:
    """The column's type in the terms of `_facet`, for comparing like with like."""
    if "text" in found:
        return "note" if found["text"].get("allowMultipleLines") else "text"
    if "choice" in found:
        return "multi_choice" if found["choice"].get("displayAs") == "checkBoxes" else "choice"
    if "number" in found:
        return "number"
    if "dateTime" in found:
        return "date" if found["dateTime"].get("format") == "dateOnly" else "datetime"
    if "boolean" in found:
        return "boolean"
    return next((k for k in found if isinstance(found[k], dict)), "unknown")


def compare(spec: ListSpec, existing: list[dict[str, Any]]) -> Plan:
    by_name = {c["name"]: c for c in existing}
    plan = Plan()
    title = by_name.get(TITLE)
    unused = TITLE not in {c.graph_name for c in spec.list_columns}
    if unused and title is not None and title.get("required"):
        plan.drift.append(f"{TITLE} is required; {REFUSED}")
    for column in spec.list_columns:
        wanted = definition(column)
        found = by_name.get(column.graph_name)
        if found is None:
            plan.add.append(wanted)
            continue
        name = column.graph_name
        expected, actual = _kind(wanted), _kind(found)
        if expected != actual:
            plan.drift.append(f"{name} is a {actual} column; the service expects {expected}")
            continue
        if "choice" in wanted:
            present = set(found["choice"].get("choices", []))
            wanted_labels = wanted["choice"]["choices"]
            missing = [c for c in wanted_labels if c not in present]
            extra = sorted(present - set(wanted_labels))
            if missing:
                plan.drift.append(f"{name} has lost the choices {', '.join(missing)}")
            if extra:
                plan.drift.append(f"{name} has choices the service does not know: {extra}")
        if "number" in wanted:
            for limit in ("minimum", "maximum"):
                if wanted["number"].get(limit) != found["number"].get(limit):
                    plan.drift.append(
                        f"{name} has {limit} {found['number'].get(limit)}; "
                        f"the service expects {wanted['number'].get(limit)}"
                    )
        if found.get("required") and not wanted["required"]:
            plan.drift.append(f"{name} is required; {REFUSED}")
        if wanted.get("enforceUniqueValues") and not found.get("enforceUniqueValues"):
            plan.drift.append(f"{name} does not enforce unique values")
        if wanted["indexed"] and not found.get("indexed"):
            plan.index.append((found["id"], name))
    return plan
