"""Development tokens: missing, malformed or forged ones are 401 with a challenge."""

import time
from collections.abc import Callable

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from core.identity import embedded_issuer
from core.services import Services
from tests.conftest import object_id

Auth = Callable[[str], dict[str, str]]


def claims(services: Services, **changes: object) -> dict[str, object]:
    now = int(time.time())
    settings = services.settings
    base: dict[str, object] = {
        "iss": embedded_issuer(settings.tenant_id),
        "aud": settings.api_audience,
        "tid": settings.tenant_id,
        "oid": object_id("officer"),
        "roles": ["officer"],
        "idtyp": "user",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    return base | changes


def signed(services: Services, **changes: object) -> str:
    return services.signing_key.sign(claims(services, **changes))


def get_me(client: TestClient, token: str | None) -> object:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return client.get("/api/me", headers=headers)


def test_valid_development_token_signs_in(client: TestClient, auth: Auth) -> None:
    reply = client.get("/api/me", headers=auth("supervisor"))
    assert reply.status_code == 200
    assert reply.json() == {
        "upn": "supervisor@test.example",
        "display_name": "Supervisor",
        "collar_number": "1004",
        "rank": "sgt",
        "role": "supervisor",
        "team_id": "team-a2",
        "lpa_id": "lpa-a",
    }


def test_missing_token_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    reply = client.get("/api/me")
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"] == 'Bearer realm="npt"'
    assert reply.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer not.a.token", "Basic dXNlcjpwYXNz", "Bearer a.b", "bearer "],
)
def test_malformed_authorization_is_401_invalid_token(client: TestClient, header: str) -> None:
    reply = client.get("/api/me", headers={"Authorization": header})
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"].startswith('Bearer realm="npt"')


FORGERIES: dict[str, Callable[[Services], str]] = {
    "expired": lambda s: signed(s, exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200),
    "not yet valid": lambda s: signed(s, nbf=int(time.time()) + 3600),
    "wrong audience": lambda s: signed(s, aud="api://someone-else"),
    "wrong issuer": lambda s: signed(s, iss="https://evil.example"),
    "wrong tenant": lambda s: signed(s, tid="11111111-1111-1111-1111-111111111111"),
    "no object id": lambda s: s.signing_key.sign(
        {k: v for k, v in claims(s).items() if k != "oid"}
    ),
    "alg none": lambda s: jwt.encode(claims(s), None, algorithm="none"),
    "other key, same kid": lambda s: jwt.encode(
        claims(s),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        algorithm="RS256",
        headers={"kid": s.signing_key.kid},
    ),
    "unknown kid": lambda s: jwt.encode(
        claims(s),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        algorithm="RS256",
        headers={"kid": "unknown"},
    ),
    "tampered payload": lambda s: _tamper(signed(s)),
}


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    body = jwt.utils.base64url_decode(payload).replace(b'"officer"', b'"admin"')
    return ".".join([header, jwt.utils.base64url_encode(body).decode(), signature])


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_forged_or_invalid_token_is_401(
    client: TestClient, services: Services, forgery: str
) -> None:
    reply = get_me(client, FORGERIES[forgery](services))
    assert reply.status_code == 401, reply.text
    assert 'error="invalid_token"' in reply.headers["WWW-Authenticate"]
    assert reply.json()["detail"]


def test_person_missing_from_people_data_is_403_saying_so(
    client: TestClient, services: Services
) -> None:
    reply = get_me(client, signed(services, oid="not-a-known-object-id"))
    assert reply.status_code == 403
    assert "people data" in reply.json()["detail"]


def test_app_only_token_is_refused(client: TestClient, services: Services) -> None:
    reply = get_me(client, signed(services, idtyp="app"))
    assert reply.status_code == 403
    assert "App-only" in reply.json()["detail"]


def test_token_without_a_role_of_ours_is_refused(client: TestClient, services: Services) -> None:
    reply = get_me(client, signed(services, roles=["Reader"]))
    assert reply.status_code == 403
    assert "role" in reply.json()["detail"]


def test_role_comes_from_the_token_not_the_people_data(
    client: TestClient, services: Services
) -> None:
    reply = get_me(client, signed(services, roles=["manager"]))
    assert reply.json()["role"] == "manager"
