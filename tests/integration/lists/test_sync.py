"""The Lists sync against the fake tenant, on SQLite and PostgreSQL."""

import uuid

import pytest

from core.dispatch import dispatch
from core.lists import SYNCED, Lists, People
from core.mirror import Mirror, apply_page
from core.services import Services
from core.sync import sync
from graph.lists import list_item
from schemas.audit import AuditSource
from schemas.kinds import ENGAGEMENT, PATROL
from tests.conftest import upn
from tests.fakegraph.tenant import Tenant
from tests.lists_support import (
    all_records,
    disagreements,
    power_app_fields,
)

pytestmark = pytest.mark.usefixtures("lists")
PATROLS = PATROL.spec.title


def _requests(tenant: Tenant) -> int:
    return len(tenant.graph.requests)


def test_items_made_by_the_power_app_become_records_of_their_author(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    tenant.lists.power_app_create(
        PATROLS, power_app_fields(PATROL, SubmissionId="sub-1"), upn("stranger")
    )
    report = sync(services.database, lists)
    assert report.lists["patrol"].created == 1
    (record,) = all_records(services.database, PATROL)
    assert record.id == "sub-1"
    assert (record.officer, record.team_id, record.lpa_id) == (upn("stranger"), "team-b1", "lpa-b")
    assert record.version == 1 and record.warnings == []
    assert record.patrol_type == "asb_patrol" and record.outcomes == ["words_of_advice"]
    assert record.duration_minutes == 60
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(record_id="sub-1", limit=10).items
    assert [(e.source, e.upn) for e in entries] == [(AuditSource.SYNC, upn("stranger"))]


def test_a_large_list_syncs_whole_and_later_changes_arrive_with_the_next_sync(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    people = [upn("officer"), upn("teammate"), upn("stranger")]
    for n in range(12_000):
        fields = power_app_fields(PATROL, n, SubmissionId=str(uuid.UUID(int=n + 1)))
        tenant.lists.power_app_create(PATROLS, fields, people[n % 3])
    report = sync(services.database, lists)
    assert report.lists["patrol"].created == 12_000
    assert dispatch(services.database, lists, until_idle=True).done == 0
    before = _requests(tenant)
    assert sync(services.database, lists).totals().created == 0
    assert _requests(tenant) - before == len(SYNCED), "one request per list when nothing changed"

    items = tenant.lists.rows(PATROLS)
    tenant.lists.power_app_update(PATROLS, items[10].id, {"Location": "Park Road"}, people[0])
    tenant.lists.power_app_delete(PATROLS, items[20].id)
    made = tenant.lists.power_app_create(PATROLS, power_app_fields(PATROL), upn("neighbour"))
    report = sync(services.database, lists).lists["patrol"]
    assert (report.created, report.updated, report.deleted) == (1, 1, 1)
    with services.database.transaction(read_only=True) as tx:
        edited = tx.activities(PATROL).get(items[10].fields["SubmissionId"])
        assert tx.activities(PATROL).get(items[20].fields["SubmissionId"]) is None
    assert edited is not None and edited.location == "Park Road" and edited.version == 2
    dispatch(services.database, lists, until_idle=True)
    new_id = tenant.lists.by_name(PATROLS).items[made].fields["SubmissionId"]
    with services.database.transaction(read_only=True) as tx:
        new = tx.activities(PATROL).get(new_id)
    assert new is not None and new.officer == upn("neighbour")
    assert (new.team_id, new.lpa_id) == ("team-a2", "lpa-a")
    assert sync(services.database, lists).totals().updated == 0
    assert disagreements(services.database, tenant, PATROL) == []


def test_replaying_a_delta_page_changes_nothing(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    for n in range(3):
        fields = power_app_fields(PATROL, SubmissionId=f"r{n}")
        tenant.lists.power_app_create(PATROLS, fields, upn("officer"))
    (page,) = lists.port.delta(tenant.lists.by_name(PATROLS).id, None)
    mirror = Mirror(SYNCED[PATROL.name], lists.zone, People(lists.port), lists.clock.now(), 1)
    for _ in range(2):
        with services.database.transaction() as tx:
            apply_page(tx, mirror, page.items, page.deleted)
            tx.commit()
    assert sorted((r.id, r.version) for r in all_records(services.database, PATROL)) == [
        ("r0", 1),
        ("r1", 1),
        ("r2", 1),
    ]


def test_a_410_resync_reconciles_without_duplicates(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    ids = [
        tenant.lists.power_app_create(
            PATROLS, power_app_fields(PATROL, SubmissionId=f"g{n}"), upn("officer")
        )
        for n in range(5)
    ]
    sync(services.database, lists)
    dispatch(services.database, lists, until_idle=True)
    tenant.lists.expire_delta_tokens(PATROLS)
    tenant.lists.power_app_delete(PATROLS, ids[0])
    tenant.lists.power_app_update(PATROLS, ids[1], {"Location": "After 410"}, upn("officer"))
    report = sync(services.database, lists).lists["patrol"]
    assert (report.created, report.updated, report.deleted) == (0, 1, 1)
    remaining = sorted(r.id for r in all_records(services.database, PATROL))
    assert remaining == ["g1", "g2", "g3", "g4"]
    assert disagreements(services.database, tenant, PATROL) == []


def test_values_that_break_the_rules_are_kept_as_warnings(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    odd = power_app_fields(ENGAGEMENT, SubmissionId="odd", EngagementType="Coffee morning")
    backwards = power_app_fields(
        ENGAGEMENT,
        SubmissionId="backwards",
        StartedAt="2026-11-20T10:00:00Z",
        EndedAt="2026-11-20T09:00:00Z",
    )
    for fields in (odd, backwards):
        tenant.lists.power_app_create(ENGAGEMENT.spec.title, fields, upn("officer"))
    sync(services.database, lists)
    found = {r.id: r for r in all_records(services.database, ENGAGEMENT)}
    assert found["odd"].engagement_type == "Coffee morning"
    assert any("Coffee morning" in w for w in found["odd"].warnings)
    assert found["backwards"].warnings == ["ended_at: must be after started_at"]


def test_date_only_columns_read_back_from_midnight_of_the_site_zone(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    fields = power_app_fields(ENGAGEMENT, SubmissionId="dated", FollowUpOn="2026-12-01T00:00:00Z")
    fields["FollowUpOn"] = "2026-07-14T23:00:00Z"
    tenant.lists.power_app_create(ENGAGEMENT.spec.title, fields, upn("officer"))
    sync(services.database, lists)
    (record,) = all_records(services.database, ENGAGEMENT)
    assert record.follow_up_on.isoformat() == "2026-07-15"


def test_an_item_whose_author_is_unknown_is_held_until_they_are_known(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    tenant.lists.add_user("new.officer@test.example", "oid-new", "New Officer")
    fields = power_app_fields(PATROL, SubmissionId="held")
    tenant.lists.power_app_create(PATROLS, fields, "new.officer@test.example")
    assert sync(services.database, lists).lists["patrol"].held == 1
    assert all_records(services.database, PATROL) == []
    with services.database.transaction() as tx:
        tx.organisation.add(
            "person",
            [
                {
                    "upn": "new.officer@test.example",
                    "entra_object_id": "oid-new",
                    "display_name": "New Officer",
                    "rank": "pc",
                    "team_id": "team-a1",
                    "lpa_id": "lpa-a",
                }
            ],
        )
        tx.commit()
    assert sync(services.database, lists).lists["patrol"].created == 1
    (record,) = all_records(services.database, PATROL)
    assert record.officer == "new.officer@test.example"


def test_held_items_survive_as_json(services: Services, tenant: Tenant) -> None:
    from core.mirror import item_json

    made = tenant.lists.power_app_create(PATROLS, power_app_fields(PATROL), upn("officer"))
    item = tenant.lists.by_name(PATROLS).items[made]
    original = list_item(tenant.lists.render(tenant.lists.by_name(PATROLS), item, True))
    assert list_item(item_json(original)) == original
