"""Change notifications in the fake Graph: subscriptions on lists, the validation handshake,
and notifications posted to the subscriber when a list changes.

`webhook(url, query, body)` stands for Graph's HTTP call to the notification URL and returns
the reply's status and text; tests point it at the app under test.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakegraph.lists import FakeList, FakeLists
from tests.fakegraph.server import Reply, Request, odata_error

LONGEST = timedelta(minutes=42_300)
"""The longest a subscription on a SharePoint list may live."""
TENANT = "4f9a1c2e-0b7d-4e3a-9c61-2d8f5b7a1e90"
Webhook = Callable[[str, dict[str, str], dict[str, Any] | None], tuple[int, str]]


def _instant(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


class FakeSubscriptions:
    def __init__(self, lists: FakeLists, webhook: Webhook | None = None) -> None:
        self.lists = lists
        self.webhook = webhook
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.pending: list[dict[str, Any]] = []
        lists.on_change.append(self._changed)
        route = lists.graph.route
        route("POST", r"/subscriptions")(self._create)
        route("GET", r"/subscriptions")(self._list)
        route("PATCH", r"/subscriptions/(?P<id>[^/]+)")(self._renew)
        route("DELETE", r"/subscriptions/(?P<id>[^/]+)")(self._delete)

    def _resource(self, value: str) -> FakeList | None:
        parts = value.strip("/").split("/")
        if len(parts) != 4 or parts[0] != "sites" or parts[2] != "lists":
            return None
        if parts[1] != self.lists.site_id:
            return None
        return self.lists.find(parts[3])

    def _live(self, now: datetime) -> list[dict[str, Any]]:
        return [
            s
            for s in self.subscriptions.values()
            if (_instant(s["expirationDateTime"]) or now) > now
        ]

    def _create(self, request: Request) -> Reply:
        body = request.body if isinstance(request.body, dict) else {}
        now = self.lists.now()
        expires = _instant(body.get("expirationDateTime"))
        target = self._resource(str(body.get("resource", "")))
        url = str(body.get("notificationUrl", ""))
        if body.get("changeType") != "updated":
            return odata_error(400, "ValidationError", "Lists support the changeType 'updated'.")
        if target is None:
            return odata_error(400, "ValidationError", "The resource is not a list of the site.")
        if not url.startswith("https://"):
            return odata_error(400, "ValidationError", "The notification URL must use https.")
        if expires is None or not now < expires <= now + LONGEST:
            return odata_error(400, "ValidationError", "The expiration is out of range.")
        if len(str(body.get("clientState", ""))) > 128:
            return odata_error(400, "ValidationError", "clientState is at most 128 characters.")
        if self.webhook is not None:
            token = uuid.uuid4().hex
            status, text = self.webhook(url, {"validationToken": token}, None)
            if status != 200 or text != token:
                return odata_error(
                    400, "ValidationError", "Subscription validation request failed."
                )
        made = {
            "id": str(uuid.uuid4()),
            "resource": body["resource"],
            "applicationId": "a5f0e9c2-3d1b-4c7e-8f26-9b0d4e1a7c53",
            "changeType": "updated",
            "clientState": body.get("clientState"),
            "notificationUrl": url,
            "expirationDateTime": expires.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "creatorId": "a5f0e9c2-3d1b-4c7e-8f26-9b0d4e1a7c53",
            "latestSupportedTlsVersion": "v1_2",
        }
        self.subscriptions[made["id"]] = made | {"_list": target.id}
        return Reply(201, made)

    def _public(self, subscription: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in subscription.items() if not k.startswith("_")}

    def _list(self, request: Request) -> Reply:
        live = self._live(self.lists.now())
        return Reply(200, {"value": [self._public(s) for s in live]})

    def _renew(self, request: Request) -> Reply:
        now = self.lists.now()
        found = self.subscriptions.get(request.params["id"])
        if found is None or found not in self._live(now):
            return odata_error(404, "ResourceNotFound", "The subscription was not found.")
        body = request.body if isinstance(request.body, dict) else {}
        expires = _instant(body.get("expirationDateTime"))
        if set(body) != {"expirationDateTime"} or expires is None:
            return odata_error(400, "ValidationError", "Only the expiration can change.")
        if not now < expires <= now + LONGEST:
            return odata_error(400, "ValidationError", "The expiration is out of range.")
        found["expirationDateTime"] = expires.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return Reply(200, self._public(found))

    def _delete(self, request: Request) -> Reply:
        if self.subscriptions.pop(request.params["id"], None) is None:
            return odata_error(404, "ResourceNotFound", "The subscription was not found.")
        return Reply(204)

    def _changed(self, target: FakeList) -> None:
        for subscription in self._live(self.lists.now()):
            if subscription["_list"] == target.id:
                self.pending.append(
                    {
                        "subscriptionId": subscription["id"],
                        "clientState": subscription["clientState"],
                        "changeType": "updated",
                        "resource": subscription["resource"],
                        "subscriptionExpirationDateTime": subscription["expirationDateTime"],
                        "resourceData": None,
                        "tenantId": TENANT,
                    }
                )

    def deliver(self) -> list[tuple[int, str]]:
        """Post the waiting notifications, one request per notification URL, as Graph does."""
        assert self.webhook is not None
        by_url: dict[str, list[dict[str, Any]]] = {}
        seen = set()
        for note in self.pending:
            key = (note["subscriptionId"], note["resource"])
            if key not in seen:
                seen.add(key)
                url = self.subscriptions[note["subscriptionId"]]["notificationUrl"]
                by_url.setdefault(url, []).append(note)
        self.pending.clear()
        return [self.webhook(url, {}, {"value": notes}) for url, notes in by_url.items()]
