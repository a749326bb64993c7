"""Change notifications: Graph tells us a list changed, and the sync of that list is woken.

A notification proves itself by the `clientState` given when subscribing (compared in
constant time); one without it is refused. Subscriptions on SharePoint lists live at most
42,300 minutes, so a timer renews each well before it ends and makes a new one when Graph
has forgotten it.
"""

import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from core.errors import FieldError, InvalidInput, NotPermitted
from core.lists import SYNCED, Lists
from core.sync import list_id
from store.database import Database

LIFETIME = timedelta(minutes=42_300) - timedelta(hours=1)
RENEW_BEFORE = timedelta(days=3)


def notified(database: Database, lists: Lists, body: Any) -> set[str]:
    """The lists that genuine notifications in `body` name (by subscription or resource)."""
    notes = body.get("value") if isinstance(body, dict) else None
    if not isinstance(notes, list):
        raise InvalidInput([FieldError("value", "must be the list of notifications")])
    if not lists.client_state:
        raise NotPermitted("Change notifications are not configured here.")
    with database.transaction(read_only=True) as tx:
        states = tx.sync_state.all()
    by_subscription = {s.subscription_id: s.kind for s in states if s.subscription_id}
    by_list = {s.list_id: s.kind for s in states if s.list_id}
    kinds = set()
    genuine = 0
    for note in notes:
        if not isinstance(note, dict):
            continue
        state = str(note.get("clientState") or "")
        if not hmac.compare_digest(state.encode(), lists.client_state.encode()):
            continue
        genuine += 1
        resource = str(note.get("resource") or "").rstrip("/").rsplit("/", 1)[-1]
        kind = by_subscription.get(str(note.get("subscriptionId"))) or by_list.get(resource)
        if kind is not None:
            kinds.add(kind)
    if not genuine:
        raise NotPermitted("The notification does not carry this service's clientState.")
    return kinds


@dataclass(frozen=True)
class Renewal:
    kind: str
    action: str
    """`created`, `renewed` or `current`."""


def keep_subscribed(database: Database, lists: Lists) -> list[Renewal]:
    """Make sure each synced list has a subscription that outlives the next few days."""
    if not lists.notification_url:
        return []
    done = []
    for kind in SYNCED.values():
        source = list_id(database, lists, kind)
        now = lists.clock.now()
        with database.transaction(read_only=True) as tx:
            state = tx.sync_state.get(kind.name)
        ends = state.subscription_expires
        if state.subscription_id and ends is not None and ends - now > RENEW_BEFORE:
            done.append(Renewal(kind.name, "current"))
            continue
        made = (
            lists.port.renew(state.subscription_id, now + LIFETIME)
            if state.subscription_id
            else None
        )
        action = "renewed"
        if made is None:
            made = lists.port.subscribe(
                source, lists.notification_url, lists.client_state, now + LIFETIME
            )
            action = "created"
        with database.transaction() as tx:
            tx.sync_state.update(
                kind.name, subscription_id=made.id, subscription_expires=made.expires
            )
            tx.commit()
        done.append(Renewal(kind.name, action))
    return done
