"""The `npt` command line: migrate and back, seed, users, token, and serve's loopback rule."""

import json
from pathlib import Path

import jwt
import pytest

from functions.cli import is_loopback, main


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NPT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NPT_MODE", "embedded")
    monkeypatch.setenv("NPT_DEMO_RECORDS", "300")
    monkeypatch.delenv("NPT_DATABASE_URL", raising=False)
    return tmp_path


def test_seed_fills_an_empty_store_once(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed"]) == 0
    assert "seeded" in capsys.readouterr().out
    assert (data_dir / "npt.db").exists()
    assert main(["seed"]) == 0
    assert "nothing seeded" in capsys.readouterr().out


def test_users_json_lists_people_with_their_roles(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["seed"])
    capsys.readouterr()
    assert main(["users", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert len(people) > 500
    assert set(people[0]) == {"upn", "display_name", "role", "team_id", "lpa_id"}
    roles = {p["role"] for p in people}
    assert roles == {"officer", "supervisor", "manager", "admin", "auditor"}


def test_token_prints_only_a_token_carrying_the_persons_role(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["seed"])
    capsys.readouterr()
    assert main(["token", "demo.supervisor@northshire.example"]) == 0
    out = capsys.readouterr().out
    token = out.strip()
    assert out == token + "\n"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["roles"] == ["supervisor"]
    assert claims["upn"] == "demo.supervisor@northshire.example"


def test_token_for_an_unknown_person_fails_clearly(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["seed"])
    assert main(["token", "nobody@northshire.example"]) == 2
    assert "nobody@northshire.example" in capsys.readouterr().err


def test_token_is_refused_outside_embedded_mode(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["seed"])
    production = {
        "NPT_MODE": "microsoft365",
        "NPT_TENANT_ID": "3f2b5c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f",
        "NPT_API_AUDIENCE": "api://npt-production",
        "NPT_GRAPH_CLIENT_ID": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "NPT_GRAPH_CLIENT_SECRET": "not-a-real-secret",
        "NPT_SITE_ID": "contoso.sharepoint.com,1,2",
        "NPT_DATABASE_URL": f"sqlite:///{data_dir / 'npt.db'}",
    }
    for name, value in production.items():
        monkeypatch.setenv(name, value)
    assert main(["token", "demo.officer@northshire.example"]) == 2
    assert "NPT_DATABASE_URL" in capsys.readouterr().err
    monkeypatch.setenv("NPT_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    assert main(["token", "demo.officer@northshire.example"]) == 2
    assert "only in embedded mode" in capsys.readouterr().err


def test_migrate_takes_the_schema_back_to_a_named_migration_and_up_again(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rolling back a deploy: the schema goes back to the revision named, and forward again."""
    main(["seed"])
    assert main(["migrate", "--down-to", "0013_search_conflicts"]) == 0
    assert "taken back to 0013_search_conflicts" in capsys.readouterr().out
    assert main(["migrate", "--down-to", "0014_activity_milliseconds"]) == 2
    assert "not past '0014_activity_milliseconds'" in capsys.readouterr().err
    assert main(["migrate"]) == 0
    assert "migrated: 0016_search_kind_ids" in capsys.readouterr().out
    assert main(["migrate", "--down-to", "0013_search_conflict"]) == 2
    assert "no migration is named '0013_search_conflict'" in capsys.readouterr().err
    assert main(["migrate"]) == 0
    assert "schema is up to date" in capsys.readouterr().out


def test_a_misspelt_mode_stops_the_command(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NPT_MODE", "embeded")
    assert main(["migrate"]) == 2
    assert "NPT_MODE" in capsys.readouterr().err


def test_serve_in_embedded_mode_refuses_a_non_loopback_bind(data_dir: Path) -> None:
    with pytest.raises(SystemExit, match=r"refuses to bind to 0\.0\.0\.0"):
        main(["serve", "--host", "0.0.0.0", "--port", "7999"])  # noqa: S104


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False)],  # noqa: S104
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
