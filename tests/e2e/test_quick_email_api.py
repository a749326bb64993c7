"""Quick email in embedded mode: an RFC 5322 file per message, audited as a disclosure, and
every bad request refused with nothing sent."""

import email
from collections.abc import Callable
from dataclasses import replace
from email.policy import default
from pathlib import Path

from fastapi.testclient import TestClient

from core.services import Services
from tests.conftest import upn

Auth = Callable[[str], dict[str, str]]


def outbox(services: Services) -> list[Path]:
    folder = services.settings.data_dir / "outbox"
    return sorted(folder.glob("*")) if folder.exists() else []


def disclosures(services: Services) -> list[dict]:
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn=upn("officer"), limit=50).items
    return [e.detail or {} for e in entries if e.action.value == "disclosure"]


def send(client: TestClient, auth: Auth, **body: object):
    message = {
        "to": [upn("supervisor")],
        "subject": "Market Square",
        "body": "Shop theft again at the Market Square.",
    } | body
    return client.post("/api/me/email", json=message, headers=auth("officer"))


def test_quick_email_is_written_as_an_eml_file_from_the_caller(
    client: TestClient, auth: Auth, services: Services
) -> None:
    reply = send(client, auth, cc=[upn("teammate")], body="Line one.\nLine two: caf\u00e9.")
    assert reply.status_code == 202, reply.text
    assert reply.json() == {"recipients": 2}
    [path] = outbox(services)
    assert path.suffix == ".eml"
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["From"].addresses[0].addr_spec == upn("officer")
    assert message["From"].addresses[0].display_name == "Officer"
    assert message["To"] == upn("supervisor") and message["Cc"] == upn("teammate")
    assert message["Subject"] == "Market Square"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content().replace("\r\n", "\n") == "Line one.\nLine two: caf\u00e9.\n"


def test_quick_email_is_audited_as_a_disclosure_naming_recipients_not_the_body(
    client: TestClient, auth: Auth, services: Services
) -> None:
    send(client, auth, cc=[upn("teammate")], body="Secret detail")
    assert disclosures(services) == [{"to": [upn("supervisor")], "cc": [upn("teammate")]}]
    with services.database.transaction(read_only=True) as tx:
        [entry] = [e for e in tx.audit.list(limit=50).items if e.kind == "email"]
    assert "Secret detail" not in str(entry)


BAD = [
    ({"subject": "Hello\r\nBcc: everyone@test.example"}, "subject"),
    ({"subject": ""}, "subject"),
    ({"subject": "x" * 256}, "subject"),
    ({"to": ["supervisor@test.example\r\nBcc: x@test.example"]}, "to[0]"),
    ({"to": ["Sarge <supervisor@test.example>"]}, "to[0]"),
    ({"to": ["a@test.example, b@test.example"]}, "to[0]"),
    ({"to": ["someone@gmail.example"]}, "to[0]"),
    ({"cc": ["ok@test.example", "press@newspaper.example"]}, "cc[1]"),
    ({"to": [f"p{n}@test.example" for n in range(21)]}, "to"),
    ({"cc": [f"p{n}@test.example" for n in range(20)]}, "cc"),
    ({"to": []}, "to"),
    ({"body": "x" * 50_001}, "body"),
    ({"attachments": [{"name": "a.txt", "content": "eA=="}]}, "attachments"),
    ({"cc": ["supervisor@test.example"]}, "cc"),
]
"""(changes to a good message, the field the refusal names)"""


def test_bad_quick_email_is_refused_and_nothing_is_sent(
    client: TestClient, auth: Auth, services: Services
) -> None:
    for body, field in BAD:
        reply = send(client, auth, **body)
        assert reply.status_code == 422, (body, reply.text)
        assert reply.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in reply.json()["errors"]], body
    assert outbox(services) == []
    assert disclosures(services) == []


def test_the_mail_domains_setting_decides_who_may_be_written_to(
    client: TestClient, auth: Auth, services: Services
) -> None:
    services.settings = replace(services.settings, mail_domains=("partner.example", "test.example"))
    assert send(client, auth, to=["liaison@partner.example"]).status_code == 202
    refused = send(client, auth, to=["someone@elsewhere.example"])
    assert refused.status_code == 422
    assert "partner.example, test.example" in refused.json()["errors"][0]["message"]
