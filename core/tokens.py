"""Bearer tokens: one validator for Entra ID and development tokens, and the local signing key."""

import base64
import hashlib
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from core.errors import NotAuthenticated, NotPermitted, Unavailable

ALGORITHM = "RS256"
LEEWAY_SECONDS = 60
REFRESH_SECONDS = 60

Jwks = dict[str, Any]


def jwks_from(url: str, client: httpx.Client) -> Callable[[], Jwks]:
    """Fetches a JWKS document; an unreachable key service is "retry later", not "signed out"."""

    def fetch() -> Jwks:
        try:
            reply = client.get(url, timeout=10)
            reply.raise_for_status()
            document = reply.json()
        except (httpx.HTTPError, ValueError) as error:
            raise Unavailable(
                f"The sign-in keys could not be fetched ({type(error).__name__}).", 10
            ) from None
        if not isinstance(document, dict):
            raise Unavailable("The sign-in keys document is not a JSON object.", 10)
        return document

    return fetch


class JwksKeys:
    """Public keys by key id, refetched on an unknown key id at most once a minute."""

    def __init__(
        self, fetch: Callable[[], Jwks], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        keys = {}
        for jwk in self._fetch().get("keys", []):
            if jwk.get("kty") == "RSA" and jwk.get("kid") and jwk.get("use", "sig") == "sig":
                keys[jwk["kid"]] = RSAAlgorithm.from_jwk(json.dumps(jwk))
        self._keys = keys
        self._fetched_at = self._clock()

    def key(self, kid: str) -> Any | None:
        with self._lock:
            if kid not in self._keys:
                stale = self._fetched_at is None or (
                    self._clock() - self._fetched_at >= REFRESH_SECONDS
                )
                if stale:
                    self._refresh()
            return self._keys.get(kid)


class TokenValidator:
    """Checks signature, algorithm, issuer, audience, tenant and lifetime of a bearer token.

    A client sends the same token with every request until it expires, so the claims of a
    token that passed every check are kept (by its SHA-256) and only its lifetime is checked
    again when it comes back.
    """

    def __init__(
        self,
        keys: JwksKeys,
        *,
        issuer: str,
        audience: tuple[str, ...],
        tenant_id: str,
        remembered: int = 10_000,
    ) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.tenant_id = tenant_id
        self._remembered = remembered
        self._verified: OrderedDict[bytes, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def claims(self, token: str) -> dict[str, Any]:
        key = hashlib.sha256(token.encode()).digest()
        with self._lock:
            known = self._verified.get(key)
        if known is not None:
            now = time.time()
            if known["exp"] + LEEWAY_SECONDS <= now:
                raise NotAuthenticated("The token has expired.")
            if known["nbf"] - LEEWAY_SECONDS > now:
                raise NotAuthenticated("The token is not valid yet.")
            return dict(known)
        claims = self._verify(token)
        with self._lock:
            self._verified[key] = claims
            while len(self._verified) > self._remembered:
                self._verified.popitem(last=False)
        return dict(claims)

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError:
            raise NotAuthenticated("The bearer token is malformed.") from None
        if header.get("alg") != ALGORITHM:
            raise NotAuthenticated(f"The token must be signed with {ALGORITHM}.")
        kid = header.get("kid")
        key = self.keys.key(kid) if isinstance(kid, str) else None
        if key is None:
            raise NotAuthenticated("The token is signed with an unknown key.")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=list(self.audience),
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "nbf", "iss", "aud", "oid", "tid"]},
            )
        except jwt.ExpiredSignatureError:
            raise NotAuthenticated("The token has expired.") from None
        except jwt.ImmatureSignatureError:
            raise NotAuthenticated("The token is not valid yet.") from None
        except jwt.InvalidAudienceError:
            raise NotAuthenticated("The token is not meant for this API.") from None
        except jwt.InvalidIssuerError:
            raise NotAuthenticated("The token was issued by an unexpected issuer.") from None
        except jwt.InvalidSignatureError:
            raise NotAuthenticated("The token's signature does not verify.") from None
        except jwt.MissingRequiredClaimError as error:
            raise NotAuthenticated(f"The token lacks the {error.claim!r} claim.") from None
        except jwt.InvalidTokenError:
            raise NotAuthenticated("The bearer token is not valid.") from None
        if claims.get("tid") != self.tenant_id:
            raise NotAuthenticated("The token belongs to another tenant.")
        if claims.get("idtyp") == "app":
            raise NotPermitted("App-only tokens are refused: sign in as a person.")
        return claims


class SigningKey:
    """The development signing key, made on first run in the data dir."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            self._generate()
        self._private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        public = self._private.public_key()
        der = public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        digest = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).decode()
        self.kid = digest[:16]
        jwk = json.loads(RSAAlgorithm.to_jwk(public))
        self._jwks = {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}]}

    def _generate(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        partial = self.path.with_suffix(".tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        os.replace(partial, self.path)

    def jwks(self) -> Jwks:
        return self._jwks

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._private, algorithm=ALGORITHM, headers={"kid": self.kid})  # type: ignore[arg-type]
