"""What a query may see (the caller's scope) and what it asks for (the filters)."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Table, Text, and_, false, or_, true, type_coerce

from schemas.spec import ColumnType, ListSpec


class ScopeKeys:
    """Officers, teams and LPAs named by a scope or a filter, each tuple meaning "any of"."""

    officers: tuple[str, ...]
    team_ids: tuple[str, ...]
    lpa_ids: tuple[str, ...]

    @property
    def scope_keys(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(column, values) for the officer, team and LPA columns."""
        return (("officer", self.officers), ("team_id", self.team_ids), ("lpa_id", self.lpa_ids))


@dataclass(frozen=True)
class Visibility(ScopeKeys):
    """Records a caller may read: all of them, or those matching any of the listed keys."""

    everything: bool = False
    officers: tuple[str, ...] = ()
    team_ids: tuple[str, ...] = ()
    lpa_ids: tuple[str, ...] = ()

    def branches(self, table: Table) -> list[ColumnElement[bool]]:
        """One condition per kind of key; a record is visible if it meets any of them."""
        if self.everything:
            return [true()]
        parts: list[ColumnElement[bool]] = [
            table.c[column].in_(values) for column, values in self.scope_keys if values
        ]
        return parts or [false()]

    def clause(self, table: Table) -> ColumnElement[bool]:
        return or_(*self.branches(table))


@dataclass(frozen=True)
class RecordFilter(ScopeKeys):
    """Filters of the list endpoints; each tuple means "any of"."""

    started_from: datetime | None = None
    started_before: datetime | None = None
    officers: tuple[str, ...] = ()
    team_ids: tuple[str, ...] = ()
    lpa_ids: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def clauses(self, table: Table, spec: ListSpec) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = [table.c.deleted_at.is_(None)]
        if self.started_from is not None:
            found.append(table.c.started_at >= self.started_from)
        if self.started_before is not None:
            found.append(table.c.started_at < self.started_before)
        for column, values in self.scope_keys:
            if values:
                found.append(table.c[column].in_(values))
        for name, values in self.choices.items():
            if not values:
                continue
            if spec.column(name).type is ColumnType.MULTI_CHOICE:
                found.append(or_(*(_contains(table, name, v) for v in values)))
            else:
                found.append(table.c[name].in_(values))
        return found


def _contains(table: Table, name: str, value: str) -> ColumnElement[bool]:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return type_coerce(table.c[name], Text()).like(f'%"{escaped}"%', escape="\\")


def all_of(clauses: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return and_(true(), *clauses)
