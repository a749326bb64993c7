"""An in-process fake of Microsoft Graph, speaking its documented wire format.

A test double for Microsoft 365 only, never a mode of the product. Resources register their
routes on a `FakeGraph`; the core here handles what every Graph call shares: bearer tokens,
OData errors, throttling and outages, lost replies, and `$batch`.
"""

from tests.fakegraph.server import FakeGraph, Faults, Reply, Request, odata_error

__all__ = ["FakeGraph", "Faults", "Reply", "Request", "odata_error"]
