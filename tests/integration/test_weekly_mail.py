"""The weekly workbooks emailed in microsoft365 mode: one mail per LPA to its supervisors, sent
through Graph as the configured sender mailbox with the application's token, recipients audited."""

import dataclasses

import pytest

from core.exports import scheduled_workbooks
from core.services import Services
from core.settings import Mode, Settings, SettingsError
from graph.calls import GraphSession, SignedIn
from graph.errors import GraphError
from graph.files import LocalFolder
from graph.mail import MailboxMail
from schemas.mail import QuickEmail
from tests.conftest import upn
from tests.fakegraph import FakeGraph
from tests.fakegraph.mailboxes import Mailboxes
from tests.fakegraph.server import BASE

SENDER = "npt-exports@test.example"


class AppTokens:
    """Entra's part: the application token the fake Graph accepts."""

    def __init__(self, token: str) -> None:
        self.token = token

    def app_token(self) -> str:
        return self.token


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def mailboxes(fake: FakeGraph) -> Mailboxes:
    return Mailboxes(fake, [SENDER])


@pytest.fixture
def tenant_services(services: Services, fake: FakeGraph) -> Services:
    """The services of a microsoft365 deployment whose Graph is the fake (files stay local)."""
    services.settings = dataclasses.replace(
        services.settings, mode=Mode.MICROSOFT365, mail_sender=SENDER
    )
    services.__dict__["graph_tokens"] = AppTokens(fake.token)
    services.__dict__["files"] = LocalFolder(services.settings.data_dir / "exports")
    mail = services.service_mail
    assert isinstance(mail, MailboxMail) and mail.mailbox == SENDER
    mail.session = GraphSession(base_url=BASE, http=fake.async_client)
    return services


def _recipients(message: dict[str, object]) -> list[str]:
    listed = message.get("toRecipients")
    assert isinstance(listed, list)
    return [r["emailAddress"]["address"] for r in listed]


def test_the_weekly_timer_mails_each_lpas_supervisors_from_the_sender_mailbox(
    tenant_services: Services, mailboxes: Mailboxes
) -> None:
    done = scheduled_workbooks(tenant_services)
    by_lpa = {d["lpa_id"]: d for d in done}

    sent = mailboxes.sent(SENDER)
    assert len(sent) == 2
    by_recipients = {tuple(_recipients(m.message)): m for m in sent}
    alpha = by_recipients[(upn("supervisor"),)]
    bravo = by_recipients[tuple(sorted([upn("manager"), upn("other_supervisor")]))]
    assert by_lpa["lpa-a"]["url"] in alpha.message["body"]["content"]  # type: ignore[index]
    assert by_lpa["lpa-b"]["url"] in bravo.message["body"]["content"]  # type: ignore[index]
    assert alpha.message["subject"].startswith("Neighbourhood activity workbook: Alpha")  # type: ignore[union-attr]
    assert alpha.message["body"]["contentType"] == "text"  # type: ignore[index]
    assert alpha.save_to_sent_items

    with tenant_services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn="system", limit=10).items
    audited = {
        e.detail["lpa_id"]: e.detail["recipients"]
        for e in entries
        if e.kind == "workbook" and e.detail
    }
    assert audited == {
        "lpa-a": [upn("supervisor")],
        "lpa-b": sorted([upn("manager"), upn("other_supervisor")]),
    }


def test_without_a_sender_the_workbooks_are_saved_but_not_mailed(
    services: Services, fake: FakeGraph, mailboxes: Mailboxes
) -> None:
    services.settings = dataclasses.replace(services.settings, mode=Mode.MICROSOFT365)
    services.__dict__["graph_tokens"] = AppTokens(fake.token)
    services.__dict__["files"] = LocalFolder(services.settings.data_dir / "exports")
    assert services.service_mail is None
    done = scheduled_workbooks(services)
    assert [d["recipients"] for d in done] == [[], []]
    assert all(d["url"].startswith("file://") for d in done)
    assert mailboxes.sent(SENDER) == []


def test_mail_goes_only_from_the_configured_mailbox(fake: FakeGraph, mailboxes: Mailboxes) -> None:
    session = GraphSession(base_url=BASE, http=fake.async_client)
    message = QuickEmail(to=["a@test.example"], subject="Hello", body="Text")
    other = SignedIn("someone@test.example", "Someone", "", "", "")
    with pytest.raises(ValueError, match=SENDER):
        MailboxMail(lambda: fake.token, session, SENDER).send(other, message)
    unknown = SignedIn("nobody@test.example", "Nobody", "", "", "")
    with pytest.raises(GraphError):
        MailboxMail(lambda: fake.token, session, "nobody@test.example").send(unknown, message)
    assert mailboxes.sent(SENDER) == []


def test_the_sender_setting_must_be_a_mailbox_address() -> None:
    assert Settings.from_environ({"NPT_MAIL_SENDER": " NPT@Force.example "}).mail_sender == (
        "npt@force.example"
    )
    with pytest.raises(SettingsError, match="NPT_MAIL_SENDER"):
        Settings.from_environ({"NPT_MAIL_SENDER": "exports, victim@elsewhere.example"})
