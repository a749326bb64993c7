"""Document library drive items as Graph serves them, addressed by path.

Metadata and children, content (a GET answers 302 to a pre-authenticated download URL), simple
upload of at most 4 MB, upload sessions (ranged PUTs in multiples of 320 KiB to an upload URL
that refuses our token), rename, delete, and copy (202 with a monitor URL to poll).
"""

import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import httpx

from tests.fakegraph.server import FakeGraph, Reply, Request, odata_error

SIMPLE_LIMIT = 4 * 1024 * 1024
FRAGMENT_UNIT = 320 * 1024
TRANSFERS = "https://files.fake.test"
"""Where download, upload and monitor URLs point: another host, as in SharePoint."""
ITEM = r"/drives/(?P<drive>[^/]+)/items/root:/(?P<path>[^:]+):"


@dataclass
class Item:
    id: str
    name: str
    parent: str | None
    content: bytes | None = None
    """None for a folder."""

    @property
    def is_folder(self) -> bool:
        return self.content is None


@dataclass
class Session:
    path: str
    received: bytearray = field(default_factory=bytearray)


class FakeDrives:
    def __init__(self, graph: FakeGraph, *, drive_id: str = "drive-1", site_id: str = "site-1"):
        self.graph = graph
        self.drive_id = drive_id
        self.site_id = site_id
        self.items: dict[str, Item] = {"root": Item("root", "root", None)}
        self.sessions: dict[str, Session] = {}
        self.copies: dict[str, int] = {}
        self.ids = itertools.count(1)
        self.simple_uploads = 0
        self.fragments = 0
        route = graph.route
        route("GET", rf"/sites/{site_id}/drive")(self._drive)
        route("GET", ITEM)(self._get)
        route("PATCH", ITEM)(self._rename)
        route("DELETE", ITEM)(self._delete)
        route("GET", ITEM + "/children")(self._children)
        route("GET", ITEM + "/content")(self._download_link)
        route("PUT", ITEM + "/content")(self._put)
        route("POST", ITEM + "/createUploadSession")(self._session)
        route("POST", ITEM + "/copy")(self._copy)

    # -- the tree ---------------------------------------------------------------------------

    def find(self, path: str) -> Item | None:
        item = self.items["root"]
        for part in path.strip("/").split("/"):
            item = next(
                (c for c in self.items.values() if c.parent == item.id and c.name == part), None
            )
            if item is None:
                return None
        return item

    def path_of(self, item: Item) -> str:
        parts = []
        while item.parent is not None:
            parts.append(item.name)
            item = self.items[item.parent]
        return "/".join(reversed(parts))

    def _children_of(self, item: Item) -> list[Item]:
        return [c for c in self.items.values() if c.parent == item.id]

    def _ensure(self, path: str) -> Item:
        """The item at `path`, creating missing folders on the way, as path uploads do."""
        item = self.items["root"]
        for part in path.strip("/").split("/"):
            child = next((c for c in self._children_of(item) if c.name == part), None)
            if child is None:
                child = Item(f"item-{next(self.ids)}", part, item.id, content=None)
                self.items[child.id] = child
            item = child
        return item

    def _store(self, path: str, content: bytes) -> Item:
        item = self._ensure(path)
        item.content = content
        return item

    def json(self, item: Item) -> dict[str, Any]:
        parent = self.items[item.parent] if item.parent else None
        body: dict[str, Any] = {
            "id": item.id,
            "name": item.name,
            "webUrl": f"https://contoso.sharepoint.com/sites/npt/{self.path_of(item)}",
            "parentReference": {
                "driveId": self.drive_id,
                "id": parent.id if parent else None,
                "path": f"/drives/{self.drive_id}/root:/{self.path_of(parent) if parent else ''}",
            },
        }
        if item.is_folder:
            body["folder"] = {"childCount": len(self._children_of(item))}
        else:
            body["file"] = {"mimeType": "application/octet-stream"}
            body["size"] = len(item.content or b"")
        return body

    def _missing(self) -> Reply:
        return odata_error(404, "itemNotFound", "The resource could not be found.")

    # -- routes -----------------------------------------------------------------------------

    def _drive(self, request: Request) -> Reply:
        return Reply(200, {"id": self.drive_id, "driveType": "documentLibrary"})

    def _get(self, request: Request) -> Reply:
        item = self.find(request.params["path"])
        return self._missing() if item is None else Reply(200, self.json(item))

    def _children(self, request: Request) -> Reply:
        item = self.find(request.params["path"])
        if item is None:
            return self._missing()
        return Reply(200, {"value": [self.json(c) for c in self._children_of(item)]})

    def _download_link(self, request: Request) -> Reply:
        item = self.find(request.params["path"])
        if item is None or item.is_folder:
            return self._missing()
        return Reply(302, None, {"Location": f"{TRANSFERS}/download/{item.id}"})

    def _put(self, request: Request) -> Reply:
        body = request.body if isinstance(request.body, bytes) else b""
        if len(body) > SIMPLE_LIMIT:
            return odata_error(
                413, "requestBodyTooLarge", "Use an upload session for files over 4 MB."
            )
        self.simple_uploads += 1
        return Reply(201, self.json(self._store(request.params["path"], body)))

    def _session(self, request: Request) -> Reply:
        key = f"session-{next(self.ids)}"
        self.sessions[key] = Session(request.params["path"])
        return Reply(
            200,
            {
                "uploadUrl": f"{TRANSFERS}/upload/{key}",
                "expirationDateTime": "2030-01-01T00:00:00Z",
            },
        )

    def _rename(self, request: Request) -> Reply:
        item = self.find(request.params["path"])
        if item is None:
            return self._missing()
        name = (request.body or {}).get("name")
        if any(c.name == name for c in self.items.values() if c.parent == item.parent):
            return odata_error(409, "nameAlreadyExists", "The specified item name already exists.")
        item.name = name
        return Reply(200, self.json(item))

    def _delete(self, request: Request) -> Reply:
        item = self.find(request.params["path"])
        if item is None:
            return self._missing()
        doomed = [item]
        while doomed:
            gone = doomed.pop()
            doomed.extend(self._children_of(gone))
            del self.items[gone.id]
        return Reply(204)

    def _copy(self, request: Request) -> Reply:
        item = self.find(request.params["path"])
        if item is None:
            return self._missing()
        body = request.body or {}
        parent = body.get("parentReference", {}).get("id")
        if (
            parent not in self.items
            or body.get("parentReference", {}).get("driveId") != self.drive_id
        ):
            return odata_error(400, "invalidRequest", "parentReference must name a folder.")
        name = body.get("name") or item.name
        if any(c.name == name for c in self._children_of(self.items[parent])):
            return odata_error(409, "nameAlreadyExists", "The specified item name already exists.")
        self._clone(item, parent, name)
        key = f"copy-{next(self.ids)}"
        self.copies[key] = 0
        return Reply(202, None, {"Location": f"{TRANSFERS}/monitor/{key}"})

    def _clone(self, item: Item, parent: str, name: str) -> None:
        copy = Item(f"item-{next(self.ids)}", name, parent, item.content)
        self.items[copy.id] = copy
        for child in self._children_of(item):
            self._clone(child, copy.id, child.name)

    # -- pre-authenticated transfer URLs ----------------------------------------------------

    def _transfer(self, request: httpx.Request) -> httpx.Response:
        if "authorization" in request.headers:
            return httpx.Response(401, json={"error": {"code": "unauthenticated"}})
        kind, key = unquote(request.url.path).strip("/").split("/", 1)
        if kind == "download" and key in self.items:
            return httpx.Response(200, content=self.items[key].content or b"")
        if kind == "monitor" and key in self.copies:
            self.copies[key] += 1
            if self.copies[key] == 1:
                return httpx.Response(202, json={"status": "inProgress", "percentageComplete": 50})
            return httpx.Response(200, json={"status": "completed", "percentageComplete": 100})
        if kind == "upload" and key in self.sessions and request.method == "PUT":
            return self._fragment(self.sessions[key], key, request)
        return httpx.Response(404, json={"error": {"code": "itemNotFound"}})

    def _fragment(self, session: Session, key: str, request: httpx.Request) -> httpx.Response:
        unit, _, total = request.headers["content-range"].removeprefix("bytes ").partition("/")
        start, end = (int(n) for n in unit.split("-"))
        piece = request.read()
        last = end + 1 == int(total)
        wrong_size = len(piece) != end - start + 1 or (not last and len(piece) % FRAGMENT_UNIT)
        if start != len(session.received) or wrong_size:
            return httpx.Response(
                416, json={"error": {"code": "invalidRange", "message": "Fragment out of order"}}
            )
        session.received += piece
        self.fragments += 1
        if not last:
            return httpx.Response(
                202, json={"nextExpectedRanges": [f"{end + 1}-"], "expirationDateTime": "2030"}
            )
        del self.sessions[key]
        item = self._store(session.path, bytes(session.received))
        return httpx.Response(201, json=self.json(item))

    def transport(self) -> httpx.MockTransport:
        graph = self.graph.transport()

        def respond(request: httpx.Request) -> httpx.Response:
            if str(request.url).startswith(TRANSFERS):
                with self.graph.lock:
                    return self._transfer(request)
            return graph.handle_request(request)

        return httpx.MockTransport(respond)

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport())
