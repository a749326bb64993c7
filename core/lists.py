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

from pydantic import BaseModel

from core.settings import Settings
from graph.lists import ListItem, ListsPort, SiteUser, graph_lists
from graph.pacing import Clock, Ledger, Pacer, SystemClock
from schemas.activity import RecordFields
from schemas.content import CONTENT_LISTS, FOLDER, ITEM, ContentList
from schemas.content_fields import ContentRecord
from schemas.kinds import ACTIVITY_KINDS, ORGANISATION_LISTS, ActivityKind
from schemas.person import Person
from schemas.spec import ListSpec
from store.database import Transaction


@dataclass(frozen=True)
class Synced:
    """One list kept in step with the store, and what its items mean there."""

    name: str
    spec: ListSpec
    model: type[BaseModel]
    """Checks an item's values as the API checks what it is sent."""
    taken: tuple[str, ...]
    """The fields an item in Lists sets; the others are the service's."""
    authored: tuple[str, ...] = ()
    """Set on a record made in Lists from its author: their UPN, then their team and LPA."""
    markup: tuple[str, ...] = ()
    """Fields whose markup is sanitised as the API sanitises it."""
    derived: frozenset[str] = frozenset()
    """Read-only columns computed from the others, sent to Lists with every change."""
    area_from: str | None = None
    """The field naming the folder whose LPA a record takes, whatever its item says: an item
    holds its folder's area and a sub-folder its parent's, as the API sets them."""

    @property
    def versioned(self) -> bool:
        """Whether the store keeps versions, warnings and deletions of its records."""
        return "version" in self.spec.names


def _activity(kind: ActivityKind) -> Synced:
    server = set(RecordFields.model_fields)
    derived = frozenset(c.name for c in kind.spec.columns if c.read_only) - server
    authored = ("officer", "team_id", "lpa_id")
    return Synced(
        kind.name,
        kind.spec,
        kind.create,
        tuple(kind.create.model_fields),
        authored,
        derived=derived,
    )


FOLDER_AREA = {ITEM.name: "folder_id", FOLDER.name: "parent_id"}
"""Useful information whose area is its folder's: items, and sub-folders."""


def _content(content: ContentList) -> Synced:
    server = set(ContentRecord.model_fields)
    names, writable = content.spec.names, content.create.model_fields
    # Items made by officers carry the author's team and LPA; others have their area written.
    authors_area = "team_id" in names and "team_id" not in writable
    area = ("team_id", "lpa_id") if authors_area else ()
    authored = ("created_by", *area)
    taken = tuple(
        c.name for c in content.spec.list_columns if c.name not in server and c.name not in authored
    )
    return Synced(
        content.name,
        content.spec,
        content.create,
        taken,
        authored,
        content.markup,
        area_from=FOLDER_AREA.get(content.name),
    )


def _organisation(name: str) -> Synced:
    model, spec = ORGANISATION_LISTS[name]
    return Synced(name, spec, model, tuple(n for n in spec.names if n != spec.key))


SYNCED: dict[str, Synced] = {
    s.name: s
    for s in (
        *(_organisation(name) for name in ORGANISATION_LISTS),
        *(_activity(kind) for kind in ACTIVITY_KINDS.values()),
        *(_content(content) for content in CONTENT_LISTS.values()),
    )
}
"""Every list kept in step with the store, in the order a sync runs them: what others refer
to (LPAs, teams, people; folders) before what refers to it."""
PROVISIONED: tuple[ListSpec, ...] = tuple(s.spec for s in SYNCED.values())
"""Every list of schemas/ that provisioning creates in the site."""


@dataclass
class Lists:
    port: ListsPort
    clock: Clock = field(default_factory=SystemClock)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    max_attempts: int = 8
    notification_url: str = ""
    client_state: str = field(default="", repr=False)


def connect(settings: Settings, token: Callable[[], str], ledger: Ledger | None = None) -> Lists:
    """The Graph-backed Lists of the configured site, paced to the configured budget (shared
    with every instance through `ledger` when there can be several)."""
    clock = SystemClock()
    return Lists(
        port=graph_lists(token, settings.site_id, Pacer(settings.lists_budget, clock, ledger)),
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
