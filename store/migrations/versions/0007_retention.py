"""legal holds for retention

Revision ID: 0007_retention
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0007_retention"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=254), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("placed_by", sa.String(length=254), nullable=False),
        sa.Column("placed_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lifted_by", sa.String(length=254), nullable=True),
        sa.Column("lifted_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    op.create_index(
        op.f("ix_legal_holds_scope_target"), "legal_holds", ["scope", "target"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_legal_holds_scope_target"), table_name="legal_holds")
    op.drop_table("legal_holds")
