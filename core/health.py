"""Readiness: the store answers and its schema is current (migrations are a deploy step)."""

from core.services import Services
from store.migrate import is_current


def readiness(services: Services) -> tuple[bool, str]:
    database = services.database
    if not database.ping():
        return False, "the database does not answer"
    if not is_current(database):
        return False, "the database schema is not current; run `npt migrate`"
    return True, "ready"
