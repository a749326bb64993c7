"""The `npt` command line."""

import argparse
import ipaddress
import json
import socket
import sys
from collections.abc import Sequence
from datetime import date

from core.errors import ServiceError
from core.seed import seed_demo
from core.services import Services
from core.settings import Mode, Settings, SettingsError
from store.migrate import migrate


def is_loopback(host: str) -> bool:
    try:
        return all(
            ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None)
        )
    except (OSError, ValueError):
        return False


def _migrate(services: Services) -> None:
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="npt", description="Neighbourhood policing back end.")
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve the API (migrating and seeding first)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=7071)
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("seed", help="generate the demo organisation into an empty store")
    people = commands.add_parser("users", help="list people")
    people.add_argument("--json", action="store_true", required=True, help="as a JSON array")
    token = commands.add_parser("token", help="print a development token (embedded mode)")
    token.add_argument("upn")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        services = Services(Settings.from_environ())
        match args.command:
            case "serve":
                serve(services, args.host, args.port)
            case "migrate":
                _migrate(services)
            case "seed":
                _migrate(services)
                _seed(services)
            case "users":
                users(services)
            case "token":
                print(services.development_token(args.upn))
    except (SettingsError, ServiceError) as error:
        print(f"npt: {error}", file=sys.stderr)
        return 2
    return 0
