"""Useful information over HTTP: two levels of folders, force-wide or one LPA's, and items."""

from fastapi.testclient import TestClient

from core.services import Services
from schemas.audit import AuditAction
from tests.content_payloads import Auth, audit_of, folder, item, made, patch, post

FOLDERS, ITEMS = "useful-info/folders", "useful-info/items"


def names(client: TestClient, auth: Auth, who: str, query: str = "") -> list[str]:
    reply = client.get(f"/api/{FOLDERS}{query}", headers=auth(who))
    assert reply.status_code == 200, reply.text
    return [f["name"] for f in reply.json()["items"]]


def titles(client: TestClient, auth: Auth, who: str, query: str = "") -> list[str]:
    reply = client.get(f"/api/{ITEMS}{query}", headers=auth(who))
    assert reply.status_code == 200, reply.text
    return [i["title"] for i in reply.json()["items"]]


def test_admins_make_force_wide_folders_nested_two_levels_at_most(
    client: TestClient, auth: Auth, services: Services
) -> None:
    top = made(client, auth, FOLDERS, "admin", folder(name="Force guidance"))
    assert (top["lpa_id"], top["parent_id"], top["version"]) == (None, None, 1)
    sub = made(client, auth, FOLDERS, "admin", folder(name="Custody", parent_id=top["id"]))
    assert (sub["lpa_id"], sub["parent_id"]) == (None, top["id"])
    third = post(client, auth, FOLDERS, "admin", folder(name="Deep", parent_id=sub["id"]))
    assert third.status_code == 422
    assert third.json()["errors"][0] == {
        "field": "parent_id",
        "message": "folders nest two levels at most",
    }
    rows = audit_of(services.database, "useful_info_folder")
    assert [r.action for r in rows] == [AuditAction.COLLECTION] * 2


def test_supervisors_make_folders_of_their_own_lpa_only(client: TestClient, auth: Auth) -> None:
    own = post(client, auth, FOLDERS, "supervisor", folder(lpa_id="lpa-a"))
    assert own.status_code == 201, own.text
    assert post(client, auth, FOLDERS, "supervisor", folder()).status_code == 403
    assert post(client, auth, FOLDERS, "supervisor", folder(lpa_id="lpa-b")).status_code == 403
    for who in ("officer", "manager", "auditor"):
        assert post(client, auth, FOLDERS, who, folder(lpa_id="lpa-a")).status_code == 403
    unknown = post(client, auth, FOLDERS, "admin", folder(lpa_id="lpa-z"))
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "lpa_id"


def test_a_sub_folder_takes_its_parents_area(client: TestClient, auth: Auth) -> None:
    top = made(client, auth, FOLDERS, "supervisor", folder(name="Alpha", lpa_id="lpa-a"))
    sub = made(client, auth, FOLDERS, "supervisor", folder(name="Shops", parent_id=top["id"]))
    assert sub["lpa_id"] == "lpa-a"
    other = post(
        client, auth, FOLDERS, "admin", folder(name="X", parent_id=top["id"], lpa_id="lpa-b")
    )
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "lpa_id"
    hidden = post(client, auth, FOLDERS, "other_supervisor", folder(parent_id=top["id"]))
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "parent_id"


def test_people_read_force_wide_folders_and_their_own_lpas(client: TestClient, auth: Auth) -> None:
    force = made(client, auth, FOLDERS, "admin", folder(name="Everyone"))
    alpha = made(client, auth, FOLDERS, "admin", folder(name="Alpha", lpa_id="lpa-a"))
    made(client, auth, FOLDERS, "admin", folder(name="Bravo", lpa_id="lpa-b"))
    made(client, auth, FOLDERS, "admin", folder(name="Contacts", parent_id=alpha["id"]))
    assert names(client, auth, "officer") == ["Alpha", "Contacts", "Everyone"]
    assert names(client, auth, "stranger") == ["Bravo", "Everyone"]
    for who in ("manager", "admin", "auditor"):
        assert names(client, auth, who) == ["Alpha", "Bravo", "Contacts", "Everyone"]
    assert names(client, auth, "officer", "?top_level=true") == ["Alpha", "Everyone"]
    assert names(client, auth, "officer", f"?parent_id={alpha['id']}") == ["Contacts"]
    assert client.get(f"/api/{FOLDERS}/{alpha['id']}", headers=auth("stranger")).status_code == 404
    assert client.get(f"/api/{FOLDERS}/{force['id']}", headers=auth("stranger")).status_code == 200


def test_folders_page_by_name(client: TestClient, auth: Auth) -> None:
    for name in ("Delta", "Alpha", "Charlie", "Bravo"):
        made(client, auth, FOLDERS, "admin", folder(name=name))
    first = client.get(f"/api/{FOLDERS}?limit=3", headers=auth("officer")).json()
    rest = client.get(f"/api/{FOLDERS}?limit=3&cursor={first['next']}", headers=auth("officer"))
    found = [f["name"] for f in first["items"] + rest.json()["items"]]
    assert found == ["Alpha", "Bravo", "Charlie", "Delta"]


