"""the tenant's Graph spending shared by every instance

Revision ID: 0009_graph_budget
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_graph_budget"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "graph_spends",
        sa.Column("second", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("second", name=op.f("pk_graph_spends")),
    )
    op.create_table(
        "graph_holds",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_graph_holds")),
    )


def downgrade() -> None:
    op.drop_table("graph_holds")
    op.drop_table("graph_spends")
