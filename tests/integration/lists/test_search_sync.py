"""Records written by the Lists sync are searchable at once: the index triggers see every write
sync makes (create, edit, delete, resync), on SQLite and PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from core.dispatch import dispatch
from core.lists import Lists
from core.services import Services
from core.sync import sync
from schemas.kinds import ENGAGEMENT, PATROL
from tests.conftest import upn
from tests.fakegraph.tenant import Tenant
from tests.integration.test_search_index import assert_index_right
from tests.lists_support import power_app_fields
from tests.search_records import Auth, search

pytestmark = pytest.mark.usefixtures("lists")
PATROLS, ENGAGEMENTS = PATROL.spec.title, ENGAGEMENT.spec.title


def test_synced_items_are_found_and_later_changes_follow(
    services: Services, tenant: Tenant, lists: Lists, client: TestClient, auth: Auth
) -> None:
    authors = [upn("officer"), upn("teammate"), upn("stranger")]
    items = [
        tenant.lists.power_app_create(  # every item starts at the same moment
            PATROLS,
            power_app_fields(PATROL, Notes=f"Kingfisher seen at the weir, visit {n}."),
            authors[n % 3],
        )
        for n in range(300)
    ]
    tenant.lists.power_app_create(
        ENGAGEMENTS, power_app_fields(ENGAGEMENT, IssuesRaised="Otters in the mill race."),
        upn("neighbour"),
    )  # fmt: skip
    sync(services.database, lists)
    dispatch(services.database, lists, until_idle=True)  # the ids sync gave them go back
    assert search(client, auth, "manager", q="kingfisher")["total"] == 300
    assert search(client, auth, "officer", q="kingfisher")["total"] == 200
    (otter,) = search(client, auth, "manager", q="otter")["items"]
    assert otter["kind"] == "engagement" and "<mark>Otters</mark>" in otter["snippet"]
    assert_index_right(services.database)

    tenant.lists.power_app_update(PATROLS, items[0], {"Notes": "Heron on the weir."}, authors[0])
    tenant.lists.power_app_delete(PATROLS, items[1])
    sync(services.database, lists)
    assert search(client, auth, "manager", q="kingfisher")["total"] == 298
    assert search(client, auth, "manager", q="heron")["total"] == 1
    assert_index_right(services.database)

    tenant.lists.expire_delta_tokens(PATROLS)
    tenant.lists.power_app_delete(PATROLS, items[2])
    sync(services.database, lists)
    assert search(client, auth, "manager", q="kingfisher")["total"] == 297
    assert search(client, auth, "manager")["facets"]["kind"] == {"patrol": 298, "engagement": 1}
    assert_index_right(services.database)
