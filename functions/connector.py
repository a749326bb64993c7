"""The Power Platform custom connector: the served OpenAPI 3.1 document rendered as Swagger 2.0.

Custom connectors import Swagger 2.0 only, under 1 MB, without `anyOf` nullables; fields and
operations carry `x-ms-summary` and `x-ms-visibility`, and sign-in is Entra ID (OAuth 2.0).
"""

import copy
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI

REF_FROM = "#/components/schemas/"
REF_TO = "#/definitions/"
DROPPED = {"examples", "const", "contentMediaType", "discriminator", "title", "default"}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
UNION = "x-union-of"
"""Marks a union of definitions until they are merged: Swagger 2.0 has no oneOf."""


def _schema(node: Any) -> Any:
    """An OpenAPI 3.1 schema as a Swagger 2.0 one."""
    if isinstance(node, list):
        return [_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "$ref" in node:
        return {"$ref": node["$ref"].replace(REF_FROM, REF_TO)}
    nullable = False
    for key in ("anyOf", "oneOf"):
        if key in node:
            options = [o for o in node.pop(key) if o.get("type") != "null"]
            nullable = nullable or len(options) < 2 or any(o.get("type") == "null" for o in options)
            converted_options = [_schema(o) for o in options] or [{"type": "string"}]
            merged = converted_options[0]
            if len(options) > 1 and all("$ref" in o for o in converted_options):
                merged = {UNION: [o["$ref"].removeprefix(REF_TO) for o in converted_options]}
            elif "$ref" not in merged and len(options) > 1:
                merged.pop("format", None)
            node = {**merged, **{k: v for k, v in node.items() if k != key}}
    if "const" in node:
        node["enum"] = [node["const"]]
    if isinstance(node.get("type"), list):
        types = [t for t in node["type"] if t != "null"]
        nullable = nullable or len(types) < len(node["type"])
        node["type"] = types[0] if types else "string"
    if "title" in node and "$ref" not in node:
        node["x-ms-summary"] = node["title"]
    converted = {
        key: (_schema(value) if key in ("items", "additionalProperties") else value)
        for key, value in node.items()
        if key not in DROPPED
    }
    if "properties" in node:
        converted["properties"] = {k: _field(v) for k, v in node["properties"].items()}
    if (
        isinstance(converted.get("additionalProperties"), dict)
        and not converted["additionalProperties"]
    ):
        converted["additionalProperties"] = True
    if nullable:
        converted["x-nullable"] = True
    return converted


def _merge_unions(node: Any, definitions: dict[str, Any]) -> Any:
    """Each union of records as one object with every member's fields, so that a flow sees
    them all; only the fields every member requires stay required."""
    if isinstance(node, list):
        return [_merge_unions(n, definitions) for n in node]
    if not isinstance(node, dict):
        return node
    if UNION in node:
        members = [definitions[name] for name in node[UNION]]
        properties: dict[str, Any] = {}
        for member in members:
            for name, field in member.get("properties", {}).items():
                known = properties.setdefault(name, field)
                if known is not field and "enum" in known and "enum" in field:
                    enum = known["enum"] + [v for v in field["enum"] if v not in known["enum"]]
                    properties[name] = {**known, "enum": enum}
        required = set.intersection(*(set(m.get("required", ())) for m in members))
        rest = {k: v for k, v in node.items() if k != UNION}
        node = {
            "type": "object",
            "description": "One of: " + ", ".join(node[UNION]) + ".",
            "properties": properties,
            **({"required": sorted(required)} if required else {}),
            **rest,
        }
    return {key: _merge_unions(value, definitions) for key, value in node.items()}


def _field(node: dict[str, Any]) -> dict[str, Any]:
    converted = _schema(node)
    if "$ref" in converted:
        return converted
    converted.setdefault("x-ms-summary", node.get("title", ""))
    return converted


def _inline(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """Swagger 2.0 parameters other than the body cannot refer to definitions."""
    if "$ref" in schema:
        target = definitions[schema["$ref"].removeprefix(REF_TO)]
        return {k: v for k, v in target.items() if k in ("type", "enum", "format")}
    if isinstance(schema.get("items"), dict):
        return {**schema, "items": _inline(schema["items"], definitions)}
    return schema


def _parameter(parameter: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    schema = _inline(_schema(parameter.get("schema", {})), definitions)
    converted: dict[str, Any] = {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": parameter.get("required", False),
        "type": schema.get("type", "string"),
        "x-ms-summary": parameter.get("description") or parameter["name"],
        "x-ms-visibility": "important" if parameter.get("required") else "advanced",
    }
    for key in ("format", "enum", "maxLength", "minLength", "minimum", "maximum"):
        if key in schema:
            converted[key] = schema[key]
    if parameter.get("description"):
        converted["description"] = parameter["description"]
    if converted["type"] == "array":
        converted["items"] = schema.get("items", {"type": "string"})
        converted["collectionFormat"] = "multi"
    return converted


def _responses(responses: dict[str, Any]) -> dict[str, Any]:
    converted = {}
    for status, response in responses.items():
        entry: dict[str, Any] = {"description": response.get("description", status)}
        for content in response.get("content", {}).values():
            if "schema" in content:
                entry["schema"] = _schema(content["schema"])
                break
        converted[status] = entry
    return converted


def _operation(operation: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    parameters = [_parameter(p, definitions) for p in operation.get("parameters", [])]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        parameters.append(
            {
                "name": "body",
                "in": "body",
                "required": operation["requestBody"].get("required", False),
                "schema": _schema(body["schema"]),
                "x-ms-summary": "Body",
            }
        )
    summary = operation.get("summary", operation["operationId"])
    return {
        "operationId": operation["operationId"],
        "summary": summary,
        "description": operation.get("description", summary),
        "tags": operation.get("tags", []),
        "x-ms-visibility": "important",
        "parameters": parameters,
        "responses": _responses(operation.get("responses", {})),
    }


def swagger(openapi: dict[str, Any]) -> dict[str, Any]:
    source = copy.deepcopy(openapi)
    definitions = {
        name: _schema(schema)
        for name, schema in source.get("components", {}).get("schemas", {}).items()
    }
    paths = {
        path: {
            method: _operation(operation, definitions)
            for method, operation in operations.items()
            if method in HTTP_METHODS
        }
        for path, operations in source["paths"].items()
    }
    paths = _merge_unions(paths, definitions)
    definitions = _merge_unions(definitions, definitions)
    return {
        "swagger": "2.0",
        "info": {
            "title": source["info"]["title"],
            "version": source["info"]["version"],
            "description": source["info"].get("description", ""),
        },
        "host": "npt-api.azurewebsites.net",
        "basePath": "/",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json", "application/problem+json"],
        "paths": paths,
        "definitions": definitions,
        "securityDefinitions": {
            "oauth2_auth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://login.microsoftonline.com/common/oauth2/authorize",
                "tokenUrl": "https://login.windows.net/common/oauth2/authorize",
                "scopes": {},
            }
        },
        "security": [{"oauth2_auth": []}],
    }


def properties() -> dict[str, Any]:
    """apiProperties.json: Entra ID sign-in; the force fills in its app registration."""
    return {
        "properties": {
            "connectionParameters": {
                "token": {
                    "type": "oauthSetting",
                    "oAuthSettings": {
                        "identityProvider": "aad",
                        "clientId": "<connector application client id>",
                        "scopes": [],
                        "redirectMode": "GlobalPerConnector",
                        "redirectUrl": "https://global.consent.azure-apim.net/redirect",
                        "properties": {
                            "IsFirstParty": "False",
                            "AzureActiveDirectoryResourceId": "api://<API application client id>",
                        },
                        "customParameters": {
                            "loginUri": {"value": "https://login.microsoftonline.com"},
                            "tenantId": {"value": "common"},
                            "resourceUri": {"value": "api://<API application client id>"},
                            "enableOnbehalfOfLogin": {"value": "false"},
                        },
                    },
                }
            },
            "iconBrandColor": "#003366",
            "capabilities": [],
            "publisher": "Northshire Police",
            "stackOwner": "Northshire Police",
        }
    }


def render(app: FastAPI) -> dict[str, str]:
    """The connector files, as the text written to `connector/`."""
    return {
        "apiDefinition.swagger.json": json.dumps(swagger(app.openapi()), indent=2) + "\n",
        "apiProperties.json": json.dumps(properties(), indent=2) + "\n",
    }


def write(app: FastAPI, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render(app).items():
        path = folder / name
        path.write_text(text)
        written.append(path)
    return written
