"""The news reel over HTTP: admins publish; readers get current items for their audience."""

from fastapi.testclient import TestClient

from core.services import Services
from schemas.audit import AuditAction
from tests.content_payloads import Auth, at, audit_of, made, news, patch, post

PATH = "news"


def reel(client: TestClient, auth: Auth, who: str, query: str = "") -> list[str]:
    reply = client.get(f"/api/{PATH}{query}", headers=auth(who))
    assert reply.status_code == 200, reply.text
    return [item["title"] for item in reply.json()["items"]]


def test_only_admins_publish_news(client: TestClient, auth: Auth, services: Services) -> None:
    for who in ("officer", "supervisor", "manager", "auditor"):
        assert post(client, auth, PATH, who, news()).status_code == 403, who
    reply = post(client, auth, PATH, "admin", news(publish_from=None))
    assert reply.status_code == 201, reply.text
    item = reply.json()
    assert (item["created_by"], item["audience"], item["pinned"]) == (
        "admin@test.example",
        "force",
        False,
    )
    assert item["publish_from"] is not None
    assert item["body"] == "<p>Collect yours from the <em>stores</em>.</p>"
    rows = audit_of(services.database, "news")
    assert [(r.action, r.record_id) for r in rows] == [(AuditAction.COLLECTION, item["id"])]


def test_readers_get_the_force_items_and_their_lpas_pinned_first_then_newest(
    client: TestClient, auth: Auth
) -> None:
    made(client, auth, PATH, "admin", news(title="Force old", publish_from=at(-5)))
    made(client, auth, PATH, "admin", news(title="Force new", publish_from=at(-1)))
    made(client, auth, PATH, "admin", news(title="Alpha", audience="lpa-a", publish_from=at(-3)))
    made(client, auth, PATH, "admin", news(title="Bravo", audience="lpa-b", publish_from=at(-2)))
    made(client, auth, PATH, "admin", news(title="Pinned", pinned=True, publish_from=at(-9)))
    assert reel(client, auth, "officer") == ["Pinned", "Force new", "Alpha", "Force old"]
    assert reel(client, auth, "stranger") == ["Pinned", "Force new", "Bravo", "Force old"]
    assert reel(client, auth, "manager") == ["Pinned", "Force new", "Bravo", "Force old"]


def test_the_reel_pages_in_its_order(client: TestClient, auth: Auth) -> None:
    for n, pinned in enumerate((False, True, False, True)):
        made(
            client,
            auth,
            PATH,
            "admin",
            news(title=f"N{n}", pinned=pinned, publish_from=at(-10 + n)),
        )
    titles, cursor = [], ""
    while True:
        page = client.get(f"/api/{PATH}?limit=1{cursor}", headers=auth("officer")).json()
        titles += [item["title"] for item in page["items"]]
        if page["next"] is None:
            break
        cursor = f"&cursor={page['next']}"
    assert titles == ["N3", "N1", "N2", "N0"]


def test_scheduled_and_expired_items_are_off_the_reel_but_admins_list_them(
    client: TestClient, auth: Auth
) -> None:
    made(client, auth, PATH, "admin", news(title="Now"))
    later = made(client, auth, PATH, "admin", news(title="Later", publish_from=at(5)))
    gone = made(
        client,
        auth,
        PATH,
        "admin",
        news(title="Gone", publish_from=at(-48), publish_until=at(-1)),
    )
    assert reel(client, auth, "officer") == ["Now"]
    for item in (later, gone):
        assert client.get(f"/api/{PATH}/{item['id']}", headers=auth("officer")).status_code == 404
        assert client.get(f"/api/{PATH}/{item['id']}", headers=auth("admin")).status_code == 200
    assert reel(client, auth, "admin", "?all=true") == ["Later", "Now", "Gone"]
    assert client.get(f"/api/{PATH}?all=true", headers=auth("officer")).status_code == 403


def test_an_item_for_another_lpa_is_not_found_by_readers(client: TestClient, auth: Auth) -> None:
    item = made(client, auth, PATH, "admin", news(audience="lpa-b"))
    assert client.get(f"/api/{PATH}/{item['id']}", headers=auth("stranger")).status_code == 200
    for who in ("officer", "neighbour", "supervisor"):
        assert client.get(f"/api/{PATH}/{item['id']}", headers=auth(who)).status_code == 404


def test_news_is_validated_naming_each_field(client: TestClient, auth: Auth) -> None:
    reply = post(
        client,
        auth,
        PATH,
        "admin",
        news(audience="lpa-z", publish_from=at(2), publish_until=at(1)),
    )
    assert reply.status_code == 422
    assert {e["field"] for e in reply.json()["errors"]} == {"audience", "publish_until"}
    bodyless = post(client, auth, PATH, "admin", news(body="<script>alert(1)</script>"))
    assert bodyless.status_code == 422
    assert bodyless.json()["errors"][0]["field"] == "body"
    naive = post(client, auth, PATH, "admin", news(publish_from="2026-01-01T09:00:00"))
    assert naive.status_code == 422


def test_admins_change_and_delete_news_and_others_cannot(
    client: TestClient, auth: Auth, services: Services
) -> None:
    item = made(client, auth, PATH, "admin", news(title="Radios"))
    path = f"{PATH}/{item['id']}"
    assert patch(client, auth, path, "supervisor", {"pinned": True}).status_code == 403
    changed = patch(client, auth, path, "admin", {"pinned": True, "title": "Radios (pinned)"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["pinned"], changed.json()["version"]) == (True, 2)
    backwards = patch(client, auth, path, "admin", {"publish_until": at(-10)}, 2)
    assert backwards.status_code == 422
    assert patch(client, auth, path, "admin", {"pinned": False}, 1).status_code == 412
    url = f"/api/{path}?reason=superseded"
    assert client.delete(url, headers=auth("officer")).status_code == 403
    assert client.delete(url, headers=auth("admin")).status_code == 204
    assert reel(client, auth, "officer") == []
    actions = [r.action for r in audit_of(services.database, "news") if r.record_id]
    assert actions == [AuditAction.COLLECTION, AuditAction.ALTERATION, AuditAction.DELETION]
