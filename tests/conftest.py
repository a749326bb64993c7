"""Fixtures: a migrated store on SQLite and on PostgreSQL, a small organisation, an HTTP client."""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.services import Services
from core.settings import Settings
from core.tokens import SigningKey
from functions.app import create_app
from schemas.person import Rank
from schemas.roles import Role
from store.catalog import metadata
from store.database import Database
from store.migrate import migrate

POSTGRES_URL = os.environ.get(
    "NPT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("NPT_TEST_REQUIRE_POSTGRES") == "1"


def _postgres_admin_url() -> str:
    return str(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))


def _postgres_reason() -> str | None:
    try:
        engine = create_engine(_postgres_admin_url(), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL at {POSTGRES_URL} is not reachable ({type(error).__name__})"
    return None


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A fresh database for this test session (and xdist worker), dropped at the end."""
    reason = _postgres_reason()
    if reason is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"npt_test_{worker_id}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = str(make_url(_postgres_admin_url()).set(database=name))
    database = Database(url)
    migrate(database)
    database.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "npt.db"
    database = Database(f"sqlite:///{path}")
    migrate(database)
    database.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        target = tmp_path / "npt.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("postgres_url")
    database = Database(url)
    with database.engine.begin() as connection:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    database.dispose()
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


LPA_A, LPA_B = "lpa-a", "lpa-b"
TEAM_A1, TEAM_A2, TEAM_B1 = "team-a1", "team-a2", "team-b1"

PEOPLE: dict[str, tuple[str, str, str, Role]] = {
    # short name: (rank, team, lpa, role)
    "officer": ("PC", TEAM_A1, LPA_A, Role.OFFICER),
    "teammate": ("PCSO", TEAM_A1, LPA_A, Role.OFFICER),
    "neighbour": ("PC", TEAM_A2, LPA_A, Role.OFFICER),
    "stranger": ("PC", TEAM_B1, LPA_B, Role.OFFICER),
    "supervisor": ("Sgt", TEAM_A2, LPA_A, Role.SUPERVISOR),
    "other_supervisor": ("Sgt", TEAM_B1, LPA_B, Role.SUPERVISOR),
    "manager": ("Insp", TEAM_B1, LPA_B, Role.MANAGER),
    "admin": ("Staff", TEAM_B1, LPA_B, Role.ADMIN),
    "auditor": ("Staff", TEAM_B1, LPA_B, Role.AUDITOR),
}


def upn(name: str) -> str:
    return f"{name}@test.example"


def object_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def add_organisation(database: Database) -> None:
    with database.transaction() as tx:
        org = tx.organisation
        org.add("lpa", [{"id": LPA_A, "name": "Alpha"}, {"id": LPA_B, "name": "Bravo"}])
        org.add(
            "team",
            [
                {"id": TEAM_A1, "name": "Alpha One", "lpa_id": LPA_A},
                {"id": TEAM_A2, "name": "Alpha Two", "lpa_id": LPA_A},
                {"id": TEAM_B1, "name": "Bravo One", "lpa_id": LPA_B},
            ],
        )
        org.add(
            "person",
            [
                {
                    "upn": upn(name),
                    "entra_object_id": object_id(name),
                    "display_name": name.replace("_", " ").title(),
                    "collar_number": f"{1000 + i}",
                    "rank": Rank.from_label(rank).value,
                    "team_id": team,
                    "lpa_id": lpa,
                }
                for i, (name, (rank, team, lpa, _)) in enumerate(PEOPLE.items())
            ],
        )
        org.add(
            "priority",
            [
                {
                    "id": "pri-a1",
                    "team_id": TEAM_A1,
                    "lpa_id": LPA_A,
                    "title": "Shop theft on the high street",
                    "description": None,
                    "set_on": date(2026, 9, 1),
                    "reviewed_on": None,
                    "current": True,
                },
                {
                    "id": "pri-b1",
                    "team_id": TEAM_B1,
                    "lpa_id": LPA_B,
                    "title": "Off-road bikes",
                    "description": None,
                    "set_on": date(2026, 9, 1),
                    "reviewed_on": None,
                    "current": True,
                },
            ],
        )
        org.add(
            "hotspot",
            [
                {
                    "id": "hs-a1",
                    "team_id": TEAM_A1,
                    "lpa_id": LPA_A,
                    "name": "Market Square",
                    "latitude": 52.6,
                    "longitude": -1.2,
                },
                {
                    "id": "hs-b1",
                    "team_id": TEAM_B1,
                    "lpa_id": LPA_B,
                    "name": "Bus station",
                    "latitude": 52.7,
                    "longitude": -1.1,
                },
            ],
        )
        org.assign_roles({object_id(n): role for n, (_, _, _, role) in PEOPLE.items()})
        tx.commit()


@pytest.fixture(scope="session")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One development key for the session: generating RSA keys per test is slow."""
    path = tmp_path_factory.mktemp("keys") / "signing-key.pem"
    SigningKey(path)
    return path


@pytest.fixture
def services(database: Database, tmp_path: Path, signing_key_file: Path) -> Iterator[Services]:
    add_organisation(database)
    shutil.copy(signing_key_file, tmp_path / "signing-key.pem")
    settings = Settings(data_dir=tmp_path, database_url=str(database.url), write_burst=1000)
    services = Services(settings)
    services.__dict__["database"] = database
    yield services


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(lambda: services), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def auth(services: Services) -> Callable[[str], dict[str, str]]:
    """Headers that sign in as one of the PEOPLE by short name."""
    tokens: dict[str, str] = {}

    def headers(name: str) -> dict[str, str]:
        if name not in tokens:
            tokens[name] = services.development_token(upn(name))
        return {"Authorization": f"Bearer {tokens[name]}"}

    return headers
