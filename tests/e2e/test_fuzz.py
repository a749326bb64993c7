"""Fuzzing from the OpenAPI document: every operation, every role, no 500 and no reply that
breaks its own schema. Bounded so it runs in CI; SQLite only (the store code is shared)."""

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from core.services import Services
from core.settings import Settings
from functions.app import create_app
from store.migrate import migrate
from tests.conftest import PEOPLE, add_organisation, upn

EXAMPLES = 4
ROLES = ("officer", "supervisor", "manager", "admin", "auditor")


def _services() -> Services:
    """A store of its own, built when the module loads: the schema is read at collection."""
    folder = Path(tempfile.mkdtemp(prefix="npt-fuzz-"))
    atexit.register(shutil.rmtree, folder, True)
    services = Services(Settings(data_dir=folder, write_burst=100_000))
    migrate(services.database)
    add_organisation(services.database)
    return services


SERVICES = _services()
TOKENS = {name: SERVICES.development_token(upn(name)) for name in PEOPLE}
schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(lambda: SERVICES))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_fails_or_breaks_its_schema(case: schemathesis.Case) -> None:
    for role in ROLES:
        headers = {
            "Authorization": f"Bearer {TOKENS[role]}",
            "Idempotency-Key": f"fuzz-{role}",
            "If-Match": '"1"',
        }
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )
