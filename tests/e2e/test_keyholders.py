"""Keyholders are personal data: only their LPA (any role) and admins read them, and every
read, alone or in a list, is audited as a consultation naming the records."""

from fastapi.testclient import TestClient

from core.services import Services
from schemas.audit import AuditAction
from tests.content_payloads import Auth, audit_of, folder, keyholder, made, patch, post

PATH = "useful-info/keyholders"
SAME_LPA = ("officer", "teammate", "neighbour", "supervisor")
OTHER_LPA = ("stranger", "other_supervisor", "manager", "auditor")


def test_supervisors_record_keyholders_of_their_own_lpa(
    client: TestClient, auth: Auth, services: Services
) -> None:
    reply = post(client, auth, PATH, "supervisor", keyholder())
    assert reply.status_code == 201, reply.text
    made_one = reply.json()
    assert (made_one["lpa_id"], made_one["phone"]) == ("lpa-a", "+44 7700 900123")
    assert post(client, auth, PATH, "supervisor", keyholder(lpa_id="lpa-b")).status_code == 403
    for who in ("officer", "manager", "auditor"):
        assert post(client, auth, PATH, who, keyholder()).status_code == 403
    assert post(client, auth, PATH, "admin", keyholder(lpa_id="lpa-a")).status_code == 201
    unknown = post(client, auth, PATH, "admin", keyholder(lpa_id="lpa-z"))
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "lpa_id"
    rows = audit_of(services.database, "keyholder")
    assert rows[0].action is AuditAction.COLLECTION and rows[0].record_id == made_one["id"]


def test_keyholders_are_validated_naming_each_field(client: TestClient, auth: Auth) -> None:
    bad = post(
        client, auth, PATH, "supervisor", keyholder(phone="call me", premises="", email="x@y")
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"phone", "premises", "email"}
    bravo = made(client, auth, "useful-info/folders", "admin", folder(lpa_id="lpa-b"))
    wrong = post(client, auth, PATH, "admin", keyholder(lpa_id="lpa-a", folder_id=bravo["id"]))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "folder_id"


def test_only_the_owning_lpa_and_admins_read_a_keyholder(client: TestClient, auth: Auth) -> None:
    record = made(client, auth, PATH, "supervisor", keyholder())
    for who in (*SAME_LPA, "admin"):
        reply = client.get(f"/api/{PATH}/{record['id']}", headers=auth(who))
        assert reply.status_code == 200, who
        assert reply.json()["keyholder_name"] == "Pat Example"
        listed = client.get(f"/api/{PATH}", headers=auth(who)).json()["items"]
        assert [k["id"] for k in listed] == [record["id"]], who
    for who in OTHER_LPA:
        assert client.get(f"/api/{PATH}/{record['id']}", headers=auth(who)).status_code == 404
        assert client.get(f"/api/{PATH}", headers=auth(who)).json()["items"] == [], who
        asked = client.get(f"/api/{PATH}?lpa_id=lpa-a", headers=auth(who)).json()["items"]
        assert asked == [], who


def test_every_read_of_a_keyholder_is_audited_as_a_consultation(
    client: TestClient, auth: Auth, services: Services
) -> None:
    first = made(client, auth, PATH, "supervisor", keyholder(premises="Library"))
    second = made(client, auth, PATH, "supervisor", keyholder(premises="Bowls club"))
    client.get(f"/api/{PATH}/{first['id']}", headers=auth("officer"))
    client.get(f"/api/{PATH}", headers=auth("teammate"))
    client.get(f"/api/{PATH}?q=LIB", headers=auth("admin"))
    client.get(f"/api/{PATH}", headers=auth("stranger"))
    reads = [
        (r.upn, r.record_id, r.detail)
        for r in audit_of(services.database, "keyholder")
        if r.action is AuditAction.CONSULTATION
    ]
    assert reads == [
        ("officer@test.example", first["id"], None),
        ("teammate@test.example", None, {"record_ids": [second["id"], first["id"]]}),
        ("admin@test.example", None, {"record_ids": [first["id"]]}),
        ("stranger@test.example", None, {"record_ids": []}),
    ]


def test_keyholders_are_changed_and_deleted_by_their_lpas_supervisors_and_admins(
    client: TestClient, auth: Auth, services: Services
) -> None:
    record = made(client, auth, PATH, "supervisor", keyholder())
    path = f"{PATH}/{record['id']}"
    changed = patch(client, auth, path, "supervisor", {"phone": "0116 496 0000"})
    assert changed.status_code == 200 and changed.json()["phone"] == "0116 496 0000"
    assert patch(client, auth, path, "officer", {"phone": "0116 496 0001"}, 2).status_code == 403
    assert (
        patch(client, auth, path, "other_supervisor", {"phone": "0116 496 0002"}, 2).status_code
        == 404
    )
    assert patch(client, auth, path, "admin", {"lpa_id": "lpa-b"}, 2).status_code == 422
    url = f"/api/{path}?reason=keyholder+changed"
    assert client.delete(url, headers=auth("officer")).status_code == 403
    assert client.delete(url, headers=auth("supervisor")).status_code == 204
    assert client.get(f"/api/{path}", headers=auth("admin")).status_code == 404
    erased = [r for r in audit_of(services.database, "keyholder") if r.record_id == record["id"]]
    assert [r.action for r in erased] == [
        AuditAction.COLLECTION,
        AuditAction.ALTERATION,
        AuditAction.DELETION,
    ]
