"""The one settings object. No other module reads the environment."""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import TypeAdapter, ValidationError

from schemas.duty import DutySource
from schemas.engagement import SELDOM_HEARD_DEFAULT, CommunityGroup
from schemas.links import DEFAULT_LINKS, Link
from schemas.mail import ADDRESS

CHECKOUT = Path(__file__).resolve().parents[1]
EMBEDDED_TENANT_ID = "00000000-0000-0000-0000-00000000e7b0"
"""The tenant id development tokens carry; never a real Entra tenant."""
ORIGIN = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]+)?|http://(localhost|127\.0\.0\.1)(:[0-9]+)?")
"""A browser origin: https anywhere, plain http only on this machine."""
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Mode(StrEnum):
    EMBEDDED = "embedded"
    MICROSOFT365 = "microsoft365"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    mode: Mode = Mode.EMBEDDED
    data_dir: Path = CHECKOUT / "var"
    database_url: str = ""
    db_pool_size: int = 5
    api_audience: tuple[str, ...] = ("api://npt",)
    tenant_id: str = EMBEDDED_TENANT_ID
    authority_host: str = "https://login.microsoftonline.com"
    graph_client_id: str = ""
    graph_client_secret: str = field(default="", repr=False)
    graph_certificate_path: str = ""
    site_id: str = ""
    token_minutes: int = 480
    max_request_bytes: int = 1_048_576
    demo_seed: int = 20261126
    demo_records: int = 20_000
    log_level: str = "INFO"
    writes_per_minute: int = 60
    retention_days: int = 2190
    deleted_grace_days: int = 30
    audit_retention_days: int = 2557
    write_burst: int = 20
    cors_origins: tuple[str, ...] = ()
    seldom_heard: tuple[CommunityGroup, ...] = field(default=SELDOM_HEARD_DEFAULT)
    export_drive_id: str = ""
    export_folder: str = "NPT exports"
    duties_source: DutySource = DutySource.IMPORTED
    mail_domains: tuple[str, ...] = ()
    mail_sender: str = ""
    shifts_teams: dict[str, str] = field(default_factory=dict)
    dip_check_percent: int = 10
    dip_check_per_officer: int = 1
    dip_check_hold_hours: int = 24
    links: tuple[Link, ...] = DEFAULT_LINKS
    lists_budget: int = 1250
    outbox_max_attempts: int = 8
    site_time_zone: str = "Europe/London"
    notification_url: str = ""
    notification_client_state: str = field(default="", repr=False)

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "npt.db"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def entra_issuer(self) -> str:
        return f"{self.authority_host}/{self.tenant_id}/v2.0"

    @property
    def entra_jwks_url(self) -> str:
        return f"{self.authority_host}/{self.tenant_id}/discovery/v2.0/keys"

    def production_problems(self) -> list[str]:
        """What stops `microsoft365` mode from starting, each naming its setting."""
        problems = []
        if not GUID.match(self.tenant_id) or self.tenant_id == EMBEDDED_TENANT_ID:
            problems.append("NPT_TENANT_ID must be the force's Entra tenant id (a GUID)")
        if not self.api_audience or self.api_audience == Settings.api_audience:
            problems.append("NPT_API_AUDIENCE must name this API's Entra application")
        if not GUID.match(self.graph_client_id):
            problems.append("NPT_GRAPH_CLIENT_ID must be the Graph application's id (a GUID)")
        if not self.graph_client_secret and not self.graph_certificate_path:
            problems.append("NPT_GRAPH_CLIENT_SECRET or NPT_GRAPH_CERTIFICATE_PATH must be set")
        if self.graph_certificate_path and not Path(self.graph_certificate_path).is_file():
            problems.append("NPT_GRAPH_CERTIFICATE_PATH must name a readable PEM file")
        if not self.site_id:
            problems.append("NPT_SITE_ID must name the SharePoint site that holds the lists")
        if not self.database_url.startswith(("postgresql://", "postgresql+psycopg://")):
            problems.append("NPT_DATABASE_URL must be a postgresql:// URL")
        if not self.authority_host.startswith("https://"):
            problems.append("NPT_AUTHORITY_HOST must be an https:// URL")
        if self.duties_source is DutySource.SHIFTS and not self.shifts_teams:
            problems.append("NPT_SHIFTS_TEAMS must map teams to Teams when duties come from Shifts")
        if self.notification_url and not self.notification_url.startswith("https://"):
            problems.append("NPT_NOTIFICATION_URL must be an https:// URL Graph can reach")
        if self.notification_url and len(self.notification_client_state) < 16:
            problems.append("NPT_NOTIFICATION_CLIENT_STATE must be a secret of 16-128 characters")
        return problems

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        defaults = cls()
        data_dir = Path(env.get("NPT_DATA_DIR") or defaults.data_dir).expanduser().resolve()
        settings = cls(
            mode=_mode(env.get("NPT_MODE", Mode.EMBEDDED.value)),
            data_dir=data_dir,
            database_url=env.get("NPT_DATABASE_URL", ""),
            db_pool_size=_int(env, "NPT_DB_POOL_SIZE", defaults.db_pool_size, 1, 50),
            api_audience=_list(env, "NPT_API_AUDIENCE", defaults.api_audience),
            tenant_id=env.get("NPT_TENANT_ID", defaults.tenant_id),
            authority_host=env.get("NPT_AUTHORITY_HOST", defaults.authority_host).rstrip("/"),
            graph_client_id=env.get("NPT_GRAPH_CLIENT_ID", ""),
            graph_client_secret=env.get("NPT_GRAPH_CLIENT_SECRET", ""),
            graph_certificate_path=env.get("NPT_GRAPH_CERTIFICATE_PATH", ""),
            site_id=env.get("NPT_SITE_ID", ""),
            token_minutes=_int(env, "NPT_TOKEN_MINUTES", defaults.token_minutes, 1, 24 * 60),
            max_request_bytes=_int(
                env, "NPT_MAX_REQUEST_BYTES", defaults.max_request_bytes, 1024, 100 * 1_048_576
            ),
            demo_seed=_int(env, "NPT_DEMO_SEED", defaults.demo_seed, 0, 2**31),
            demo_records=_int(env, "NPT_DEMO_RECORDS", defaults.demo_records, 0, 10_000_000),
            log_level=_choice(env, "NPT_LOG_LEVEL", defaults.log_level, LOG_LEVELS),
            writes_per_minute=_int(
                env, "NPT_WRITES_PER_MINUTE", defaults.writes_per_minute, 1, 100_000
            ),
            write_burst=_int(env, "NPT_WRITE_BURST", defaults.write_burst, 1, 100_000),
            retention_days=_int(env, "NPT_RETENTION_DAYS", defaults.retention_days, 30, 36_500),
            deleted_grace_days=_int(
                env, "NPT_DELETED_GRACE_DAYS", defaults.deleted_grace_days, 0, 3650
            ),
            audit_retention_days=_int(
                env, "NPT_AUDIT_RETENTION_DAYS", defaults.audit_retention_days, 365, 36_500
            ),
            cors_origins=_origins(env, "NPT_CORS_ORIGINS"),
            seldom_heard=_groups(env, "NPT_SELDOM_HEARD", defaults.seldom_heard),
            export_drive_id=env.get("NPT_EXPORT_DRIVE_ID", "").strip(),
            export_folder=env.get("NPT_EXPORT_FOLDER", defaults.export_folder).strip("/ ")
            or defaults.export_folder,
            duties_source=_duties_source(env, "NPT_DUTIES_SOURCE", defaults.duties_source),
            mail_domains=tuple(d.lower() for d in _list(env, "NPT_MAIL_DOMAINS", ())),
            mail_sender=_mailbox(env, "NPT_MAIL_SENDER"),
            shifts_teams=_pairs(env, "NPT_SHIFTS_TEAMS"),
            dip_check_percent=_int(
                env, "NPT_DIP_CHECK_PERCENT", defaults.dip_check_percent, 1, 100
            ),
            dip_check_per_officer=_int(
                env, "NPT_DIP_CHECK_PER_OFFICER", defaults.dip_check_per_officer, 0, 20
            ),
            dip_check_hold_hours=_int(
                env, "NPT_DIP_CHECK_HOLD_HOURS", defaults.dip_check_hold_hours, 1, 24 * 14
            ),
            links=_links(env, "NPT_LINKS", defaults.links),
            lists_budget=_int(env, "NPT_LISTS_BUDGET", defaults.lists_budget, 100, 1_000_000),
            outbox_max_attempts=_int(
                env, "NPT_OUTBOX_MAX_ATTEMPTS", defaults.outbox_max_attempts, 1, 100
            ),
            site_time_zone=_zone(env, "NPT_SITE_TIME_ZONE", defaults.site_time_zone),
            notification_url=env.get("NPT_NOTIFICATION_URL", "").strip(),
            notification_client_state=_secret(env, "NPT_NOTIFICATION_CLIENT_STATE", 128),
        )
        if settings.mode is Mode.MICROSOFT365:
            problems = settings.production_problems()
            if problems:
                raise SettingsError("microsoft365 mode cannot start: " + "; ".join(problems))
        return settings


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _mode(value: str) -> Mode:
    try:
        return Mode(value)
    except ValueError:
        raise SettingsError(
            f"NPT_MODE must be 'embedded' or 'microsoft365', not {value!r}"
        ) from None


