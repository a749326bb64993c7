"""dip checks, dip-check queue holds, priority reviews and closures

Revision ID: 0003_supervision
Revises: 0001
Create Date: 2026-11-26 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0003_supervision"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CRITERIA = (
    "enough_detail",
    "right_category",
    "priority_linked",
    "no_unnecessary_personal_data",
    "location_recorded",
)

LEAD = ("lpa_id", "started_at", "deleted_at", "team_id", "officer", "id")
SUMMARY_INDEXES = {
    "engagements": (*LEAD, "priority_id", "community_groups"),
    "patrols": (*LEAD, "priority_id", "patrol_type", "hotspot_id", "hotspot_minutes"),
    "abstractions": (*LEAD, "reason", "hours"),
    "duties": ("lpa_id", "starts_at", "ends_at", "team_id"),
}
"""Covering indexes for the area summary."""


def upgrade() -> None:
    op.create_table(
        "dip_checks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("officer", sa.String(length=254), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        *(sa.Column(name, sa.Boolean(), nullable=False) for name in CRITERIA),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("checked_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checked_by", sa.String(length=254), nullable=False),
        sa.Column("current_record", sa.String(length=100), nullable=True),
        sa.Column("replaced_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_dip_checks_lpa_id_lpas")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_dip_checks_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dip_checks")),
        sa.UniqueConstraint("current_record", name=op.f("uq_dip_checks_current_record")),
    )
    with op.batch_alter_table("dip_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dip_checks_record_id"), ["record_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dip_checks_checked_at_id"), ["checked_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_dip_checks_summary",
            ["lpa_id", "kind", "outcome", "current_record", "record_id"],
            unique=False,
        )
        for scope in ("lpa_id", "team_id", "officer"):
            batch_op.create_index(
                batch_op.f(f"ix_dip_checks_{scope}_checked_at_id"),
                [scope, "checked_at", "id"],
                unique=False,
            )

    op.create_table(
        "dip_check_holds",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("supervisor", sa.String(length=254), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.Column("handed_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("held_until", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_dip_check_holds")),
    )
    with op.batch_alter_table("dip_check_holds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dip_check_holds_supervisor"), ["supervisor"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dip_check_holds_held_until"), ["held_until"], unique=False
        )

    op.create_table(
        "priority_reviews",
        sa.Column("priority_id", sa.String(length=64), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=254), nullable=False),
        sa.Column("recorded_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priorities.id"],
            name=op.f("fk_priority_reviews_priority_id_priorities"),
        ),
        sa.PrimaryKeyConstraint("priority_id", "reviewed_on", name=op.f("pk_priority_reviews")),
    )
    op.create_table(
        "priority_closures",
        sa.Column("priority_id", sa.String(length=64), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.String(length=254), nullable=False),
        sa.Column("recorded_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priorities.id"],
            name=op.f("fk_priority_closures_priority_id_priorities"),
        ),
        sa.PrimaryKeyConstraint("priority_id", name=op.f("pk_priority_closures")),
    )
    for table, columns in SUMMARY_INDEXES.items():
        op.create_index(f"ix_{table}_summary", table, list(columns), unique=False)


def downgrade() -> None:
    for table in SUMMARY_INDEXES:
        op.drop_index(f"ix_{table}_summary", table_name=table)
    op.drop_table("priority_closures")
    op.drop_table("priority_reviews")
    with op.batch_alter_table("dip_check_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dip_check_holds_held_until"))
        batch_op.drop_index(batch_op.f("ix_dip_check_holds_supervisor"))

    op.drop_table("dip_check_holds")
    with op.batch_alter_table("dip_checks", schema=None) as batch_op:
        for scope in ("officer", "team_id", "lpa_id"):
            batch_op.drop_index(batch_op.f(f"ix_dip_checks_{scope}_checked_at_id"))
        batch_op.drop_index("ix_dip_checks_summary")
        batch_op.drop_index(batch_op.f("ix_dip_checks_checked_at_id"))
        batch_op.drop_index(batch_op.f("ix_dip_checks_record_id"))

    op.drop_table("dip_checks")
