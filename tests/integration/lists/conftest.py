"""Fixtures of the Lists tests: a provisioned fake tenant that knows the test organisation."""

from tests.lists_support import lists, tenant

__all__ = ["lists", "tenant"]
