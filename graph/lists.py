"""The Microsoft Lists port: what the service asks of the site's lists, and its Graph form.

`ListsPort` is narrow on purpose: provisioning (lists and columns), item writes in `$batch`
requests, look-ups, delta pages, the site's user information list and change-notification
subscriptions. `GraphLists` implements it over msgraph-sdk (see graph/transport.py), paced by
a resource-unit budget (graph/pacing.py). Outcomes a caller must act on (throttled, stale
eTag, gone, unknown after a lost reply) come back as values, never as exceptions.
"""

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from graph import pacing
from graph.batch import (
    BATCH_LIMIT,
    Outcome,
    Write,
    WriteResult,
    answers,
    step,
)
from graph.calls import failure, retry_after
from graph.client import GRAPH_BASE_URL, graph_client
from graph.errors import GraphError, GraphUnavailable
from graph.odata import equals, filter_parameter
from graph.transport import LoopThread, RawGraph, Reply
from schemas.spec import SUBMISSION_ID

USER_INFORMATION = "User Information List"
PAGE_ATTEMPTS = 8
"""A read is retried this many times while Graph throttles or is unavailable."""


class DeltaExpired(GraphError):
    """410 Gone: the delta token is no longer kept; enumerate from scratch."""


@dataclass(frozen=True)
class ListItem:
    id: str
    etag: str
    fields: dict[str, Any]
    created_at: datetime | None = None
    modified_at: datetime | None = None
    author_object_id: str | None = None
    editor_object_id: str | None = None


@dataclass(frozen=True)
class DeltaPage:
    items: list[ListItem]
    deleted: list[str]
    next_link: str | None
    delta_link: str | None


@dataclass(frozen=True)
class SiteUser:
    lookup_id: str
    upn: str
    display_name: str


@dataclass(frozen=True)
class Subscription:
    id: str
    expires: datetime


class ListsPort(Protocol):
    def lists(self) -> dict[str, str]:
        """Display name -> list id, for every list of the site."""
        ...

    def create_list(self, display_name: str, columns: list[dict[str, Any]]) -> str: ...

    def columns(self, list_id: str) -> list[dict[str, Any]]: ...

    def add_column(self, list_id: str, definition: dict[str, Any]) -> None: ...

    def update_column(self, list_id: str, column_id: str, changes: dict[str, Any]) -> None: ...

    def find(self, list_id: str, submission_id: str) -> ListItem | None: ...

    def item(self, list_id: str, item_id: str) -> ListItem | None: ...

    def delta(self, list_id: str, link: str | None) -> Iterator[DeltaPage]:
        """Pages of changes since `link` (everything when None); raises DeltaExpired on 410."""
        ...

    def users(self) -> dict[str, SiteUser]:
        """The site's user information list: lookup id -> person."""
        ...

    def subscribe(
        self, list_id: str, url: str, client_state: str, expires: datetime
    ) -> Subscription: ...

    def renew(self, subscription_id: str, expires: datetime) -> Subscription | None:
        """None when Graph no longer knows the subscription."""
        ...


def _instant(raw: Any) -> datetime | None:
    if not raw:
        return None
    return datetime.fromisoformat(str(raw).replace("Z", "+00:00"))


def _who(identity: Any) -> str | None:
    user = identity.get("user") if isinstance(identity, dict) else None
    return user.get("id") or None if isinstance(user, dict) else None


def list_item(body: dict[str, Any]) -> ListItem:
    return ListItem(
        id=str(body["id"]),
        etag=str(body.get("eTag") or body.get("@odata.etag") or ""),
        fields=body.get("fields") or {},
        created_at=_instant(body.get("createdDateTime")),
        modified_at=_instant(body.get("lastModifiedDateTime")),
        author_object_id=_who(body.get("createdBy")),
        editor_object_id=_who(body.get("lastModifiedBy")),
    )


