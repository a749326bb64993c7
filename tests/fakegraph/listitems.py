"""List items in the fake Graph: CRUD with eTags and 412, paging, `$filter` and delta.

Collections and delta pages hold at most 200 items whatever `$top` asks; delta follows
`@odata.nextLink` to an `@odata.deltaLink`, reports removals as a `deleted` facet and answers
`410 Gone` to a token older than the list's history.
"""

import base64
import bisect
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fakegraph.listfields import FieldProblem, written_fields
from tests.fakegraph.server import BASE, Reply, Request, odata_error

if TYPE_CHECKING:
    from tests.fakegraph.lists import FakeItem, FakeLists

PAGE = 200
HONOUR_NON_INDEXED = "HonorNonIndexedQueriesWarningMayFailRandomly"
FILTER = re.compile(r"^fields/(?P<name>\w+) eq (?:'(?P<text>(?:[^']|'')*)'|(?P<number>-?\d+))$")


def _token(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def _untoken(token: str) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    return state


class ListItemRoutes:
    def __init__(self, lists: "FakeLists", pattern: str) -> None:
        self.lists = lists
        route = lists.graph.route
        route("GET", pattern + r"/items/delta")(self._delta)
        route("GET", pattern + r"/items")(self._get_items)
        route("POST", pattern + r"/items")(self._create_item)
        route("GET", pattern + r"/items/(?P<item>[^/]+)")(self._get_item)
        route("PATCH", pattern + r"/items/(?P<item>[^/]+)/fields")(self._update_item)
        route("DELETE", pattern + r"/items/(?P<item>[^/]+)")(self._delete_item)

    def _expansion(self, request: Request) -> tuple[bool, list[str] | None]:
        expand = request.query.get("$expand", "")
        match = re.fullmatch(r"fields(?:\(\$select=(?P<select>[\w,]+)\))?", expand)
        if not match:
            return False, None
        select = match.group("select")
        return True, select.split(",") if select else None

    def _get_items(self, request: Request) -> Reply:
        target, problem = self.lists._list(request)
        if target is None:
            return problem  # type: ignore[return-value]
        if "$skiptoken" in request.query:
            state = _untoken(request.query["$skiptoken"])
        else:
            expand, select = self._expansion(request)
            state = {"e": expand, "s": select, "f": request.query.get("$filter"), "a": 0}
            state["t"] = min(int(request.query.get("$top", PAGE)), PAGE)
        matches: Callable[[FakeItem], bool] = lambda item: True  # noqa: E731
        if state["f"]:
            parsed = FILTER.match(state["f"])
            if parsed is None:
                return odata_error(400, "invalidRequest", "The filter is not supported.")
            name = parsed.group("name")
            definition = target.columns.get(name)
            if definition is None:
                return odata_error(400, "invalidRequest", f"Field '{name}' is not recognized.")
            prefer = request.headers.get("prefer", "")
            if not definition["indexed"] and HONOUR_NON_INDEXED not in prefer:
                return odata_error(
                    400,
                    "invalidRequest",
                    f"Field '{name}' is not indexed, so it cannot be used in a filter.",
                )
            wanted = parsed.group("text")
            wanted = wanted.replace("''", "'") if wanted is not None else int(parsed["number"])
            matches = lambda item: item.fields.get(name) == wanted  # noqa: E731
        start = bisect.bisect_right(target.order, state["a"])
        page = []
        position = start
        while position < len(target.order) and len(page) < state["t"]:
            item = target.items[target.order[position]]
            if matches(item):
                page.append(item)
            position += 1
        body: dict[str, Any] = {
            "value": [self.lists.render(target, i, state["e"], state["s"]) for i in page]
        }
        if position < len(target.order):
            state["a"] = target.order[position - 1]
            link = f"{BASE}/sites/{self.lists.site_id}/lists/{target.id}/items?$skiptoken="
            body["@odata.nextLink"] = link + _token(state)
        return Reply(200, body)

    def _get_item(self, request: Request) -> Reply:
        target, item, problem = self.lists._item(request)
        if item is None:
            return problem  # type: ignore[return-value]
        expand, select = self._expansion(request)
        return Reply(200, self.lists.render(target, item, expand, select))  # type: ignore[arg-type]

    def _precondition(self, request: Request, item: "FakeItem") -> Reply | None:
        expected = request.headers.get("if-match")
        if expected not in (None, "*", item.etag):
            return odata_error(
                412, "preconditionFailed", "The eTag does not match the item's current eTag."
            )
        return None

    def _create_item(self, request: Request) -> Reply:
        target, problem = self.lists._list(request)
        if target is None:
            return problem  # type: ignore[return-value]
        body = request.body if isinstance(request.body, dict) else {}
        sent = body.get("fields") if isinstance(body.get("fields"), dict) else {}
        self.lists.attempts.append(("POST", target.id, str(sent.get("SubmissionId"))))
        if set(body) - {"fields"}:
            return odata_error(400, "invalidRequest", "A list item is created from its fields.")
        try:
            fields = written_fields(target.columns, body.get("fields", {}), self.lists.zone)
        except FieldProblem as error:
            return odata_error(400, "invalidRequest", str(error))
        clash = self.lists._unique_clash(target, fields, None)
        if clash:
            return odata_error(409, "nameAlreadyExists", f"The value of '{clash}' must be unique.")
        item = self.lists._insert(target, fields, self.lists.app_user)
        return Reply(201, self.lists.render(target, item, True))

    def _update_item(self, request: Request) -> Reply:
        target, item, problem = self.lists._item(request)
        self.lists.attempts.append(("PATCH", request.params["list"], request.params["item"]))
        if item is None or target is None:
            return problem  # type: ignore[return-value]
        stale = self._precondition(request, item)
        if stale:
            return stale
        try:
            fields = written_fields(target.columns, request.body, self.lists.zone)
        except FieldProblem as error:
            return odata_error(400, "invalidRequest", str(error))
        clash = self.lists._unique_clash(target, fields, item.id)
        if clash:
            return odata_error(409, "nameAlreadyExists", f"The value of '{clash}' must be unique.")
        self.lists._update(target, item, fields, self.lists.app_user)
        return Reply(200, self.lists.render_fields(item))

    def _delete_item(self, request: Request) -> Reply:
        target, item, problem = self.lists._item(request)
        self.lists.attempts.append(("DELETE", request.params["list"], request.params["item"]))
        if item is None or target is None:
            return problem  # type: ignore[return-value]
        stale = self._precondition(request, item)
        if stale:
            return stale
        self.lists._delete(target, item)
        return Reply(204)

    # -- delta ------------------------------------------------------------------------------

    def _delta(self, request: Request) -> Reply:
        target, problem = self.lists._list(request)
        if target is None:
            return problem  # type: ignore[return-value]
        if "$skiptoken" in request.query:
            state = _untoken(request.query["$skiptoken"])
        else:
            expand, select = self._expansion(request)
            state = {"e": expand, "s": select, "since": None, "a": 0}
            state["t"] = min(int(request.query.get("$top", PAGE)), PAGE)
            if "token" in request.query:
                state |= _untoken(request.query["token"])
            state["upto"] = self.lists.seq
        since = state["since"]
        if since is not None and since < target.token_floor:
            return odata_error(410, "resyncRequired", "The delta token has expired; start over.")
        if since is None:
            ids = target.order
        else:
            first = bisect.bisect_right(target.changes, (since, 2**62))
            last = bisect.bisect_right(target.changes, (state["upto"], 2**62))
            ids = sorted({item_id for _, item_id in target.changes[first:last]})
        start = bisect.bisect_right(ids, state["a"])
        chunk = ids[start : start + state["t"]]
        values = []
        for item_id in chunk:
            item = target.items.get(item_id)
            if item is not None:
                values.append(self.lists.render(target, item, state["e"], state["s"]))
            elif since is not None:
                values.append({"id": str(item_id), "deleted": {"state": "deleted"}})
        body: dict[str, Any] = {"value": values}
        link = f"{BASE}/sites/{self.lists.site_id}/lists/{target.id}/items/delta"
        if start + state["t"] < len(ids):
            state["a"] = chunk[-1]
            body["@odata.nextLink"] = f"{link}?$skiptoken={_token(state)}"
        else:
            finished = {"e": state["e"], "s": state["s"], "t": state["t"], "since": state["upto"]}
            body["@odata.deltaLink"] = f"{link}?token={_token(finished)}"
        return Reply(200, body)
