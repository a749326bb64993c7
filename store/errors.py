"""Failures of the database itself, as opposed to a request's own mistakes."""


class StoreUnavailable(Exception):
    """The database could not be reached or is too busy; the request may be retried."""
