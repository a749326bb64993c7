"""Entra ID access tokens, checked by the same validator against the tenant's JWKS (no network)."""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from core.services import Services
from core.settings import Mode, Settings
from functions.app import create_app
from store.database import Database
from tests.conftest import add_organisation, object_id

TENANT = "3f2b5c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f"
CLIENT_ID = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
AUDIENCE = f"api://{CLIENT_ID}"
ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"


class Tenant:
    """The tenant's signing keys and the JWKS document it publishes."""

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.published: list[str] = []
        self.fetches = 0

    def new_key(self, kid: str, publish: bool = True) -> None:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if publish:
            self.published.append(kid)

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid in self.published:
            jwk = json.loads(RSAAlgorithm.to_jwk(self.keys[kid].public_key()))
            keys.append(jwk | {"kid": kid, "use": "sig"})
        return {"keys": keys}

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert request.url == f"https://login.microsoftonline.com/{TENANT}/discovery/v2.0/keys"
        self.fetches += 1
        return httpx.Response(200, json=self.jwks())

    def token(self, kid: str = "key-1", **changes: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "tid": TENANT,
            "oid": object_id("officer"),
            "preferred_username": "officer@test.example",
            "roles": ["officer"],
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "ver": "2.0",
        } | changes
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.keys[kid], algorithm="RS256", headers={"kid": kid})


@pytest.fixture(scope="module")
def tenant() -> Tenant:
    tenant = Tenant()
    tenant.new_key("key-1")
    tenant.new_key("stranger", publish=False)
    return tenant


@pytest.fixture
def entra(database: Database, tenant: Tenant, tmp_path: Path) -> Iterator[TestClient]:
    add_organisation(database)
    settings = Settings(
        mode=Mode.MICROSOFT365,
        data_dir=tmp_path,
        tenant_id=TENANT,
        api_audience=(AUDIENCE, CLIENT_ID),
        graph_client_id=CLIENT_ID,
        graph_client_secret="test-secret",
        site_id="contoso.sharepoint.com,1,2",
    )
    services = Services(settings)
    services.__dict__["database"] = database
    services.__dict__["http"] = httpx.Client(transport=httpx.MockTransport(tenant.handler))
    with TestClient(create_app(lambda: services), raise_server_exceptions=False) as client:
        yield client


def me(client: TestClient, token: str) -> httpx.Response:
    return client.get("/api/me", headers={"Authorization": f"Bearer {token}"})


def test_valid_entra_token_signs_in_with_the_role_from_the_token(
    entra: TestClient, tenant: Tenant
) -> None:
    reply = me(entra, tenant.token(roles=["supervisor"]))
    assert reply.status_code == 200, reply.text
    assert reply.json()["upn"] == "officer@test.example"
    assert reply.json()["role"] == "supervisor"


def test_audience_may_be_the_client_id(entra: TestClient, tenant: Tenant) -> None:
    assert me(entra, tenant.token(aud=CLIENT_ID)).status_code == 200


def _hs256_with_public_key(tenant: Tenant) -> str:
    public = (
        tenant.keys["key-1"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    header = b64(json.dumps({"alg": "HS256", "kid": "key-1", "typ": "JWT"}).encode())
    body = tenant.token().split(".")[1]
    signature = hmac.new(public, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(signature)}"


def _alg_none(tenant: Tenant) -> str:
    body = tenant.token().split(".")[1]
    header = base64.urlsafe_b64encode(b'{"alg":"none","kid":"key-1"}').decode().rstrip("=")
    return f"{header}.{body}."


def _bad_signature(tenant: Tenant) -> str:
    header, body, _ = tenant.token().split(".")
    other = tenant.token(kid="stranger").split(".")[2]
    return f"{header}.{body}.{other}"


REFUSED: dict[str, tuple[Callable[[Tenant], str], int, str]] = {
    "expired": (
        lambda t: t.token(exp=int(time.time()) - 600, iat=int(time.time()) - 4000),
        401,
        "expired",
    ),
    "not yet valid": (lambda t: t.token(nbf=int(time.time()) + 600), 401, "not valid yet"),
    "wrong audience": (lambda t: t.token(aud="api://another-app"), 401, "not meant for this API"),
    "wrong issuer": (
        lambda t: t.token(iss="https://sts.windows.net/" + TENANT + "/"),
        401,
        "unexpected issuer",
    ),
    "wrong tenant": (
        lambda t: t.token(
            tid="99999999-9999-4999-8999-999999999999",
            iss="https://login.microsoftonline.com/99999999-9999-4999-8999-999999999999/v2.0",
        ),
        401,
        "issuer",
    ),
    "tenant claim of another tenant": (
        lambda t: t.token(tid="99999999-9999-4999-8999-999999999999"),
        401,
        "another tenant",
    ),
    "bad signature": (_bad_signature, 401, "signature"),
    "alg none": (_alg_none, 401, "RS256"),
    "HS256 signed with the public key": (_hs256_with_public_key, 401, "RS256"),
    "unknown key id": (lambda t: t.token(kid="stranger"), 401, "unknown key"),
    "app-only token": (lambda t: t.token(idtyp="app"), 403, "App-only"),
    "no role of ours": (lambda t: t.token(roles=["Directory.Reader"]), 403, "no role"),
    "no roles at all": (lambda t: t.token(roles=None), 403, "no role"),
    "person not in the people data": (
        lambda t: t.token(oid="7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a"),
        403,
        "people data",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_entra_token_is_refused_with_a_clear_problem(
    entra: TestClient, tenant: Tenant, case: str
) -> None:
    make, status, words = REFUSED[case]
    reply = me(entra, make(tenant))
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    assert words in reply.json()["detail"]
    if status == 401:
        assert 'error="invalid_token"' in reply.headers["WWW-Authenticate"]


def test_development_tokens_are_refused_in_microsoft365_mode(
    entra: TestClient, tenant: Tenant, tmp_path: Path
) -> None:
    from core.tokens import SigningKey

    development = SigningKey(tmp_path / "dev.pem")
    token = development.sign(
        {
            "iss": "urn:npt:embedded:" + TENANT,
            "aud": AUDIENCE,
            "tid": TENANT,
            "oid": object_id("officer"),
            "roles": ["admin"],
            "nbf": int(time.time()),
            "exp": int(time.time()) + 600,
        }
    )
    assert me(entra, token).status_code == 401


def test_unreachable_key_service_is_503_not_401(database: Database, tmp_path: Path) -> None:
    add_organisation(database)
    settings = Settings(
        mode=Mode.MICROSOFT365, data_dir=tmp_path, tenant_id=TENANT, api_audience=(AUDIENCE,)
    )
    services = Services(settings)
    services.__dict__["database"] = database

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)

    services.__dict__["http"] = httpx.Client(transport=httpx.MockTransport(down))
    tenant = Tenant()
    tenant.new_key("key-1")
    with TestClient(create_app(lambda: services)) as client:
        reply = me(client, tenant.token())
    assert reply.status_code == 503
    assert reply.headers["Retry-After"]
