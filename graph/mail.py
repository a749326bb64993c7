"""Quick email as the signed-in person: Outlook's sendMail through Graph, or `.eml` files."""

import os
import tempfile
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


class Mail(Protocol):
    def send(self, sender: SignedIn, message: QuickEmail) -> None:
        """Send `message` from `sender`'s own mailbox; returns once it is accepted."""
        ...


class GraphMail:
    """`POST /me/sendMail` with a delegated token (Mail.Send); a copy lands in Sent Items."""

    def __init__(self, tokens: TokenSource, session: GraphSession) -> None:
        self.tokens = tokens
        self.session = session

    def send(self, sender: SignedIn, message: QuickEmail) -> None:
        def token() -> str:
            return self.tokens.user_token(sender.assertion, sender.home_account_id)

        async def post(client: "GraphServiceClient") -> None:
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

            body = SendMailPostRequestBody(
                message=Message(
                    subject=message.subject,
                    body=ItemBody(content_type=BodyType.Text, content=message.body),
                    to_recipients=recipients(message.to),
                    cc_recipients=recipients(message.cc),
                ),
                save_to_sent_items=True,
            )
            await client.me.send_mail.post(body, configuration())

        self.session.run(token, post)


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
