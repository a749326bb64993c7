"""The shared core of the fake Graph service: routing, faults, `$batch`, and an httpx transport."""

import json
import random
import re
import threading
import time
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
    throttle_share: float = 0.0
    """Answer this share of requests (and of `$batch` items) with 429, drawn from `seed`."""
    retry_after: int = 1
    rate_limit_reset: int = 0
    """When set, 429s also carry `RateLimit-Reset` with this many seconds."""
    outage_until: float = 0.0
    lose_reply_every: int = 0
    """Apply every n-th write but lose its reply (the client sees a transport error)."""
    lose_reply_limit: int = 0
    """Stop losing replies after this many (0: no limit)."""
    timeout_every: int = 0
    """Time out every n-th request before it reaches Graph (nothing is applied)."""
    latency: float = 0.0
    """Real seconds added to every HTTP request (for benchmarks; tests keep it at 0)."""
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
        self._sent = 0
        self.lost_replies = 0
        self._random = random.Random(1)
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
        shared = faults.throttle_share and self._random.random() < faults.throttle_share
        if shared or (faults.throttle_every and self._counter % faults.throttle_every == 0):
            headers = {"Retry-After": str(faults.retry_after)}
            if faults.rate_limit_reset:
                headers["RateLimit-Reset"] = str(faults.rate_limit_reset)
            return odata_error(429, "TooManyRequests", "Too many requests", **headers)
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
        ids = [item.get("id") for item in items]
        if len(set(ids)) != len(ids) or not all(ids):
            return odata_error(400, "BadRequest", "Every batch step needs an id of its own.")
        for item in items:
            types = {k.lower(): v for k, v in (item.get("headers") or {}).items()}
            if item.get("body") is not None and "json" not in types.get("content-type", ""):
                return odata_error(
                    400, "BadRequest", "A batch step with a body must give its Content-Type."
                )
        responses = []
        # Graph runs the steps of a batch in no fixed order; so does the fake.
        for item in self._random.sample(items, len(items)):
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
            typed = {"Content-Type": "application/json"} if reply.body is not None else {}
            responses.append(
                {
                    "id": item["id"],
                    "status": reply.status,
                    "headers": typed | reply.headers,
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
            faults = self.faults
            if faults.latency:
                time.sleep(faults.latency)
            with self.lock:
                self._sent += 1
                timed_out = faults.timeout_every and self._sent % faults.timeout_every == 0
            if timed_out:
                raise httpx.ConnectTimeout("timed out before reaching Graph", request=http_request)
            reply = self.handle(request)
            if is_write and faults.lose_reply_every and reply.status < 300:
                with self.lock:
                    self._writes += 1
                    lose = self._writes % faults.lose_reply_every == 0 and (
                        not faults.lose_reply_limit or self.lost_replies < faults.lose_reply_limit
                    )
                    self.lost_replies += bool(lose)
                if lose:
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
