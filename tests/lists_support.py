"""Fixtures and helpers shared by the Lists tests: a provisioned fake tenant whose site knows
the test organisation's people, and ways to act as the Power App and to compare both sides."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.access import Caller
from core.lists import Lists
from core.provision import provision
from core.services import Services
from graph.mapping import differences, from_fields
from schemas.kinds import ActivityKind
from store.database import Database
from store.filters import RecordFilter, Visibility
from tests.conftest import PEOPLE, object_id, upn
from tests.fakegraph.tenant import Tenant, connected, enrol, fake_tenant


@pytest.fixture
def tenant(services: Services) -> Iterator[Tenant]:
    made = fake_tenant()
    enrol(made, {upn(name): object_id(name) for name in PEOPLE})
    yield made
    made.close()


@pytest.fixture
def lists(services: Services, tenant: Tenant) -> Lists:
    connection = connected(tenant)
    provision(services.database, connection)
    services.__dict__["lists"] = connection
    return connection


def power_app_fields(kind: ActivityKind, n: int = 0, **values: Any) -> dict[str, Any]:
    """Fields as the Power App writes them: labels, not values; no server columns.

    The `n`-th item starts 37 minutes before the one before it, so that many items spread
    over months as real ones do.
    """
    started = datetime(2026, 11, 20, 9, 0, tzinfo=UTC) - timedelta(minutes=37 * n)
    base: dict[str, Any] = {
        "StartedAt": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "EndedAt": (started + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Location": "Market Square",
    }
    kind_fields = {
        "engagement": {"EngagementType": "Beat surgery", "Attendees": 12},
        "patrol": {"PatrolType": "ASB patrol", "Mode": "Foot", "Outcomes": ["Words of advice"]},
        "abstraction": {"Reason": "Court", "Planned": True},
    }[kind.name]
    return base | kind_fields | values


def disagreements(
    database: Database, tenant: Tenant, kind: ActivityKind, names: list[str] | None = None
) -> list[str]:
    """Every way the store and the list differ, item by item and field by field.

    By default the id and the fields an officer writes (all an item made in Lists holds);
    pass `names` to compare more (every list column, for items the API made).
    """
    spec = kind.spec
    names = names or ["id", *kind.create.model_fields]
    found = []
    items = {}
    for item in tenant.lists.rows(spec.title):
        values, _ = from_fields(spec, tenant.lists.render_fields(item), tenant.lists.zone)
        if values["id"] in items:
            found.append(f"{values['id']}: two items hold this SubmissionId")
        items[values["id"]] = values
    records = {r.id: r for r in all_records(database, kind)}
    for missing in sorted(set(records) - set(items)):
        found.append(f"{missing}: in the store, not in Lists")
    for extra in sorted(set(items) - set(records)):
        found.append(f"{extra}: in Lists, not in the store")
    for record_id in sorted(set(records) & set(items)):
        ours = {n: getattr(records[record_id], n, None) for n in names}
        for name in differences(spec, ours, items[record_id], names):
            found.append(
                f"{record_id}.{name}: {ours[name]!r} here, {items[record_id][name]!r} there"
            )
    return found


def caller(services: Services, name: str) -> Caller:
    """A signed-in person of the test organisation, as the API would make them."""
    with services.database.transaction(read_only=True) as tx:
        person = tx.organisation.person(upn(name))
    assert person is not None
    return Caller(person=person, role=PEOPLE[name][3])


def all_records(database: Database, kind: ActivityKind) -> list[Any]:
    """Every record of the kind that is not deleted."""
    with database.transaction(read_only=True) as tx:
        page = tx.activities(kind).list(
            Visibility(everything=True), RecordFilter(), limit=10_000_000
        )
    return page.items