class GraphLists:
    """The port over Graph for one site; every request is paced and never retried blindly."""

    def __init__(self, raw: RawGraph, site_id: str, pacer: pacing.Pacer) -> None:
        self.raw = raw
        self.site = f"/sites/{site_id}"
        self.pacer = pacer
        self.prefetch = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-prefetch")

    def _list_path(self, list_id: str) -> str:
        return f"{self.site}/lists/{quote(list_id, safe='')}"

    def _read(self, url: str, units: int = pacing.READ) -> Reply:
        """A GET, retried while Graph throttles or is unavailable; other errors are raised."""
        last: GraphError = GraphUnavailable("Graph did not answer")
        for _ in range(PAGE_ATTEMPTS):
            self.pacer.acquire(units)
            try:
                reply = self.raw.send("GET", url)
            except httpx.TransportError as error:
                self.pacer.hold(5)
                last = GraphUnavailable(f"Graph did not answer ({error})")
                continue
            if reply.status in (429, 502, 503, 504):
                self.pacer.hold(retry_after(reply.headers))
                last = failure(reply.status, reply.headers, reply.error)
                continue
            return reply
        raise last

    def _call(self, method: str, url: str, body: Any = None, units: int = pacing.READ) -> Reply:
        """A write that is not an item write (provisioning, subscriptions): errors are raised."""
        self.pacer.acquire(units)
        try:
            reply = self.raw.send(method, url, body)
        except httpx.TransportError as error:
            raise GraphUnavailable(f"Graph did not answer ({error})") from None
        if reply.status in (429, 503):
            self.pacer.hold(retry_after(reply.headers))
        return reply

    @staticmethod
    def _ok(reply: Reply) -> Reply:
        if not reply.ok:
            raise failure(reply.status, reply.headers, reply.error)
        return reply

    # -- provisioning ------------------------------------------------------------------------

    def lists(self) -> dict[str, str]:
        reply = self._ok(self._read(f"{self.site}/lists?$select=id,displayName", pacing.QUERY))
        return {x["displayName"]: x["id"] for x in reply.body.get("value", [])}

    def create_list(self, display_name: str, columns: list[dict[str, Any]]) -> str:
        body = {
            "displayName": display_name,
            "columns": columns,
            "list": {"template": "genericList"},
        }
        reply = self._ok(self._call("POST", f"{self.site}/lists", body, pacing.WRITE))
        return str(reply.body["id"])

    def columns(self, list_id: str) -> list[dict[str, Any]]:
        reply = self._ok(self._read(f"{self._list_path(list_id)}/columns", pacing.QUERY))
        return list(reply.body.get("value", []))

    def add_column(self, list_id: str, definition: dict[str, Any]) -> None:
        self._ok(
            self._call("POST", f"{self._list_path(list_id)}/columns", definition, pacing.WRITE)
        )

    def update_column(self, list_id: str, column_id: str, changes: dict[str, Any]) -> None:
        url = f"{self._list_path(list_id)}/columns/{column_id}"
        self._ok(self._call("PATCH", url, changes, pacing.WRITE))

    # -- items -------------------------------------------------------------------------------

    def write(self, writes: Sequence[Write]) -> list[WriteResult]:
        if len(writes) > BATCH_LIMIT:
            raise ValueError(f"a batch holds at most {BATCH_LIMIT} writes")
        self.pacer.acquire(pacing.WRITE * len(writes), requests=1)
        body = {"requests": [step(self._list_path(w.list_id), w) for w in writes]}
        try:
            reply = self.raw.send("POST", "/$batch", body)
        except httpx.TransportError as error:
            return [
                WriteResult(w.key, Outcome.UNKNOWN, error=f"no reply ({error})") for w in writes
            ]
        results, wait = answers(writes, reply)
        if wait:
            self.pacer.hold(wait)
        return results

    def find(self, list_id: str, submission_id: str) -> ListItem | None:
        query = filter_parameter(equals(f"fields/{SUBMISSION_ID}", submission_id))
        url = f"{self._list_path(list_id)}/items?{query}&$expand=fields"
        reply = self._ok(self._read(url, pacing.QUERY))
        found = reply.body.get("value", [])
        return list_item(found[0]) if found else None

    def item(self, list_id: str, item_id: str) -> ListItem | None:
        reply = self._read(f"{self._list_path(list_id)}/items/{item_id}?$expand=fields")
        if reply.status == 404:
            return None
        return list_item(self._ok(reply).body)

    # -- delta -------------------------------------------------------------------------------

    def _page(self, url: str, units: int) -> DeltaPage:
        reply = self._read(url, units)
        if reply.status == 410:
            raise DeltaExpired("the delta token has expired", status=410)
        body = self._ok(reply).body
        items, deleted = [], []
        for value in body.get("value", []):
            if "deleted" in value:
                deleted.append(str(value["id"]))
            else:
                items.append(list_item(value))
        return DeltaPage(items, deleted, body.get("@odata.nextLink"), body.get("@odata.deltaLink"))

    def delta(self, list_id: str, link: str | None) -> Iterator[DeltaPage]:
        """Each next page is fetched while the caller stores the one it was given."""
        if link is None:
            url, units = f"{self._list_path(list_id)}/items/delta?$expand=fields", 2
        else:
            url, units = link, pacing.DELTA_WITH_TOKEN
        coming = self.prefetch.submit(self._page, url, units)
        while True:
            page = coming.result()
            if page.next_link:
                coming = self.prefetch.submit(self._page, page.next_link, 1)
            yield page
            if not page.next_link:
                return

    # -- people and subscriptions ------------------------------------------------------------

    def users(self) -> dict[str, SiteUser]:
        url: str | None = f"{self._list_path(USER_INFORMATION)}/items?$expand=fields"
        found = {}
        while url:
            body = self._ok(self._read(url, pacing.QUERY)).body
            for value in body.get("value", []):
                fields = value.get("fields") or {}
                upn = fields.get("UserName") or fields.get("EMail") or ""
                found[str(value["id"])] = SiteUser(str(value["id"]), upn, fields.get("Title", ""))
            url = body.get("@odata.nextLink")
        return found

    def subscribe(
        self, list_id: str, url: str, client_state: str, expires: datetime
    ) -> Subscription:
        body = {
            "changeType": "updated",
            "notificationUrl": url,
            "resource": f"{self.site.lstrip('/')}/lists/{list_id}",
            "expirationDateTime": expires.isoformat(),
            "clientState": client_state,
        }
        made = self._ok(self._call("POST", "/subscriptions", body)).body
        return Subscription(str(made["id"]), _instant(made["expirationDateTime"]) or expires)

    def renew(self, subscription_id: str, expires: datetime) -> Subscription | None:
        body = {"expirationDateTime": expires.isoformat()}
        reply = self._call("PATCH", f"/subscriptions/{subscription_id}", body)
        if reply.status == 404:
            return None
        made = self._ok(reply).body
        return Subscription(subscription_id, _instant(made["expirationDateTime"]) or expires)


def graph_lists(
    token: Callable[[], str],
    site_id: str,
    pacer: pacing.Pacer,
    *,
    base_url: str = GRAPH_BASE_URL,
    http: httpx.AsyncClient | None = None,
) -> GraphLists:
    """The port for one site, its requests carrying `token()` (Sites.Selected suffices)."""
    client = graph_client(token, base_url=base_url, http=http or httpx.AsyncClient(timeout=60))
    return GraphLists(RawGraph(client, base_url, LoopThread("graph-lists")), site_id, pacer)
