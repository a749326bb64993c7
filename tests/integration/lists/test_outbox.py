"""API writes reach Microsoft Lists through the outbox, exactly once and in order per record."""

import threading
import uuid
from collections import Counter

import pytest

from core import activities, outbox
from core.dispatch import dispatch
from core.errors import NotFound
from core.lists import Lists
from core.services import Services
from schemas.kinds import PATROL
from store.outbox import Status
from tests.conftest import upn
from tests.fakegraph.tenant import Tenant
from tests.lists_support import (
    all_records,
    caller,
    disagreements,
)
from tests.payloads import patrol

pytestmark = pytest.mark.usefixtures("lists")
TITLE = PATROL.spec.title


def _create(services: Services, who: str = "officer", **changes: object) -> str:
    body = PATROL.create.model_validate(patrol(**changes))
    record, _ = activities.create(
        services.database, caller(services, who), PATROL, body, str(uuid.uuid4())
    )
    return record.id


def _update(services: Services, record_id: str, version: int, **changes: object) -> None:
    body = PATROL.update.model_validate(changes)
    activities.update(
        services.database, caller(services, "officer"), PATROL, record_id, body, version
    )


def _rows(services: Services) -> list:
    with services.database.transaction(read_only=True) as tx:
        return tx.outbox.list((Status.PENDING, Status.PARKED, Status.CONFLICT), limit=1000).items


