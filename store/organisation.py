"""Reference data: LPAs, teams, people, priorities, hotspots, and development role assignments."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.engine import RowMapping

from schemas.hotspot import Hotspot
from schemas.kinds import ORGANISATION_LISTS
from schemas.lpa import Lpa
from schemas.person import Person, Rank
from schemas.priority import Priority
from schemas.roles import Role
from schemas.team import Team
from store.tables import hotspots, lpas, people, priorities, role_assignments, teams

TABLES: dict[str, Table] = {
    "lpa": lpas,
    "team": teams,
    "person": people,
    "priority": priorities,
    "hotspot": hotspots,
}


def _person(row: RowMapping) -> Person:
    return Person.model_construct(**{**row, "rank": Rank(row["rank"])})


def organisation_model(name: str) -> Callable[[RowMapping], Any]:
    """How a row of the reference table `name` becomes its read model."""
    if name == "person":
        return _person
    model = ORGANISATION_LISTS[name][0]
    return lambda row: model.model_construct(**row)


class Organisation:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, name: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(TABLES[name].insert(), rows)

    def known(self, name: str, ids: list[str]) -> set[str]:
        """Which of `ids` are keys of the reference table `name`."""
        table = TABLES[name]
        key = table.c[ORGANISATION_LISTS[name][1].key]
        return set(self.connection.execute(select(key).where(key.in_(ids))).scalars())

    def is_empty(self) -> bool:
        return self.connection.execute(select(func.count()).select_from(lpas)).scalar_one() == 0

    def person_by_object_id(self, object_id: str) -> Person | None:
        row = (
            self.connection.execute(select(people).where(people.c.entra_object_id == object_id))
            .mappings()
            .first()
        )
        return None if row is None else _person(row)

    def person(self, upn: str) -> Person | None:
        row = self.connection.execute(select(people).where(people.c.upn == upn)).mappings().first()
        return None if row is None else _person(row)

    def people(self) -> list[Person]:
        rows = self.connection.execute(select(people).order_by(people.c.upn)).mappings()
        return [_person(row) for row in rows]

    def lpas(self) -> list[Lpa]:
        rows = self.connection.execute(select(lpas).order_by(lpas.c.id)).mappings()
        return [Lpa.model_construct(**row) for row in rows]

    def teams(self) -> list[Team]:
        rows = self.connection.execute(select(teams).order_by(teams.c.id)).mappings()
        return [Team.model_construct(**row) for row in rows]

    def hotspots(self, lpa_id: str | None = None) -> list[Hotspot]:
        query = select(hotspots).order_by(hotspots.c.id)
        if lpa_id is not None:
            query = query.where(hotspots.c.lpa_id == lpa_id)
        return [Hotspot.model_construct(**row) for row in self.connection.execute(query).mappings()]

    def hotspot(self, hotspot_id: str) -> Hotspot | None:
        query = select(hotspots).where(hotspots.c.id == hotspot_id)
        row = self.connection.execute(query).mappings().first()
        return None if row is None else Hotspot.model_construct(**row)

    def priorities(
        self, *, lpa_id: str | None = None, current: bool | None = None
    ) -> list[Priority]:
        query = select(priorities).order_by(priorities.c.team_id, priorities.c.set_on.desc())
        if lpa_id is not None:
            query = query.where(priorities.c.lpa_id == lpa_id)
        if current is not None:
            query = query.where(priorities.c.current == current)
        rows = self.connection.execute(query).mappings()
        return [Priority.model_construct(**row) for row in rows]

    def priority(self, priority_id: str) -> Priority | None:
        query = select(priorities).where(priorities.c.id == priority_id)
        row = self.connection.execute(query).mappings().first()
        return None if row is None else Priority.model_construct(**row)

    def assign_roles(self, assignments: dict[str, Role]) -> None:
        rows = [{"entra_object_id": oid, "role": role.value} for oid, role in assignments.items()]
        if rows:
            self.connection.execute(role_assignments.insert(), rows)

    def assigned_role(self, object_id: str) -> Role | None:
        query = select(role_assignments.c.role).where(
            role_assignments.c.entra_object_id == object_id
        )
        value = self.connection.execute(query).scalar_one_or_none()
        return None if value is None else Role(value)

    def assigned_roles(self) -> dict[str, Role]:
        rows = self.connection.execute(select(role_assignments))
        return {row.entra_object_id: Role(row.role) for row in rows}
