"""`npt provision` and `npt sync`: the Lists deploy step and the timer's sync, by hand."""

import json
import sys
from dataclasses import asdict

from core.provision import provision
from core.services import Services
from core.sync import sync
from graph.errors import GraphError


def run_provision(services: Services) -> int:
    """Create or complete the lists; drift is printed for a person to decide (exit status 3)."""
    try:
        report = provision(services.database, services.lists)
    except GraphError as error:
        print(f"npt: Microsoft Graph: {error}", file=sys.stderr)
        return 2
    print(json.dumps([asdict(x) for x in report], indent=2))
    drift = [f"{x.title}: {d}" for x in report for d in x.drift]
    for line in drift:
        print(f"drift: {line}", file=sys.stderr)
    return 3 if drift else 0


def run_sync(services: Services, kinds: list[str] | None) -> int:
    try:
        report = sync(services.database, services.lists, kinds)
    except GraphError as error:
        print(f"npt: Microsoft Graph: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), indent=2))
    return 0
