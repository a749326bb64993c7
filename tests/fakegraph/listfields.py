"""Column definitions and field values of the fake's lists, checked as SharePoint checks them."""

import uuid
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

FACETS = frozenset({"text", "choice", "number", "dateTime", "boolean", "personOrGroup", "lookup"})
COLUMN_KEYS = FACETS | {
    "name",
    "displayName",
    "description",
    "enforceUniqueValues",
    "hidden",
    "indexed",
    "required",
    "columnGroup",
}
MULTI = "Collection(Edm.String)"
READ_ONLY_FIELDS = frozenset(
    {"id", "ID", "Created", "Modified", "AuthorLookupId", "EditorLookupId", "ContentType"}
)


class FieldProblem(ValueError):
    """A field value SharePoint would refuse; the message is the OData error's."""


def builtin_columns() -> list[dict[str, Any]]:
    """The columns every generic list starts with: Title, and the read-only system ones."""
    made = [column({"name": "Title", "text": {"maxLength": 255}, "required": True})]
    for name, facet in (
        ("ID", {"number": {}}),
        ("Created", {"dateTime": {"format": "dateTime"}}),
        ("Modified", {"dateTime": {"format": "dateTime"}}),
        ("Author", {"personOrGroup": {}}),
        ("Editor", {"personOrGroup": {}}),
    ):
        made.append(column({"name": name, **facet}) | {"readOnly": True})
    return made


def column(definition: dict[str, Any]) -> dict[str, Any]:
    """A columnDefinition as Graph returns it, from the body of a create request."""
    unknown = set(definition) - COLUMN_KEYS
    if unknown:
        raise FieldProblem(f"Property '{sorted(unknown)[0]}' does not exist on columnDefinition.")
    facets = [k for k in definition if k in FACETS]
    if len(facets) != 1:
        raise FieldProblem("A column definition needs exactly one type facet.")
    if not definition.get("name"):
        raise FieldProblem("A column definition needs a name.")
    if definition.get("enforceUniqueValues") and not definition.get("indexed"):
        raise FieldProblem("A column that enforces unique values must be indexed.")
    if "choice" in definition and not definition["choice"].get("choices"):
        raise FieldProblem("A choice column needs its choices.")
    return {
        "columnGroup": "Custom Columns",
        "description": "",
        "displayName": definition.get("displayName", definition["name"]),
        "enforceUniqueValues": False,
        "hidden": False,
        "id": str(uuid.uuid4()),
        "indexed": False,
        "name": definition["name"],
        "readOnly": False,
        "required": False,
        **{k: v for k, v in definition.items() if k != "displayName"},
    }


def facet_of(definition: dict[str, Any]) -> str:
    return next(k for k in definition if k in FACETS)


def is_multi(definition: dict[str, Any]) -> bool:
    return "choice" in definition and definition["choice"].get("displayAs") == "checkBoxes"


def _instant(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise FieldProblem(f"The value of field '{name}' is not a date and time.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise FieldProblem(f"The value of field '{name}' is not a date and time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def stored_value(definition: dict[str, Any], value: Any, zone: ZoneInfo) -> Any:
    """The value SharePoint keeps for a write to this column, or FieldProblem."""
    name = definition["name"]
    if value is None:
        return None
    facet = facet_of(definition)
    settings = definition[facet]
    if facet == "text":
        if not isinstance(value, str):
            raise FieldProblem(f"The value of field '{name}' is not text.")
        limit = None if settings.get("allowMultipleLines") else settings.get("maxLength", 255)
        if limit is not None and len(value) > limit:
            raise FieldProblem(f"The value of field '{name}' exceeds {limit} characters.")
        return value
    if facet == "choice":
        values = value if is_multi(definition) else [value]
        if is_multi(definition) != isinstance(value, list):
            raise FieldProblem(f"The value of field '{name}' has the wrong shape for its column.")
        allowed = settings["choices"]
        for one in values:
            if not isinstance(one, str) or (
                one not in allowed and not settings.get("allowTextEntry")
            ):
                raise FieldProblem(f"'{one}' is not a choice of field '{name}'.")
        return list(value) if isinstance(value, list) else value
    if facet == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldProblem(f"The value of field '{name}' is not a number.")
        low, high = settings.get("minimum"), settings.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            raise FieldProblem(f"The value of field '{name}' is outside its limits.")
        return value
    if facet == "boolean":
        if not isinstance(value, bool):
            raise FieldProblem(f"The value of field '{name}' is not a Boolean.")
        return value
    if facet == "dateTime":
        if settings.get("format") == "dateOnly":
            day = date.fromisoformat(value[:10]) if isinstance(value, str) else None
            if day is None:
                raise FieldProblem(f"The value of field '{name}' is not a date.")
            # Date-only values are kept as midnight in the site's time zone, read back in UTC.
            return _stamp(datetime.combine(day, time(), zone))
        return _stamp(_instant(value, name))
    raise FieldProblem(f"Field '{name}' cannot be written through this API.")


def written_fields(columns: dict[str, dict[str, Any]], body: Any, zone: ZoneInfo) -> dict[str, Any]:
    """The stored values of a fields write, after SharePoint's checks."""
    if not isinstance(body, dict):
        raise FieldProblem("The request body must be a JSON object of fields.")
    found: dict[str, Any] = {}
    for key, value in body.items():
        if key.endswith("@odata.type"):
            target = columns.get(key.removesuffix("@odata.type"))
            if target is None or not is_multi(target) or value != MULTI:
                raise FieldProblem(f"The annotation '{key}' does not fit its field.")
            continue
        if key in READ_ONLY_FIELDS:
            raise FieldProblem(f"Field '{key}' is read-only.")
        definition = columns.get(key)
        if definition is None or definition.get("readOnly"):
            raise FieldProblem(f"Field '{key}' is not recognized.")
        if is_multi(definition) and value is not None and f"{key}@odata.type" not in body:
            raise FieldProblem(
                f"A multi-choice value for '{key}' needs '{key}@odata.type': '{MULTI}'."
            )
        found[key] = stored_value(definition, value, zone)
    return found
