"""Priorities (written by supervisors) and the organisation lists (kept by admins in Lists)."""

from collections import Counter

import pytest

from core import priorities
from core.dispatch import dispatch
from core.lists import Lists
from core.services import Services
from core.sync import sync
from schemas.kinds import ORGANISATION_LISTS
from schemas.priority import PriorityCreate, PriorityUpdate
from tests.conftest import TEAM_A1, TEAM_A2, upn
from tests.fakegraph.tenant import Tenant
from tests.lists_support import caller

pytestmark = pytest.mark.usefixtures("lists")
PRIORITIES = ORGANISATION_LISTS["priority"][1].title
TEAMS = ORGANISATION_LISTS["team"][1].title


def _item(tenant: Tenant, title: str, key: str) -> tuple[int, dict] | None:
    rows = tenant.lists.rows(title)
    return next(((r.id, r.fields) for r in rows if r.fields.get("SubmissionId") == key), None)


def _priority(services: Services, priority_id: str) -> object:
    with services.database.transaction(read_only=True) as tx:
        return tx.organisation.priority(priority_id)


def test_priority_writes_reach_the_list_once_and_changes_in_lists_come_back(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    supervisor = caller(services, "supervisor")
    data = PriorityCreate(team_id=TEAM_A2, title="Drug dealing by the park")
    made = priorities.create(services.database, supervisor, data)
    dispatch(services.database, lists, until_idle=True)
    found = _item(tenant, PRIORITIES, made.id)
    assert found is not None and found[1]["Title"] == "Drug dealing by the park"
    assert found[1]["TeamId"] == TEAM_A2 and found[1]["Current"] is True

    changes = PriorityUpdate(title="Drug dealing in the park")
    priorities.update(services.database, supervisor, made.id, changes)
    dispatch(services.database, lists, until_idle=True)
    item_id, fields = _item(tenant, PRIORITIES, made.id)  # type: ignore[misc]
    assert fields["Title"] == "Drug dealing in the park"
    target = tenant.lists.by_name(PRIORITIES).id
    sent = Counter(method for method, list_id, _ in tenant.lists.attempts if list_id == target)
    assert sent == {"POST": 1, "PATCH": 1}
    assert sync(services.database, lists).lists["priority"].updated == 0

    tenant.lists.power_app_update(PRIORITIES, item_id, {"Title": "Dealing"}, upn("supervisor"))
    assert sync(services.database, lists).lists["priority"].updated == 1
    assert _priority(services, made.id).title == "Dealing"  # type: ignore[attr-defined]

    fields = {
        "SubmissionId": "pri-new",
        "TeamId": TEAM_A1,
        "LpaId": "lpa-a",
        "Title": "Speeding on Mill Lane",
        "SetOn": "2026-10-01",
        "Current": True,
    }
    tenant.lists.power_app_create(PRIORITIES, fields, upn("supervisor"))
    tenant.lists.power_app_delete(PRIORITIES, item_id)
    counts = sync(services.database, lists).lists["priority"]
    assert (counts.created, counts.deleted) == (1, 1)
    new = _priority(services, "pri-new")
    assert new is not None and new.title == "Speeding on Mill Lane"  # type: ignore[attr-defined]
    assert str(new.set_on) == "2026-10-01"  # type: ignore[attr-defined]
    assert _priority(services, made.id).current is False  # type: ignore[attr-defined]


def test_a_team_renamed_in_lists_arrives_by_sync(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    fields = {"SubmissionId": TEAM_A1, "Name": "Alpha One", "LpaId": "lpa-a"}
    item_id = tenant.lists.power_app_create(TEAMS, fields, upn("admin"))
    assert sync(services.database, lists).lists["team"].unchanged == 1
    tenant.lists.power_app_update(TEAMS, item_id, {"Name": "Alpha Central"}, upn("admin"))
    unknown = {"SubmissionId": "team-x", "Name": "Nowhere", "LpaId": "lpa-x"}
    tenant.lists.power_app_create(TEAMS, unknown, upn("admin"))
    counts = sync(services.database, lists).lists["team"]
    assert (counts.updated, counts.held) == (1, 1), "a team of an unknown LPA waits for it"
    with services.database.transaction(read_only=True) as tx:
        teams = {t.id: t for t in tx.organisation.teams()}
    assert teams[TEAM_A1].name == "Alpha Central" and "team-x" not in teams


def test_what_the_organisation_lists_cannot_hold_is_audited_with_its_warnings(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    """LPAs, teams and people keep no warnings of their own, so the audit entry of the sync
    that brought them keeps what Lists held that the store could not check."""
    fields = {"SubmissionId": "team-a9", "LpaId": "lpa-a"}
    tenant.lists.power_app_create(TEAMS, fields, upn("admin"))
    assert sync(services.database, lists).lists["team"].created == 1
    with services.database.transaction(read_only=True) as tx:
        (entry,) = tx.audit.list(record_id="team-a9", limit=10).items
        teams = {t.id: t for t in tx.organisation.teams()}
    assert teams["team-a9"].lpa_id == "lpa-a"
    assert entry.detail is not None
    assert entry.detail["warnings"] == ["name: is missing in Microsoft Lists"]
