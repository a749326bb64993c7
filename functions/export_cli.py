"""`npt export workbook|powerbi`: the timers' code by hand, with a progress bar on a terminal."""

import argparse
import sys
import time
from datetime import date
from typing import TextIO

from core.exports import WorkbookRequest, save, system_caller, weekly_workbooks
from core.powerbi import refresh
from core.services import Services
from core.settings import Mode
from schemas.audit import AuditSource
from schemas.base import LONDON, now_utc

WIDTH = 30


class Bar:
    """Records written so far, drawn on one line of a terminal; silent when not a terminal."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.total: int | None = None
        self.done = 0
        self.started = time.monotonic()

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, count: int) -> None:
        self.done += count
        if not self.live:
            return
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        if self.total:
            filled = int(WIDTH * min(self.done / self.total, 1.0))
            bar = "#" * filled + "-" * (WIDTH - filled)
            line = f"[{bar}] {self.done:,}/{self.total:,} records, {rate:,.0f}/s"
        else:
            line = f"{self.done:,} records, {rate:,.0f}/s"
        self.stream.write("\r" + line)
        self.stream.flush()

    def finish(self) -> None:
        if self.live and self.done:
            self.stream.write("\n")


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    export = commands.add_parser("export", help="write a workbook or the Power BI extracts")
    what = export.add_subparsers(dest="export", required=True)
    book = what.add_parser("workbook", help="save a workbook to the export destination")
    book.add_argument("--lpa", dest="lpa_id")
    book.add_argument("--team", dest="team_id")
    book.add_argument("--from", dest="start", type=date.fromisoformat)
    book.add_argument("--to", dest="end", type=date.fromisoformat)
    book.add_argument(
        "--weekly", action="store_true", help="last week's workbook of every LPA, emailed"
    )
    extract = what.add_parser("powerbi", help="bring the Power BI extracts up to date")
    extract.add_argument("--full", action="store_true", help="rewrite every month")


def run(services: Services, args: argparse.Namespace) -> int:
    caller = system_caller(AuditSource.COMMAND_LINE)
    settings = services.settings
    bar = Bar()
    if args.export == "powerbi":
        report = refresh(
            services.database,
            services.files,
            caller,
            seldom_heard=settings.seldom_heard,
            full=args.full,
            progress=bar.advance,
        )
        bar.finish()
        for table, months in report.rewritten.items():
            if months:
                print(f"{table}: rewrote {', '.join(months)}")
        print(f"{report.records} records in {len(report.files)} files at {report.url}")
        return 0
    if args.weekly:
        mail = services.mail if settings.mode is Mode.EMBEDDED else None
        today = now_utc().astimezone(LONDON).date()
        for done in weekly_workbooks(
            services.database, services.files, mail, seldom_heard=settings.seldom_heard, today=today
        ):
            print(f"{done['lpa_id']}: {done['rows']} records at {done['url']}")
        return 0
    order = WorkbookRequest(args.lpa_id, args.team_id, args.start, args.end)
    url, built = save(
        services.database,
        services.files,
        caller,
        order,
        seldom_heard=settings.seldom_heard,
        progress=bar.advance,
        totals=bar.set_total,
    )
    bar.finish()
    print(f"{built.rows} records at {url}")
    return 0
