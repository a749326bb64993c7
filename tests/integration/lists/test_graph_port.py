"""The Lists port over the real msgraph-sdk against the fake Graph: items, batches, delta,
throttling, lost replies, users and subscriptions."""

from collections.abc import Iterator
from datetime import timedelta

import pytest

from graph.batch import Operation, Outcome, Write
from graph.lists import DeltaExpired
from graph.mapping import to_fields
from graph.pacing import busiest_minute
from graph.provision import definitions
from schemas.kinds import PATROL
from tests.fakegraph.tenant import Tenant, fake_tenant

TITLE = "Patrols"


@pytest.fixture
def tenant() -> Iterator[Tenant]:
    made = fake_tenant()
    made.port.create_list(TITLE, definitions(PATROL.spec))
    yield made
    made.close()


def _list_id(tenant: Tenant) -> str:
    return tenant.port.lists()[TITLE]


def _fields(submission_id: str, **extra: object) -> dict[str, object]:
    values = {"id": submission_id, "location": "Market Square", "mode": "foot"}
    values.update(extra)
    return to_fields(PATROL.spec, values)


def _create(tenant: Tenant, count: int) -> list[str]:
    list_id = _list_id(tenant)
    writes = [
        Write(str(i), list_id, Operation.CREATE, fields=_fields(f"s{i}")) for i in range(count)
    ]
    ids = []
    for start in range(0, count, 20):
        results = tenant.port.write(writes[start : start + 20])
        assert {r.outcome for r in results} == {Outcome.DONE}
        ids += [r.item_id for r in results if r.item_id]
    return ids


def test_a_batch_creates_items_and_returns_their_ids_and_etags(tenant: Tenant) -> None:
    ids = _create(tenant, 3)
    assert len(set(ids)) == 3
    item = tenant.port.find(_list_id(tenant), "s1")
    assert item is not None and item.fields["Location"] == "Market Square"
    assert item.fields["Mode"] == "Foot"


