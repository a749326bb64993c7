"""Content written over HTTP reaches Microsoft Lists through the outbox: exactly once per
change, and never over a change made in Lists first."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.dispatch import dispatch
from core.lists import Lists
from core.services import Services
from schemas.content import NEWS, WHAT_WORKS_WELL, ContentList
from store.outbox import Status
from tests.conftest import upn
from tests.content_payloads import made, news, patch, what_works_well
from tests.fakegraph.tenant import Tenant

Auth = Callable[[str], dict[str, str]]


@dataclass(frozen=True)
class Case:
    content: ContentList
    path: str
    author: str
    body: Callable[[], dict[str, Any]]
    change: dict[str, Any]
    """An edit through the API, by the author."""
    in_lists: dict[str, Any]
    """The same field changed in Lists first (by Graph name)."""


CASES = [
    Case(
        WHAT_WORKS_WELL,
        "what-works-well",
        "officer",
        what_works_well,
        {"title": "Bike marking, twice"},
        {"Title": "Bike marking, as edited in Lists"},
    ),
    Case(
        NEWS,
        "news",
        "admin",
        news,
        {"title": "New radios from Tuesday"},
        {"Title": "New radios, as edited in Lists"},
    ),
]
IDS = [case.content.name for case in CASES]


def _item(tenant: Tenant, case: Case, record_id: str) -> dict[str, Any] | None:
    rows = tenant.lists.rows(case.content.spec.title)
    return next((r.fields for r in rows if r.fields.get("SubmissionId") == record_id), None)


def _sent(tenant: Tenant, case: Case) -> Counter[str]:
    """Item writes that reached the case's list, by method."""
    target = tenant.lists.by_name(case.content.spec.title).id
    return Counter(method for method, list_id, _ in tenant.lists.attempts if list_id == target)


def _rows(services: Services) -> list[Any]:
    with services.database.transaction(read_only=True) as tx:
        return tx.outbox.list((Status.PENDING, Status.PARKED, Status.CONFLICT), limit=100).items


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_created_edited_and_deleted_item_reaches_lists_once_each(
    case: Case, client: TestClient, auth: Auth, services: Services, tenant: Tenant, lists: Lists
) -> None:
    body = case.body()
    record = made(client, auth, case.path, case.author, body)
    dispatch(services.database, lists, until_idle=True)
    item = _item(tenant, case, record["id"])
    assert item is not None and item["Title"] == body["title"]
    assert item["CreatedBy"] == upn(case.author)

    changed = patch(client, auth, f"{case.path}/{record['id']}", case.author, case.change)
    assert changed.status_code == 200, changed.text
    dispatch(services.database, lists, until_idle=True)
    assert _item(tenant, case, record["id"])["Title"] == case.change["title"]  # type: ignore[index]

    headers = auth(case.author)
    gone = client.delete(f"/api/{case.path}/{record['id']}?reason=duplicate", headers=headers)
    assert gone.status_code == 204, gone.text
    report = dispatch(services.database, lists, until_idle=True)
    assert report.done == 1 and _rows(services) == []
    assert _item(tenant, case, record["id"]) is None
    assert _sent(tenant, case) == {"POST": 1, "PATCH": 1, "DELETE": 1}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_changes_queued_together_reach_lists_once_each_in_order(
    case: Case, client: TestClient, auth: Auth, services: Services, tenant: Tenant, lists: Lists
) -> None:
    kept = made(client, auth, case.path, case.author, case.body())
    dropped = made(client, auth, case.path, case.author, case.body())
    path = f"{case.path}/{kept['id']}"
    assert patch(client, auth, path, case.author, case.change).status_code == 200
    headers = auth(case.author)
    gone = client.delete(f"/api/{case.path}/{dropped['id']}?reason=mistake", headers=headers)
    assert gone.status_code == 204, gone.text
    tenant.graph.faults.lose_reply_every = 2
    dispatch(services.database, lists, until_idle=True)
    assert tenant.graph.lost_replies >= 1
    assert _rows(services) == []
    assert _item(tenant, case, dropped["id"]) is None
    assert _item(tenant, case, kept["id"])["Title"] == case.change["title"]  # type: ignore[index]
    assert [r.fields["SubmissionId"] for r in tenant.lists.rows(case.content.spec.title)] == [
        kept["id"]
    ]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_stale_etag_is_parked_as_a_conflict_and_the_author_sees_the_lists_version(
    case: Case, client: TestClient, auth: Auth, services: Services, tenant: Tenant, lists: Lists
) -> None:
    record = made(client, auth, case.path, case.author, case.body())
    dispatch(services.database, lists, until_idle=True)
    (item,) = tenant.lists.rows(case.content.spec.title)
    tenant.lists.power_app_update(case.content.spec.title, item.id, case.in_lists, upn("admin"))
    path = f"{case.path}/{record['id']}"
    assert patch(client, auth, path, case.author, case.change).status_code == 200

    report = dispatch(services.database, lists, until_idle=True)
    assert report.conflicts == 1
    (row,) = _rows(services)
    assert row.status is Status.CONFLICT and row.author == upn(case.author)
    assert item.fields["Title"] == case.in_lists["Title"], "Lists is never overwritten"
    assert _sent(tenant, case) == {"POST": 1, "PATCH": 1}, "the stale PATCH got its 412"

    seen = client.get(f"/api/{path}", headers=auth(case.author))
    assert seen.status_code == 200, seen.text
    shown = seen.json()
    assert shown["title"] == case.in_lists["Title"]
    assert shown["version"] == 3 and seen.headers["ETag"] == '"3"'
    assert any("Lists version was kept" in w for w in shown["warnings"])
