"""Raw Graph requests through msgraph-sdk's pipeline, from synchronous code.

The SDK's request adapter sends them (authentication, base URL, its middleware), with its own
retries switched off: the Lists code paces itself and decides what to retry. Replies are kept
as status, headers and plain JSON: a 412 or a 429 is an answer to act on, not an exception,
and parsing 200 list items into SDK models would cost more than the request itself.

One event loop runs on a thread of its own, so synchronous callers on any thread can send,
and a caller can fetch the next delta page while it stores the current one.
"""

import asyncio
import json
import threading
from collections.abc import Coroutine, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

T = TypeVar("T")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error(self) -> str:
        """The OData error's code and message, for logs and the outbox's last error."""
        error = self.body.get("error") if isinstance(self.body, dict) else None
        if isinstance(error, dict):
            return f"HTTP {self.status} {error.get('code', '')}: {error.get('message', '')}"
        return f"HTTP {self.status}"


class LoopThread:
    """An asyncio loop on a daemon thread; `run` blocks the caller until the work is done."""

    def __init__(self, name: str = "graph") -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self.thread.start()

    def submit(self, work: Coroutine[Any, Any, T]) -> "Future[T]":
        return asyncio.run_coroutine_threadsafe(work, self.loop)

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.submit(work).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


class RawGraph:
    """Sends requests by absolute URL and answers with a Reply; transport errors propagate."""

    def __init__(self, client: "GraphServiceClient", base_url: str, loop: LoopThread) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.loop = loop

    def url(self, path: str) -> str:
        return path if path.startswith("https://") else f"{self.base_url}{path}"

    async def _send(
        self, method: str, url: str, body: Any, headers: Mapping[str, str] | None
    ) -> Reply:
        from kiota_abstractions.headers_collection import HeadersCollection
        from kiota_abstractions.method import Method
        from kiota_abstractions.native_response_handler import NativeResponseHandler
        from kiota_abstractions.request_information import RequestInformation
        from kiota_http.middleware.options import ResponseHandlerOption, RetryHandlerOption

        info = RequestInformation()
        info.http_method = Method(method)
        info.url = self.url(url)
        # A fresh collection per request: a shared default leaks headers between requests.
        info.headers = HeadersCollection()
        info.headers.try_add("Accept", "application/json")
        for name, value in (headers or {}).items():
            info.headers.try_add(name, value)
        if body is not None:
            info.headers.try_add("Content-Type", "application/json")
            info.content = json.dumps(body, separators=(",", ":")).encode()
        info.add_request_options(
            [
                ResponseHandlerOption(NativeResponseHandler()),
                RetryHandlerOption(delay=0, max_retries=0, should_retry=False),
            ]
        )
        response: httpx.Response = await self.client.request_adapter.send_async(info, None, {})
        content = response.content
        parsed = json.loads(content) if content and b"json" in _content_type(response) else None
        return Reply(response.status_code, response.headers, parsed)

    def send(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        return self.loop.run(self._send(method, url, body, headers))


def _content_type(response: httpx.Response) -> bytes:
    return response.headers.get("content-type", "").encode()
