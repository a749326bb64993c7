"""The `npt` command line."""

import argparse
import ipaddress
import json
import socket
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

from core.duties import duties_from_shifts, import_roster
from core.errors import InvalidInput, ServiceError
from core.faults import TRANSIENT
from core.lists import SYNCED
from core.retention import purge
from core.seed import seed_demo
from core.services import Services
from core.settings import Mode, Settings, SettingsError
from functions import export_cli, lists_cli
from schemas.audit import AuditSource
from store.migrate import BadRevision, downgrade, migrate

CONNECTOR_FOLDER = Path(__file__).resolve().parents[1] / "connector"


def is_loopback(host: str) -> bool:
    try:
        return all(
            ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None)
        )
    except (OSError, ValueError):
        return False


def _migrate(services: Services, down_to: str | None = None) -> None:
    if down_to is not None:
        downgrade(services.database, down_to)
        print(f"schema taken back to {down_to}")
        return
    applied = migrate(services.database)
    print(f"migrated: {', '.join(applied)}" if applied else "schema is up to date")


def _seed(services: Services) -> None:
    settings = services.settings
    counts = seed_demo(
        services.database,
        seed=settings.demo_seed,
        anchor=date.today(),
        records=settings.demo_records,
    )
    if counts is None:
        print("the store already holds an organisation; nothing seeded")
    else:
        print("seeded " + ", ".join(f"{n} {what}" for what, n in counts.items()))


def serve(services: Services, host: str, port: int) -> None:
    import uvicorn

    from functions.app import create_app
    from functions.logs import configure

    settings = services.settings
    if settings.mode is Mode.EMBEDDED and not is_loopback(host):
        raise SystemExit(
            f"npt: embedded mode serves development tokens and refuses to bind to {host}; "
            "use 127.0.0.1, or run in microsoft365 mode"
        )
    configure(settings.log_level)
    _migrate(services)
    if settings.mode is Mode.EMBEDDED:
        _seed(services)
    app = create_app(lambda: services)
    print(f"serving http://{host}:{port}/api (docs at /api/docs)", flush=True)
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None)


def users(services: Services) -> None:
    with services.database.transaction(read_only=True) as tx:
        roles = tx.organisation.assigned_roles()
        people = tx.organisation.people()
    rows = [
        {
            "upn": p.upn,
            "display_name": p.display_name,
            "role": roles[p.entra_object_id].value if p.entra_object_id in roles else None,
            "team_id": p.team_id,
            "lpa_id": p.lpa_id,
        }
        for p in people
    ]
    print(json.dumps(rows, indent=2))


def import_duties(services: Services, path: str) -> int:
    """Load a roster file whole, or say which rows are wrong and load nothing."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        print(f"npt: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        loaded = import_roster(
            services.database,
            raw,
            by="system",
            source=AuditSource.COMMAND_LINE,
            from_shifts=duties_from_shifts(services.settings),
        )
    except InvalidInput as error:
        print(f"npt: {path} was not loaded; nothing changed:", file=sys.stderr)
        for problem in error.errors:
            print(f"  {problem.field}: {problem.message}", file=sys.stderr)
        return 2
    print(f"loaded {loaded} duties from {path}")
    return 0


def write_connector(services: Services, folder: Path) -> None:
    from functions.app import create_app
    from functions.connector import write

    for path in write(create_app(lambda: services), folder):
        print(f"wrote {path}")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="npt", description="Neighbourhood policing back end.")
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve the API (migrating and seeding first)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=7071)
    schema = commands.add_parser("migrate", help="bring the database schema up to date")
    schema.add_argument(
        "--down-to", metavar="REVISION", help="instead, take it back to this migration"
    )
    commands.add_parser("seed", help="generate the demo organisation into an empty store")
    people = commands.add_parser("users", help="list people")
    people.add_argument("--json", action="store_true", required=True, help="as a JSON array")
    commands.add_parser("provision", help="create or complete the Microsoft Lists of the site")
    sync = commands.add_parser("sync", help="bring the store in step with Microsoft Lists")
    sync.add_argument("--list", action="append", choices=sorted(SYNCED), help="only these")
    token = commands.add_parser("token", help="print a development token (embedded mode)")
    token.add_argument("upn")
    export_cli.add_commands(commands)
    connector = commands.add_parser(
        "connector", help="write the Power Platform custom connector files"
    )
    connector.add_argument("--out", type=Path, default=CONNECTOR_FOLDER)
    erase = commands.add_parser("purge", help="erase records past retention (not held)")
    erase.add_argument("--dry-run", action="store_true", help="only report what would go")
    duties = commands.add_parser("duties", help="rostered duties")
    roster = duties.add_subparsers(dest="action", required=True)
    load = roster.add_parser("import", help="load a roster CSV (upn, start, end, duty_type)")
    load.add_argument("file")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        services = Services(Settings.from_environ())
        match args.command:
            case "serve":
                serve(services, args.host, args.port)
            case "migrate":
                _migrate(services, args.down_to)
            case "seed":
                _migrate(services)
                _seed(services)
            case "users":
                users(services)
            case "token":
                print(services.development_token(args.upn))
            case "export":
                return export_cli.run(services, args)
            case "purge":
                report = purge(
                    services.database,
                    services.settings,
                    dry_run=args.dry_run,
                    source=AuditSource.COMMAND_LINE,
                )
                print(json.dumps(asdict(report), indent=2))
            case "connector":
                write_connector(services, args.out)
            case "duties":
                return import_duties(services, args.file)
            case "provision":
                return lists_cli.run_provision(services)
            case "sync":
                return lists_cli.run_sync(services, args.list)
    except (SettingsError, ServiceError, BadRevision, *TRANSIENT) as error:
        print(f"npt: {error}", file=sys.stderr)
        return 2
    return 0
