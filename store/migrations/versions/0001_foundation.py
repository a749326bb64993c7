"""organisation, activity logs, duties, audit log, idempotency keys

Revision ID: 0001
Revises:
Create Date: 2026-11-26 16:42:05.274834
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("upn", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("record_id", sa.String(length=64), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=True),
        sa.Column("detail", store.types.JSONDict(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_record_id"), ["record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_upn"), ["upn"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("upn", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("upn", "kind", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_keys_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "lpas",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lpas")),
    )
    op.create_table(
        "role_assignments",
        sa.Column("entra_object_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("entra_object_id", name=op.f("pk_role_assignments")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_teams_lpa_id_lpas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_lpa_id"), ["lpa_id"], unique=False)

    op.create_table(
        "duties",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("upn", sa.String(length=254), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.Column("starts_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duty_type", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_duties_lpa_id_lpas")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_duties_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duties")),
    )
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_duties_lpa_id_starts_at"), ["lpa_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_duties_team_id_starts_at"), ["team_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_duties_upn_starts_at"), ["upn", "starts_at"], unique=False
        )

    op.create_table(
        "hotspots",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_hotspots_lpa_id_lpas")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_hotspots_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspots")),
    )
    with op.batch_alter_table("hotspots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hotspots_team_id"), ["team_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("upn", sa.String(length=254), nullable=False),
        sa.Column("entra_object_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("collar_number", sa.String(length=20), nullable=True),
        sa.Column("rank", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_people_lpa_id_lpas")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_people_team_id_teams")),
        sa.PrimaryKeyConstraint("upn", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_entra_object_id"), ["entra_object_id"], unique=True
        )

    op.create_table(
        "priorities",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("lpa_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_priorities_lpa_id_lpas")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_priorities_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priorities")),
    )
    with op.batch_alter_table("priorities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_priorities_team_id_current"), ["team_id", "current"], unique=False
        )

    op.create_table(
        "abstractions",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("officer", sa.String(length=255), nullable=False),
        sa.Column("team_id", sa.String(length=255), nullable=False),
        sa.Column("lpa_id", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=False),
        sa.Column("warnings", store.types.JSONList(), nullable=True),
        sa.Column("started_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("ward", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("priority_id", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("authorised_by", sa.String(length=200), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("deleted_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=254), nullable=True),
        sa.Column("delete_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_abstractions_lpa_id_lpas")),
        sa.ForeignKeyConstraint(
            ["priority_id"], ["priorities.id"], name=op.f("fk_abstractions_priority_id_priorities")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_abstractions_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_abstractions")),
    )
    with op.batch_alter_table("abstractions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_abstractions_lpa_id_started_at_id"),
            ["lpa_id", "started_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_abstractions_officer_started_at_id"),
            ["officer", "started_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_abstractions_started_at_id"), ["started_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_abstractions_team_id_started_at_id"),
            ["team_id", "started_at", "id"],
            unique=False,
        )

    op.create_table(
        "engagements",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("officer", sa.String(length=255), nullable=False),
        sa.Column("team_id", sa.String(length=255), nullable=False),
        sa.Column("lpa_id", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=False),
        sa.Column("warnings", store.types.JSONList(), nullable=True),
        sa.Column("started_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("ward", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("priority_id", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("engagement_type", sa.String(length=64), nullable=False),
        sa.Column("community_groups", store.types.JSONList(), nullable=True),
        sa.Column("attendees", sa.Integer(), nullable=True),
        sa.Column("partners", store.types.JSONList(), nullable=True),
        sa.Column("issues_raised", sa.Text(), nullable=True),
        sa.Column("actions_agreed", sa.Text(), nullable=True),
        sa.Column("feedback_given", sa.Boolean(), nullable=True),
        sa.Column("feedback_text", sa.Text(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("deleted_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=254), nullable=True),
        sa.Column("delete_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_engagements_lpa_id_lpas")),
        sa.ForeignKeyConstraint(
            ["priority_id"], ["priorities.id"], name=op.f("fk_engagements_priority_id_priorities")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_engagements_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagements")),
    )
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagements_lpa_id_started_at_id"),
            ["lpa_id", "started_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_engagements_officer_started_at_id"),
            ["officer", "started_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_engagements_started_at_id"), ["started_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_engagements_team_id_started_at_id"),
            ["team_id", "started_at", "id"],
            unique=False,
        )

    op.create_table(
        "patrols",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("officer", sa.String(length=255), nullable=False),
        sa.Column("team_id", sa.String(length=255), nullable=False),
        sa.Column("lpa_id", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=False),
        sa.Column("warnings", store.types.JSONList(), nullable=True),
        sa.Column("started_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("ward", sa.String(length=100), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("priority_id", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("patrol_type", sa.String(length=64), nullable=False),
        sa.Column("operation_name", sa.String(length=200), nullable=True),
        sa.Column("hotspot_id", sa.String(length=64), nullable=True),
        sa.Column("hotspot_minutes", sa.Integer(), nullable=True),
        sa.Column("tasking_ref", sa.String(length=100), nullable=True),
        sa.Column("mode", sa.String(length=64), nullable=False),
        sa.Column("outcomes", store.types.JSONList(), nullable=True),
        sa.Column("arrests", sa.Integer(), nullable=True),
        sa.Column("stop_searches", sa.Integer(), nullable=True),
        sa.Column("intelligence_submissions", sa.Integer(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("deleted_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=254), nullable=True),
        sa.Column("delete_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["hotspot_id"], ["hotspots.id"], name=op.f("fk_patrols_hotspot_id_hotspots")
        ),
        sa.ForeignKeyConstraint(["lpa_id"], ["lpas.id"], name=op.f("fk_patrols_lpa_id_lpas")),
        sa.ForeignKeyConstraint(
            ["priority_id"], ["priorities.id"], name=op.f("fk_patrols_priority_id_priorities")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_patrols_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrols")),
    )
    with op.batch_alter_table("patrols", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrols_lpa_id_started_at_id"),
            ["lpa_id", "started_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_patrols_officer_started_at_id"),
            ["officer", "started_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_patrols_started_at_id"), ["started_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrols_team_id_started_at_id"),
            ["team_id", "started_at", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("patrols", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrols_team_id_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_patrols_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_patrols_officer_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_patrols_lpa_id_started_at_id"))

    op.drop_table("patrols")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagements_team_id_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_engagements_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_engagements_officer_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_engagements_lpa_id_started_at_id"))

    op.drop_table("engagements")
    with op.batch_alter_table("abstractions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_abstractions_team_id_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_abstractions_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_abstractions_officer_started_at_id"))
        batch_op.drop_index(batch_op.f("ix_abstractions_lpa_id_started_at_id"))

    op.drop_table("abstractions")
    with op.batch_alter_table("priorities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priorities_team_id_current"))

    op.drop_table("priorities")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_entra_object_id"))

    op.drop_table("people")
    with op.batch_alter_table("hotspots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotspots_team_id"))

    op.drop_table("hotspots")
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duties_upn_starts_at"))
        batch_op.drop_index(batch_op.f("ix_duties_team_id_starts_at"))
        batch_op.drop_index(batch_op.f("ix_duties_lpa_id_starts_at"))

    op.drop_table("duties")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_lpa_id"))

    op.drop_table("teams")
    op.drop_table("role_assignments")
    op.drop_table("lpas")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_created_at"))

    op.drop_table("idempotency_keys")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_upn"))
        batch_op.drop_index(batch_op.f("ix_audit_log_record_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
