"""Microsoft Lists as the use cases see them: the port, the site's time zone, the clock and
the limits, built from the settings in `microsoft365` mode only; and who wrote an item.

The embedded mode has no Lists: there the store is the system of record. API changes still
write their outbox rows (so that an installation can later be connected without losing what
was recorded meanwhile), but nothing dispatches them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from core.settings import Settings
from graph.lists import ListItem, ListsPort, SiteUser, graph_lists
from graph.pacing import Clock, Pacer, SystemClock
from schemas.kinds import ACTIVITY_KINDS, ORGANISATION_LISTS, ActivityKind
from schemas.person import Person
from schemas.spec import ListSpec
from store.database import Transaction

SYNCED: dict[str, ActivityKind] = dict(ACTIVITY_KINDS)
"""The lists kept in step both ways: the three activity logs."""
PROVISIONED: tuple[ListSpec, ...] = tuple(k.spec for k in ACTIVITY_KINDS.values()) + tuple(
    spec for _, spec in ORGANISATION_LISTS.values()
)
"""Every list of schemas/ that provisioning creates in the site."""


@dataclass
class Lists:
    port: ListsPort
    clock: Clock = field(default_factory=SystemClock)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    max_attempts: int = 8
    notification_url: str = ""
    client_state: str = field(default="", repr=False)


def connect(settings: Settings, token: Callable[[], str]) -> Lists:
    """The Graph-backed Lists of the configured site, paced to the configured budget."""
    clock = SystemClock()
    return Lists(
        port=graph_lists(token, settings.site_id, Pacer(settings.lists_budget, clock)),
        clock=clock,
        zone=ZoneInfo(settings.site_time_zone),
        max_attempts=settings.outbox_max_attempts,
        notification_url=settings.notification_url,
        client_state=settings.notification_client_state,
    )


class People:
    """Who wrote an item, by its lookup id in the site's user information list or by Graph's
    identity of the creator (an Entra object id), and then the people data. Answers are kept
    for the run: a page of 200 items has a handful of authors."""

    def __init__(self, port: ListsPort) -> None:
        self.port = port
        self._users: dict[str, SiteUser] | None = None
        self._known: dict[tuple[str, str], Person | None] = {}

    def _site_user(self, lookup_id: str) -> SiteUser | None:
        if self._users is None or lookup_id not in self._users:
            self._users = self.port.users()
        return self._users.get(lookup_id)

    def person(self, tx: Transaction, upn: str) -> Person | None:
        key = ("upn", upn)
        if key not in self._known:
            self._known[key] = tx.organisation.person(upn)
        return self._known[key]

    def find(self, tx: Transaction, object_id: str | None, lookup_id: Any) -> Person | None:
        key = (str(object_id), str(lookup_id))
        if key not in self._known:
            found = None
            if lookup_id not in (None, ""):
                user = self._site_user(str(lookup_id))
                found = self.person(tx, user.upn) if user and user.upn else None
            if found is None and object_id:
                found = tx.organisation.person_by_object_id(object_id)
            self._known[key] = found
        return self._known[key]

    def author(self, tx: Transaction, item: ListItem) -> Person | None:
        return self.find(tx, item.author_object_id, item.fields.get("AuthorLookupId"))

    def editor(self, tx: Transaction, item: ListItem) -> Person | None:
        return self.find(tx, item.editor_object_id, item.fields.get("EditorLookupId"))
