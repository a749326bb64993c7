"""Who may see and do what with activity records (API.md's role-by-action table)."""

from dataclasses import dataclass, field

from schemas.activity import RecordFields
from schemas.audit import AuditSource
from schemas.person import Person
from schemas.roles import Role
from store.filters import Visibility

FORCE_READERS = frozenset({Role.MANAGER, Role.ADMIN, Role.AUDITOR})


@dataclass(frozen=True)
class Caller:
    """A signed-in person acting in one request, with the role their token gave them."""

    person: Person
    role: Role
    request_id: str | None = None
    purpose: str | None = None
    source: AuditSource = AuditSource.API
    token: str | None = field(default=None, repr=False)
    """The bearer token the request came with: the assertion for Graph's on-behalf-of flow."""
    object_id: str | None = None
    tenant_id: str | None = None

    @property
    def upn(self) -> str:
        return self.person.upn

    @property
    def home_account_id(self) -> str:
        """How msal's token cache knows this person: `oid.tid` from their token."""
        return f"{self.object_id}.{self.tenant_id}"


def visibility(caller: Caller) -> Visibility:
    """The records in the caller's read scope, as a filter the store applies inside its query."""
    person = caller.person
    if caller.role in FORCE_READERS:
        return Visibility(everything=True)
    if caller.role is Role.SUPERVISOR:
        return Visibility(officers=(person.upn,), lpa_ids=(person.lpa_id,))
    return Visibility(officers=(person.upn,), team_ids=(person.team_id,))


def can_read(caller: Caller, record: RecordFields) -> bool:
    scope = visibility(caller)
    return (
        scope.everything
        or record.officer in scope.officers
        or record.team_id in scope.team_ids
        or record.lpa_id in scope.lpa_ids
    )


def can_create(caller: Caller) -> bool:
    return caller.role is not Role.AUDITOR


def can_update(caller: Caller, record: RecordFields) -> bool:
    if caller.role is Role.OFFICER:
        return record.officer == caller.upn
    if caller.role is Role.SUPERVISOR:
        return record.officer == caller.upn or record.lpa_id == caller.person.lpa_id
    return False


def can_delete(caller: Caller, record: RecordFields) -> bool:
    if caller.role is Role.ADMIN:
        return True
    return can_update(caller, record)
