"""indexes that count search facets without sorting: documents by team and kind in start order

Revision ID: 0010_search_facets
Revises: 0002_search
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_search_facets"
down_revision: str | Sequence[str] | None = "0002_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_search_documents_team_id_kind_started_at"),
        "search_documents",
        ["team_id", "kind", "started_at"],
    )
    op.create_index(
        op.f("ix_search_documents_lpa_id_team_id_kind_started_at"),
        "search_documents",
        ["lpa_id", "team_id", "kind", "started_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_search_documents_lpa_id_team_id_kind_started_at"), "search_documents")
    op.drop_index(op.f("ix_search_documents_team_id_kind_started_at"), "search_documents")
