"""msal's on-behalf-of flow through MsalTokens: a person's Graph token is reused from the cache."""

import base64
import json
from urllib.parse import parse_qs

import httpx
import pytest

from graph.credentials import AppRegistration, MsalTokens
from graph.errors import SignInFailed

AUTHORITY = "https://login.fake.test"
TENANT = "3f2b5c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f"
CLIENT = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
OFFICER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
SERGEANT = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


class FakeEntra:
    """Entra's discovery document and token endpoint, as msal calls them."""

    def __init__(self) -> None:
        self.grants: list[dict[str, str]] = []
        self.refuse_with: str | None = None

    def respond(self, request: httpx.Request) -> httpx.Response:
        base = f"{AUTHORITY}/{TENANT}"
        if request.method == "GET" and "openid-configuration" in request.url.path:
            return httpx.Response(
                200,
                json={
                    "token_endpoint": f"{base}/oauth2/v2.0/token",
                    "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                    "issuer": f"{base}/v2.0",
                },
            )
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        self.grants.append(form)
        if self.refuse_with:
            return httpx.Response(400, json={"error": self.refuse_with})
        number = len(self.grants)
        reply = {
            "token_type": "Bearer",
            "scope": "https://graph.microsoft.com/.default",
            "expires_in": 3600,
            "ext_expires_in": 3600,
            "access_token": f"graph-token-{number}",
        }
        if form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            payload = form["assertion"].split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            person = claims["oid"]
            reply["refresh_token"] = f"refresh-{number}"
            reply["client_info"] = _b64({"uid": person, "utid": TENANT})
        return httpx.Response(200, json=reply)


@pytest.fixture
def entra() -> FakeEntra:
    return FakeEntra()


@pytest.fixture
def tokens(entra: FakeEntra) -> MsalTokens:
    registration = AppRegistration(
        tenant_id=TENANT, client_id=CLIENT, authority_host=AUTHORITY, client_secret="secret"
    )
    http = httpx.Client(transport=httpx.MockTransport(entra.respond))
    return MsalTokens(registration, http_client=http, discovery=False)


def assertion(oid: str) -> str:
    """An API access token as the person sent it; only its payload matters here."""
    return _b64({"alg": "none"}) + "." + _b64({"oid": oid, "tid": TENANT}) + ".sig"


def test_a_persons_graph_token_is_reused_from_the_cache(
    tokens: MsalTokens, entra: FakeEntra
) -> None:
    first = tokens.user_token(assertion(OFFICER), f"{OFFICER}.{TENANT}")
    again = tokens.user_token(assertion(OFFICER), f"{OFFICER}.{TENANT}")
    assert first == again == "graph-token-1"
    [grant] = entra.grants
    assert grant["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    assert grant["requested_token_use"] == "on_behalf_of"
    assert grant["assertion"] == assertion(OFFICER)


def test_each_person_gets_their_own_graph_token(tokens: MsalTokens, entra: FakeEntra) -> None:
    officer = tokens.user_token(assertion(OFFICER), f"{OFFICER}.{TENANT}")
    sergeant = tokens.user_token(assertion(SERGEANT), f"{SERGEANT}.{TENANT}")
    assert officer != sergeant
    assert [g["assertion"] for g in entra.grants] == [assertion(OFFICER), assertion(SERGEANT)]
    assert tokens.user_token(assertion(SERGEANT), f"{SERGEANT}.{TENANT}") == sergeant
    assert len(entra.grants) == 2


def test_the_application_token_is_cached_too(tokens: MsalTokens, entra: FakeEntra) -> None:
    assert tokens.app_token() == tokens.app_token()
    [grant] = entra.grants
    assert grant["grant_type"] == "client_credentials"


def test_a_refused_on_behalf_of_exchange_is_a_sign_in_failure(
    tokens: MsalTokens, entra: FakeEntra
) -> None:
    entra.refuse_with = "invalid_grant"
    with pytest.raises(SignInFailed):
        tokens.user_token(assertion(OFFICER), f"{OFFICER}.{TENANT}")
