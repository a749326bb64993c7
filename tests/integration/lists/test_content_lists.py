"""Content lists through the Lists machinery: provisioned, written by the outbox, synced back."""

import uuid
from collections import Counter

import pytest

from core import useful_info, what_works_well
from core.dispatch import dispatch
from core.errors import NotFound
from core.lists import Lists
from core.provision import provision
from core.services import Services
from core.sync import sync
from schemas.audit import AuditSource
from schemas.content import CONTENT_LISTS, FEEDBACK, FOLDER, ITEM, WHAT_WORKS_WELL
from schemas.useful_info import FolderCreate
from schemas.what_works_well import WhatWorksWellCreate, WhatWorksWellUpdate
from store.content import ContentRepository
from tests.conftest import LPA_A, LPA_B, upn
from tests.content_payloads import what_works_well as payload
from tests.fakegraph.tenant import Tenant
from tests.lists_support import caller

pytestmark = pytest.mark.usefixtures("lists")
TITLE = WHAT_WORKS_WELL.spec.title


def _record(services: Services, record_id: str) -> object:
    with services.database.transaction(read_only=True) as tx:
        return ContentRepository(tx.connection, WHAT_WORKS_WELL).get(record_id)


def _item(tenant: Tenant, record_id: str) -> dict | None:
    rows = tenant.lists.rows(TITLE)
    return next((r.fields for r in rows if r.fields.get("SubmissionId") == record_id), None)


def _power_app(**changes: object) -> dict:
    fields = {
        "Title": "Coffee with a cop",
        "Summary": "Monthly drop-in at the library.",
        "WhatWasDone": "<p>We sat in the library.</p>",
        "Evidence": "Promising",
        "Status": "New",
    }
    return fields | changes


