"""Dip checks and the queue's holds: one current check per record, every earlier one kept."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, delete, exists, literal, select, tuple_, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import IntegrityError

from schemas.activity import DipCheckSummary
from schemas.dip_check import CRITERIA, DipCheck, DipCheckCriteria, DipCheckOutcome, RecordKind
from store.filters import ScopeKeys, Visibility, all_of
from store.paging import Page, decode_cursor, encode_cursor
from store.supervision_tables import dip_check_holds, dip_checks
from store.tables import activity_tables
from store.types import UTCDateTime


class CheckRaced(Exception):
    """Another check of the same record committed first; read it again and retry."""


class HoldTaken(Exception):
    """Another supervisor's queue took the same record first; sample again."""


@dataclass(frozen=True)
class CheckFilter(ScopeKeys):
    """Filters of the checks list; each tuple means "any of"."""

    checked_from: datetime | None = None
    checked_before: datetime | None = None
    officers: tuple[str, ...] = ()
    team_ids: tuple[str, ...] = ()
    lpa_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    record_ids: tuple[str, ...] = ()
    include_replaced: bool = False

    def clauses(self) -> list[Any]:
        t = dip_checks
        found: list[Any] = []
        if not self.include_replaced:
            found.append(t.c.current_record.is_not(None))
        if self.checked_from is not None:
            found.append(t.c.checked_at >= self.checked_from)
        if self.checked_before is not None:
            found.append(t.c.checked_at < self.checked_before)
        for column, values in (
            *self.scope_keys,
            ("kind", self.kinds),
            ("outcome", self.outcomes),
            ("record_id", self.record_ids),
        ):
            if values:
                found.append(t.c[column].in_(values))
        return found


@dataclass(frozen=True)
class Candidate:
    """A record the queue may offer: who made it, when, and whether it is checked or held."""

    kind: str
    record_id: str
    officer: str
    team_id: str
    started_at: datetime
    flagged: bool
    checked: bool
    held_by: str | None


def current_key(kind: str, record_id: str) -> str:
    return f"{kind}:{record_id}"


def _check(row: RowMapping) -> DipCheck:
    return DipCheck.model_construct(
        id=row["id"],
        kind=RecordKind(row["kind"]),
        record_id=row["record_id"],
        officer=row["officer"],
        team_id=row["team_id"],
        lpa_id=row["lpa_id"],
        outcome=DipCheckOutcome(row["outcome"]),
        criteria=DipCheckCriteria.model_construct(**{name: row[name] for name in CRITERIA}),
        comment=row["comment"],
        checked_at=row["checked_at"],
        checked_by=row["checked_by"],
        current=row["current_record"] is not None,
        replaced_at=row["replaced_at"],
    )


def summary_of(check: DipCheck) -> DipCheckSummary:
    """What the record shows of its current check."""
    return DipCheckSummary.model_construct(
        outcome=check.outcome,
        criteria=check.criteria,
        checked_at=check.checked_at,
        checked_by=check.checked_by,
        comment=check.comment,
    )


