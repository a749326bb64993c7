"""The docs stay honest: every route is summarised, every setting is in the README."""

import re
from pathlib import Path

from core.services import Services
from core.settings import Settings
from functions.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_every_route_has_an_openapi_summary(tmp_path: Path) -> None:
    services = Services(Settings(data_dir=tmp_path))
    paths = create_app(lambda: services).openapi()["paths"]
    assert "/api/engagements/{record_id}" in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"


def test_every_setting_is_in_the_readme_settings_table() -> None:
    source = (ROOT / "core" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    names = set(re.findall(r'"(NPT_[A-Z0-9_]+)"', source))
    assert names
    for name in sorted(names):
        assert f"| `{name}` |" in readme, f"{name} is not in the README's settings table"


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_setting_is_in_the_local_settings_example() -> None:
    import json

    source = (ROOT / "core" / "settings.py").read_text()
    example = json.loads((ROOT / "local.settings.example.json").read_text())["Values"]
    for name in sorted(set(re.findall(r'"(NPT_[A-Z0-9_]+)"', source))):
        assert name in example, f"{name} is not in local.settings.example.json"
