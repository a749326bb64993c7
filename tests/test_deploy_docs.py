"""The deployment files and the README's deployment section stay in step with the code."""

import json
import re
import uuid
from pathlib import Path

import pytest

from core.settings import Settings
from functions.timers import TIMERS
from schemas.duty import DutySource
from schemas.roles import Role

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
GRAPH = "00000003-0000-0000-c000-000000000000"
LEAST_GRAPH_PERMISSIONS = {
    ("883ea226-0bf2-4a8f-9f9d-92c9162a727d", "Role"),  # Sites.Selected
    ("662d75ba-a364-42ad-adee-f5f880ea4878", "Scope"),  # Calendars.ReadBasic
    ("e383f46e-2787-4529-855e-0e479a3ffac0", "Scope"),  # Mail.Send
    ("b633e1c5-b582-4048-a93e-9f11b44c7e96", "Role"),  # Mail.Send, confined to one mailbox
    ("7b2ebf90-d836-437f-b90d-7b62722c4456", "Role"),  # Schedule.Read.All
}
SECRET_SETTINGS = ("NPT_DATABASE_URL", "NPT_GRAPH_CLIENT_SECRET", "NPT_NOTIFICATION_CLIENT_STATE")


def deploying_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Deploying to Azure")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def readme_timers() -> dict[str, str]:
    """The timers table: `| `name` | `schedule` | what it does |`."""
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| `([^`]+)` \|", deploying_section(), re.MULTILINE)
    return dict(rows)


def bicep_settings() -> dict[str, str]:
    """The NPT_* app settings deploy/main.bicep gives the Function App, name to expression."""
    bicep = (DEPLOY / "main.bicep").read_text()
    return dict(re.findall(r"^\s+(NPT_[A-Z0-9_]+):\s*(.+)$", bicep, re.MULTILINE))


def manifest(name: str) -> dict:
    return json.loads((DEPLOY / "entra" / name).read_text())


def test_every_timer_is_in_the_readme_with_its_schedule() -> None:
    documented = readme_timers()
    for timer in TIMERS:
        assert timer.name in documented, f"timer {timer.name} is not in the README's timers table"
        assert documented[timer.name] == timer.schedule, f"timer {timer.name}'s schedule differs"


def test_readme_timers_table_names_only_timers_that_exist() -> None:
    stale = set(readme_timers()) - {timer.name for timer in TIMERS}
    assert not stale, f"the README's timers table names timers that do not exist: {stale}"


@pytest.mark.parametrize(
    "path", sorted(DEPLOY.rglob("*.json")), ids=lambda path: str(path.relative_to(DEPLOY))
)
def test_deploy_json_file_parses(path: Path) -> None:
    assert isinstance(json.loads(path.read_text()), dict)


def test_api_app_roles_are_exactly_our_five_roles_with_fixed_ids() -> None:
    roles = manifest("api-app-manifest.json")["appRoles"]
    assert sorted(role["value"] for role in roles) == sorted(role.value for role in Role)
    ids = [str(uuid.UUID(role["id"])) for role in roles]
    assert len(set(ids)) == len(ids)
    assert all(role["allowedMemberTypes"] == ["User"] for role in roles)


def test_api_app_issues_v2_tokens_that_say_whether_they_are_app_only() -> None:
    api = manifest("api-app-manifest.json")
    assert api["api"]["requestedAccessTokenVersion"] == 2
    assert [scope["value"] for scope in api["api"]["oauth2PermissionScopes"]] == [
        "user_impersonation"
    ]
    assert "idtyp" in [claim["name"] for claim in api["optionalClaims"]["accessToken"]]


def test_api_app_asks_graph_for_the_least_privilege_that_works() -> None:
    (graph,) = manifest("api-app-manifest.json")["requiredResourceAccess"]
    assert graph["resourceAppId"] == GRAPH
    asked = {(access["id"], access["type"]) for access in graph["resourceAccess"]}
    assert asked == LEAST_GRAPH_PERMISSIONS


def test_connector_app_asks_for_the_api_scope_and_returns_to_power_platform() -> None:
    (scope,) = manifest("api-app-manifest.json")["api"]["oauth2PermissionScopes"]
    connector = manifest("connector-app-manifest.json")
    asked = {
        (access["id"], access["type"])
        for resource in connector["requiredResourceAccess"]
        for access in resource["resourceAccess"]
    }
    assert (scope["id"], "Scope") in asked
    assert "https://global.consent.azure-apim.net/redirect" in connector["web"]["redirectUris"]


def test_bicep_sets_every_setting_microsoft365_mode_requires() -> None:
    """Each problem that can stop production names settings; Bicep must set one of them."""
    everything_wrong = Settings(
        tenant_id="not-a-tenant",
        authority_host="http://login.example",
        duties_source=DutySource.SHIFTS,
        notification_url="http://example.org/notifications",
    )
    problems = everything_wrong.production_problems()
    assert len(problems) >= 10
    settings = bicep_settings()
    for problem in problems:
        named = re.findall(r"NPT_[A-Z0-9_]+", problem)
        assert any(name in settings for name in named), f"main.bicep leaves out: {problem}"


def test_bicep_sets_only_settings_the_service_reads() -> None:
    known = set(re.findall(r'"(NPT_[A-Z0-9_]+)"', (ROOT / "core" / "settings.py").read_text()))
    unknown = set(bicep_settings()) - known
    assert not unknown, f"main.bicep sets settings core/settings.py does not read: {unknown}"
    assert bicep_settings()["NPT_MODE"] == "'microsoft365'"


def test_bicep_takes_every_secret_from_key_vault() -> None:
    settings = bicep_settings()
    for name in SECRET_SETTINGS:
        assert "@Microsoft.KeyVault(SecretUri=" in settings[name], name


def test_parameters_example_holds_no_secure_parameter() -> None:
    bicep = (DEPLOY / "main.bicep").read_text()
    secure = re.findall(r"@secure\(\)\s*(?:@\w+\([^)]*\)\s*)*param (\w+)", bicep)
    assert secure
    example = json.loads((DEPLOY / "main.parameters.example.json").read_text())
    assert not set(secure) & set(example["parameters"])


def test_site_grant_request_names_the_application_with_a_sites_selected_role() -> None:
    text = (DEPLOY / "grant-site.http").read_text()
    bodies = [json.loads(body) for body in re.findall(r"^\{$.*?^\}$", text, re.M | re.S)]
    grant = next(body for body in bodies if "grantedToIdentities" in body)
    assert grant["roles"] == ["manage"]
    assert grant["grantedToIdentities"][0]["application"]["id"] == "{{apiClientId}}"
    assert {"roles": ["write"]} in bodies
