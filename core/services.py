"""Everything a request or a timer needs, built lazily once per process and shared by both."""

import functools
from dataclasses import dataclass
from functools import cached_property

import httpx

from core import outbox
from core.background import Background
from core.budget import StoredLedger
from core.dispatch import WORKERS, dispatch
from core.duties import duties_from_shifts
from core.errors import NotPermitted
from core.identity import Identity, development_token, embedded_issuer
from core.lists import Lists
from core.lists import connect as connect_lists
from core.ratelimit import WriteLimiter
from core.schedule import stored_calendar, stored_roster
from core.settings import Mode, Settings
from core.sync import sync
from core.tokens import JwksKeys, SigningKey, TokenValidator, jwks_from
from graph.calendar import Calendar, GraphCalendar, StoredCalendar
from graph.calls import GraphSession
from graph.credentials import AppRegistration, MsalTokens
from graph.files import FileStore, LocalFolder, SharePointLibrary
from graph.mail import GraphMail, Mail, MailboxMail, OutboxFolder
from graph.shifts import Roster, ShiftsRoster, StoredRoster
from schemas.base import LONDON
from store.database import Database


@dataclass
class Services:
    settings: Settings

    @cached_property
    def database(self) -> Database:
        settings = self.settings
        database = Database(settings.effective_database_url, pool_size=settings.db_pool_size)
        if settings.mode is Mode.MICROSOFT365:
            outbox.on_write(database, lambda: self.dispatcher.wake())
        return database

    @cached_property
    def lists(self) -> Lists:
        """Microsoft Lists of the configured site (microsoft365 mode only)."""
        if self.settings.mode is Mode.EMBEDDED:
            raise NotPermitted("Microsoft Lists are connected only in microsoft365 mode.")
        # SQLite deployments are one process; PostgreSQL ones can scale out to many.
        ledger = StoredLedger(self.database) if self.database.dialect == "postgresql" else None
        return connect_lists(self.settings, self.graph_tokens.app_token, ledger)

    @cached_property
    def dispatcher(self) -> Background:
        """The outbox dispatcher, woken after each API change without delaying the reply."""
        return Background(
            lambda _: dispatch(self.database, self.lists, workers=WORKERS), "lists-dispatcher"
        )

    @cached_property
    def syncer(self) -> Background:
        """The Lists sync, woken by change notifications for the lists they name."""
        return Background(lambda kinds: sync(self.database, self.lists, kinds), "lists-sync")

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

    @cached_property
    def write_limiter(self) -> WriteLimiter:
        return WriteLimiter(self.settings.writes_per_minute, self.settings.write_burst)

    @cached_property
    def graph_tokens(self) -> MsalTokens:
        """msal with its token cache, shared by every Graph call of this process."""
        settings = self.settings
        return MsalTokens(
            AppRegistration(
                tenant_id=settings.tenant_id,
                client_id=settings.graph_client_id,
                authority_host=settings.authority_host,
                client_secret=settings.graph_client_secret,
                certificate_path=settings.graph_certificate_path,
            )
        )

    @cached_property
    def calendar(self) -> Calendar:
        if self.settings.mode is Mode.EMBEDDED:
            return StoredCalendar(stored_calendar(self.database))
        return GraphCalendar(self.graph_tokens, GraphSession(), zone=LONDON.key)

    @cached_property
    def roster(self) -> Roster:
        if duties_from_shifts(self.settings):
            return ShiftsRoster(self.graph_tokens, GraphSession(), self.settings.shifts_teams)
        return StoredRoster(stored_roster(self.database))

    @cached_property
    def mail(self) -> Mail:
        if self.settings.mode is Mode.EMBEDDED:
            return OutboxFolder(self.settings.data_dir / "outbox")
        return GraphMail(self.graph_tokens, GraphSession())

    @cached_property
    def service_mail(self) -> Mail | None:
        """Mail the service sends by itself (weekly workbooks): the embedded outbox, or the
        configured sender mailbox; None when microsoft365 mode has no sender configured."""
        if self.settings.mode is Mode.EMBEDDED:
            return self.mail
        if not self.settings.mail_sender:
            return None
        return MailboxMail(self.graph_tokens.app_token, GraphSession(), self.settings.mail_sender)

    @cached_property
    def files(self) -> FileStore:
        """Where exports go: the data dir's `exports/`, or a SharePoint document library."""
        settings = self.settings
        if settings.mode is Mode.EMBEDDED:
            return LocalFolder(settings.data_dir / "exports")
        return SharePointLibrary(
            self.graph_tokens.app_token,
            GraphSession(),
            site_id=settings.site_id,
            drive_id=settings.export_drive_id,
            folder=settings.export_folder,
        )

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
