"""A document library with a storage quota: an upload that would pass it is refused as Graph
refuses it, `507 Insufficient Storage` with the code `quotaLimitReached`."""

from typing import Any

from tests.fakegraph.drives import FakeDrives
from tests.fakegraph.server import FakeGraph, Reply, Request, odata_error


class QuotaDrives(FakeDrives):
    def __init__(self, graph: FakeGraph, *, quota: int, **where: Any) -> None:
        super().__init__(graph, **where)
        self.quota = quota

    def used(self) -> int:
        return sum(len(item.content or b"") for item in self.items.values())

    def _put(self, request: Request) -> Reply:
        body = request.body if isinstance(request.body, bytes) else b""
        existing = self.find(request.params["path"])
        replaced = len(existing.content or b"") if existing is not None else 0
        if self.used() - replaced + len(body) > self.quota:
            return odata_error(507, "quotaLimitReached", "Insufficient Storage")
        return super()._put(request)
