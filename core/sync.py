"""The Lists sync: one code path per list, whatever woke it (timer, notification, admin).

Delta without a token enumerates every item; with the stored deltaLink it returns what
changed since. Each page is applied in one transaction together with the link to the next
page, so a run that stops part way resumes where it stopped, and a replayed page changes
nothing. `410 Gone` drops the token and the run starts again as a full enumeration, which
ends by reconciling: records whose item it did not meet are deleted, Lists being the system
of record.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from core.access import Caller
from core.errors import NotFound
from core.lists import SYNCED, Lists, People, Synced
from core.mirror import Counts, Mirror, apply_page, reconcile
from core.outbox import admin_only
from graph.lists import DeltaExpired, list_item
from store.database import Database
from store.sync_state import exclusive


@dataclass
class SyncReport:
    lists: dict[str, Counts] = field(default_factory=dict)
    busy: list[str] = field(default_factory=list)
    """Lists another sync was already working on; they were left to it."""

    def totals(self) -> Counts:
        total = Counts()
        for counts in self.lists.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self.totals()),
            "lists": {k: asdict(v) for k, v in self.lists.items()},
            "busy": self.busy,
        }


def list_id(database: Database, lists: Lists, kind: Synced) -> str:
    """The list's id in the site, looked up by title once and then kept in the store."""
    with database.transaction(read_only=True) as tx:
        known = tx.sync_state.get(kind.name).list_id
    if known:
        return known
    found = lists.port.lists().get(kind.spec.title)
    if found is None:
        raise NotFound(f"The site has no list '{kind.spec.title}'; run `npt provision` first.")
    with database.transaction() as tx:
        tx.sync_state.update(kind.name, list_id=found)
        tx.commit()
    return found


def _run(database: Database, lists: Lists, kind: Synced, people: People) -> Counts:
    source = list_id(database, lists, kind)
    with database.transaction(read_only=True) as tx:
        state = tx.sync_state.get(kind.name)
        held = tx.list_items.held(kind.name)
    resuming = state.next_link is not None
    run = state.run if resuming else state.run + 1
    full = state.full if resuming else state.delta_link is None
    counts = Counts()

    def mirror() -> Mirror:
        return Mirror(kind, lists.zone, people, lists.clock.now(), run)

    with database.transaction() as tx:
        if held:
            counts.add(apply_page(tx, mirror(), [list_item(h.item) for h in held], []))
        tx.sync_state.update(kind.name, run=run, full=full)
        tx.commit()
    link = state.next_link if resuming else state.delta_link
    for page in lists.port.delta(source, link):
        with database.transaction() as tx:
            current = mirror()
            counts.add(apply_page(tx, current, page.items, page.deleted))
            progress: dict[str, object] = {"next_link": page.next_link}
            if page.next_link is None:
                progress |= {"delta_link": page.delta_link, "synced_at": current.now}
            tx.sync_state.update(kind.name, **progress)
            tx.commit()
    if full:
        with database.transaction() as tx:
            counts.add(reconcile(tx, mirror()))
            tx.commit()
    return counts


def sync_list(
    database: Database, lists: Lists, kind: Synced, people: People | None = None
) -> Counts | None:
    """Bring the store in step with one list; None when another sync of it is running."""
    people = people or People(lists.port)
    with exclusive(database.engine, f"sync:{kind.name}") as held:
        if not held:
            return None
        try:
            return _run(database, lists, kind, people)
        except DeltaExpired:
            with database.transaction() as tx:
                tx.sync_state.update(kind.name, delta_link=None, next_link=None)
                tx.commit()
            return _run(database, lists, kind, people)


def sync(database: Database, lists: Lists, kinds: Iterable[str] | None = None) -> SyncReport:
    """Sync the named lists (every synced list by default), sharing one look-up of people."""
    people = People(lists.port)
    report = SyncReport()
    for name in kinds or SYNCED:
        counts = sync_list(database, lists, SYNCED[name], people)
        if counts is None:
            report.busy.append(name)
        else:
            report.lists[name] = counts
    return report


def sync_now(database: Database, caller: Caller, lists: Callable[[], Lists]) -> SyncReport:
    """An administrator's sync of every list, outside the timer."""
    admin_only(caller)
    return sync(database, lists())
