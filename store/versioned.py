"""Rows that carry a version and are deleted softly: the activity logs and the content lists
share how such a row is read, changed only at the version its writer saw, and deleted."""

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Connection, Table, select, update
from sqlalchemy.engine import RowMapping

from schemas.spec import ListSpec

Model = TypeVar("Model", bound=BaseModel)


class VersionedRows(Generic[Model]):
    def __init__(
        self, connection: Connection, table: Table, spec: ListSpec, read: type[Model]
    ) -> None:
        self.connection = connection
        self.table = table
        self.spec = spec
        self.read = read

    def _model(self, row: RowMapping) -> Model:
        values = {name: row[name] for name in self.spec.names}
        for column in self.spec.choice_columns:
            assert column.choices is not None
            # A value outside the choices (an item written in Lists) stays as text.
            members = column.choices._value2member_map_
            value = values[column.name]
            if isinstance(value, list):
                values[column.name] = [members.get(v, v) for v in value]
            elif value is not None:
                values[column.name] = members.get(value, value)
        return self.read.model_construct(**values)

    def insert(self, values: dict[str, Any]) -> None:
        self.connection.execute(self.table.insert(), values)

    def insert_many(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(self.table.insert(), rows)

    def get(self, record_id: str) -> Model | None:
        """The row unless it is deleted."""
        query = select(self.table).where(
            self.table.c.id == record_id, self.table.c.deleted_at.is_(None)
        )
        row = self.connection.execute(query).mappings().first()
        return None if row is None else self._model(row)

    def update(self, record_id: str, version: int, values: dict[str, Any]) -> bool:
        """Apply `values` if the row is still at `version`; bumps the version."""
        statement = (
            update(self.table)
            .where(
                self.table.c.id == record_id,
                self.table.c.version == version,
                self.table.c.deleted_at.is_(None),
            )
            .values(**values, version=self.table.c.version + 1)
        )
        return self.connection.execute(statement).rowcount == 1

    def soft_delete(
        self, record_id: str, version: int, *, at: datetime, by: str, reason: str
    ) -> bool:
        values = {"deleted_at": at, "deleted_by": by, "delete_reason": reason}
        return self.update(record_id, version, {**values, "updated_at": at, "updated_by": by})
