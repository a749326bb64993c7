"""Quick email from "my activity": checked against the organisation's rules, sent as the caller,
and recorded as a disclosure."""

from core.access import Caller
from core.activities import Clock
from core.delegation import graph_failures, signed_in
from core.errors import FieldError, InvalidInput
from graph.mail import Mail
from schemas.audit import AuditAction
from schemas.base import now_utc
from schemas.mail import MAX_RECIPIENTS, QuickEmail
from store.audit import AuditEvent
from store.database import Database


def domains_for(caller: Caller, configured: tuple[str, ...]) -> tuple[str, ...]:
    """The configured domains, or the sender's own when none are configured."""
    return configured or (caller.upn.rpartition("@")[2].lower(),)


def check(message: QuickEmail, domains: tuple[str, ...]) -> None:
    errors = []
    for name, addresses in (("to", message.to), ("cc", message.cc)):
        for n, address in enumerate(addresses):
            if address.rpartition("@")[2] not in domains:
                errors.append(
                    FieldError(
                        f"{name}[{n}]",
                        "is outside the organisation's email domains (" + ", ".join(domains) + ")",
                    )
                )
    if len(message.recipients) > MAX_RECIPIENTS:
        errors.append(
            FieldError("cc", f"to and cc together must list at most {MAX_RECIPIENTS} addresses")
        )
    if len(set(message.recipients)) < len(message.recipients):
        errors.append(FieldError("cc", "must not repeat an address already in to"))
    if errors:
        raise InvalidInput(errors)


def send(
    db: Database,
    mail: Mail,
    caller: Caller,
    message: QuickEmail,
    *,
    domains: tuple[str, ...],
    clock: Clock = now_utc,
) -> int:
    """Send `message` from the caller's mailbox; returns the number of recipients.

    The disclosure is recorded in the transaction that is committed only once the message is
    accepted: a send that fails leaves no record of a disclosure that did not happen.
    """
    check(message, domains_for(caller, domains))
    sender = signed_in(caller)
    with db.transaction() as tx:
        tx.audit.record(
            AuditEvent(
                at=clock(),
                upn=caller.upn,
                action=AuditAction.DISCLOSURE,
                source=caller.source,
                kind="email",
                request_id=caller.request_id,
                purpose=caller.purpose,
                detail={"to": message.to, "cc": message.cc},
            )
        )
        with graph_failures("your email could not be sent"):
            mail.send(sender, message)
        tx.commit()
    return len(message.recipients)
