"""A storm: 1,000 records created, 200 edited and 100 deleted through the API while Graph
throttles 30% of requests, goes down for a minute and loses 20 replies. Everything reaches
Lists exactly once, in order per record, and both sides agree field by field afterwards."""

import uuid
from collections import Counter
from collections.abc import Callable

from fastapi.testclient import TestClient

from core.dispatch import dispatch
from core.lists import Lists
from core.services import Services
from schemas.kinds import PATROL
from tests.fakegraph.tenant import Tenant
from tests.lists_support import disagreements
from tests.payloads import patrol

Auth = Callable[[str], dict[str, str]]
OFFICERS = ("officer", "teammate", "neighbour", "stranger")


def _create(client: TestClient, auth: Auth, n: int) -> tuple[str, str]:
    who = OFFICERS[n % len(OFFICERS)]
    body = patrol(location=f"Beat {n}", notes=f"Patrol number {n}")
    if who in ("neighbour", "stranger"):
        body |= {"patrol_type": "asb_patrol", "hotspot_id": None, "hotspot_minutes": None}
    headers = auth(who) | {"Idempotency-Key": str(uuid.uuid4())}
    reply = client.post("/api/patrols", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return reply.json()["id"], who


def test_writes_survive_throttling_an_outage_and_lost_replies(
    client: TestClient, auth: Auth, services: Services, tenant: Tenant, lists: Lists
) -> None:
    faults = tenant.graph.faults
    faults.throttle_share = 0.3
    faults.retry_after = 2
    faults.lose_reply_every = 3
    faults.lose_reply_limit = 20
    made = [_create(client, auth, n) for n in range(500)]
    dispatch(services.database, lists, seconds=30)
    faults.outage_until = tenant.clock.timestamp() + 60
    made += [_create(client, auth, n) for n in range(500, 1000)]
    updates: Counter[str] = Counter()
    for n, (record_id, who) in enumerate(made[:200]):
        version = 1
        for change in range(1 + n % 2):
            headers = auth(who) | {"If-Match": f'"{version}"'}
            body = {"location": f"Edited {n}.{change}", "mode": "cycle"}
            reply = client.patch(f"/api/patrols/{record_id}", json=body, headers=headers)
            assert reply.status_code == 200, reply.text
            version += 1
            updates[record_id] += 1
        if n % 5 == 0:
            dispatch(services.database, lists, seconds=5)
    for record_id, who in made[900:]:
        reply = client.delete(f"/api/patrols/{record_id}?reason=duplicate", headers=auth(who))
        assert reply.status_code == 204, reply.text
    dispatch(services.database, lists, until_idle=True)

    assert tenant.graph.lost_replies == 20
    with services.database.transaction(read_only=True) as tx:
        assert tx.outbox.counts() == {}, "nothing is left pending, parked or in conflict"
    created = Counter(key for method, _, key in tenant.lists.attempts if method == "POST")
    assert sorted(created) == sorted(r for r, _ in made) and set(created.values()) == {1}
    items = {i.fields["SubmissionId"]: i for i in tenant.lists.rows(PATROL.spec.title)}
    assert sorted(items) == sorted(r for r, _ in made[:900])
    for record_id, _ in made[:900]:
        assert items[record_id].version == 1 + updates[record_id], record_id
    every = [c.name for c in PATROL.spec.list_columns]
    assert disagreements(services.database, tenant, PATROL, every) == []