def test_folders_are_renamed_by_those_who_write_in_their_area(
    client: TestClient, auth: Auth
) -> None:
    alpha = made(client, auth, FOLDERS, "admin", folder(name="Alpha", lpa_id="lpa-a"))
    path = f"{FOLDERS}/{alpha['id']}"
    renamed = patch(client, auth, path, "supervisor", {"name": "Alpha LPA"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Alpha LPA"
    assert patch(client, auth, path, "officer", {"name": "Mine"}, 2).status_code == 403
    assert patch(client, auth, path, "other_supervisor", {"name": "B"}, 2).status_code == 404
    assert patch(client, auth, path, "admin", {"lpa_id": "lpa-b"}, 2).status_code == 422


def test_items_are_written_in_folders_the_caller_may_write_in(
    client: TestClient, auth: Auth
) -> None:
    force = made(client, auth, FOLDERS, "admin", folder(name="Everyone"))
    alpha = made(client, auth, FOLDERS, "admin", folder(name="Alpha", lpa_id="lpa-a"))
    reply = post(client, auth, ITEMS, "supervisor", item(alpha["id"]))
    assert reply.status_code == 201, reply.text
    made_item = reply.json()
    assert made_item["lpa_id"] == "lpa-a"
    assert made_item["body"] == "<p>Call the <strong>duty officer</strong>.</p>"
    assert reply.headers["Location"] == f"/api/{ITEMS}/{made_item['id']}"
    assert post(client, auth, ITEMS, "supervisor", item(force["id"])).status_code == 403
    assert post(client, auth, ITEMS, "officer", item(alpha["id"])).status_code == 403
    hidden = post(client, auth, ITEMS, "other_supervisor", item(alpha["id"]))
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "folder_id"
    assert post(client, auth, ITEMS, "admin", item(force["id"])).status_code == 201


def test_items_are_validated_naming_each_field(client: TestClient, auth: Auth) -> None:
    force = made(client, auth, FOLDERS, "admin", folder())
    bad = post(
        client,
        auth,
        ITEMS,
        "admin",
        item(force["id"], link="http://plain.example/", title="", latitude=91),
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"link", "title", "latitude"}
    half = post(client, auth, ITEMS, "admin", item(force["id"], longitude=None))
    assert half.status_code == 422 and half.json()["errors"][0]["field"] == "longitude"
    script = post(client, auth, ITEMS, "admin", item(force["id"], link="javascript:alert(1)"))
    assert script.status_code == 422
    dirty = made(
        client, auth, ITEMS, "admin", item(force["id"], body='<img src=x onerror="alert(1)">')
    )
    assert dirty["body"] is None


def test_items_are_read_in_scope_and_searched_by_title(client: TestClient, auth: Auth) -> None:
    force = made(client, auth, FOLDERS, "admin", folder(name="Everyone"))
    alpha = made(client, auth, FOLDERS, "admin", folder(name="Alpha", lpa_id="lpa-a"))
    made(client, auth, ITEMS, "admin", item(force["id"], title="Council contacts"))
    local = made(client, auth, ITEMS, "admin", item(alpha["id"], title="Alpha COUNCIL wardens"))
    made(client, auth, ITEMS, "admin", item(alpha["id"], title="100% safe_routes"))
    assert titles(client, auth, "officer", "?q=council") == [
        "Alpha COUNCIL wardens",
        "Council contacts",
    ]
    assert titles(client, auth, "stranger", "?q=council") == ["Council contacts"]
    assert titles(client, auth, "manager", "?q=council") == [
        "Alpha COUNCIL wardens",
        "Council contacts",
    ]
    assert titles(client, auth, "officer", "?q=0%25") == ["100% safe_routes"]
    assert titles(client, auth, "officer", "?q=e_r") == ["100% safe_routes"]
    assert titles(client, auth, "officer", "?q=x%25") == []
    assert titles(client, auth, "officer", f"?folder_id={force['id']}") == ["Council contacts"]
    assert client.get(f"/api/{ITEMS}/{local['id']}", headers=auth("stranger")).status_code == 404
    assert client.get(f"/api/{ITEMS}/{local['id']}", headers=auth("officer")).status_code == 200


def test_an_item_moved_to_another_folder_takes_its_area(client: TestClient, auth: Auth) -> None:
    alpha = made(client, auth, FOLDERS, "admin", folder(name="Alpha", lpa_id="lpa-a"))
    bravo = made(client, auth, FOLDERS, "admin", folder(name="Bravo", lpa_id="lpa-b"))
    entry = made(client, auth, ITEMS, "supervisor", item(alpha["id"]))
    path = f"{ITEMS}/{entry['id']}"
    assert patch(client, auth, path, "supervisor", {"folder_id": bravo["id"]}).status_code == 422
    moved = patch(client, auth, path, "admin", {"folder_id": bravo["id"]})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["lpa_id"], moved.json()["version"]) == ("lpa-b", 2)
    assert client.get(f"/api/{path}", headers=auth("officer")).status_code == 404


def test_only_an_empty_folder_is_deleted(
    client: TestClient, auth: Auth, services: Services
) -> None:
    alpha = made(client, auth, FOLDERS, "admin", folder(name="Alpha", lpa_id="lpa-a"))
    entry = made(client, auth, ITEMS, "supervisor", item(alpha["id"]))
    folder_url = f"/api/{FOLDERS}/{alpha['id']}?reason=tidy"
    full = client.delete(folder_url, headers=auth("supervisor"))
    assert full.status_code == 422
    item_url = f"/api/{ITEMS}/{entry['id']}?reason=out+of+date"
    assert client.delete(item_url, headers=auth("officer")).status_code == 403
    assert client.delete(item_url, headers=auth("supervisor")).status_code == 204
    assert client.delete(folder_url, headers=auth("officer")).status_code == 403
    assert client.delete(folder_url, headers=auth("supervisor")).status_code == 204
    assert names(client, auth, "officer") == []
    deletions = [
        r.record_id
        for kind in ("useful_info_item", "useful_info_folder")
        for r in audit_of(services.database, kind)
        if r.action is AuditAction.DELETION
    ]
    assert deletions == [entry["id"], alpha["id"]]