def _mailbox(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip().lower()
    if value and not ADDRESS.fullmatch(value):
        raise SettingsError(f"{name} must be a mailbox address such as exports@example.org")
    return value


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _list(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None:
        return default
    return tuple(v.strip() for v in raw.split(",") if v.strip())


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    origins = _list(env, name, ())
    for origin in origins:
        if not ORIGIN.fullmatch(origin):
            raise SettingsError(
                f"{name} must list origins such as https://apps.example.org, not {origin!r}"
            )
    return origins


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).upper()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _groups(
    env: Mapping[str, str], name: str, default: tuple[CommunityGroup, ...]
) -> tuple[CommunityGroup, ...]:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return tuple(CommunityGroup(v.strip()) for v in raw.split(",") if v.strip())
    except ValueError as error:
        raise SettingsError(f"{name} lists an unknown community group: {error}") from None


DUTIES_SOURCES = (DutySource.SHIFTS, DutySource.IMPORTED)


def _duties_source(env: Mapping[str, str], name: str, default: DutySource) -> DutySource:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    for source in DUTIES_SOURCES:
        if raw == source.value:
            return source
    raise SettingsError(f"{name} must be 'shifts' or 'imported', not {raw!r}")


def _pairs(env: Mapping[str, str], name: str) -> dict[str, str]:
    """`key=value,key=value`, such as our team ids mapped to Teams team ids."""
    found = {}
    for item in _list(env, name, ()):
        key, equals, value = item.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise SettingsError(f"{name} must be a list of id=id pairs, not {item!r}")
        found[key.strip()] = value.strip()
    return found


def _links(env: Mapping[str, str], name: str, default: tuple[Link, ...]) -> tuple[Link, ...]:
    """A JSON list of {name, url, description, audience?}; only https URLs are accepted."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return tuple(TypeAdapter(list[Link]).validate_json(raw))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "value"
        problem = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} is not a valid list of links: {where} {problem}") from None


def _zone(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, "").strip() or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{name} must be an IANA time zone such as Europe/London") from None
    return value


def _secret(env: Mapping[str, str], name: str, longest: int) -> str:
    value = env.get(name, "")
    if len(value) > longest or not value.isprintable():
        raise SettingsError(f"{name} must be at most {longest} printable characters")
    return value
