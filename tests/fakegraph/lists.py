"""Microsoft Lists in the fake Graph: sites, lists, columns, items, delta, the user list.

Wire format as Graph documents it: list items carry an `eTag` and answer 412 to a stale
`If-Match`; collections and delta pages hold at most 200 items whatever `$top` asks; delta
follows `@odata.nextLink` to an `@odata.deltaLink`, reports removals as a `deleted` facet and
answers `410 Gone` to a token it no longer keeps. The `power_app_*` methods change items the way
the officers' Power App does, through SharePoint rather than Graph, so they skip Graph's checks.
"""

import bisect
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakegraph.listfields import (
    FieldProblem,
    builtin_columns,
    column,
)
from tests.fakegraph.listitems import ListItemRoutes
from tests.fakegraph.server import FakeGraph, Reply, Request, odata_error

SITE_ID = (
    "contoso.sharepoint.com,"
    "2b5e0c1a-7e1f-4b59-9d43-6c1e5f2a9b10,8c6f0d3e-4a2b-4f7c-b1d9-0e5a7c3b2f41"
)
USER_INFO = "User Information List"
SITE = r"/sites/(?P<site>[^/]+)"
LIST = SITE + r"/lists/(?P<list>[^/]+)"


@dataclass
class FakeItem:
    id: int
    fields: dict[str, Any]
    guid: str
    version: int
    seq: int
    created: datetime
    modified: datetime
    author: int
    editor: int

    @property
    def etag(self) -> str:
        return f'"{self.guid},{self.version}"'