def test_created_updated_and_deleted_records_reach_lists(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    kept = _create(services, location="Bus station")
    changed = _create(services)
    gone = _create(services)
    dispatch(services.database, lists, until_idle=True)
    _update(services, changed, 1, location="Park Road", mode="cycle")
    activities.delete(services.database, caller(services, "officer"), PATROL, gone, "mistake")
    report = dispatch(services.database, lists, until_idle=True)
    assert report.done == 2 and _rows(services) == []
    assert disagreements(services.database, tenant, PATROL) == []
    stored = {i.fields["SubmissionId"]: i.fields for i in tenant.lists.rows(TITLE)}
    assert set(stored) == {kept, changed}
    assert stored[changed]["Location"] == "Park Road" and stored[changed]["Mode"] == "Cycle"
    assert stored[kept]["Officer"] == upn("officer") and stored[kept]["TeamId"] == "team-a1"


def test_writes_for_one_record_are_applied_in_order(services: Services, tenant: Tenant) -> None:
    record_id = _create(services)
    for version, place in enumerate(["One", "Two", "Three"], start=1):
        _update(services, record_id, version, location=place)
    lists = services.lists
    dispatch(services.database, lists, until_idle=True)
    (item,) = tenant.lists.rows(TITLE)
    assert item.fields["Location"] == "Three"
    methods = [m for m, _, _ in tenant.lists.attempts]
    assert methods == ["POST", "PATCH", "PATCH", "PATCH"]


def test_a_lost_reply_to_a_create_never_makes_a_duplicate(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    created = [_create(services) for _ in range(5)]
    tenant.graph.faults.lose_reply_every = 1
    tenant.graph.faults.lose_reply_limit = 1
    report = dispatch(services.database, lists, until_idle=True)
    assert tenant.graph.lost_replies == 1 and report.lookups == 5
    ids = [i.fields["SubmissionId"] for i in tenant.lists.rows(TITLE)]
    assert sorted(ids) == sorted(created)
    assert disagreements(services.database, tenant, PATROL) == []


def test_a_stale_etag_is_a_conflict_and_the_lists_version_is_kept(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    record_id = _create(services)
    dispatch(services.database, lists, until_idle=True)
    (item,) = tenant.lists.rows(TITLE)
    tenant.lists.power_app_update(TITLE, item.id, {"Location": "Changed in Lists"}, upn("officer"))
    _update(services, record_id, 1, location="Changed here")
    report = dispatch(services.database, lists, until_idle=True)
    assert report.conflicts == 1
    (row,) = _rows(services)
    assert row.status is Status.CONFLICT and row.author == upn("officer")
    assert item.fields["Location"] == "Changed in Lists"
    (record,) = all_records(services.database, PATROL)
    assert record.location == "Changed in Lists" and record.version == 3
    assert any("Lists version was kept" in w for w in record.warnings)
    assert [m for m, _, _ in tenant.lists.attempts].count("PATCH") == 1


def test_a_write_that_keeps_failing_is_parked_and_can_be_retried(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    columns = tenant.lists.by_name(TITLE).columns
    removed = columns.pop("TaskingRef")
    record_id = _create(services, tasking_ref="T-1")
    report = dispatch(services.database, lists, until_idle=True)
    assert report.parked == 1 and report.failed == lists.max_attempts
    (row,) = _rows(services)
    assert row.status is Status.PARKED and "TaskingRef" in (row.last_error or "")
    columns["TaskingRef"] = removed
    admin = caller(services, "admin")
    assert outbox.retry(services.database, admin, row.id).status.value == "pending"
    with pytest.raises(NotFound):
        outbox.retry(services.database, admin, row.id)
    dispatch(services.database, lists, until_idle=True)
    assert [i.fields["SubmissionId"] for i in tenant.lists.rows(TITLE)] == [record_id]


def test_two_dispatchers_at_once_never_send_the_same_write(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    created = [_create(services) for _ in range(120)]
    tenant.graph.faults.latency = 0.002
    threads = [
        threading.Thread(target=dispatch, args=(services.database, lists), kwargs={"worker": w})
        for w in ("first", "second")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    dispatch(services.database, lists, until_idle=True)
    sent = Counter(key for method, _, key in tenant.lists.attempts if method == "POST")
    assert sorted(sent) == sorted(created) and set(sent.values()) == {1}


def test_a_delete_after_a_change_in_lists_restores_the_lists_version(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    record_id = _create(services)
    dispatch(services.database, lists, until_idle=True)
    (item,) = tenant.lists.rows(TITLE)
    tenant.lists.power_app_update(TITLE, item.id, {"Location": "Still here"}, upn("officer"))
    activities.delete(services.database, caller(services, "officer"), PATROL, record_id, "gone")
    assert dispatch(services.database, lists, until_idle=True).conflicts == 1
    (record,) = all_records(services.database, PATROL)
    assert record.id == record_id and record.location == "Still here"
    assert any("Lists version was kept" in w for w in record.warnings)
    assert len(tenant.lists.rows(TITLE)) == 1


def test_an_update_to_an_item_deleted_in_lists_deletes_the_record(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    record_id = _create(services)
    dispatch(services.database, lists, until_idle=True)
    (item,) = tenant.lists.rows(TITLE)
    tenant.lists.power_app_delete(TITLE, item.id)
    _update(services, record_id, 1, location="Too late")
    assert dispatch(services.database, lists, until_idle=True).conflicts == 1
    assert all_records(services.database, PATROL) == []
    (row,) = _rows(services)
    assert row.status is Status.CONFLICT and "deleted" in (row.last_error or "")


def test_a_lost_reply_never_undoes_a_later_queued_change(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    kept = _create(services)
    dropped = _create(services)
    dispatch(services.database, lists, until_idle=True)
    _update(services, kept, 1, location="First")
    _update(services, dropped, 1, location="First")
    tenant.graph.faults.lose_reply_every = 1
    tenant.graph.faults.lose_reply_limit = 1
    dispatch(services.database, lists, seconds=0.001)
    _update(services, kept, 2, location="Second", mode="vehicle")
    activities.delete(services.database, caller(services, "officer"), PATROL, dropped, "gone")
    dispatch(services.database, lists, until_idle=True)
    assert tenant.graph.lost_replies == 1
    (record,) = all_records(services.database, PATROL)
    assert (record.id, record.location, record.mode) == (kept, "Second", "vehicle")
    every = [c.name for c in PATROL.spec.list_columns]
    assert disagreements(services.database, tenant, PATROL, every) == []
    assert _rows(services) == []
