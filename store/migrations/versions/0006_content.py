"""content lists: what works well, feedback, news, useful information folders, items, keyholders

Revision ID: 0006_content
Revises: 0001
Create Date: 2026-11-26 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0006_content"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record() -> list[sa.Column]:
    """The server fields every content list starts with."""
    return [
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=False),
        sa.Column("warnings", store.types.JSONList(), nullable=True),
    ]


def _deletion() -> list[sa.Column]:
    return [
        sa.Column("deleted_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=254), nullable=True),
        sa.Column("delete_reason", sa.String(length=500), nullable=True),
    ]


def _indexes(table: str, *columns: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for names in columns:
            name = f"ix_{table}_{'_'.join(names)}"
            batch_op.create_index(batch_op.f(name), list(names), unique=False)


INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "what_works_well": (
        ("created_at", "id"),
        ("status", "created_at", "id"),
        ("created_by", "created_at", "id"),
        ("lpa_id", "created_at", "id"),
    ),
    "feedback": (
        ("created_at", "id"),
        ("status", "created_at", "id"),
        ("created_by", "created_at", "id"),
    ),
    "news": (("pinned", "publish_from", "id"), ("audience",)),
    "useful_info_folders": (("name", "id"), ("parent_id",), ("lpa_id",)),
    "useful_info_items": (("title", "id"), ("folder_id", "title", "id"), ("lpa_id",)),
    "keyholders": (("premises", "id"), ("lpa_id", "premises", "id"), ("folder_id",)),
}


def upgrade() -> None:
    op.create_table(
        "what_works_well",
        *_record(),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("what_was_done", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("evidence", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("partners", sa.String(length=255), nullable=True),
        sa.Column("scale", sa.String(length=200), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=255), nullable=False),
        sa.Column("lpa_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("reviewer_notes", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=255), nullable=True),
        sa.Column("reviewed_at", store.types.UTCDateTime(timezone=True), nullable=True),
        *_deletion(),
        sa.ForeignKeyConstraint(
            ["lpa_id"], ["lpas.id"], name=op.f("fk_what_works_well_lpa_id_lpas")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_what_works_well_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_what_works_well")),
    )
    op.create_table(
        "feedback",
        *_record(),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("where", sa.String(length=200), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=255), nullable=False),
        sa.Column("lpa_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_by", sa.String(length=255), nullable=True),
        sa.Column("replied_at", store.types.UTCDateTime(timezone=True), nullable=True),
        *_deletion(),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_feedback_lpa_id_lpas")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_feedback_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_table(
        "news",
        *_record(),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=64), nullable=False),
        sa.Column("publish_until", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("publish_from", store.types.UTCDateTime(timezone=True), nullable=False),
        *_deletion(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news")),
    )
    op.create_table(
        "useful_info_folders",
        *_record(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("parent_id", sa.String(length=64), nullable=True),
        sa.Column("lpa_id", sa.String(length=64), nullable=True),
        *_deletion(),
        sa.ForeignKeyConstraint(
            ["lpa_id"], ["lpas.id"], name=op.f("fk_useful_info_folders_lpa_id_lpas")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["useful_info_folders.id"],
            name=op.f("fk_useful_info_folders_parent_id_useful_info_folders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_useful_info_folders")),
    )
    op.create_table(
        "useful_info_items",
        *_record(),
        sa.Column("folder_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("link", sa.String(length=255), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("lpa_id", sa.String(length=64), nullable=True),
        *_deletion(),
        sa.ForeignKeyConstraint(
            ["folder_id"],
            ["useful_info_folders.id"],
            name=op.f("fk_useful_info_items_folder_id_useful_info_folders"),
        ),
        sa.ForeignKeyConstraint(
            ["lpa_id"], ["lpas.id"], name=op.f("fk_useful_info_items_lpa_id_lpas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_useful_info_items")),
    )
    op.create_table(
        "keyholders",
        *_record(),
        sa.Column("folder_id", sa.String(length=64), nullable=True),
        sa.Column("premises", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("keyholder_name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        *_deletion(),
        sa.ForeignKeyConstraint(
            ["folder_id"],
            ["useful_info_folders.id"],
            name=op.f("fk_keyholders_folder_id_useful_info_folders"),
        ),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_keyholders_lpa_id_lpas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyholders")),
    )
    for table, columns in INDEXES.items():
        _indexes(table, *columns)


def downgrade() -> None:
    for table in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for names in INDEXES[table]:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{'_'.join(names)}"))
        op.drop_table(table)
