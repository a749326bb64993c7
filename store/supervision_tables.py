"""Tables that live only in the store: dip checks, queue holds, and priorities' review history."""

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, String, Table, Text

from schemas.dip_check import CRITERIA
from store.tables import activity_tables, duties, metadata
from store.types import UTCDateTime

dip_checks = Table(
    "dip_checks",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False, index=True),
    Column("officer", String(254), nullable=False),
    Column("team_id", String(64), ForeignKey("teams.id"), nullable=False),
    Column("lpa_id", String(64), ForeignKey("lpas.id"), nullable=False),
    Column("outcome", String(64), nullable=False),
    *(Column(name, Boolean(), nullable=False) for name in CRITERIA),
    Column("comment", Text(), nullable=True),
    Column("checked_at", UTCDateTime(), nullable=False),
    Column("checked_by", String(254), nullable=False),
    Column("current_record", String(100), nullable=True, unique=True),
    Column("replaced_at", UTCDateTime(), nullable=True),
)
"""Every check ever recorded. `current_record` is `kind:record_id` while the check is the
record's current one and null once replaced: its unique constraint keeps one current check."""
for scope in ("lpa_id", "team_id", "officer"):
    Index(None, dip_checks.c[scope], dip_checks.c.checked_at, dip_checks.c.id)
Index(None, dip_checks.c.checked_at, dip_checks.c.id)
Index(
    "ix_dip_checks_summary",
    *(dip_checks.c[name] for name in ("lpa_id", "kind", "outcome", "current_record", "record_id")),
)

dip_check_holds = Table(
    "dip_check_holds",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("record_id", String(64), primary_key=True),
    Column("supervisor", String(254), nullable=False, index=True),
    Column("lpa_id", String(64), nullable=False),
    Column("handed_at", UTCDateTime(), nullable=False),
    Column("held_until", UTCDateTime(), nullable=False, index=True),
)
"""A record handed to one supervisor's queue, kept from the others until `held_until`."""

priority_reviews = Table(
    "priority_reviews",
    metadata,
    Column("priority_id", String(64), ForeignKey("priorities.id"), primary_key=True),
    Column("reviewed_on", Date(), primary_key=True),
    Column("reviewed_by", String(254), nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
)
"""Every review of a priority, so "not reviewed in 3 months" can be asked of any past date."""

priority_closures = Table(
    "priority_closures",
    metadata,
    Column("priority_id", String(64), ForeignKey("priorities.id"), primary_key=True),
    Column("closed_on", Date(), nullable=False),
    Column("closed_by", String(254), nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
)
"""When a priority stopped being current (removed if it is reopened), so that a past period
counts the priorities current then. A priority closed without a row here closed long ago."""

SUMMARY_COLUMNS: dict[str, tuple[str, ...]] = {
    "engagement": ("priority_id", "community_groups"),
    "patrol": ("priority_id", "patrol_type", "hotspot_id", "hotspot_minutes"),
    "abstraction": ("reason", "hours"),
}
"""Beyond area, time and author, the columns each kind's summary figures read."""
SUMMARY_LEAD = ("lpa_id", "started_at", "deleted_at", "team_id", "officer", "id")
# Covering indexes: an area's summary reads its records from the index alone, one range per
# LPA, without visiting a table row.
for _kind, _extra in SUMMARY_COLUMNS.items():
    _table = activity_tables[_kind]
    Index(f"ix_{_table.name}_summary", *(_table.c[name] for name in (*SUMMARY_LEAD, *_extra)))
Index("ix_duties_summary", duties.c.lpa_id, duties.c.starts_at, duties.c.ends_at, duties.c.team_id)