class DipChecks:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def current(self, kind: str, record_ids: Iterable[str]) -> dict[str, DipCheck]:
        """The current check of each record that has one, by record id, in one query."""
        keys = [current_key(kind, record_id) for record_id in record_ids]
        if not keys:
            return {}
        query = select(dip_checks).where(dip_checks.c.current_record.in_(keys))
        rows = self.connection.execute(query).mappings()
        return {row["record_id"]: _check(row) for row in rows}

    def replace(self, check: DipCheck) -> None:
        """Make `check` the record's current check; the one it replaces is kept as history."""
        key = current_key(check.kind.value, check.record_id)
        self.connection.execute(
            update(dip_checks)
            .where(dip_checks.c.current_record == key)
            .values(current_record=None, replaced_at=check.checked_at)
        )
        values = {
            "id": check.id,
            "kind": check.kind.value,
            "record_id": check.record_id,
            "officer": check.officer,
            "team_id": check.team_id,
            "lpa_id": check.lpa_id,
            "outcome": check.outcome.value,
            **check.criteria.model_dump(),
            "comment": check.comment,
            "checked_at": check.checked_at,
            "checked_by": check.checked_by,
            "current_record": key,
            "replaced_at": None,
        }
        try:
            self.connection.execute(dip_checks.insert().values(**values))
        except IntegrityError as error:
            raise CheckRaced(key) from error
        self.connection.execute(
            delete(dip_check_holds).where(
                dip_check_holds.c.kind == check.kind.value,
                dip_check_holds.c.record_id == check.record_id,
            )
        )

    def candidates(
        self,
        kind: str,
        *,
        lpa_id: str,
        team_id: str | None,
        since: datetime,
        excluding_officer: str,
        now: datetime,
    ) -> list[Candidate]:
        """Records of the area started since `since`, not deleted, not the excluded officer's,
        each with whether it has ever been checked and who holds it now."""
        t = activity_tables[kind]
        holds = dip_check_holds
        checked = exists().where(dip_checks.c.record_id == t.c.id, dip_checks.c.kind == kind)
        clauses = [
            t.c.lpa_id == lpa_id,
            t.c.started_at >= since,
            t.c.deleted_at.is_(None),
            t.c.officer != excluding_officer,
        ]
        if team_id is not None:
            clauses.append(t.c.team_id == team_id)
        query = (
            select(
                t.c.id,
                t.c.officer,
                t.c.team_id,
                t.c.started_at,
                t.c.warnings,
                checked.label("checked"),
                holds.c.supervisor,
            )
            .select_from(
                t.outerjoin(
                    holds,
                    (holds.c.kind == kind)
                    & (holds.c.record_id == t.c.id)
                    & (holds.c.held_until > now),
                )
            )
            .where(*clauses)
            .order_by(t.c.started_at, t.c.id)
        )
        return [
            Candidate(
                kind=kind,
                record_id=row.id,
                officer=row.officer,
                team_id=row.team_id,
                started_at=row.started_at,
                flagged=bool(row.warnings),
                checked=bool(row.checked),
                held_by=row.supervisor,
            )
            for row in self.connection.execute(query)
        ]

    def held_until(self, supervisor: str) -> dict[tuple[str, str], datetime]:
        """Until when each of the supervisor's holds lasts, by (kind, record id)."""
        h = dip_check_holds
        query = select(h.c.kind, h.c.record_id, h.c.held_until).where(h.c.supervisor == supervisor)
        return {(r.kind, r.record_id): r.held_until for r in self.connection.execute(query)}

    def release_expired(self, now: datetime) -> None:
        self.connection.execute(delete(dip_check_holds).where(dip_check_holds.c.held_until <= now))

    def hold(
        self,
        picks: list[Candidate],
        *,
        supervisor: str,
        lpa_id: str,
        now: datetime,
        until: datetime,
    ) -> None:
        """Hold `picks` for `supervisor`; raises HoldTaken when another queue was quicker.
        Holds are written in key order, so that two queues taking some of the same records
        meet on the first of them, where one waits for the other and then yields; in the
        order picked, each could wait on the other's and PostgreSQL would end one as a
        deadlock."""
        if not picks:
            return
        rows = [
            {
                "kind": pick.kind,
                "record_id": pick.record_id,
                "supervisor": supervisor,
                "lpa_id": lpa_id,
                "handed_at": now,
                "held_until": until,
            }
            for pick in sorted(picks, key=lambda pick: (pick.kind, pick.record_id))
        ]
        try:
            self.connection.execute(dip_check_holds.insert(), rows)
        except IntegrityError as error:
            raise HoldTaken(supervisor) from error

    def list(
        self,
        visibility: Visibility,
        filters: CheckFilter,
        *,
        limit: int,
        cursor: str | None = None,
    ) -> Page[DipCheck]:
        """Newest check first; `cursor` continues after the last check of the previous page."""
        t = dip_checks
        clauses = [visibility.clause(t), *filters.clauses()]
        if cursor is not None:
            checked_at, check_id = decode_cursor(cursor)
            after = tuple_(
                literal(checked_at, type_=UTCDateTime()), literal(check_id, type_=String())
            )
            clauses.append(tuple_(t.c.checked_at, t.c.id) < after)
        query = (
            select(t)
            .where(all_of(clauses))
            .order_by(t.c.checked_at.desc(), t.c.id.desc())
            .limit(limit + 1)
        )
        rows = self.connection.execute(query).mappings().all()
        items = [_check(row) for row in rows[:limit]]
        last = items[-1] if items else None
        more = len(rows) > limit
        return Page(items, encode_cursor(last.checked_at, last.id) if more and last else None)
