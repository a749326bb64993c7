"""activity logs: starts and ends kept to the millisecond

Revision ID: 0014_activity_milliseconds
Revises: 0013_search_conflicts

The API keeps an activity's start and end to the millisecond (schemas/activity.py), the grain
of the order search lists records in on SQLite. Times written earlier with microseconds are cut
to theirs, so that every record is listed in the same order with words or without. Only rows
with a part below the millisecond are written; on SQLite the search triggers re-index them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_activity_milliseconds"
down_revision: str | Sequence[str] | None = "0013_search_conflicts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("engagements", "patrols", "abstractions")
COLUMNS = ("started_at", "ended_at")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        for column in COLUMNS:
            if sqlite:  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff'
                cut = f"substr({column}, 1, 23) || '000'"
                changed = f"substr({column}, 24, 3) <> '000'"
            else:
                cut = f"date_trunc('milliseconds', {column})"
                changed = f"{column} <> {cut}"
            op.execute(f"UPDATE {table} SET {column} = {cut} WHERE {changed}")  # noqa: S608 - constants only


def downgrade() -> None:
    """Nothing to undo: the cut microseconds are not kept."""