@dataclass
class FakeList:
    id: str
    display_name: str
    hidden: bool = False
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[int, FakeItem] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    changes: list[tuple[int, int]] = field(default_factory=list)
    """(sequence number, item id) of every change, oldest first, deletions included."""
    removed: dict[int, int] = field(default_factory=dict)
    """Deleted item id -> the sequence number of its deletion."""
    next_id: int = 1
    token_floor: int = 0
    """Delta tokens older than this sequence number answer 410 Gone."""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeLists:
    """The lists of one SharePoint site, registered on a FakeGraph."""

    def __init__(
        self,
        graph: FakeGraph,
        *,
        site_id: str = SITE_ID,
        zone: str = "Europe/London",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.graph = graph
        self.site_id = site_id
        self.zone = ZoneInfo(zone)
        self.now = now
        self.seq = 0
        self.lists: dict[str, FakeList] = {}
        self.identities: dict[int, dict[str, Any]] = {}
        self.on_change: list[Callable[[FakeList], None]] = []
        self.attempts: list[tuple[str, str, str]] = []
        """Every item write that reached the fake: (method, list id, SubmissionId or item id)."""
        users = self._new_list(USER_INFO, hidden=True)
        for definition in ({"name": "EMail"}, {"name": "UserName"}, {"name": "Name"}):
            users.columns[definition["name"]] = column({**definition, "text": {}})
        self.app_user = self.add_user("app@sharepoint", "", "SharePoint App", application=True)
        self._register()

    # -- people -----------------------------------------------------------------------------

    def add_user(
        self, upn: str, object_id: str, display_name: str, *, application: bool = False
    ) -> int:
        """Add a person to the site's user information list; returns their lookup id."""
        users = self.by_name(USER_INFO)
        fields = {
            "Title": display_name,
            "EMail": upn,
            "UserName": upn,
            "Name": f"i:0#.f|membership|{upn}",
        }
        item = self._insert(users, fields, 0)
        if application:
            identity = {"application": {"id": object_id, "displayName": display_name}}
        else:
            identity = {"user": {"id": object_id, "displayName": display_name, "email": upn}}
        self.identities[item.id] = identity
        return item.id

    def user_id(self, upn: str) -> int:
        users = self.by_name(USER_INFO)
        return next(i.id for i in users.items.values() if i.fields.get("UserName") == upn)

    # -- state ------------------------------------------------------------------------------

    def _new_list(self, display_name: str, *, hidden: bool = False) -> FakeList:
        made = FakeList(str(uuid.uuid4()), display_name, hidden)
        for definition in builtin_columns():
            made.columns[definition["name"]] = definition
        self.lists[made.id] = made
        return made

    def by_name(self, display_name: str) -> FakeList:
        return next(x for x in self.lists.values() if x.display_name == display_name)

    def find(self, key: str) -> FakeList | None:
        if key in self.lists:
            return self.lists[key]
        return next((x for x in self.lists.values() if x.display_name == key), None)

    def _changed(self, target: FakeList, item_id: int) -> int:
        self.seq += 1
        target.changes.append((self.seq, item_id))
        for listener in self.on_change:
            listener(target)
        return self.seq

    def _insert(self, target: FakeList, fields: dict[str, Any], author: int) -> FakeItem:
        now = self.now()
        item = FakeItem(
            id=target.next_id,
            fields={k: v for k, v in fields.items() if v is not None},
            guid=str(uuid.uuid4()),
            version=1,
            seq=0,
            created=now,
            modified=now,
            author=author,
            editor=author,
        )
        target.next_id += 1
        target.items[item.id] = item
        target.order.append(item.id)
        item.seq = self._changed(target, item.id)
        return item

    def _update(
        self, target: FakeList, item: FakeItem, fields: dict[str, Any], editor: int
    ) -> None:
        for key, value in fields.items():
            if value is None:
                item.fields.pop(key, None)
            else:
                item.fields[key] = value
        item.version += 1
        item.modified = self.now()
        item.editor = editor
        item.seq = self._changed(target, item.id)

    def _delete(self, target: FakeList, item: FakeItem) -> None:
        del target.items[item.id]
        target.order.pop(bisect.bisect_left(target.order, item.id))
        target.removed[item.id] = self._changed(target, item.id)

    def _unique_clash(
        self, target: FakeList, fields: dict[str, Any], own: int | None
    ) -> str | None:
        for name, value in fields.items():
            definition = target.columns.get(name)
            if value in (None, "") or not definition or not definition["enforceUniqueValues"]:
                continue
            for other in target.items.values():
                if other.id != own and other.fields.get(name) == value:
                    return name
        return None

    # -- what the Power App does ------------------------------------------------------------

    def power_app_create(self, display_name: str, fields: dict[str, Any], upn: str) -> int:
        return self._insert(self.by_name(display_name), fields, self.user_id(upn)).id

    def power_app_update(
        self, display_name: str, item_id: int, fields: dict[str, Any], upn: str
    ) -> None:
        target = self.by_name(display_name)
        self._update(target, target.items[item_id], fields, self.user_id(upn))

    def power_app_delete(self, display_name: str, item_id: int) -> None:
        target = self.by_name(display_name)
        self._delete(target, target.items[item_id])

    def expire_delta_tokens(self, display_name: str) -> None:
        """Forget the change history: every delta token issued so far answers 410 Gone."""
        self.by_name(display_name).token_floor = self.seq + 1

    def rows(self, display_name: str) -> list[FakeItem]:
        target = self.by_name(display_name)
        return [target.items[i] for i in target.order]

    # -- rendering --------------------------------------------------------------------------

    def _identity(self, lookup_id: int) -> dict[str, Any]:
        return self.identities.get(lookup_id, {})

    def render_fields(self, item: FakeItem, select: list[str] | None = None) -> dict[str, Any]:
        fields = {
            "@odata.etag": item.etag,
            "id": str(item.id),
            "ContentType": "Item",
            "Created": _stamp(item.created),
            "Modified": _stamp(item.modified),
            "AuthorLookupId": str(item.author),
            "EditorLookupId": str(item.editor),
            "_UIVersionString": f"{item.version}.0",
            "Attachments": False,
            **item.fields,
        }
        if select:
            keep = set(select) | {"@odata.etag", "id"}
            fields = {k: v for k, v in fields.items() if k in keep}
        return fields

    def render(
        self, target: FakeList, item: FakeItem, expand: bool, select: list[str] | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "@odata.etag": item.etag,
            "createdDateTime": _stamp(item.created),
            "eTag": item.etag,
            "id": str(item.id),
            "lastModifiedDateTime": _stamp(item.modified),
            "webUrl": f"https://contoso.sharepoint.com/sites/npt/Lists/{target.id}/{item.id}_.000",
            "createdBy": self._identity(item.author),
            "lastModifiedBy": self._identity(item.editor),
            "parentReference": {"id": target.id, "siteId": self.site_id},
            "contentType": {"id": "0x0100", "name": "Item"},
        }
        if expand:
            body["fields"] = self.render_fields(item, select)
        return body

    def render_list(self, target: FakeList) -> dict[str, Any]:
        return {
            "@odata.etag": f'"{target.id},1"',
            "createdDateTime": "2026-01-05T09:00:00Z",
            "displayName": target.display_name,
            "id": target.id,
            "name": target.display_name.replace(" ", ""),
            "webUrl": f"https://contoso.sharepoint.com/sites/npt/Lists/{target.id}",
            "list": {
                "contentTypesEnabled": False,
                "hidden": target.hidden,
                "template": "genericList",
            },
            "parentReference": {"siteId": self.site_id},
        }

    # -- routes -----------------------------------------------------------------------------

    def _site(self, request: Request) -> Reply | None:
        if request.params["site"] != self.site_id:
            return odata_error(404, "itemNotFound", "Requested site could not be found")
        return None

    def _list(self, request: Request) -> tuple[FakeList | None, Reply | None]:
        missing = self._site(request)
        if missing:
            return None, missing
        target = self.find(request.params["list"])
        if target is None:
            return None, odata_error(404, "itemNotFound", "The list was not found.")
        return target, None

    def _item(self, request: Request) -> tuple[FakeList | None, FakeItem | None, Reply | None]:
        target, problem = self._list(request)
        if target is None:
            return None, None, problem
        raw = request.params["item"]
        item = target.items.get(int(raw)) if raw.isdigit() else None
        if item is None:
            return target, None, odata_error(404, "itemNotFound", "The item was not found.")
        return target, item, None

    def _register(self) -> None:
        route = self.graph.route
        route("GET", SITE)(self._get_site)
        route("GET", SITE + r"/lists")(self._get_lists)
        route("POST", SITE + r"/lists")(self._create_list)
        route("GET", LIST)(self._get_list)
        route("GET", LIST + r"/columns")(self._get_columns)
        route("POST", LIST + r"/columns")(self._create_column)
        route("PATCH", LIST + r"/columns/(?P<column>[^/]+)")(self._update_column)
        ListItemRoutes(self, LIST)

    def _get_site(self, request: Request) -> Reply:
        missing = self._site(request)
        if missing:
            return missing
        return Reply(200, {"id": self.site_id, "displayName": "Neighbourhood policing"})

    def _get_lists(self, request: Request) -> Reply:
        missing = self._site(request)
        if missing:
            return missing
        return Reply(200, {"value": [self.render_list(x) for x in self.lists.values()]})

    def _create_list(self, request: Request) -> Reply:
        missing = self._site(request)
        if missing:
            return missing
        body = request.body if isinstance(request.body, dict) else {}
        name = body.get("displayName")
        if not name:
            return odata_error(400, "invalidRequest", "A list needs a displayName.")
        if self.find(name):
            return odata_error(409, "nameAlreadyExists", "A list with that name already exists.")
        try:
            definitions = [column(c) for c in body.get("columns", [])]
        except FieldProblem as problem:
            return odata_error(400, "invalidRequest", str(problem))
        builtin = {c["name"] for c in builtin_columns()}
        twice = next((c["name"] for c in definitions if c["name"] in builtin), None)
        if twice is not None:
            return odata_error(
                400, "invalidRequest", f'A duplicate field name "{twice}" was found.'
            )
        made = self._new_list(name)
        for definition in definitions:
            made.columns[definition["name"]] = definition
        return Reply(201, self.render_list(made))

    def _get_list(self, request: Request) -> Reply:
        target, problem = self._list(request)
        return problem or Reply(200, self.render_list(target))  # type: ignore[arg-type]

    def _get_columns(self, request: Request) -> Reply:
        target, problem = self._list(request)
        if target is None:
            return problem  # type: ignore[return-value]
        return Reply(200, {"value": list(target.columns.values())})

    def _create_column(self, request: Request) -> Reply:
        target, problem = self._list(request)
        if target is None:
            return problem  # type: ignore[return-value]
        try:
            definition = column(request.body if isinstance(request.body, dict) else {})
        except FieldProblem as error:
            return odata_error(400, "invalidRequest", str(error))
        if definition["name"] in target.columns:
            return odata_error(409, "nameAlreadyExists", "A column with that name exists.")
        target.columns[definition["name"]] = definition
        return Reply(201, definition)

    def _update_column(self, request: Request) -> Reply:
        target, problem = self._list(request)
        if target is None:
            return problem  # type: ignore[return-value]
        found = next(
            (c for c in target.columns.values() if c["id"] == request.params["column"]), None
        )
        if found is None:
            return odata_error(404, "itemNotFound", "The column was not found.")
        changes = request.body if isinstance(request.body, dict) else {}
        if set(changes) - {"indexed", "description", "displayName", "required", "hidden"}:
            return odata_error(400, "invalidRequest", "Only simple column properties change.")
        found.update(changes)
        return Reply(200, found)
