"""Every table, defined once; list tables are generated from the list specs in schemas/."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from schemas.kinds import ACTIVITY_KINDS, DUTY_SPEC, ORGANISATION_LISTS
from schemas.spec import ColumnSpec, ColumnType, ListSpec
from store.types import JSONDict, JSONList, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

FOREIGN_KEYS = {
    "lpa_id": "lpas.id",
    "team_id": "teams.id",
    "priority_id": "priorities.id",
    "hotspot_id": "hotspots.id",
}


def _sql_type(column: ColumnSpec) -> TypeEngine:  # type: ignore[type-arg]
    match column.type:
        case ColumnType.TEXT:
            return String(column.max_length or 255)
        case ColumnType.NOTE:
            return Text()
        case ColumnType.CHOICE:
            return String(64)
        case ColumnType.MULTI_CHOICE | ColumnType.TEXT_LIST:
            return JSONList()
        case ColumnType.INTEGER:
            return Integer()
        case ColumnType.NUMBER:
            return Float()
        case ColumnType.DATETIME:
            return UTCDateTime()
        case ColumnType.DATE:
            return Date()
        case ColumnType.BOOLEAN:
            return Boolean()
    raise TypeError(column.type)


def _columns(spec: ListSpec, table_name: str) -> list[Column]:  # type: ignore[type-arg]
    columns = []
    for column in spec.columns:
        args: list = [_sql_type(column)]
        target = FOREIGN_KEYS.get(column.name)
        if target and target.split(".")[0] != table_name:
            args.append(ForeignKey(target))
        columns.append(
            Column(
                column.name,
                *args,
                primary_key=column.name == spec.key,
                nullable=not column.required,
            )
        )
    return columns


def _organisation_table(name: str, table_name: str) -> Table:
    _, spec = ORGANISATION_LISTS[name]
    return Table(table_name, metadata, *_columns(spec, table_name))


lpas = _organisation_table("lpa", "lpas")
teams = _organisation_table("team", "teams")
people = _organisation_table("person", "people")
priorities = _organisation_table("priority", "priorities")
hotspots = _organisation_table("hotspot", "hotspots")
Index(None, people.c.entra_object_id, unique=True)
Index(None, teams.c.lpa_id)
Index(None, priorities.c.team_id, priorities.c.current)
Index(None, hotspots.c.team_id)


def _activity_table(kind: str, table_name: str) -> Table:
    spec = ACTIVITY_KINDS[kind].spec
    table = Table(
        table_name,
        metadata,
        *_columns(spec, table_name),
        Column("deleted_at", UTCDateTime(), nullable=True),
        Column("deleted_by", String(254), nullable=True),
        Column("delete_reason", String(500), nullable=True),
    )
    for scope in ("lpa_id", "team_id", "officer"):
        Index(None, table.c[scope], table.c.started_at, table.c.id)
    Index(None, table.c.started_at, table.c.id)
    return table


activity_tables: dict[str, Table] = {
    kind.name: _activity_table(kind.name, kind.collection) for kind in ACTIVITY_KINDS.values()
}

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False, index=True),
    Column("upn", String(254), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("kind", String(32), nullable=True),
    Column("record_id", String(64), nullable=True, index=True),
    Column("request_id", String(64), nullable=True),
    Column("source", String(16), nullable=False),
    Column("purpose", String(500), nullable=True),
    Column("detail", JSONDict(), nullable=True),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("upn", String(254), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False, index=True),
)

duties = Table("duties", metadata, *_columns(DUTY_SPEC, "duties"))
Index(None, duties.c.upn, duties.c.starts_at)
Index(None, duties.c.team_id, duties.c.starts_at)
Index(None, duties.c.lpa_id, duties.c.starts_at)

role_assignments = Table(
    "role_assignments",
    metadata,
    Column("entra_object_id", String(64), primary_key=True),
    Column("role", String(32), nullable=False),
)
"""The embedded stand-in for Entra app-role assignments: where development tokens get a role."""
