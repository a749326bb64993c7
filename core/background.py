"""Work started by a request but not waited for: the outbox after a write, a sync after a
change notification. Azure Functions waits for FastAPI background tasks before it replies, so
this runs on a thread of the process instead; the timers remain the backstop."""

import logging
import threading
from collections.abc import Callable, Iterable

from core.errors import ServiceError
from graph.errors import GraphError
from store.errors import StoreUnavailable

log = logging.getLogger("npt.background")
EXPECTED = (GraphError, ServiceError, StoreUnavailable)
"""Failures a run may meet and the next run (or timer) gets past; others end the thread."""


class Background:
    """Runs `job(names)` whenever woken; wakes during a run make one more run."""

    def __init__(self, job: Callable[[frozenset[str]], object], name: str) -> None:
        self.job = job
        self.name = name
        self.woken = threading.Event()
        self.names: set[str] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def wake(self, names: Iterable[str] = ()) -> None:
        with self.lock:
            self.names.update(names)
            self.woken.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self.thread.start()

    def _loop(self) -> None:
        while True:
            self.woken.wait()
            with self.lock:
                self.woken.clear()
                names = frozenset(self.names)
                self.names.clear()
            try:
                log.info("%s: %s", self.name, self.job(names))
            except EXPECTED as error:
                log.warning("%s stopped: %s", self.name, error)
