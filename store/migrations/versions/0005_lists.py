"""Microsoft Lists mirror: outbox, list item links, sync state

Revision ID: 0005_lists
Revises: 0001
Create Date: 2026-11-26 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0005_lists"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("fields", store.types.JSONDict(), nullable=True),
        sa.Column("author", sa.String(length=254), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_kind_record_id_id"), ["kind", "record_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_status_next_attempt_at"),
            ["status", "next_attempt_at"],
            unique=False,
        )

    op.create_table(
        "list_items",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=True),
        sa.Column("etag", sa.String(length=200), nullable=False),
        sa.Column("seen_run", sa.Integer(), nullable=False),
        sa.Column("held", store.types.JSONDict(), nullable=True),
        sa.Column("held_reason", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("kind", "item_id", name=op.f("pk_list_items")),
    )
    with op.batch_alter_table("list_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_items_kind_record_id"), ["kind", "record_id"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_list_items_kind_seen_run"), ["kind", "seen_run"], unique=False
        )

    op.create_table(
        "sync_state",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("list_id", sa.String(length=64), nullable=True),
        sa.Column("delta_link", sa.Text(), nullable=True),
        sa.Column("next_link", sa.Text(), nullable=True),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("synced_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("subscription_id", sa.String(length=64), nullable=True),
        sa.Column("subscription_expires", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    with op.batch_alter_table("list_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_items_kind_seen_run"))
        batch_op.drop_index(batch_op.f("ix_list_items_kind_record_id"))
    op.drop_table("list_items")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_status_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_kind_record_id_id"))
    op.drop_table("outbox")
