"""Global search over the three activity logs: one interface, on SQLite FTS5 and PostgreSQL."""

from sqlalchemy import Connection

from store.search.base import (
    Facets,
    Hit,
    SearchFilter,
    SearchIndex,
    SearchRequest,
    SearchResult,
    Sort,
)
from store.search.postgres import PostgresSearch
from store.search.query import BadQuery, TextQuery, parse_query
from store.search.sqlite import SqliteSearch


def index_for(connection: Connection) -> SearchIndex:
    """The search index of the database behind `connection`."""
    if connection.dialect.name == "sqlite":
        return SqliteSearch(connection)
    return PostgresSearch(connection)


__all__ = [
    "BadQuery",
    "Facets",
    "Hit",
    "SearchFilter",
    "SearchIndex",
    "SearchRequest",
    "SearchResult",
    "Sort",
    "TextQuery",
    "index_for",
    "parse_query",
]
