"""Tokens for Graph from msal: the application's own, and on behalf of the signed-in person."""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from graph.errors import GraphUnavailable, SignInFailed

GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class TokenSource(Protocol):
    def app_token(self) -> str:
        """A token for the application identity (Sites.Selected, Schedule.Read.All)."""
        ...

    def user_token(self, assertion: str, home_account_id: str) -> str:
        """A delegated token for the person whose API token is `assertion` (on-behalf-of)."""
        ...


@dataclass(frozen=True)
class AppRegistration:
    tenant_id: str
    client_id: str
    authority_host: str = "https://login.microsoftonline.com"
    client_secret: str = ""
    certificate_path: str = ""


def _certificate_credential(path: str) -> dict[str, str]:
    """msal wants the private key, the certificate and its SHA-1 thumbprint."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    pem = Path(path).read_bytes()
    certificate = x509.load_pem_x509_certificate(pem)
    thumbprint = hashlib.sha1(  # noqa: S324 - the thumbprint msal asks for is SHA-1 by definition
        certificate.public_bytes(serialization.Encoding.DER)
    ).hexdigest()
    return {
        "private_key": pem.decode(),
        "thumbprint": thumbprint,
        "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
    }


def _token(result: dict[str, Any] | None, what: str) -> str:
    if result and "access_token" in result:
        return str(result["access_token"])
    error = (result or {}).get("error", "no_reply")
    if error in ("temporarily_unavailable", "service_unavailable", "no_reply"):
        raise GraphUnavailable(f"Entra did not issue {what} ({error}).", retry_after=10)
    raise SignInFailed(f"Entra refused {what} ({error}).")


class MsalTokens:
    """msal's ConfidentialClientApplication with its token cache.

    `acquire_token_for_client` uses the cache by itself; `acquire_token_on_behalf_of` always
    calls Entra, so a person's earlier token is looked up with `acquire_token_silent` first.
    """

    def __init__(
        self, registration: AppRegistration, *, http_client: Any = None, discovery: bool = True
    ) -> None:
        import msal

        credential: Any = registration.client_secret or _certificate_credential(
            registration.certificate_path
        )
        self.app = msal.ConfidentialClientApplication(
            registration.client_id,
            client_credential=credential,
            authority=f"{registration.authority_host}/{registration.tenant_id}",
            http_client=http_client,
            instance_discovery=discovery,
        )

    def app_token(self) -> str:
        return _token(self.app.acquire_token_for_client(scopes=[GRAPH_SCOPE]), "an app token")

    def user_token(self, assertion: str, home_account_id: str) -> str:
        for account in self.app.get_accounts():
            if account.get("home_account_id") == home_account_id:
                cached = self.app.acquire_token_silent([GRAPH_SCOPE], account=account)
                if cached and "access_token" in cached:
                    return str(cached["access_token"])
        result = self.app.acquire_token_on_behalf_of(assertion, [GRAPH_SCOPE])
        return _token(result, "a delegated token")