def test_a_stale_etag_is_refused_with_412_and_nothing_changes(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    (item_id,) = _create(tenant, 1)
    first = tenant.port.item(list_id, item_id)
    assert first is not None
    done = tenant.port.write(
        [Write("a", list_id, Operation.UPDATE, item_id, first.etag, {"Location": "Bus station"})]
    )
    assert done[0].outcome is Outcome.DONE and done[0].etag != first.etag
    stale = tenant.port.write(
        [Write("b", list_id, Operation.UPDATE, item_id, first.etag, {"Location": "Elsewhere"})]
    )
    assert stale[0].outcome is Outcome.STALE
    now = tenant.port.item(list_id, item_id)
    assert now is not None and now.fields["Location"] == "Bus station"


def test_deleting_twice_answers_gone_the_second_time(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    (item_id,) = _create(tenant, 1)
    first = tenant.port.write([Write("d", list_id, Operation.DELETE, item_id)])
    again = tenant.port.write([Write("e", list_id, Operation.DELETE, item_id)])
    assert (first[0].outcome, again[0].outcome) == (Outcome.DONE, Outcome.GONE)


def test_the_fake_rejects_what_graph_rejects(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    fields = _fields("x", outcomes=["arrest"])
    fields.pop("Outcomes@odata.type")
    unknown = _fields("y") | {"Colour": "blue"}
    results = tenant.port.write(
        [
            Write("1", list_id, Operation.CREATE, fields=fields),
            Write("2", list_id, Operation.CREATE, fields=unknown),
            Write("3", list_id, Operation.CREATE, fields=_fields("z", mode="Hover")),
        ]
    )
    assert [r.outcome for r in results] == [Outcome.FAILED] * 3
    assert "odata.type" in results[0].error and "Colour" in results[1].error
    over = {"requests": [{"id": str(i), "method": "GET", "url": "/sites"} for i in range(21)]}
    assert tenant.port.raw.send("POST", "/$batch", over).status == 400
    with pytest.raises(ValueError):
        tenant.port.write([Write(str(i), list_id, Operation.DELETE, "1") for i in range(21)])


def test_a_duplicate_submission_id_is_refused(tenant: Tenant) -> None:
    _create(tenant, 1)
    again = tenant.port.write(
        [Write("x", _list_id(tenant), Operation.CREATE, fields=_fields("s0"))]
    )
    assert again[0].outcome is Outcome.CLASH


def test_pages_hold_at_most_200_items_whatever_top_asks(tenant: Tenant) -> None:
    _create(tenant, 250)
    reply = tenant.port.raw.send(
        "GET", f"/sites/{tenant.lists.site_id}/lists/{_list_id(tenant)}/items?$top=999"
    )
    assert len(reply.body["value"]) == 200 and "@odata.nextLink" in reply.body


def test_a_filter_on_a_column_that_is_not_indexed_is_refused(tenant: Tenant) -> None:
    items = f"/sites/{tenant.lists.site_id}/lists/{_list_id(tenant)}/items"
    url = f"{items}?$filter=fields/Location%20eq%20'x'"
    assert tenant.port.raw.send("GET", url).status == 400
    assert tenant.port.find(_list_id(tenant), "missing") is None


def test_delta_enumerates_then_returns_only_changes_and_replays_the_same(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    ids = _create(tenant, 450)
    pages = list(tenant.port.delta(list_id, None))
    assert [len(p.items) for p in pages] == [200, 200, 50]
    link = pages[-1].delta_link
    assert link and all(p.delta_link is None for p in pages[:-1])
    (unchanged,) = tenant.port.delta(list_id, link)
    assert unchanged.items == []
    tenant.lists.power_app_update(TITLE, int(ids[3]), {"Location": "Park"}, "app@sharepoint")
    tenant.lists.power_app_delete(TITLE, int(ids[4]))
    first = list(tenant.port.delta(list_id, link))
    again = list(tenant.port.delta(list_id, link))
    assert first == again
    (page,) = first
    assert [i.id for i in page.items] == [ids[3]] and page.deleted == [ids[4]]
    assert page.items[0].fields["Location"] == "Park"


def test_an_expired_delta_token_answers_gone(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    _create(tenant, 2)
    link = list(tenant.port.delta(list_id, None))[-1].delta_link
    tenant.lists.expire_delta_tokens(TITLE)
    with pytest.raises(DeltaExpired):
        list(tenant.port.delta(list_id, link))


def test_throttled_batch_items_come_back_with_their_wait(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    tenant.graph.faults.throttle_share = 0.5
    tenant.graph.faults.retry_after = 7
    tenant.graph.faults.rate_limit_reset = 9
    writes = [Write(str(i), list_id, Operation.CREATE, fields=_fields(f"t{i}")) for i in range(20)]
    results = tenant.port.write(writes)
    throttled = [r for r in results if r.outcome is Outcome.THROTTLED]
    assert throttled and all(r.retry_after == 9 for r in throttled)
    done = {r.key for r in results if r.outcome is Outcome.DONE}
    stored = {i.fields["SubmissionId"] for i in tenant.lists.rows(TITLE)}
    assert stored == {f"t{k}" for k in done}


def test_a_lost_reply_is_unknown_although_the_write_was_applied(tenant: Tenant) -> None:
    tenant.graph.faults.lose_reply_every = 1
    results = tenant.port.write(
        [Write("1", _list_id(tenant), Operation.CREATE, fields=_fields("l"))]
    )
    assert results[0].outcome is Outcome.UNKNOWN
    tenant.graph.faults.lose_reply_every = 0
    assert tenant.port.find(_list_id(tenant), "l") is not None


def test_a_timeout_is_unknown_and_nothing_was_applied(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    tenant.graph.faults.timeout_every = 1
    results = tenant.port.write([Write("1", list_id, Operation.CREATE, fields=_fields("t"))])
    tenant.graph.faults.timeout_every = 0
    assert results[0].outcome is Outcome.UNKNOWN
    assert tenant.port.find(list_id, "t") is None


def test_reads_wait_out_an_outage_on_the_clock(tenant: Tenant) -> None:
    tenant.graph.faults.outage_until = tenant.clock.timestamp() + 20
    assert tenant.port.lists()[TITLE]
    assert tenant.clock.slept >= 19


def test_pacing_keeps_every_minute_within_the_budget() -> None:
    tenant = fake_tenant(budget=120)
    list_id = tenant.port.create_list(TITLE, definitions(PATROL.spec))
    tenant.port.pacer.history.clear()
    for n in range(30):
        writes = [
            Write(str(i), list_id, Operation.CREATE, fields=_fields(f"{n}-{i}")) for i in range(5)
        ]
        tenant.port.write(writes)
    history = tenant.port.pacer.history
    assert busiest_minute(history) <= 120
    assert history[-1][0] - history[0][0] >= 60 * (300 / 120 - 1)
    tenant.close()


def test_users_come_from_the_site_user_information_list(tenant: Tenant) -> None:
    lookup = tenant.lists.add_user("pat@test.example", "oid-pat", "Pat")
    users = tenant.port.users()
    assert users[str(lookup)].upn == "pat@test.example"


def test_subscriptions_are_created_renewed_and_forgotten(tenant: Tenant) -> None:
    list_id = _list_id(tenant)
    expires = tenant.clock.now() + timedelta(days=2)
    made = tenant.port.subscribe(
        list_id, "https://npt.example/api/lists/notifications", "s3", expires
    )
    later = expires + timedelta(days=20)
    renewed = tenant.port.renew(made.id, later)
    assert renewed is not None and renewed.expires == later
    tenant.clock.sleep(timedelta(days=30).total_seconds())
    assert tenant.port.renew(made.id, tenant.clock.now() + timedelta(days=1)) is None
