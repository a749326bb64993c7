"""`npt provision`: every list of schemas/ in the configured site, with its columns.

A missing list is created whole; an existing one gets its missing columns and indexes, and
whatever else differs (a column of another type, a choice that is gone) is reported for a
person to decide, never changed silently. Running it twice changes nothing the second time.
It needs no more than Sites.Selected with `manage` on the one site.
"""

from dataclasses import dataclass, field
from typing import Any

from core.lists import PROVISIONED, SYNCED, Lists
from graph.lists import ListsPort
from graph.provision import TITLE, compare, definitions
from store.database import Database


@dataclass
class ListProvision:
    title: str
    created: bool = False
    added: list[str] = field(default_factory=list)
    indexed: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.added or self.indexed)


def provision(database: Database, lists: Lists) -> list[ListProvision]:
    port = lists.port
    existing = port.lists()
    report = []
    for spec in PROVISIONED:
        wanted = definitions(spec)
        if spec.title not in existing:
            title = next((d for d in wanted if d["name"] == TITLE), None)
            list_id = port.create_list(spec.title, [d for d in wanted if d is not title])
            _take_title(port, list_id, title)
            report.append(ListProvision(spec.title, True, [d["name"] for d in wanted]))
        else:
            list_id = existing[spec.title]
            plan = compare(spec, port.columns(list_id))
            for definition in plan.add:
                port.add_column(list_id, definition)
            for column_id, _ in plan.index:
                port.update_column(list_id, column_id, {"indexed": True})
            added = [d["name"] for d in plan.add]
            indexed = [name for _, name in plan.index]
            report.append(ListProvision(spec.title, False, added, indexed, plan.drift))
        if spec.name in SYNCED:
            with database.transaction() as tx:
                tx.sync_state.update(spec.name, list_id=list_id)
                tx.commit()
    return report


def _take_title(port: ListsPort, list_id: str, wanted: dict[str, Any] | None) -> None:
    """Every new list comes with a required Title column: a spec's `title` becomes that column
    (a second one of the name would be refused), and a list without one does not require it."""
    builtin = next(c for c in port.columns(list_id) if c["name"] == TITLE)
    changes = {"required": False}
    if wanted is not None:
        changes = {k: wanted[k] for k in ("displayName", "required", "indexed")}
    port.update_column(list_id, builtin["id"], changes)
