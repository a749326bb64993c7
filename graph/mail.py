"""Email through Outlook's sendMail, as the signed-in person (quick email) or as the service's
own mailbox (weekly workbooks), or as `.eml` files in embedded mode."""

import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from uuid import uuid4

from graph.calls import GraphSession, SignedIn, configuration
from graph.credentials import TokenSource
from schemas.mail import QuickEmail

if TYPE_CHECKING:
    from msgraph import GraphServiceClient
    from msgraph.generated.users.item.send_mail.send_mail_post_request_body import (
        SendMailPostRequestBody,
    )


class Mail(Protocol):
    def send(self, sender: SignedIn, message: QuickEmail) -> None:
        """Send `message` from `sender`'s own mailbox; returns once it is accepted."""
        ...


def _send_mail_body(message: QuickEmail) -> "SendMailPostRequestBody":
    """The documented sendMail request: the message as plain text, kept in Sent Items."""
    from msgraph.generated.models.body_type import BodyType
    from msgraph.generated.models.email_address import EmailAddress
    from msgraph.generated.models.item_body import ItemBody
    from msgraph.generated.models.message import Message
    from msgraph.generated.models.recipient import Recipient
    from msgraph.generated.users.item.send_mail.send_mail_post_request_body import (
        SendMailPostRequestBody,
    )

    def recipients(addresses: list[str]) -> list[Recipient]:
        return [Recipient(email_address=EmailAddress(address=a)) for a in addresses]

    return SendMailPostRequestBody(
        message=Message(
            subject=message.subject,
            body=ItemBody(content_type=BodyType.Text, content=message.body),
            to_recipients=recipients(message.to),
            cc_recipients=recipients(message.cc),
        ),
        save_to_sent_items=True,
    )


class GraphMail:
    """`POST /me/sendMail` with a delegated token (Mail.Send); a copy lands in Sent Items."""

    def __init__(self, tokens: TokenSource, session: GraphSession) -> None:
        self.tokens = tokens
        self.session = session

    def send(self, sender: SignedIn, message: QuickEmail) -> None:
        def token() -> str:
            return self.tokens.user_token(sender.assertion, sender.home_account_id)

        async def post(client: "GraphServiceClient") -> None:
            await client.me.send_mail.post(_send_mail_body(message), configuration())

        self.session.run(token, post)


class MailboxMail:
    """`POST /users/{mailbox}/sendMail` with the application's token (Mail.Send application
    permission), for mail the service sends by itself, such as the weekly workbooks.

    Only the one configured mailbox is used: Exchange should also confine the permission to it
    (an application access policy), since Graph alone would let the app send as anyone.
    """

    def __init__(self, token: Callable[[], str], session: GraphSession, mailbox: str) -> None:
        self.token = token
        self.session = session
        self.mailbox = mailbox

    def send(self, sender: SignedIn, message: QuickEmail) -> None:
        if sender.upn.lower() != self.mailbox.lower():
            raise ValueError(f"mail is sent only from {self.mailbox}, not {sender.upn}")

        async def post(client: "GraphServiceClient") -> None:
            mailbox = client.users.by_user_id(self.mailbox)
            await mailbox.send_mail.post(_send_mail_body(message), configuration())

        self.session.run(self.token, post)


class OutboxFolder:
    """The embedded stand-in: each message is an RFC 5322 `.eml` file in `folder`.

    A file appears whole or not at all: it is written under a temporary name and renamed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, sender: SignedIn, message: QuickEmail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        name = f"{now:%Y%m%dT%H%M%S%fZ}-{uuid4().hex[:12]}.eml"
        data = rfc5322(sender, message, now)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.folder / name)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise


def rfc5322(sender: SignedIn, message: QuickEmail, at: datetime) -> bytes:
    email = EmailMessage(policy=SMTP)
    email["From"] = Address(display_name=sender.display_name, addr_spec=sender.upn)
    email["To"] = ", ".join(message.to)
    if message.cc:
        email["Cc"] = ", ".join(message.cc)
    email["Subject"] = message.subject
    email["Date"] = format_datetime(at)
    email["Message-ID"] = make_msgid(domain=sender.upn.rpartition("@")[2] or None)
    email.set_content(message.body)
    return email.as_bytes()
