"""From a bearer token to a Caller: the person from the people data, the role from the token."""

import time
from typing import Any
from uuid import uuid4

from core.access import Caller
from core.errors import NotAuthenticated, NotPermitted
from core.settings import Settings
from core.tokens import SigningKey, TokenValidator
from schemas.roles import Role
from store.database import Database

PRECEDENCE = (Role.ADMIN, Role.MANAGER, Role.SUPERVISOR, Role.OFFICER, Role.AUDITOR)
"""When a token carries several of our roles, the first of these it has is used."""


def embedded_issuer(tenant_id: str) -> str:
    return f"urn:npt:embedded:{tenant_id}"


def role_from(claims: dict[str, Any]) -> Role:
    raw = claims.get("roles")
    values = set(raw) if isinstance(raw, list) else set()
    for role in PRECEDENCE:
        if role.value in values:
            return role
    raise NotPermitted(
        "The token carries no role of this service (officer, supervisor, manager, admin, "
        "auditor); ask for one to be assigned."
    )


class Identity:
    def __init__(self, database: Database, validator: TokenValidator) -> None:
        self.database = database
        self.validator = validator

    def authenticate(
        self, token: str, *, request_id: str | None = None, purpose: str | None = None
    ) -> Caller:
        claims = self.validator.claims(token)
        role = role_from(claims)
        with self.database.transaction(read_only=True) as tx:
            person = tx.organisation.person_by_object_id(str(claims["oid"]))
        if person is None:
            raise NotPermitted(
                "You are signed in, but you are not in the people data of this service; "
                "ask an administrator to add you."
            )
        return Caller(
            person=person,
            role=role,
            request_id=request_id,
            purpose=purpose,
            token=token,
            object_id=str(claims["oid"]),
            tenant_id=str(claims["tid"]),
        )


def development_token(settings: Settings, key: SigningKey, database: Database, upn: str) -> str:
    """A token for a demo person, with the role their development assignment gives them."""
    with database.transaction(read_only=True) as tx:
        person = tx.organisation.person(upn)
        role = None if person is None else tx.organisation.assigned_role(person.entra_object_id)
    if person is None:
        raise NotAuthenticated(f"There is no person with the UPN {upn!r}.")
    if role is None:
        raise NotPermitted(f"{upn} has no role assigned.")
    now = int(time.time())
    return key.sign(
        {
            "iss": embedded_issuer(settings.tenant_id),
            "aud": settings.api_audience[0],
            "tid": settings.tenant_id,
            "oid": person.entra_object_id,
            "sub": person.entra_object_id,
            "upn": person.upn,
            "preferred_username": person.upn,
            "name": person.display_name,
            "roles": [role.value],
            "idtyp": "user",
            "iat": now,
            "nbf": now,
            "exp": now + settings.token_minutes * 60,
            "jti": str(uuid4()),
        }
    )