def test_content_lists_are_provisioned_once_with_the_title_column_reused(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    titles = {x.display_name for x in tenant.lists.lists.values()}
    assert {c.spec.title for c in CONTENT_LISTS.values()} <= titles
    good = tenant.lists.by_name(TITLE).columns
    assert good["Title"]["displayName"] == "Title" and good["Title"]["required"]
    assert not tenant.lists.by_name(FEEDBACK.spec.title).columns["Title"]["required"]
    before = len(tenant.graph.requests)
    report = provision(services.database, lists)
    assert not any(x.changed or x.drift for x in report)
    assert [m for m, _ in tenant.graph.requests[before:] if m != "GET"] == []


def test_api_writes_reach_the_list_exactly_once(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    author = caller(services, "officer")
    body = WhatWorksWellCreate.model_validate(payload())
    made, _ = what_works_well.create(services.database, author, body, str(uuid.uuid4()))
    dispatch(services.database, lists, until_idle=True)
    item = _item(tenant, made.id)
    assert item is not None and item["Title"] == body.title and item["Evidence"] == "Promising"
    assert item["CreatedBy"] == upn("officer") and item["LpaId"] == "lpa-a"

    changes = WhatWorksWellUpdate.model_validate({"title": "Bike marking, twice"})
    what_works_well.update(services.database, author, made.id, changes, 1)
    dispatch(services.database, lists, until_idle=True)
    assert _item(tenant, made.id)["Title"] == "Bike marking, twice"  # type: ignore[index]

    what_works_well.delete(services.database, author, made.id, "duplicate")
    dispatch(services.database, lists, until_idle=True)
    assert _item(tenant, made.id) is None
    target = tenant.lists.by_name(TITLE).id
    sent = Counter(method for method, list_id, _ in tenant.lists.attempts if list_id == target)
    assert sent == {"POST": 1, "PATCH": 1, "DELETE": 1}
    assert sync(services.database, lists).lists[WHAT_WORKS_WELL.name].created == 0


def test_changes_made_in_lists_arrive_with_the_next_sync(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    item_id = tenant.lists.power_app_create(TITLE, _power_app(), upn("stranger"))
    assert sync(services.database, lists).lists[WHAT_WORKS_WELL.name].created == 1
    record_id = tenant.lists.by_name(TITLE).items[item_id].fields.get("SubmissionId")
    assert record_id is None, "the id is written back by the dispatcher"
    dispatch(services.database, lists, until_idle=True)
    record_id = tenant.lists.by_name(TITLE).items[item_id].fields["SubmissionId"]
    record = _record(services, record_id)
    assert record is not None
    assert (record.created_by, record.team_id, record.lpa_id) == (  # type: ignore[attr-defined]
        upn("stranger"),
        "team-b1",
        "lpa-b",
    )
    assert record.warnings == []  # type: ignore[attr-defined]

    tenant.lists.power_app_update(TITLE, item_id, {"Status": "Shared"}, upn("admin"))
    counts = sync(services.database, lists).lists[WHAT_WORKS_WELL.name]
    assert counts.updated == 1
    record = _record(services, record_id)
    assert record.status == "shared" and record.version == 2  # type: ignore[attr-defined]

    tenant.lists.power_app_delete(TITLE, item_id)
    assert sync(services.database, lists).lists[WHAT_WORKS_WELL.name].deleted == 1
    assert _record(services, record_id) is None
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(record_id=record_id, limit=10).items
    assert {e.source for e in entries} == {AuditSource.SYNC}


def test_markup_written_in_lists_is_sanitised_and_bad_values_are_kept_with_warnings(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    hostile = (
        '<p onclick="steal()">Read</p><script>alert(1)</script>'
        '<a href="javascript:alert(2)">here</a><a href="https://example.org">ok</a>'
    )
    fields = _power_app(SubmissionId="www-1", WhatWasDone=hostile, Evidence="Maybe")
    tenant.lists.power_app_create(TITLE, fields, upn("officer"))
    sync(services.database, lists)
    record = _record(services, "www-1")
    assert record is not None
    text = record.what_was_done  # type: ignore[attr-defined]
    assert "script" not in text and "javascript:" not in text and "onclick" not in text
    assert "Read" in text and 'href="https://example.org"' in text
    assert record.evidence == "Maybe"  # type: ignore[attr-defined]
    assert any(w.startswith("evidence:") for w in record.warnings)  # type: ignore[attr-defined]


def test_useful_information_from_lists_keeps_its_folders_area(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    """An item's LPA decides who reads it, so an LpaId changed or left out in Lists never
    moves an item out of its folder's area: a sub-folder takes its parent's, an item its
    folder's, and a different LPA written in Lists is kept only as a warning."""
    supervisor = caller(services, "supervisor")
    folder, _ = useful_info.create_folder(
        services.database, supervisor, FolderCreate(name="Town centre", lpa_id=LPA_A), "key-1"
    )
    dispatch(services.database, lists, until_idle=True)
    items_title, folders_title = ITEM.spec.title, FOLDER.spec.title
    tenant.lists.power_app_create(
        folders_title,
        {"SubmissionId": "sub-1", "Name": "Pubs", "ParentId": folder.id, "LpaId": LPA_B},
        upn("supervisor"),
    )
    tenant.lists.power_app_create(
        items_title,
        {"SubmissionId": "item-1", "FolderId": folder.id, "Title": "Pubwatch contacts"},
        upn("supervisor"),
    )
    tenant.lists.power_app_create(
        items_title,
        {"SubmissionId": "item-2", "FolderId": "sub-1", "Title": "Door staff", "LpaId": ""},
        upn("supervisor"),
    )
    sync(services.database, lists)

    with services.database.transaction(read_only=True) as tx:
        sub_folder = ContentRepository(tx.connection, FOLDER).get("sub-1")
        first = ContentRepository(tx.connection, ITEM).get("item-1")
        second = ContentRepository(tx.connection, ITEM).get("item-2")
    assert (sub_folder.lpa_id, first.lpa_id, second.lpa_id) == (LPA_A, LPA_A, LPA_A)
    assert sub_folder.warnings == [
        f"lpa_id: {LPA_B!r} is not its folder's area; the folder's is kept"
    ]
    assert first.warnings == [] and second.warnings == []
    with pytest.raises(NotFound):
        useful_info.get_item(services.database, caller(services, "stranger"), "item-1")
    assert useful_info.get_item(services.database, caller(services, "officer"), "item-2")
