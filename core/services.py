"""Everything a request or a timer needs, built lazily once per process and shared by both."""

import functools
from dataclasses import dataclass
from functools import cached_property

import httpx

from core.errors import NotPermitted
from core.identity import Identity, development_token, embedded_issuer
from core.settings import Mode, Settings
from core.tokens import JwksKeys, SigningKey, TokenValidator, jwks_from
from store.database import Database


@dataclass
class Services:
    settings: Settings

    @cached_property
    def database(self) -> Database:
        return Database(self.settings.effective_database_url, pool_size=self.settings.db_pool_size)

    @cached_property
    def signing_key(self) -> SigningKey:
        if self.settings.mode is not Mode.EMBEDDED:
            raise NotPermitted("Development tokens exist only in embedded mode.")
        return SigningKey(self.settings.data_dir / "signing-key.pem")

    @cached_property
    def http(self) -> httpx.Client:
        return httpx.Client(follow_redirects=False)

    @cached_property
    def identity(self) -> Identity:
        """One validator for both modes; only where the keys and issuer come from differs."""
        settings = self.settings
        if settings.mode is Mode.EMBEDDED:
            keys = JwksKeys(self.signing_key.jwks)
            issuer = embedded_issuer(settings.tenant_id)
        else:
            keys = JwksKeys(jwks_from(settings.entra_jwks_url, self.http))
            issuer = settings.entra_issuer
        validator = TokenValidator(
            keys, issuer=issuer, audience=settings.api_audience, tenant_id=settings.tenant_id
        )
        return Identity(self.database, validator)

    def development_token(self, upn: str) -> str:
        return development_token(self.settings, self.signing_key, self.database, upn)

    def close(self) -> None:
        if "database" in self.__dict__:
            self.database.dispose()
        if "http" in self.__dict__:
            self.http.close()


@functools.cache
def shared_services() -> Services:
    """The process-wide services, made on first use by HTTP and timers alike.

    The ASGI startup hook runs only on a first HTTP call under Azure Functions, so nothing
    depends on it: whoever needs the services first builds them.
    """
    return Services(Settings.from_environ())
