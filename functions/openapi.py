"""The served OpenAPI document, with every error documented as application/problem+json."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from schemas.problem import FieldProblem, Problem

MEDIA_TYPE = "application/problem+json"
COMMON_ERRORS = {
    "401": "Not signed in, or the token is not valid",
    "403": "Signed in, but not permitted",
    "429": "Too many changes; retry after the Retry-After seconds",
    "503": "A dependency is unavailable; retry after the Retry-After seconds",
}
PUBLIC = {"/api/health", "/api/ready", "/api/openapi.json"}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def document(app: FastAPI) -> dict[str, Any]:
    """Build once: FastAPI's validation-error shape is replaced by the problem we really send."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, FieldProblem):
        definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
        definition.pop("$defs", None)
        components[model.__name__] = definition
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in list(responses.items()):
                if status.startswith(("4", "5")):
                    responses[status] = _problem_response(response.get("description", status))
            if "422" not in responses and (
                operation.get("parameters") or "requestBody" in operation
            ):
                responses["422"] = _problem_response("Invalid request: the fields at fault")
            if path not in PUBLIC:
                for status, description in COMMON_ERRORS.items():
                    responses.setdefault(status, _problem_response(description))
            if "{" in path:
                responses.setdefault("404", _problem_response("Not found, or not in your scope"))
    app.openapi_schema = schema
    return schema


def install(app: FastAPI) -> None:
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
