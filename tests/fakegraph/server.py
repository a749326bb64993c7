"""The shared core of the fake Graph service: routing, faults, `$batch`, and an httpx transport."""

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

BASE = "https://graph.fake.test/v1.0"
BATCH_LIMIT = 20


@dataclass
class Request:
    method: str
    path: str
    """The path after /v1.0, percent-decoded, e.g. `/sites/{site}/lists/{list}/items`."""
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    params: dict[str, str] = field(default_factory=dict)
    """Named groups of the route pattern that matched."""


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def odata_error(status: int, code: str, message: str, **headers: str) -> Reply:
    return Reply(status, {"error": {"code": code, "message": message}}, dict(headers))


@dataclass
class Faults:
    """Injected failures; `clock` decides outages so waits can run on a controllable clock."""

    throttle_every: int = 0
    """Answer every n-th request with 429 (0: never)."""
    retry_after: int = 1
    outage_until: float = 0.0
    lose_reply_every: int = 0
    """Apply every n-th write but lose its reply (the client sees a transport error)."""
    clock: Callable[[], float] = field(default=lambda: 0.0)


Handler = Callable[[Request], Reply]


class FakeGraph:
    def __init__(self, *, token: str = "fake-graph-token") -> None:
        self.token = token
        self.faults = Faults()
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.RLock()
        self._counter = 0
        self._writes = 0
        self.route("POST", r"/\$batch")(self._batch)

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes.append((method, re.compile(f"^{pattern}$"), handler))
            return handler

        return register

    def dispatch(self, request: Request) -> Reply:
        for method, pattern, handler in self.routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                request.params = {k: unquote(v) for k, v in match.groupdict().items()}
                return handler(request)
        return odata_error(400, "BadRequest", f"Resource not found for the segment {request.path}")

    def _fault(self, request: Request) -> Reply | None:
        faults = self.faults
        if faults.clock() < faults.outage_until:
            return odata_error(
                503, "serviceNotAvailable", "Service unavailable", **{"Retry-After": "5"}
            )
        self._counter += 1
        if faults.throttle_every and self._counter % faults.throttle_every == 0:
            return odata_error(
                429,
                "TooManyRequests",
                "Too many requests",
                **{"Retry-After": str(faults.retry_after)},
            )
        return None

    def handle(self, request: Request) -> Reply:
        with self.lock:
            self.requests.append((request.method, request.path))
            if request.headers.get("authorization") != f"Bearer {self.token}":
                return odata_error(
                    401, "InvalidAuthenticationToken", "Access token is empty or invalid."
                )
            fault = self._fault(request)
            if fault is not None:
                return fault
            return self.dispatch(request)

    def _batch(self, request: Request) -> Reply:
        items = (request.body or {}).get("requests", [])
        if len(items) > BATCH_LIMIT:
            return odata_error(
                400,
                "BadRequest",
                f"Number of batch request steps exceeds the maximum of {BATCH_LIMIT}.",
            )
        responses = []
        for item in items:
            url = urlsplit(item["url"])
            inner = Request(
                method=item["method"].upper(),
                path=unquote(url.path) if url.path.startswith("/") else "/" + unquote(url.path),
                query={k: v[0] for k, v in parse_qs(url.query).items()},
                headers={k.lower(): v for k, v in (item.get("headers") or {}).items()},
                body=item.get("body"),
            )
            fault = self._fault(inner)
            reply = fault or self.dispatch(inner)
            responses.append(
                {
                    "id": item["id"],
                    "status": reply.status,
                    "headers": reply.headers,
                    "body": reply.body,
                }
            )
        return Reply(200, {"responses": responses})

    def transport(self) -> httpx.MockTransport:
        """An httpx transport that answers as Graph at `BASE`, for msgraph-sdk's AsyncClient."""

        def respond(http_request: httpx.Request) -> httpx.Response:
            url = http_request.url
            path = unquote(url.raw_path.decode().split("?")[0])
            path = path.removeprefix("/v1.0")
            raw = http_request.read()
            request = Request(
                method=http_request.method,
                path=path,
                query={k: v for k, v in url.params.items()},
                headers={k.lower(): v for k, v in http_request.headers.items()},
                body=json.loads(raw)
                if raw and "json" in http_request.headers.get("content-type", "")
                else raw,
            )
            is_write = request.method in ("POST", "PATCH", "DELETE", "PUT")
            reply = self.handle(request)
            if is_write and self.faults.lose_reply_every and reply.status < 300:
                self._writes += 1
                if self._writes % self.faults.lose_reply_every == 0:
                    raise httpx.ReadTimeout(
                        "reply lost after the write was applied", request=http_request
                    )
            content = b"" if reply.body is None else json.dumps(reply.body).encode()
            headers = (
                {"content-type": "application/json"} | reply.headers if content else reply.headers
            )
            return httpx.Response(reply.status, content=content, headers=headers)

        return httpx.MockTransport(respond)

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport())
