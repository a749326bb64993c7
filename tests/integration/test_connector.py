"""The Power Platform connector file is valid Swagger 2.0 and in step with the served API."""

import json
from pathlib import Path

import pytest
from openapi_spec_validator.validation.validators import OpenAPIV2SpecValidator

from core.services import Services
from core.settings import Settings
from functions.app import create_app
from functions.connector import render

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "connector"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    services = Services(Settings(data_dir=tmp_path_factory.mktemp("connector")))
    return render(create_app(lambda: services))


def test_connector_is_valid_swagger_2_under_one_megabyte(rendered: dict[str, str]) -> None:
    text = rendered["apiDefinition.swagger.json"]
    document = json.loads(text)
    assert document["swagger"] == "2.0"
    assert list(OpenAPIV2SpecValidator(document).iter_errors()) == []
    assert len(text.encode()) < 1_048_576
    assert "anyOf" not in text and "oneOf" not in text


def test_every_operation_has_a_summary_and_visibility(rendered: dict[str, str]) -> None:
    document = json.loads(rendered["apiDefinition.swagger.json"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"], f"{method} {path}"
            assert operation["x-ms-visibility"] in ("important", "advanced", "internal")
            for parameter in operation["parameters"]:
                assert "x-ms-summary" in parameter


def test_sign_in_is_entra_id_oauth(rendered: dict[str, str]) -> None:
    document = json.loads(rendered["apiDefinition.swagger.json"])
    assert document["securityDefinitions"]["oauth2_auth"]["type"] == "oauth2"
    properties = json.loads(rendered["apiProperties.json"])
    token = properties["properties"]["connectionParameters"]["token"]
    assert token["oAuthSettings"]["identityProvider"] == "aad"


def test_committed_connector_files_match_the_app(rendered: dict[str, str]) -> None:
    for name, text in rendered.items():
        committed = (FOLDER / name).read_text()
        assert committed == text, f"connector/{name} is stale: run `npt connector`"


def test_a_list_of_mixed_records_offers_every_kinds_fields(rendered: dict[str, str]) -> None:
    """Swagger 2.0 has no oneOf: "my activity" items carry the fields of all three kinds."""
    document = json.loads(rendered["apiDefinition.swagger.json"])
    item = document["definitions"]["OwnRecordPage"]["properties"]["items"]["items"]
    fields = item["properties"]
    assert {"engagement_type", "patrol_type", "reason", "hours"} <= set(fields)
    assert fields["kind"]["enum"] == ["engagement", "patrol", "abstraction"]
    assert "engagement_type" not in item["required"] and "started_at" in item["required"]
